/**
 * A year of demo issues (问题点位) for the command centre: ≥ 20,000 cases placed where such
 * problems gather — markets, old compounds without property management, main-road pavements,
 * school gates, village centres, kiosks — and timed as they come in: more in summer, on
 * weekdays and in working hours, each category in its season. Every case runs the workflow of
 * GB/T 30428 (report → accept → open → dispatch → handle → close) against its category's time
 * limit; the timeline is then cut at `now`, so recent cases are open in every state, some are
 * overdue, some due within hours, and today has fresh reports. Deterministic for (seed, now).
 */
import { CATEGORIES, type IssueStatus } from '../../api/issues/categories.ts'
import { createPolygonIndex } from '../../geo/index.ts'
import type { Feature, Polygon, Position } from 'geojson'
import { toLonLat, toXY } from './frame.ts'
import { describe } from './issue-text.ts'
import type { DemoLayers } from './layers.ts'
import { maskedName, personName } from './names.ts'
import { createRng, type Rng } from './random.ts'
import { addWorkingDays, addWorkingHours, DAY, HOUR, local, localMidnight } from './working-time.ts'

export type IssueSource = 'grid_worker' | 'inspector' | 'public' | 'hotline'

export interface IssueRecord {
  id: number
  category: string
  description: string
  status: IssueStatus
  lon: number
  lat: number
  /** the level-3 grid holding the point */
  gridId: number
  source: IssueSource
  reporter: { name: string }
  reportedAt: Date
  acceptedAt?: Date
  openedAt?: Date
  dispatchedAt?: Date
  deadlineAt?: Date
  handledAt?: Date
  /** when the case was closed, or (rejected cases) turned down */
  closedAt?: Date | null
  department?: string | null
  reworkCount: number
}

export interface IssueOptions {
  seed: number
  now: Date
  /** how many cases to draw over the year before `now` (default 21,000) */
  count?: number
}

type AnchorKind = 'market' | 'old_compound' | 'compound' | 'main_road' | 'village' | 'school' | 'park' | 'kiosk' | 'hamlet'

interface Anchor {
  kind: AnchorKind
  x: number
  y: number
  /** spread around the anchor, metres */
  sigma: number
  place: string
}

/** Relative weight of each category at each kind of place. */
const MIX: Record<AnchorKind, Record<string, number>> = {
  market: { street_stall: 5, exposed_rubbish: 3, road_uncleanliness: 3, fumes_sewage: 2, illegal_parking: 2, flyposting: 1.5, overflowing_bin: 2, clutter: 1.5, public_smoking: 0.5, broken_facility: 0.5 },
  old_compound: { clutter: 4, private_wiring: 2.5, vegetable_plot: 2.5, broken_light: 2, overflowing_bin: 2, waste_sorting: 1.5, flyposting: 2, greenery_repair: 1.5, broken_facility: 2, illegal_construction: 1.5, exposed_rubbish: 2, illegal_parking: 1.5, fumes_sewage: 0.5 },
  compound: { clutter: 2, illegal_parking: 2.5, waste_sorting: 1.5, overflowing_bin: 1.5, flyposting: 1.5, broken_light: 1, broken_facility: 1.5, greenery_repair: 1, private_wiring: 1, vegetable_plot: 0.5, public_smoking: 0.3 },
  main_road: { street_stall: 3, illegal_parking: 4, road_uncleanliness: 3, flyposting: 2, exposed_rubbish: 1.5, broken_facility: 1.5, broken_light: 1, greenery_repair: 1, fumes_sewage: 1 },
  village: { exposed_rubbish: 4, clutter: 3, illegal_construction: 2.5, pollution_source: 2, fumes_sewage: 1.5, road_uncleanliness: 1.5, vegetable_plot: 0.5, broken_light: 0.8, waste_sorting: 1 },
  hamlet: { exposed_rubbish: 3, clutter: 2, illegal_construction: 2, pollution_source: 2, road_uncleanliness: 1, broken_light: 0.5 },
  school: { illegal_parking: 4, street_stall: 3, road_uncleanliness: 1, public_smoking: 0.8, flyposting: 1 },
  park: { public_smoking: 1.5, greenery_repair: 2.5, exposed_rubbish: 2, street_stall: 2, broken_facility: 2, vegetable_plot: 1 },
  kiosk: { waste_sorting: 4, overflowing_bin: 4, exposed_rubbish: 1 },
}
/** How many cases each kind of place draws, per anchor. */
const PULL: Record<AnchorKind, number> = { market: 45, old_compound: 9, compound: 2.2, main_road: 1.6, village: 14, hamlet: 0.9, school: 7, park: 7, kiosk: 2 }

