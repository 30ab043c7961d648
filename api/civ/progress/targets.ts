/**
 * Progress against the county's civilised-compound targets (seed 000 §二 创建目标): counts of
 * demonstration and civilised compounds, and the share civilised, over the year's dates, for a
 * scope and for each street and community in it (at or below the scope's level). Statuses come from civ_compound_status (the
 * history civstd keeps: a compound's status at a moment is its row with the latest `since` up to
 * then; a compound without one is not started). A demonstration compound counts as civilised too.
 *
 * The counting is a pure sweep (statusSeries): one pass over each compound's history per date
 * list, O(events + compounds × dates).
 */
import { sql, type Kysely } from 'kysely'
import type { SessionUser } from '../../auth/roles.ts'
import { scopeFilter } from '../../auth/guard.ts'
import type { Database } from '../../db/database.ts'
import { notFound } from '../../errors.ts'
import { chinaDate } from '../../planning/service.ts'

export type CivStatus = 'not_started' | 'in_progress' | 'civilised' | 'demonstration'
export type Metric = 'demonstration' | 'civilised' | 'civilisedShare'

export interface Target {
  metric: Metric
  /** YYYY-MM-DD: reached by the end of this day */
  date: string
  /** a count, or a share 0–1 for civilisedShare */
  value: number
  /** the seed's own words */
  source: string
}

/**
 * Seed 000 (创建文明小区实施方案 §二): "8月底前,完成第一批5个典型示范小区建设任务, 10月底前,完成50个
 * 文明小区建设任务 … 力争到…使我县文明小区到达80%以上" and §五(五) "到…年底全县80%小区到达文明小区".
 */
export function countyTargets(year: number): Target[] {
  return [
    { metric: 'demonstration', date: `${year}-08-31`, value: 5, source: '8月底前，完成第一批5个典型示范小区建设任务' },
    { metric: 'civilised', date: `${year}-10-31`, value: 50, source: '10月底前，完成50个文明小区建设任务' },
    { metric: 'civilisedShare', date: `${year}-12-31`, value: 0.8, source: '到年底全县80%小区到达文明小区' },
  ]
}

const DAY = 86_400_000
/** The end of a China calendar day (UTC+8), as epoch ms: statuses are counted as of then. */
export const endOfChinaDay = (date: string) => Date.parse(`${date}T00:00:00+08:00`) + DAY

/** Weekly dates from 1 January to `asOf`, with `asOf` and the target dates up to it. */
export function seriesDates(year: number, asOf: string, targets: readonly Target[]): string[] {
  const out = new Set<string>()
  for (let t = Date.UTC(year, 0, 1); ; t += 7 * DAY) {
    const d = new Date(t).toISOString().slice(0, 10)
    if (d > asOf) break
    out.add(d)
  }
  out.add(asOf)
  for (const target of targets) if (target.date <= asOf) out.add(target.date)
  return [...out].sort()
}

export interface StatusEvent {
  compoundId: number
  status: CivStatus
  /** epoch ms */
  since: number
}

export interface Counts {
  compounds: number
  demonstration: number[]
  civilised: number[]
}

/**
 * Per unit key, how many of its compounds were demonstration / civilised (incl. demonstration)
 * at each cutoff. `events` in any order; a tie on `since` is broken by list order (last wins).
 */
export function statusSeries(compounds: readonly { id: number; units: readonly string[] }[], events: readonly StatusEvent[], cutoffs: readonly number[]): Map<string, Counts> {
  const byCompound = new Map<number, StatusEvent[]>()
  events.forEach((e) => {
    const list = byCompound.get(e.compoundId)
    if (list) list.push(e)
    else byCompound.set(e.compoundId, [e])
  })
  const order = cutoffs.map((c, i) => [c, i] as const).sort((a, b) => a[0] - b[0])
  const out = new Map<string, Counts>()
  const unit = (key: string) => {
    let c = out.get(key)
    if (!c) out.set(key, (c = { compounds: 0, demonstration: cutoffs.map(() => 0), civilised: cutoffs.map(() => 0) }))
    return c
  }
  for (const compound of compounds) {
    const counts = compound.units.map(unit)
    for (const c of counts) c.compounds++
    // stable sort keeps list order among equal `since`
    const history = (byCompound.get(compound.id) ?? []).slice().sort((a, b) => a.since - b.since)
    let k = -1
    for (const [cutoff, i] of order) {
      while (k + 1 < history.length && history[k + 1]!.since < cutoff) k++
      const status = k >= 0 ? history[k]!.status : 'not_started'
      if (status === 'demonstration') for (const c of counts) c.demonstration[i]!++
      if (status === 'demonstration' || status === 'civilised') for (const c of counts) c.civilised[i]!++
    }
  }
  return out
}

/**
 * What a unit should have reached by `asOf` for each metric: on the straight line from the
 * previous target of that metric (or 0 on 1 January) to the next one; after the last target,
 * that target. Counts are floored (a compound is not half done).
 */
export function expectedAt(targets: readonly Target[], asOf: string, year: number): Record<Metric, number> {
  const out = { demonstration: 0, civilised: 0, civilisedShare: 0 } as Record<Metric, number>
  const now = endOfChinaDay(asOf)
  for (const metric of Object.keys(out) as Metric[]) {
    const own = targets.filter((t) => t.metric === metric).sort((a, b) => (a.date < b.date ? -1 : 1))
    let prev = { at: Date.parse(`${year}-01-01T00:00:00+08:00`), value: 0 }
    let value = 0
    for (const t of own) {
      const at = endOfChinaDay(t.date)
      if (at <= now) {
        prev = { at, value: t.value }
        value = t.value
        continue
      }
      value = prev.value + ((t.value - prev.value) * (now - prev.at)) / (at - prev.at)
      break
    }
    out[metric] = metric === 'civilisedShare' ? Math.round(value * 10_000) / 10_000 : Math.floor(value + 1e-9)
  }
  return out
}

