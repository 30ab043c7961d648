// Patrol compliance for one ISO week from the patrols table: the district's streets, level-3 grids,
// kiosks and open issues become a geo PatrolNetwork; every track overlapping the week is appended to
// a PatrolState (tracks of a worker in time order, so the cleaning carries across them); the summary
// comes from geo/patrol-compliance.ts. Rules and definitions: docs/patrol.md.

import type { LineString, MultiLineString, MultiPolygon, Point, Polygon } from 'geojson'
import { sql, type Kysely } from 'kysely'
import {
  appendFixes,
  buildPatrolNetwork,
  createPatrolState,
  isoWeekRange,
  patrolCompliance,
  POINT_KINDS,
  type PointKind,
  type ComplianceSummary,
  type PatrolNetwork,
  type PatrolState,
  type RemovedCounts,
} from '../../geo/index.ts'
import { CLOSED_STATUSES } from '../cases/lifecycle.ts'
import type { Database } from '../db/database.ts'
import { badRequest, notFound } from '../errors.ts'

type Db = Kysely<Database>

export interface ComplianceRequest {
  week: string
  corridorM: number
  level: number
  grid?: number
}

const readJson = async <T>(db: Db, query: ReturnType<typeof sql>): Promise<T> => {
  const { rows } = await query.execute(db)
  return JSON.parse((rows[0] as { j: string | null }).j ?? '[]') as T
}

/** Streets, level-3 grids, kiosks and open issues, read as one JSON text each (fast on both engines). */
export async function loadPatrolNetwork(db: Db): Promise<{ network: PatrolNetwork; gridNames: Map<number, { name: string; nameEn: string }> }> {
  const closed = sql.join(CLOSED_STATUSES.map((s) => sql`${s}`))
  const [streets, grids, kiosks, issues, names] = await Promise.all([
    readJson<(LineString | MultiLineString)[]>(db, sql`select json_agg(geom order by id)::text as j from roads`),
    readJson<[number, number[], Polygon | MultiPolygon][]>(db, sql`select json_agg(json_build_array(id, path, geom) order by id)::text as j from grids where level = 3`),
    readJson<[number, number, number][]>(db, sql`select json_agg(json_build_array(id, lon, lat) order by id)::text as j from kiosks`),
    readJson<[number, number, number][]>(db, sql`select json_agg(json_build_array(id, lon, lat) order by id)::text as j from issues where status not in (${closed})`),
    readJson<[number, string, string][]>(db, sql`select json_agg(json_build_array(id, name, name_en))::text as j from grids`),
  ])
  const site = ([id, lon, lat]: [number, number, number]) => ({ id, lon, lat })
  const network = buildPatrolNetwork({
    streets,
    grids: grids.map(([id, path, geometry]) => ({ id, path, geometry })),
    kiosks: kiosks.map(site),
    issues: issues.map(site),
  })
  return { network, gridNames: new Map(names.map(([id, name, nameEn]) => [id, { name, nameEn }])) }
}

interface TrackRow {
  worker: { name: string; phone: string }
  gridId: number | null
  coordinates: [number, number][]
  times: number[]
}

const workerKey = (w: { name: string; phone: string }) => `${w.phone}|${w.name}`

export interface ComplianceResult {
  summary: ComplianceSummary
  network: PatrolNetwork
  state: PatrolState
  workers: Map<string, { name: string; phone: string; tracks: number }>
  gridNames: Map<number, { name: string; nameEn: string }>
  tracks: number
  range: { from: string; to: string }
}

