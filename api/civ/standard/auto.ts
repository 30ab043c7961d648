import type { MultiPolygon, Polygon } from 'geojson'
import type { Kysely } from 'kysely'
import { isoWeek, pointInPolygon, straightCoverage, tallyCoverage } from '../../../geo/index.ts'
import { CLOSED_STATUSES } from '../../cases/lifecycle.ts'
import { computeCompoundMetrics } from '../../compound-metrics/compute.ts'
import type { Database } from '../../db/database.ts'
import { CATEGORIES } from '../../issues/categories.ts'
import { computePatrolCompliance } from '../../patrols/compliance.ts'

/**
 * Items the system measures itself (docs/civ-standard.md § auto items). Each source reads the
 * same engine the analysis routes use, so a compound's auto value equals what that route answers
 * for the compound:
 * - greening_rate, fitness_area_m2: api/compound-metrics (geo compoundMetrics), share 0–1 and m²;
 * - kiosk_coverage: api/analysis/kiosk-coverage straight-line coverage of the compound's
 *   households within KIOSK_RADIUS_M (share 0–1); kiosk_count: kiosks and drop points of the
 *   compound (kiosks.compound_id);
 * - open_cases:<all | category group | codes,…>: open cases (not closed) whose point lies in the
 *   compound's outline;
 * - patrol_share: 巡查到位率 of the compound's level-3 grid (api/analysis/patrol-compliance, level 3,
 *   corridor 30 m) in the last ISO week (UTC+8) before the assessment; null when that week has
 *   no tracks.
 */
export const KIOSK_RADIUS_M = 300
export const PATROL_CORRIDOR_M = 30
export const FIXED_AUTO_SOURCES = ['greening_rate', 'fitness_area_m2', 'kiosk_coverage', 'kiosk_count', 'patrol_share'] as const
const CATEGORY_GROUPS = new Set<string>(CATEGORIES.map((c) => c.group))
const CATEGORY_CODES = new Set<string>(CATEGORIES.map((c) => c.code))

/**
 * The categories an `open_cases:` source counts: `all`, a category group, or category codes
 * separated by commas; null when the source is not an open_cases source or names an unknown one.
 */
export function openCaseCategories(source: string): Set<string> | null {
  const m = /^open_cases:(.+)$/.exec(source)
  if (!m) return null
  const key = m[1]!
  if (key === 'all') return new Set(CATEGORY_CODES)
  if (CATEGORY_GROUPS.has(key)) return new Set(CATEGORIES.filter((c) => c.group === key).map((c) => c.code))
  const codes = key.split(',')
  return codes.every((c) => CATEGORY_CODES.has(c)) ? new Set(codes) : null
}

/** Seed 000's 六乱: pollution sources, illegal structures, flyposting, clutter, parking, stalls. */
export const SIX_DISORDERS_SOURCE = 'open_cases:pollution_source,illegal_construction,flyposting,clutter,illegal_parking,street_stall'

export function isAutoSource(source: string): boolean {
  return (FIXED_AUTO_SOURCES as readonly string[]).includes(source) || openCaseCategories(source) !== null
}

export interface AutoValues {
  compoundId: number
  greeningRate: number
  fitnessAreaM2: number
  kioskCoverage: number
  kioskCount: number
  /** open cases in the compound by category code */
  openCases: Record<string, number>
  patrolShare: number | null
  patrolWeek: string
}

const round4 = (x: number) => Math.round(x * 1e4) / 1e4

/** The value of one auto source for a compound (null: not measurable). */
export function autoValue(v: AutoValues, source: string): number | null {
  switch (source) {
    case 'greening_rate':
      return v.greeningRate
    case 'fitness_area_m2':
      return v.fitnessAreaM2
    case 'kiosk_coverage':
      return v.kioskCoverage
    case 'kiosk_count':
      return v.kioskCount
    case 'patrol_share':
      return v.patrolShare
  }
  const categories = openCaseCategories(source)
  if (!categories) return null
  let n = 0
  for (const code of categories) n += v.openCases[code] ?? 0
  return n
}

/** The patrol week an assessment at `at` reads: the ISO week (UTC+8) before the one holding `at`. */
export const patrolWeekFor = (at: Date) => isoWeek(at.getTime() - 7 * 86_400_000)

/**
 * Auto values for some compounds (all when `compoundIds` is omitted), measured now from the data;
 * `at` chooses the patrol week.
 */