export interface UnitProgress {
  gridId: number | null
  name: string
  nameEn: string
  level: number | null
  parentId: number | null
  compounds: number
  series: { demonstration: number[]; civilised: number[]; civilisedShare: number[] }
  current: Record<Metric, number>
  /** the county's count targets scaled by the unit's share of the district's compounds (rounded up); the share target as is */
  targets: Target[]
  expected: Record<Metric, number>
  verdict: 'on_target' | 'behind'
}

export interface TargetsResult {
  year: number
  asOf: string
  districtCompounds: number
  targets: Target[]
  dates: string[]
  total: UnitProgress
  units: UnitProgress[]
}

const share = (n: number, of: number) => (of ? Math.round((n / of) * 10_000) / 10_000 : 0)

function progress(base: Omit<UnitProgress, 'series' | 'current' | 'targets' | 'expected' | 'verdict' | 'compounds'>, counts: Counts | undefined, dates: readonly string[], targets: Target[], districtCompounds: number, asOf: string, year: number): UnitProgress {
  const c = counts ?? { compounds: 0, demonstration: dates.map(() => 0), civilised: dates.map(() => 0) }
  const series = { demonstration: c.demonstration, civilised: c.civilised, civilisedShare: c.civilised.map((n) => share(n, c.compounds)) }
  const last = dates.length - 1
  const current = { demonstration: series.demonstration[last] ?? 0, civilised: series.civilised[last] ?? 0, civilisedShare: series.civilisedShare[last] ?? 0 }
  const scaled = targets.map((t) => (t.metric === 'civilisedShare' || c.compounds === districtCompounds ? t : { ...t, value: Math.ceil((t.value * c.compounds) / districtCompounds) }))
  const expected = expectedAt(scaled, asOf, year)
  const behind = (Object.keys(expected) as Metric[]).some((m) => current[m] < expected[m])
  return { ...base, compounds: c.compounds, series, current, targets: scaled, expected, verdict: behind ? 'behind' : 'on_target' }
}

/** The targets view for a scope (a grid of any level, or the caller's whole scope). */
export async function civTargets(db: Kysely<Database>, user: SessionUser, { grid, year, now = new Date() }: { grid?: number; year?: number; now?: Date }): Promise<TargetsResult> {
  const today = chinaDate(now)
  const y = year ?? Number(today.slice(0, 4))
  const asOf = today < `${y}-12-31` ? (today < `${y}-01-01` ? `${y}-01-01` : today) : `${y}-12-31`
  const targets = countyTargets(y)
  const dates = seriesDates(y, asOf, targets)
  let scopeGrid: { id: number; name: string; name_en: string; level: number; parent_id: number | null } | undefined
  if (grid) {
    scopeGrid = await db.selectFrom('grids').select(['id', 'name', 'name_en', 'level', 'parent_id']).where('id', '=', grid).executeTakeFirst()
    if (!scopeGrid) throw notFound('Grid', grid)
  }
  const inScope = scopeFilter({ ...user, categories: null }, { path: 'c.grid_path' })
  let compoundQuery = db.selectFrom('compounds as c').select(['c.id', sql<number>`c.grid_path[1]`.as('streetId'), sql<number>`c.grid_path[2]`.as('communityId')]).where(inScope)
  if (grid) compoundQuery = compoundQuery.where(sql<boolean>`c.grid_path @> array[${grid}]::integer[]`)
  const [compounds, district, events] = await Promise.all([
    compoundQuery.execute(),
    db.selectFrom('compounds').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
    sql<{ compoundId: number; status: CivStatus; since: Date | string }>`
      select s.compound_id as "compoundId", s.status, s.since from civ_compound_status s
      join compounds c on c.id = s.compound_id
      where ${inScope} ${grid ? sql`and c.grid_path @> array[${grid}]::integer[]` : sql``} and s.since < ${new Date(endOfChinaDay(asOf)).toISOString()}::timestamptz
      order by s.compound_id, s.since, s.id`.execute(db),
  ])
  const units = compounds.map((c) => ({ id: c.id, units: ['total', `g${c.streetId}`, `g${c.communityId}`] }))
  const cutoffs = dates.map(endOfChinaDay)
  const counts = statusSeries(units, events.rows.map((e) => ({ compoundId: e.compoundId, status: e.status, since: new Date(e.since).getTime() })), cutoffs)
  const ids = [...new Set(compounds.flatMap((c) => [c.streetId, c.communityId]))]
  // units at or below the scope's level: a community's street would count only that community
  const grids = (ids.length ? await db.selectFrom('grids').select(['id', 'name', 'name_en', 'level', 'parent_id']).where('id', 'in', ids).orderBy('level').orderBy('id').execute() : []).filter(
    (g) => !scopeGrid || g.level >= scopeGrid.level,
  )
  const n = district.n
  const total = progress(
    scopeGrid ? { gridId: scopeGrid.id, name: scopeGrid.name, nameEn: scopeGrid.name_en, level: scopeGrid.level, parentId: scopeGrid.parent_id } : { gridId: null, name: '全区', nameEn: 'District', level: null, parentId: null },
    counts.get('total'),
    dates,
    targets,
    n,
    asOf,
    y,
  )
  return {
    year: y,
    asOf,
    districtCompounds: n,
    targets,
    dates,
    total,
    units: grids.map((g) => progress({ gridId: g.id, name: g.name, nameEn: g.name_en, level: g.level, parentId: g.parent_id }, counts.get(`g${g.id}`), dates, targets, n, asOf, y)),
  }
}