export async function computePatrolCompliance(db: Db, req: ComplianceRequest): Promise<ComplianceResult> {
  let from: number, to: number
  try {
    ;[from, to] = isoWeekRange(req.week)
  } catch (e) {
    throw badRequest('invalid_week', (e as Error).message.replace('isoWeekRange: ', ''), { week: req.week })
  }
  if (req.grid !== undefined) {
    const found = await db.selectFrom('grids').select('id').where('id', '=', req.grid).executeTakeFirst()
    if (!found) throw notFound('grid', req.grid)
  }
  const [{ network, gridNames }, rows] = await Promise.all([
    loadPatrolNetwork(db),
    readJson<TrackRow[]>(
      db,
      sql`select json_agg(json_build_object('worker', worker, 'gridId', grid_id, 'coordinates', geom->'coordinates', 'times', times) order by started_at, id)::text as j
          from patrols where started_at < ${new Date(to)} and ended_at >= ${new Date(from)}`,
    ),
  ])
  let state = createPatrolState({ corridorM: req.corridorM })
  const areas = new Map<string, number[]>()
  const workers = new Map<string, { name: string; phone: string; tracks: number }>()
  for (const row of rows) {
    const key = workerKey(row.worker)
    const w = workers.get(key) ?? { ...row.worker, tracks: 0 }
    w.tracks++
    workers.set(key, w)
    if (row.gridId !== null) {
      const area = areas.get(key) ?? []
      if (!area.includes(row.gridId)) area.push(row.gridId)
      areas.set(key, area)
    }
    state = appendFixes(network, state, key, {
      lon: row.coordinates.map((c) => c[0]),
      lat: row.coordinates.map((c) => c[1]),
      t: row.times,
    })
  }
  for (const key of workers.keys()) if (!areas.has(key)) areas.set(key, [])
  const summary = patrolCompliance(network, state, req.week, { level: req.level, scope: req.grid, areas })
  return { summary, network, state, workers, gridNames, tracks: rows.length, range: { from: new Date(from).toISOString(), to: new Date(to).toISOString() } }
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6
const round1 = (x: number) => Math.round(x * 10) / 10

/**
 * The street pieces in scope as LineStrings, consecutive pieces of one street with the same grid and
 * visited flag merged into one feature; and every point in scope with its visited flag.
 */
export function complianceFeatures(result: ComplianceResult, scope?: number) {
  const { network, state, summary } = result
  const { pieces, points, grids, frame } = network
  const week = state.weeks.get(summary.week)
  const inScope = Uint8Array.from(grids.path, (p) => (scope === undefined || p.includes(scope) ? 1 : 0))
  const streets: { type: 'Feature'; id: number; properties: { visited: boolean; gridId: number; lengthM: number }; geometry: LineString }[] = []
  type Run = { coords: [number, number][]; lengthM: number; gridId: number; visited: boolean; street: number; end: [number, number] }
  let run: Run | null = null
  const flush = () => {
    if (run) streets.push({ type: 'Feature', id: streets.length + 1, properties: { visited: run.visited, gridId: run.gridId, lengthM: round1(run.lengthM) }, geometry: { type: 'LineString', coordinates: run.coords } })
    run = null
  }
  const lonLat = (x: number, y: number): [number, number] => {
    const [lon, lat] = frame.toLonLat([x, y])
    return [round6(lon), round6(lat)]
  }
  for (let i = 0; i < pieces.count; i++) {
    const g = pieces.grid[i]
    if (g < 0 || !inScope[g]) {
      flush()
      continue
    }
    const visited = week?.pieces[i] === 1
    const gridId = grids.id[g]
    const r = run as Run | null
    if (r && r.visited === visited && r.gridId === gridId && r.street === pieces.street[i] && Math.hypot(r.end[0] - pieces.ax[i], r.end[1] - pieces.ay[i]) < 1e-6) {
      r.coords.push(lonLat(pieces.bx[i], pieces.by[i]))
      r.lengthM += pieces.length[i]
      r.end = [pieces.bx[i], pieces.by[i]]
      continue
    }
    flush()
    run = { coords: [lonLat(pieces.ax[i], pieces.ay[i]), lonLat(pieces.bx[i], pieces.by[i])], lengthM: pieces.length[i], gridId, visited, street: pieces.street[i], end: [pieces.bx[i], pieces.by[i]] }
  }
  flush()
  const pointFeatures: { type: 'Feature'; id: number; properties: { kind: PointKind; id: number; gridId: number; visited: boolean }; geometry: Point }[] = []
  for (let i = 0; i < points.count; i++) {
    const g = points.grid[i]
    if (g < 0 || !inScope[g]) continue
    pointFeatures.push({
      type: 'Feature',
      id: pointFeatures.length + 1,
      properties: { kind: POINT_KINDS[points.kind[i]], id: points.id[i], gridId: grids.id[g], visited: week?.points[i] === 1 },
      geometry: { type: 'Point', coordinates: lonLat(points.x[i], points.y[i]) },
    })
  }
  return { streets: { type: 'FeatureCollection' as const, features: streets }, points: { type: 'FeatureCollection' as const, features: pointFeatures } }
}

/** Cleaning totals over every worker's stream. */
export function cleaningTotals(state: PatrolState): { received: number; removed: RemovedCounts } {
  const removed: RemovedCounts = { invalid: 0, inaccurate: 0, duplicate: 0, outOfOrder: 0, stationary: 0, jump: 0 }
  let received = 0
  for (const t of state.tracks.values()) {
    received += t.received
    for (const k of Object.keys(removed) as (keyof RemovedCounts)[]) removed[k] += t.removed[k]
  }
  return { received, removed }
}