/** Month factors (Jan … Dec) for categories with a season; others are flat. */
const SEASON: Record<string, number[]> = {
  vegetable_plot: [0.6, 1.1, 2, 2.2, 1.8, 1.2, 0.8, 0.7, 0.9, 0.8, 0.6, 0.5],
  fumes_sewage: [0.6, 0.6, 0.8, 1, 1.3, 1.6, 1.8, 1.7, 1.2, 0.9, 0.7, 0.6],
  greenery_repair: [0.5, 0.7, 1.6, 1.8, 1.4, 0.9, 0.8, 0.8, 1.3, 1.3, 0.7, 0.5],
  broken_light: [1.6, 1.4, 1.1, 0.9, 0.7, 0.6, 0.6, 0.7, 0.9, 1.2, 1.5, 1.7],
  public_smoking: [1.6, 1.7, 1.1, 0.9, 0.8, 0.7, 0.7, 0.7, 0.9, 1, 1.2, 1.5],
  exposed_rubbish: [1.3, 1.5, 0.9, 0.9, 1, 1.2, 1.3, 1.3, 1, 1.1, 0.8, 0.9],
  overflowing_bin: [1.3, 1.6, 0.9, 0.9, 1, 1.2, 1.4, 1.3, 1, 1.1, 0.8, 0.9],
  street_stall: [0.7, 1, 0.8, 0.9, 1.1, 1.3, 1.5, 1.5, 1.1, 1, 0.8, 0.7],
  road_uncleanliness: [0.8, 0.8, 0.8, 0.9, 1, 1.4, 1.5, 1.4, 1.2, 0.9, 0.8, 0.8],
  illegal_construction: [0.5, 0.5, 1.1, 1.2, 1.3, 1.2, 1.1, 1.1, 1.2, 1.2, 1, 0.6],
}

/** Departments a case is dispatched to (处置单位, codes of api/cases/departments.ts), by category. */
const DEPARTMENTS: Record<string, string[]> = {
  vegetable_plot: ['community', 'greening'],
  clutter: ['community', 'property'],
  private_wiring: ['power', 'community'],
  fumes_sewage: ['environment', 'market'],
  greenery_repair: ['greening'],
  illegal_construction: ['enforcement'],
  pollution_source: ['environment'],
  flyposting: ['sanitation', 'enforcement'],
  illegal_parking: ['traffic'],
  street_stall: ['enforcement'],
  exposed_rubbish: ['sanitation'],
  road_uncleanliness: ['sanitation'],
  overflowing_bin: ['sanitation'],
  waste_sorting: ['community', 'property'],
  broken_facility: ['utilities', 'property'],
  broken_light: ['utilities', 'property'],
  public_smoking: ['health'],
}

/** Hour-of-day weights (local time) for reports by people at work and by the public. */
const HOURS_WORK = [0, 0, 0, 0, 0, 0, 0.05, 0.4, 0.9, 1, 1, 0.85, 0.35, 0.25, 0.8, 0.95, 0.9, 0.6, 0.15, 0.05, 0, 0, 0, 0]
const HOURS_PUBLIC = [0.05, 0.02, 0.02, 0.02, 0.02, 0.05, 0.2, 0.5, 0.8, 0.9, 0.9, 0.8, 0.6, 0.5, 0.7, 0.8, 0.8, 0.8, 0.9, 1, 0.9, 0.7, 0.4, 0.15]
const WEEKDAY = [1, 1, 1, 0.97, 0.93, 0.55, 0.45]

export function generateIssues(layers: DemoLayers, { seed, now, count = 21_000 }: IssueOptions): IssueRecord[] {
  const end = now.getTime()
  if (!Number.isFinite(end)) throw new Error(`now must be a valid Date, got ${String(now)}`)
  if (!(count > 0)) throw new Error(`count must be positive, got ${count}`)
  const rng = createRng(seed, 'issues')
  const start = end - 365 * DAY
  const points = layers.grids.features.filter((f) => f.properties.level === 3)
  const index = createPolygonIndex<number>(points as Feature<Polygon>[])
  const gridById = new Map(layers.grids.features.map((f) => [f.properties.id, f.properties]))
  const anchors = makeAnchors(layers, rng)
  const anchorCum = cumulative(anchors.map((a) => PULL[a.kind]))
  const inspectors = Array.from({ length: 12 }, () => personName(rng))

  const out: IssueRecord[] = []
  const draw = (lo: number, hi: number) => {
    for (let tries = 0; tries < 200; tries++) {
      const a = anchors[search(anchorCum, rng() * anchorCum[anchorCum.length - 1])]
      const source = pickSource(a.kind, rng)
      const t = drawTime(lo, hi, source, rng)
      if (t === null) continue
      const x = a.x + rng.normal() * a.sigma
      const y = a.y + rng.normal() * a.sigma
      const [lon, lat] = toLonLat(x, y)
      const gridId = index.locate(lon, lat)
      if (gridId === null) continue
      const category = pickCategory(a.kind, local(t).month, rng)
      const grid = gridById.get(gridId)!
      const worker = grid.persons.find((p) => p.role === 'grid_worker') ?? grid.leader
      const reporter = source === 'grid_worker' ? worker.name : source === 'inspector' ? rng.pick(inspectors) : maskedName(rng)
      out.push(lifecycle({ category, description: describe(category, a.place, rng), lon, lat, gridId, source, reporter: { name: reporter }, reportedAt: new Date(t) }, end, rng))
      return
    }
    throw new Error('could not place an issue inside the district after 200 tries')
  }
  for (let i = 0; i < count; i++) draw(start, end)
  // Today always has fresh reports, however early `now` is.
  const midnight = Math.min(localMidnight(end), end - HOUR)
  const today = out.filter((r) => r.reportedAt.getTime() >= midnight).length
  for (let i = today; i < 12; i++) draw(midnight, end)

  out.sort((p, q) => p.reportedAt.getTime() - q.reportedAt.getTime())
  out.forEach((r, i) => (r.id = i + 1))
  return out
}

