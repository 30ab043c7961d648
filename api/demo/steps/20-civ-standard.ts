import type { MultiPolygon, Polygon } from 'geojson'
import { sql } from 'kysely'
import { pointInPolygon, straightCoverage, tallyCoverage } from '../../../geo/index.ts'
import { createRng } from '../../../scripts/demo/random.ts'
import { CLOSED_STATUSES } from '../../cases/lifecycle.ts'
import { checklistItems, insertSeedChecklist, type Item } from '../../civ/standard/checklists.ts'
import { KIOSK_RADIUS_M, openCaseCategories } from '../../civ/standard/auto.ts'
import { percent } from '../../civ/standard/record.ts'
import { meetsThreshold, scoreResults, statusFor } from '../../civ/standard/scoring.ts'
import { COMMUNITY_CHECKLIST, COMPOUND_CHECKLIST } from '../../civ/standard/seed-checklists.ts'
import type { CompoundStatus } from '../../db/tables/civ-standard.table.ts'
import { insertInBatches } from '../batch.ts'
import type { DemoStep } from './index.ts'

const DAY = 86_400_000

/**
 * Demo of the civilised-compound standard (docs/civ-standard.md § demo): both seed checklists
 * (version 1) and, for every compound, a dated history of scheduled inspections (定期督查) from
 * March of the demo year to a week before the demo's now, scored against the compound checklist,
 * with the status history they give. Each compound has a start date and a rate curve rising
 * towards its ceiling; the items it passes grow with the curve (its own order of difficulty).
 * Auto items are measured from the data where that is cheap enough for a demo step:
 * kiosk coverage (the kiosk-coverage engine's straight-line model) and open cases of the six
 * disorders at the inspection date (cases reported before and not closed by then); the greening,
 * fitness and patrol items are left to the inspector (an inspection's verdict, auto = false),
 * since their engines take seconds — a live assessment (recordAssessment) measures them.
 * A handful of model compounds (示范点, seed 000 五(二)) start first and reach demonstration
 * around the end of August; the rest follow so the counts trail seed 000's targets a little.
 */
