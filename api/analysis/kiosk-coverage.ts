import { sql, type Kysely } from 'kysely'
import type { LineString, MultiLineString } from 'geojson'
import { MIN_MERIDIONAL_RADIUS, ellipsoidScales } from '../../geo/geodesic.ts'
import { straightCoverage } from '../../geo/straight-coverage.ts'
import { tallyCoverage, type CoverageTally } from '../../geo/coverage-tally.ts'
import { buildWalkingNetwork, snapToNetwork, walkingCoverage, type NetworkSnap, type WalkingNetwork } from '../../geo/walking-coverage.ts'
import type { Database } from '../db/database.ts'
import { badRequest, notFound } from '../errors.ts'
import { featureCollectionText, jsonObject } from '../http/features.ts'
import { inGrid, pointWithin } from '../http/sql.ts'

export const COVERAGE_MODES = ['straight', 'walking', 'both'] as const
export type CoverageMode = (typeof COVERAGE_MODES)[number]
export const SCOPE_KINDS = ['district', 'street', 'community', 'grid', 'compound'] as const
export type ScopeKind = (typeof SCOPE_KINDS)[number]
/** Grid levels a scope kind may name: 0 streets and towns, 1 communities and villages, 2–3 grids and their points. */
const SCOPE_LEVELS: Record<'street' | 'community' | 'grid', number[]> = { street: [0], community: [1], grid: [2, 3] }

export const DISTANCE_MODEL =
  'Straight line: geodesic metres on the WGS84 ellipsoid (Vincenty), from each building centroid (on its surface for L- and ring-shaped buildings) — the model of PostGIS geography ST_DWithin. Walking: metres along the road and footway network (segments measured on WGS84), plus the straight legs from the kiosk and the building to their nearest points on the network (≤ 250 m; farther is off the network). A building at exactly the radius is covered.'

export interface CoverageRequest {
  radius: number
  mode: CoverageMode
  /** 'any-grid': the legacy `grid` parameter, a grid at any level */
  scope: ScopeKind | 'any-grid'
  /** id of the grid or compound; absent for the district */
  id?: number
  /** the grid level of the per-grid breakdown */
  level: number
}

export interface ModeSummary extends Omit<CoverageTally, 'byGroup'> {
  /** walking only: buildings with no road or footway within 250 m */
  offNetwork?: number
}

export interface GridCoverage {
  gridId: number
  name: string
  nameEn: string
  buildings: { total: number; covered: number }
  households: { total: number; covered: number }
  ratio: number
  straight?: ModeSummary
  walking?: ModeSummary
}

export interface CoverageAnswer {
  scope: { kind: ScopeKind; id: number | null; name: string | null; nameEn: string | null; level: number | null }
  kiosks: number
  straight?: ModeSummary
  walking?: ModeSummary
  difference?: {
    buildings: number
    households: number
    ratio: number
    /** covered in a straight line but not on foot */
    straightOnly: { buildings: number; households: number }
    /** covered on foot but not in a straight line (0: walking is never shorter) */
    walkingOnly: { buildings: number; households: number }
  }
  byGrid: GridCoverage[]
  /** FeatureCollection text of the buildings uncovered in at least one requested mode */
  uncoveredText: string
}

type Bbox = [number, number, number, number]

/**
 * Kiosk coverage of the buildings in a scope, straight line and/or walking. Kiosks come from the
 * scope's box grown by the radius (a kiosk just outside serves buildings inside; walking is never
 * shorter than straight, so the same kiosks suffice). The walking network and every building's
 * snap to it are built once per database and reused until roads or buildings change.
 */