function makeAnchors(layers: DemoLayers, rng: Rng): Anchor[] {
  const anchors: Anchor[] = []
  const centre = (ring: Position[]) => {
    let x = 0
    let y = 0
    for (const p of ring.slice(0, -1)) {
      const q = toXY(p[0], p[1])
      x += q[0]
      y += q[1]
    }
    return [x / (ring.length - 1), y / (ring.length - 1)]
  }
  for (const f of layers.facilities.features) {
    const [x, y] = toXY(f.geometry.coordinates[0], f.geometry.coordinates[1])
    const p = f.properties
    if (p.kind === 'market') anchors.push({ kind: 'market', x, y, sigma: 45, place: p.name })
    else if (p.kind === 'school') anchors.push({ kind: 'school', x, y, sigma: 35, place: `${p.name}门口` })
    else if (p.kind === 'practice_station' && p.setting === 'village') anchors.push({ kind: 'village', x, y, sigma: 90, place: p.name.replace('新时代文明实践站', '村委会附近') })
  }
  for (const f of layers.compounds.features) {
    const [x, y] = centre(f.geometry.coordinates[0])
    const p = f.properties
    const kind = p.old || !p.hasProperty ? 'old_compound' : 'compound'
    anchors.push({ kind, x, y, sigma: 30, place: `${p.name}${rng.int(1, Math.max(1, p.buildingCount))}栋附近` })
  }
  for (const f of layers.green.features) {
    if (f.properties.kind !== 'park' && f.properties.kind !== 'square') continue
    const [x, y] = centre(f.geometry.coordinates[0])
    anchors.push({ kind: 'park', x, y, sigma: 40, place: f.properties.name ?? '公园' })
  }
  for (const f of layers.kiosks.features) {
    if (f.properties.kind !== 'kiosk') continue
    const [x, y] = toXY(f.geometry.coordinates[0], f.geometry.coordinates[1])
    anchors.push({ kind: 'kiosk', x, y, sigma: 8, place: f.properties.name })
  }
  for (const f of layers.roads.features) {
    const cls = f.properties.class
    if ((cls !== 'primary' && cls !== 'secondary') || !f.properties.name) continue
    // a point every ~150 m along the road
    let carry = 0
    const c = f.geometry.coordinates.map((p) => toXY(p[0], p[1]))
    for (let i = 1; i < c.length; i++) {
      const len = Math.hypot(c[i][0] - c[i - 1][0], c[i][1] - c[i - 1][1])
      for (let s = 150 - carry; s < len; s += 150) {
        const t = s / len
        anchors.push({ kind: 'main_road', x: c[i - 1][0] + t * (c[i][0] - c[i - 1][0]), y: c[i - 1][1] + t * (c[i][1] - c[i - 1][1]), sigma: 12, place: `${f.properties.name}沿线` })
      }
      carry = (carry + len) % 150
    }
  }
  // hamlets: every 25th village house stands for its neighbourhood
  let n = 0
  for (const f of layers.buildings.features) {
    if (f.properties.use !== 'village_house' || n++ % 25 !== 0) continue
    const [x, y] = centre(f.geometry.coordinates[0])
    anchors.push({ kind: 'hamlet', x, y, sigma: 60, place: `${f.properties.name.replace(/\d+号$/, '')}` })
  }
  if (anchors.length === 0) throw new Error('the layers hold nothing to place issues near')
  return anchors
}

function pickSource(kind: AnchorKind, rng: Rng): IssueSource {
  const rural = kind === 'village' || kind === 'hamlet'
  // grid workers and inspectors find most problems; the public calls about the nuisances
  const w = rural ? [0.62, 0.1, 0.12, 0.16] : kind === 'market' || kind === 'main_road' ? [0.4, 0.3, 0.15, 0.15] : [0.45, 0.18, 0.2, 0.17]
  return (['grid_worker', 'inspector', 'public', 'hotline'] as const)[rng.weighted(w)]
}