export const demoStep: DemoStep = async (trx, { now, seed, log }) => {
  const rng = createRng(seed, 'civ-standard')
  const year = now.getUTCMonth() >= 3 ? now.getUTCFullYear() : now.getUTCFullYear() - 1
  const start = Date.UTC(year, 2, 2) // 2 March
  const last = now.getTime() - 8 * DAY

  const compoundChecklist = await insertSeedChecklist(trx, COMPOUND_CHECKLIST, new Date(Date.UTC(year, 1, 20)))
  await insertSeedChecklist(trx, COMMUNITY_CHECKLIST, new Date(Date.UTC(year, 1, 20)))
  const items = await checklistItems(trx, compoundChecklist)

  const compounds = await trx.selectFrom('compounds').select(['id', 'grid_id', 'pilot', 'has_property', 'old', 'minx', 'miny', 'maxx', 'maxy', 'geom']).orderBy('id').execute()

  // kiosk coverage of each compound's households (straight line, KIOSK_RADIUS_M)
  const [buildings, kiosks] = await Promise.all([
    trx.selectFrom('buildings').select(['compound_id', 'cx', 'cy', 'households']).where('compound_id', 'is not', null).orderBy('id').execute(),
    trx.selectFrom('kiosks').select(['lon', 'lat']).orderBy('id').execute(),
  ])
  const cov = straightCoverage(
    { lon: Float64Array.from(buildings, (b) => b.cx), lat: Float64Array.from(buildings, (b) => b.cy) },
    { lon: Float64Array.from(kiosks, (k) => k.lon), lat: Float64Array.from(kiosks, (k) => k.lat) },
    { radius: KIOSK_RADIUS_M },
  )
  const tally = tallyCoverage(cov.covered, Float64Array.from(buildings, (b) => b.households), Float64Array.from(buildings, (b) => b.compound_id!)).byGroup!

  // cases in each compound's outline, with when they were open
  const closed = new Set<string>(CLOSED_STATUSES)
  const issues = await trx.selectFrom('issues').select(['lon', 'lat', 'grid_id', 'category', 'status', 'reported_at', 'closed_at']).execute()
  const issuesByGrid = new Map<number, typeof issues>()
  for (const i of issues) {
    const list = issuesByGrid.get(i.grid_id)
    if (list) list.push(i)
    else issuesByGrid.set(i.grid_id, [i])
  }

  const autoItems = items.filter((i) => i.autoSource === 'kiosk_coverage' || i.autoSource?.startsWith('open_cases:'))
  const manualItems = items.filter((i) => !autoItems.includes(i))

  const assessments: { id: number; compound_id: number; checklist_id: number; source: 'inspection'; ref_id: null; score: number; max_score: number; rate: number; assessed_at: Date; assessed_by: string }[] = []
  const results: { assessment_id: number; item_id: number; passed: boolean | null; value: number | null; auto: boolean; note: string | null }[] = []
  const statuses: { compound_id: number; status: CompoundStatus; score: number; rate: number; assessment_id: number; since: Date; reason: string; by: string }[] = []
  const base = Number((await sql<{ n: number }>`select coalesce(max(id), 0) as n from civ_assessments`.execute(trx)).rows[0]!.n)
  let nextId = base + 1

  const total = items.reduce((s, i) => s + i.weight, 0)
  const kioskItem = autoItems.find((i) => i.autoSource === 'kiosk_coverage')!
  const kioskShare = (id: number) => {
    const t = tally.get(id)
    return t && t.households.total > 0 ? Math.round((t.households.covered / t.households.total) * 1e4) / 1e4 : 0
  }
  // Plan: 6 model compounds (kiosk item met) reach demonstration around late August (one late);
  // ~40 more are civilised by the end of October, ~40 more by mid-November; a few of those fall
  // back on a later inspection; the rest are in progress. Dates are fractions of the year's days.
  const day = (month: number, d: number) => Date.UTC(year, month - 1, d)
  const order = rng.shuffle([...compounds])
  const eligible = order.filter((c) => c.has_property && !c.old && meetsThreshold(kioskShare(c.id), kioskItem.threshold!))
  const models = eligible.slice(0, 6).map((c) => c.id)
  const demoDates = [day(8, 12), day(8, 19), day(8, 26), day(8, 29), day(9, 9), day(10, 16)]
  const rest = order.filter((c) => !models.includes(c.id))
  const plan = new Map<number, { civAt: number | null; demoAt: number | null; startAt: number; fallsBack: boolean }>()
  models.forEach((id, i) => plan.set(id, { startAt: day(3, 2) + i * 2 * DAY, civAt: day(6, 10) + i * 9 * DAY, demoAt: demoDates[i]!, fallsBack: false }))
  rest.forEach((c, i) => {
    const r = createRng(seed, `civ-standard:plan:${c.id}`)
    const civAt = i < 42 ? r.range(day(6, 15), day(10, 30)) : i < 84 ? r.range(day(11, 1), last) : null
    const startAt = civAt !== null ? r.range(day(3, 2), Math.min(civAt - 50 * DAY, day(8, 31))) : r.range(day(3, 2), last)
    plan.set(c.id, { startAt, civAt, demoAt: i < 4 ? Math.max(civAt! + r.range(40, 60) * DAY, day(10, 1) + r.range(0, 30) * DAY) : null, fallsBack: i >= 4 && i < 8 })
  })

  for (const c of compounds) {
    const r = createRng(seed, `civ-standard:${c.id}`)
    const p = plan.get(c.id)!
    const r0 = r.range(0.42, 0.66)
    const stuckAt = r.range(0.68, 0.79)
    const difficulty = new Map(manualItems.map((i) => [i.id, r() + (i.method === 'survey' ? 0.3 : 0)]))
    const manualOrder = [...manualItems].sort((a, b) => difficulty.get(a.id)! - difficulty.get(b.id)!)
    const kioskCoverage = kioskShare(c.id)
    const geom = c.geom as Polygon | MultiPolygon
    const inside = (issuesByGrid.get(c.grid_id) ?? []).filter(
      (i) => i.lon >= c.minx && i.lon <= c.maxx && i.lat >= c.miny && i.lat <= c.maxy && pointInPolygon([i.lon, i.lat], geom),
    )
    // inspection dates: every 45–70 days from the start, plus the planned civilised and demonstration days
    const dates = new Set<number>()
    for (let t = Math.min(p.startAt, last); t <= last; t += r.range(45, 70) * DAY) dates.add(t)
    for (const t of [p.civAt, p.demoAt]) if (t !== null && t <= last) dates.add(t)
    const sorted = [...dates].sort((x, y) => x - y).filter((t, i, all) => i === 0 || t - all[i - 1]! > 12 * DAY || t === p.civAt || t === p.demoAt)
    let status: CompoundStatus = 'not_started'
    let fellBack = false
    for (const t of sorted) {
      let target: number
      if (p.demoAt !== null && t >= p.demoAt) target = r.range(0.96, 1)
      else if (p.civAt !== null && t >= p.civAt) target = p.fallsBack && !fellBack && t > p.civAt + 20 * DAY ? ((fellBack = true), r.range(0.74, 0.82)) : r.range(0.86, 0.93)
      else if (p.civAt !== null) target = r0 + (0.8 - r0) * Math.min(1, (t - p.startAt) / Math.max(DAY, p.civAt - p.startAt))
      else target = r0 + (stuckAt - r0) * Math.min(1, (t - p.startAt) / Math.max(DAY, last - p.startAt))
      const openCount = (categories: Set<string>) => inside.filter((i) => {
        if (!categories.has(i.category) || new Date(i.reported_at).getTime() > t) return false
        const closedAt = i.closed_at ? new Date(i.closed_at).getTime() : null
        return closedAt === null ? !closed.has(i.status) : closedAt > t
      }).length
      const id = nextId++
      const merged = new Map<number, { passed: boolean | null; value: number | null; auto: boolean; note: string | null }>()
      for (const item of autoItems) {
        const value = item.autoSource === 'kiosk_coverage' ? kioskCoverage : openCount(openCaseCategories(item.autoSource!)!)
        merged.set(item.id, { passed: item.threshold ? meetsThreshold(value, item.threshold) : null, value, auto: true, note: null })
      }
      // manual items in the compound's order of difficulty until the target rate is reached
      let score = autoItems.reduce((s, i) => s + (merged.get(i.id)!.passed ? i.weight : 0), 0)
      // never past the band the target lies in, so a civilised target does not overshoot into demonstration
      const cap = target >= 0.95 ? 1 : target >= 0.85 ? 0.94 : 0.84
      for (const item of manualOrder) {
        const pass = score < target * total - 1e-9 && score + item.weight <= cap * total + 1e-9
        if (pass) score += item.weight
        merged.set(item.id, { passed: pass, value: surveyValue(item, pass, r), auto: false, note: null })
      }
      const rows = items.map((i) => ({ itemId: i.id, ...merged.get(i.id)! }))
      const scored = scoreResults(items, rows)
      const assessedAt = new Date(t - (t % DAY) + r.range(8, 17) * 3_600_000 - 8 * 3_600_000)
      assessments.push({ id, compound_id: c.id, checklist_id: compoundChecklist, source: 'inspection', ref_id: null, score: scored.score, max_score: scored.maxScore, rate: scored.rate, assessed_at: assessedAt, assessed_by: '创建办督查组' })
      for (const row of rows) results.push({ assessment_id: id, item_id: row.itemId, passed: row.passed, value: row.value, auto: row.auto, note: row.note })
      const next = statusFor(scored, status)
      if (next !== status) {
        statuses.push({ compound_id: c.id, status: next, score: scored.score, rate: scored.rate, assessment_id: id, since: assessedAt, reason: `inspection assessment ${id}: ${scored.score}/${scored.maxScore} (${percent(scored.rate)})`, by: '创建办督查组' })
        status = next
      }
    }
  }
  await insertInBatches(trx, 'civ_assessments', assessments)
  await sql`select setval(pg_get_serial_sequence('civ_assessments', 'id'), ${nextId - 1})`.execute(trx)
  // one statement with one JSON parameter: far faster than multi-row VALUES on PGlite
  await sql`insert into civ_assessment_results (assessment_id, item_id, passed, value, auto, note)
    select a, i, p, v, coalesce(u, false), null from json_to_recordset(${JSON.stringify(results.map((r) => ({ a: r.assessment_id, i: r.item_id, p: r.passed, v: r.value, u: r.auto || undefined })))}::json)
    as x(a integer, i integer, p boolean, v double precision, u boolean)`.execute(trx)
  await insertInBatches(trx, 'civ_compound_status', statuses)
  log(`[demo] civ standard: 2 checklists, ${assessments.length} assessments, ${results.length} results, ${statuses.length} status changes`)
}

/** Survey items get the surveyed share (above or below the threshold as the verdict says). */
function surveyValue(item: Item, pass: boolean, r: { range(lo: number, hi: number): number }): number | null {
  if (item.autoSource || !item.threshold || item.threshold.unit !== '%') return null
  const t = item.threshold.value
  if (t >= 1) return pass ? 1 : Math.round(r.range(0.8, 0.99) * 1000) / 1000
  return Math.round((pass ? r.range(t, Math.min(1, t + 0.15)) : r.range(Math.max(0, t - 0.2), t - 0.005)) * 1000) / 1000
}