export async function autoValues(db: Kysely<Database>, opts: { compoundIds?: number[]; at?: Date } = {}): Promise<Map<number, AutoValues>> {
  const at = opts.at ?? new Date()
  const only = opts.compoundIds ? [...new Set(opts.compoundIds)] : undefined
  const out = new Map<number, AutoValues>()
  if (only && only.length === 0) return out
  let cq = db.selectFrom('compounds').select(['id', 'grid_id', 'minx', 'miny', 'maxx', 'maxy', 'geom'])
  if (only) cq = cq.where('id', 'in', only)
  const compounds = await cq.orderBy('id').execute()
  if (compounds.length === 0) return out

  // greening and fitness: the compound-metrics engine (one compound, or the whole district)
  const metrics =
    only && only.length === 1
      ? await computeCompoundMetrics(db, { compound: only[0] })
      : await computeCompoundMetrics(db, {})
  const figures = new Map(metrics.compounds.features.map((f) => [f.id as number, f.properties]))

  // kiosk coverage: straight-line coverage of the compounds' buildings, tallied per compound
  let bq = db.selectFrom('buildings').select(['compound_id', 'cx', 'cy', 'households']).where('compound_id', 'is not', null)
  if (only) bq = bq.where('compound_id', 'in', only)
  const [buildings, kiosks] = await Promise.all([bq.orderBy('id').execute(), db.selectFrom('kiosks').select(['lon', 'lat', 'compound_id']).orderBy('id').execute()])
  const cov = straightCoverage(
    { lon: Float64Array.from(buildings, (b) => b.cx), lat: Float64Array.from(buildings, (b) => b.cy) },
    { lon: Float64Array.from(kiosks, (k) => k.lon), lat: Float64Array.from(kiosks, (k) => k.lat) },
    { radius: KIOSK_RADIUS_M },
  )
  const tally = tallyCoverage(cov.covered, Float64Array.from(buildings, (b) => b.households), Float64Array.from(buildings, (b) => b.compound_id!))
  const kioskCount = new Map<number, number>()
  for (const k of kiosks) if (k.compound_id !== null) kioskCount.set(k.compound_id, (kioskCount.get(k.compound_id) ?? 0) + 1)

  // open cases in each compound's outline
  const closed = [...CLOSED_STATUSES]
  const minx = Math.min(...compounds.map((c) => c.minx))
  const miny = Math.min(...compounds.map((c) => c.miny))
  const maxx = Math.max(...compounds.map((c) => c.maxx))
  const maxy = Math.max(...compounds.map((c) => c.maxy))
  const issues = await db
    .selectFrom('issues')
    .select(['lon', 'lat', 'category'])
    .where('status', 'not in', closed)
    .where('lon', '>=', minx)
    .where('lon', '<=', maxx)
    .where('lat', '>=', miny)
    .where('lat', '<=', maxy)
    .execute()
  const open = new Map<number, Record<string, number>>()
  for (const c of compounds) {
    const counts: Record<string, number> = {}
    for (const i of issues) {
      if (i.lon < c.minx || i.lon > c.maxx || i.lat < c.miny || i.lat > c.maxy) continue
      if (!pointInPolygon([i.lon, i.lat], c.geom as Polygon | MultiPolygon)) continue
      counts[i.category] = (counts[i.category] ?? 0) + 1
    }
    open.set(c.id, counts)
  }

  // patrol 到位率 of the compound's level-3 grid
  const week = patrolWeekFor(at)
  const shares = await patrolShares(db, week)

  for (const c of compounds) {
    const f = figures.get(c.id)
    const t = tally.byGroup?.get(c.id)
    out.set(c.id, {
      compoundId: c.id,
      greeningRate: round4(f?.greeningRate ?? 0),
      fitnessAreaM2: Math.round((f?.fitnessAreaM2 ?? 0) * 10) / 10,
      kioskCoverage: round4(t && t.households.total > 0 ? t.households.covered / t.households.total : 0),
      kioskCount: kioskCount.get(c.id) ?? 0,
      openCases: open.get(c.id) ?? {},
      patrolShare: shares?.get(c.grid_id) ?? null,
      patrolWeek: week,
    })
  }
  return out
}

/**
 * 巡查到位率 per level-3 grid for one week; null when the week has no tracks. The engine takes
 * seconds, so answers are kept per database and week until the patrols table changes (count and
 * newest id) or a minute passes (grids and roads change rarely; a minute bounds the staleness).
 */
const patrolCache = new WeakMap<object, Map<string, { key: string; until: number; shares: Promise<Map<number, number> | null> }>>()

async function patrolShares(db: Kysely<Database>, week: string): Promise<Map<number, number> | null> {
  const stamp = await db.selectFrom('patrols').select((eb) => [eb.fn.countAll<string>().as('n'), eb.fn.max('id').as('last')]).executeTakeFirstOrThrow()
  const key = `${stamp.n}|${stamp.last}`
  let byWeek = patrolCache.get(db)
  if (!byWeek) patrolCache.set(db, (byWeek = new Map()))
  const hit = byWeek.get(week)
  if (hit && hit.key === key && hit.until > Date.now()) return hit.shares
  const shares = computePatrolCompliance(db, { week, corridorM: PATROL_CORRIDOR_M, level: 3 }).then((result) =>
    result.tracks === 0 ? null : new Map(result.summary.byGrid.map((g) => [g.gridId, round4(g.share)])),
  )
  byWeek.set(week, { key, until: Date.now() + 60_000, shares })
  shares.catch(() => byWeek.delete(week))
  return shares
}