export async function computeCoverage(db: Kysely<Database>, req: CoverageRequest): Promise<CoverageAnswer> {
  const { filter, box, scope } = await resolveScope(db, req)
  let kioskQuery = db.selectFrom('kiosks').select(['lon', 'lat'])
  if (box) {
    const poleward = Math.max(Math.abs(box[1]), Math.abs(box[3]))
    const dLat = (req.radius / (MIN_MERIDIONAL_RADIUS * (Math.PI / 180))) * 1.01
    const dLon = (req.radius / ellipsoidScales(Math.min(89, poleward + dLat)).kx) * 1.01
    kioskQuery = kioskQuery.where(pointWithin([box[0] - dLon, box[1] - dLat, box[2] + dLon, box[3] + dLat]))
  }
  let buildingQuery = db
    .selectFrom('buildings')
    .select(sql<string>`coalesce(json_agg(json_build_array(id, cx, cy, households, grid_path[${req.level + 1}]) order by id), '[]')::text`.as('rows'))
  if (filter) buildingQuery = buildingQuery.where(filter)
  const [buildingText, kioskRows] = await Promise.all([buildingQuery.executeTakeFirstOrThrow(), kioskQuery.execute()])
  const rows = JSON.parse(buildingText.rows) as [number, number, number, number, number | null][]
  const n = rows.length
  const b = { lon: new Float64Array(n), lat: new Float64Array(n) }
  const households = new Float64Array(n)
  const groups = new Float64Array(n)
  rows.forEach(([, lon, lat, h, g], i) => {
    b.lon[i] = lon
    b.lat[i] = lat
    households[i] = h
    groups[i] = g ?? -1
  })
  const k = { lon: Float64Array.from(kioskRows, (r) => r.lon), lat: Float64Array.from(kioskRows, (r) => r.lat) }

  const answer: CoverageAnswer = { scope, kiosks: kioskRows.length, byGrid: [], uncoveredText: '' }
  let straightCovered: Uint8Array | null = null
  let nearest: Float64Array | undefined
  let walkCovered: Uint8Array | null = null
  let walkDistance: Float64Array | null = null
  const talliesByMode: { straight?: CoverageTally; walking?: CoverageTally } = {}
  if (req.mode !== 'walking') {
    const s = straightCoverage(b, k, { radius: req.radius, nearest: true })
    straightCovered = s.covered
    nearest = s.nearest
    talliesByMode.straight = tallyCoverage(s.covered, households, groups)
    answer.straight = summary(talliesByMode.straight)
  }
  if (req.mode !== 'straight') {
    const walking = await walkingContext(db)
    const snaps = walking.snapsFor(rows.map((r) => r[0]))
    const w = walkingCoverage(walking.net, snaps, snapToNetwork(walking.net, k), { radius: req.radius })
    walkCovered = w.covered
    walkDistance = w.distance
    talliesByMode.walking = tallyCoverage(w.covered, households, groups)
    answer.walking = { ...summary(talliesByMode.walking), offNetwork: w.offNetwork }
  }
  if (straightCovered && walkCovered && answer.straight && answer.walking) {
    const only = (a: Uint8Array, not: Uint8Array) => {
      let buildings = 0
      let hh = 0
      for (let i = 0; i < n; i++) if (a[i] && !not[i]) (buildings++, (hh += households[i]))
      return { buildings, households: hh }
    }
    answer.difference = {
      buildings: answer.straight.buildings.covered - answer.walking.buildings.covered,
      households: answer.straight.households.covered - answer.walking.households.covered,
      ratio: answer.straight.ratio - answer.walking.ratio,
      straightOnly: only(straightCovered, walkCovered),
      walkingOnly: only(walkCovered, straightCovered),
    }
  }
  answer.byGrid = await groupBreakdown(db, talliesByMode, req.level, req.mode)

  const ids: number[] = []
  const nearestM: number[] = []
  const straightFlag: number[] = []
  const walkFlag: number[] = []
  const walkM: number[] = []
  for (let i = 0; i < n; i++) {
    const sc = straightCovered ? straightCovered[i] : -1
    const wc = walkCovered ? walkCovered[i] : -1
    if (sc !== 0 && wc !== 0) continue
    ids.push(rows[i][0])
    const d = nearest?.[i]
    // Rounded up, so an uncovered building never reads as within the radius.
    nearestM.push(d !== undefined && Number.isFinite(d) ? Math.ceil(d) : -1)
    straightFlag.push(sc)
    walkFlag.push(wc)
    walkM.push(walkDistance && Number.isFinite(walkDistance[i]) ? Math.round(walkDistance[i]) : -1)
  }
  answer.uncoveredText = await featureCollectionText(db, uncoveredBuildings(db, ids, nearestM, straightFlag, walkFlag, walkM))
  return answer
}

function summary(t: CoverageTally): ModeSummary {
  return { buildings: t.buildings, households: t.households, ratio: t.ratio }
}

async function resolveScope(db: Kysely<Database>, req: CoverageRequest) {
  const none = { kind: 'district' as ScopeKind, id: null, name: null, nameEn: null, level: null }
  if (req.scope === 'district') {
    if (req.id !== undefined) throw badRequest('invalid_id', 'scope=district takes no id', { id: req.id })
    return { filter: null, box: null as Bbox | null, scope: none }
  }
  if (req.id === undefined) throw badRequest('missing_id', `scope=${req.scope} needs the id of the ${req.scope}`, { scope: req.scope })
  if (req.scope === 'compound') {
    const c = await db.selectFrom('compounds').select(['id', 'name', 'minx', 'miny', 'maxx', 'maxy']).where('id', '=', req.id).executeTakeFirst()
    if (!c) throw notFound('compound', req.id)
    return {
      filter: sql<boolean>`compound_id = ${req.id}`,
      box: [c.minx, c.miny, c.maxx, c.maxy] as Bbox,
      scope: { kind: req.scope, id: c.id, name: c.name, nameEn: null, level: null },
    }
  }
  const g = await db.selectFrom('grids').select(['id', 'name', 'name_en', 'level', 'minx', 'miny', 'maxx', 'maxy']).where('id', '=', req.id).executeTakeFirst()
  if (!g) throw notFound('grid', req.id)
  const kind = req.scope === 'any-grid' ? (g.level === 0 ? 'street' : g.level === 1 ? 'community' : 'grid') : req.scope
  const levels = SCOPE_LEVELS[kind]
  if (!levels.includes(g.level)) {
    throw badRequest('invalid_scope', `grid ${g.id} is at level ${g.level}, not a ${kind} (level ${levels.join(' or ')})`, { id: g.id, level: g.level, scope: kind })
  }
  return { filter: inGrid(g.id), box: [g.minx, g.miny, g.maxx, g.maxy] as Bbox, scope: { kind, id: g.id, name: g.name, nameEn: g.name_en, level: g.level } }
}