/** Rejection-samples a time in [lo, hi): season, weekday and hour of day shape it. */
function drawTime(lo: number, hi: number, source: IssueSource, rng: Rng): number | null {
  const hours = source === 'grid_worker' || source === 'inspector' ? HOURS_WORK : HOURS_PUBLIC
  for (let k = 0; k < 60; k++) {
    const t = lo + rng() * (hi - lo)
    const l = local(t)
    const season = 1 + 0.3 * Math.cos((2 * Math.PI * (l.month - 6.5)) / 12)
    const trend = 0.85 + 0.15 * ((t - lo) / Math.max(1, hi - lo))
    const w = (season / 1.3) * WEEKDAY[l.weekday] * hours[l.hour] * trend
    if (rng() < w) return t
  }
  return null
}

function pickCategory(kind: AnchorKind, month: number, rng: Rng): string {
  const mix = MIX[kind]
  const codes = Object.keys(mix)
  return codes[rng.weighted(codes.map((c) => mix[c] * (SEASON[c]?.[month] ?? 1)))]
}

const LIMITS = new Map(CATEGORIES.map((c) => [c.code, c.limit]))

/** Runs the case's whole workflow, then keeps only what has happened by `end`. */
function lifecycle(base: Omit<IssueRecord, 'id' | 'status' | 'reworkCount'>, end: number, rng: Rng): IssueRecord {
  const t0 = base.reportedAt.getTime()
  const limit = LIMITS.get(base.category)!
  const limitHours = limit.unit === 'working_hours' ? limit.value : limit.value * 7
  const rec: IssueRecord = { id: 0, ...base, status: 'reported', reworkCount: 0 }
  const fromPublic = base.source === 'public' || base.source === 'hotline'

  // 受理: grid workers' own reports are taken at once; the public's wait for the desk
  const accepted = fromPublic ? addWorkingHours(t0, rng.range(0.1, 1.5)) : t0 + rng.range(2, 25) * 60_000
  if (rng.chance(fromPublic ? 0.08 : 0.025)) {
    // 不予受理: a duplicate, out of scope, or not found on site
    if (accepted <= end) {
      rec.status = 'rejected'
      rec.closedAt = new Date(accepted)
    }
    return rec
  }
  const opened = addWorkingHours(accepted, rng.range(0.05, 1))
  const dispatched = addWorkingHours(opened, rng.range(0.05, 1.5))
  const deadline = limit.unit === 'working_hours' ? addWorkingHours(dispatched, limit.value) : addWorkingDays(dispatched, limit.value)
  // handling time as a share of the limit: most well within it, some late, a few stuck for weeks
  const r = rng()
  const share = r < 0.02 ? rng.range(3, 9) : r < 0.11 ? rng.range(1.02, 2.2) : Math.min(0.98, Math.exp(rng.normal() * 0.6 - 0.9))
  let handled = addWorkingHours(dispatched, Math.max(0.2, share * limitHours))
  const parked = rng.chance(0.012)
  const rework = !parked && rng.chance(0.06) ? 1 : 0
  if (rework) handled = addWorkingHours(handled, rng.range(0.3, 0.9) * limitHours)
  const closed = addWorkingHours(handled, rng.range(0.3, 10))

  // only what has happened by `end` is recorded; the status is the last step reached
  if (accepted > end) return rec
  rec.acceptedAt = new Date(accepted)
  rec.status = 'accepted'
  if (opened > end) return rec
  rec.openedAt = new Date(opened)
  rec.status = 'opened'
  if (dispatched > end) return rec
  rec.dispatchedAt = new Date(dispatched)
  rec.deadlineAt = new Date(deadline)
  rec.department = rng.pick(DEPARTMENTS[base.category] ?? ['community'])
  rec.status = parked ? 'parked' : 'handling' // 挂账: waiting on funds, a court or the owner
  if (parked || handled > end) return rec
  rec.handledAt = new Date(handled)
  rec.status = 'feedback'
  // a failed verification sent the case back once; it is known by the time it is handled again
  rec.reworkCount = rework
  if (closed > end) return rec
  rec.closedAt = new Date(closed)
  rec.status = 'closed'
  return rec
}

function cumulative(weights: number[]): Float64Array {
  const out = new Float64Array(weights.length)
  let s = 0
  weights.forEach((w, i) => (out[i] = s += w))
  return out
}

function search(cum: Float64Array, r: number): number {
  let lo = 0
  let hi = cum.length - 1
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (cum[mid] > r) hi = mid
    else lo = mid + 1
  }
  return lo
}