/** The walking network and each building's snap, per database, rebuilt when roads or buildings change. */
interface WalkingContext {
  key: string
  net: WalkingNetwork
  snapsFor(ids: number[]): NetworkSnap
}
const walkingCache = new WeakMap<object, Promise<WalkingContext>>()

async function walkingContext(db: Kysely<Database>): Promise<WalkingContext> {
  const stamp = await sql<{ key: string }>`select (select count(*) || ':' || coalesce(max(id), 0) from roads) || '/' || (select count(*) || ':' || coalesce(max(id), 0) || ':' || coalesce(sum(cx + cy), 0) from buildings) as key`.execute(db)
  const key = stamp.rows[0].key
  const cached = walkingCache.get(db)
  if (cached) {
    const ctx = await cached
    if (ctx.key === key) return ctx
  }
  const building = (async (): Promise<WalkingContext> => {
    const [roads, buildings] = await Promise.all([
      db.selectFrom('roads').select(sql<string>`coalesce(json_agg(geom order by id), '[]')::text`.as('lines')).executeTakeFirstOrThrow(),
      db.selectFrom('buildings').select(sql<string>`coalesce(json_agg(json_build_array(id, cx, cy) order by id), '[]')::text`.as('rows')).executeTakeFirstOrThrow(),
    ])
    const net = buildWalkingNetwork(JSON.parse(roads.lines) as (LineString | MultiLineString)[])
    const all = JSON.parse(buildings.rows) as [number, number, number][]
    const snap = snapToNetwork(net, { lon: all.map((r) => r[1]), lat: all.map((r) => r[2]) })
    const at = new Map<number, number>()
    all.forEach((r, i) => at.set(r[0], i))
    return {
      key,
      net,
      snapsFor(ids) {
        const out: NetworkSnap = { seg: new Int32Array(ids.length), t: new Float64Array(ids.length), leg: new Float64Array(ids.length) }
        ids.forEach((id, i) => {
          const j = at.get(id)
          out.seg[i] = j === undefined ? -1 : snap.seg[j]
          out.t[i] = j === undefined ? 0 : snap.t[j]
          out.leg[i] = j === undefined ? Infinity : snap.leg[j]
        })
        return out
      },
    }
  })()
  walkingCache.set(db, building)
  building.catch(() => walkingCache.delete(db))
  return building
}

/** The uncovered buildings with their straight distance to the nearest kiosk and walking flags. */
function uncoveredBuildings(db: Kysely<Database>, ids: number[], nearest: number[], straight: number[], walking: number[], walkM: number[]) {
  return db
    .selectFrom(
      sql<{ id: number; d: number; s: number; w: number; wm: number }>`(select unnest(${ids}::integer[]) as id, unnest(${nearest}::integer[]) as d, unnest(${straight}::integer[]) as s, unnest(${walking}::integer[]) as w, unnest(${walkM}::integer[]) as wm)`.as('u'),
    )
    .innerJoin('buildings as b', 'b.id', 'u.id')
    .select([
      'b.id as id',
      'b.geom as geometry',
      jsonObject({
        id: 'b.id',
        name: 'b.name',
        households: 'b.households',
        gridId: 'b.grid_id',
        compoundId: 'b.compound_id',
        nearestKioskM: sql`nullif(u.d, -1)`,
        straightCovered: sql`case u.s when -1 then null else u.s = 1 end`,
        walkingCovered: sql`case u.w when -1 then null else u.w = 1 end`,
        walkingM: sql`nullif(u.wm, -1)`,
      }).as('properties'),
    ])
}

async function groupBreakdown(db: Kysely<Database>, t: { straight?: CoverageTally; walking?: CoverageTally }, level: number, mode: CoverageMode): Promise<GridCoverage[]> {
  const main = t.straight ?? t.walking
  const ids = [...(main?.byGroup?.keys() ?? [])].filter((id) => id > 0)
  if (!main?.byGroup || ids.length === 0) return []
  const grids = await db.selectFrom('grids').select(['id', 'name', 'name_en']).where('id', 'in', ids).where('level', '=', level).orderBy('id').execute()
  const of = (tally: CoverageTally | undefined, id: number): ModeSummary | undefined => {
    const g = tally?.byGroup?.get(id)
    return g && { buildings: g.buildings, households: g.households, ratio: g.households.total > 0 ? g.households.covered / g.households.total : 0 }
  }
  return grids.map((g) => {
    const s = of(main, g.id)!
    const row: GridCoverage = { gridId: g.id, name: g.name, nameEn: g.name_en, ...s }
    if (mode !== 'walking') row.straight = of(t.straight, g.id)
    if (mode !== 'straight') row.walking = of(t.walking, g.id)
    return row
  })
}
