import { sql, type Kysely } from 'kysely'
import type { Feature, FeatureCollection, MultiPolygon, Point, Polygon, Position } from 'geojson'
import { bbox, buildingCentroid, createPolygonIndex } from '../../geo/index.ts'
import type { Database } from '../db/database.ts'
import type { Bbox } from '../geojson.ts'
import { bboxIntersects, pointWithin } from '../http/sql.ts'
import type { GridWrite } from './plan.ts'
import { loadGrids } from './repository.ts'

export const MOVE_KINDS = ['building', 'household', 'compound', 'kiosk', 'facility', 'case', 'patrol_point'] as const
export type MoveKind = (typeof MOVE_KINDS)[number]
type ObjectKind = Exclude<MoveKind, 'household'>

/** One object whose grid changes: its grid path (level 0 → its own level) before and after. */
export interface Relocation {
  kind: ObjectKind
  id: number
  lon: number
  lat: number
  fromPath: number[]
  toPath: number[]
  households: number
}

const TABLE: Record<ObjectKind, 'buildings' | 'compounds' | 'kiosks' | 'facilities' | 'issues' | 'patrols'> = {
  building: 'buildings', compound: 'compounds', kiosk: 'kiosks', facility: 'facilities', case: 'issues', patrol_point: 'patrols',
}
/** Cases that still move with their grid; closed and rejected ones keep the grid they were handled in. */
export const OPEN_CASE = sql<boolean>`status not in ('closed', 'rejected')`

/** The box every before and after geometry of the writes lies in. */
export function regionOf(writes: GridWrite[]): Bbox | null {
  const boxes = writes.flatMap((w) => [w.before, w.after]).filter((s) => s !== null).map((s) => bbox(s!.geometry))
  if (!boxes.length) return null
  return [Math.min(...boxes.map((b) => b[0])), Math.min(...boxes.map((b) => b[1])), Math.max(...boxes.map((b) => b[2])), Math.max(...boxes.map((b) => b[3]))]
}

/**
 * Which objects change grid once `writes` are in force: the level-3 grids over the region after
 * the change go into geo's point index (flatbush + exact point-in-polygon, O(log n) a point), and
 * every building (centroid), compound (inside point), kiosk, facility, open case and patrol track
 * in the region is located again; patrol tracks follow the grid they are assigned to.
 */
export async function relocations(db: Kysely<Database>, writes: GridWrite[]): Promise<Relocation[]> {
  const region = regionOf(writes)
  if (!region) return []
  const written = new Set(writes.map((w) => w.id))
  const ids = (await db.selectFrom('grids').select('id').where('level', '=', 3).where(bboxIntersects(region)).execute()).map((r) => r.id)
  const kept = (await loadGrids(db, { ids })).filter((g) => !written.has(g.id))
  const level3 = [
    ...kept.map((g) => ({ id: g.id, path: g.path, geometry: g.geometry })),
    ...writes.filter((w) => w.after && w.after.level === 3).map((w) => ({ id: w.id, path: w.after!.path, geometry: w.after!.geometry })),
  ]
  const pathOf = new Map(level3.map((g) => [g.id, g.path]))
  const index = createPolygonIndex<number>(level3.map((g) => ({ type: 'Feature', id: g.id, properties: {}, geometry: g.geometry }) as Feature<Polygon | MultiPolygon>))
  const out: Relocation[] = []
  const consider = (kind: ObjectKind, id: number, lon: number, lat: number, fromPath: number[], households = 0) => {
    const at = index.locate(lon, lat)
    // only objects in or into a written grid move (a point on an untouched shared edge stays put)
    if (at === null || (!written.has(at) && !written.has(fromPath[fromPath.length - 1]))) return
    const toPath = pathOf.get(at)!.slice(0, Math.max(fromPath.length, 1))
    if (toPath.length !== fromPath.length || toPath.some((g, i) => g !== fromPath[i])) out.push({ kind, id, lon, lat, fromPath, toPath, households })
  }
  const rows = async <T>(q: { executeTakeFirstOrThrow(): Promise<{ rows: string }> }) => JSON.parse((await q.executeTakeFirstOrThrow()).rows) as T[]
  const agg = (expr: ReturnType<typeof sql>) => sql<string>`coalesce(json_agg(${expr}), '[]')::text`.as('rows')

  for (const [id, x, y, path, hh] of await rows<[number, number, number, number[], number]>(
    db.selectFrom('buildings').select(agg(sql`json_build_array(id, cx, cy, grid_path, households)`)).where(bboxIntersects(region)),
  )) consider('building', id, x, y, path, hh)
  for (const [id, geom, path] of await rows<[number, Polygon | MultiPolygon, number[]]>(
    db.selectFrom('compounds').select(agg(sql`json_build_array(id, geom, grid_path)`)).where(bboxIntersects(region)),
  )) {
    const [x, y] = buildingCentroid(geom)
    consider('compound', id, x, y, path)
  }
  for (const [kind, table, extra] of [['kiosk', 'kiosks', sql<boolean>`true`], ['facility', 'facilities', sql<boolean>`true`], ['case', 'issues', OPEN_CASE]] as const) {
    for (const [id, x, y, path] of await rows<[number, number, number, number[]]>(
      db.selectFrom(table).select(agg(sql`json_build_array(id, lon, lat, grid_path)`)).where(pointWithin(region)).where(extra),
    )) consider(kind, id, x, y, path)
  }
  // a patrol track belongs to the grid it was assigned (demo: a level-2 area), not to where it ran:
  // it follows that grid's new path, and only when the grid retires is it placed by its middle fix
  const after = new Map(writes.map((w) => [w.id, w.after]))
  for (const [id, coords, path, gridId] of await rows<[number, Position[], number[], number]>(
    db.selectFrom('patrols').select(agg(sql`json_build_array(id, geom->'coordinates', grid_path, grid_id)`)).where('grid_id', 'in', [0, ...written]),
  )) {
    const mid = coords[Math.floor(coords.length / 2)]
    const next = after.get(gridId)
    if (next) {
      if (next.path.join() !== path.join()) out.push({ kind: 'patrol_point', id, lon: mid?.[0] ?? 0, lat: mid?.[1] ?? 0, fromPath: path, toPath: next.path, households: 0 })
    } else if (mid) {
      const at = index.locate(mid[0], mid[1])
      if (at !== null) out.push({ kind: 'patrol_point', id, lon: mid[0], lat: mid[1], fromPath: path, toPath: pathOf.get(at)!.slice(0, path.length), households: 0 })
    }
  }
  return out
}

/** Writes the new grid of each relocated object (grid_id = the last id of its new path). */
export async function writeRelocations(db: Kysely<Database>, moved: Relocation[]): Promise<void> {
  for (const kind of Object.keys(TABLE) as ObjectKind[]) {
    const rows = moved.filter((m) => m.kind === kind).map((m) => ({ id: m.id, g: m.toPath[m.toPath.length - 1], p: `{${m.toPath.join(',')}}` }))
    for (let i = 0; i < rows.length; i += 2000) {
      const chunk = JSON.stringify(rows.slice(i, i + 2000))
      await sql`update ${sql.table(TABLE[kind])} t set grid_id = v.g, grid_path = v.p::integer[]
        from json_to_recordset(${chunk}::json) as v(id integer, g integer, p text) where t.id = v.id`.execute(db)
    }
  }
}

export interface Move {
  kind: MoveKind
  fromGridId: number
  toGridId: number
  count: number
  ids: number[]
}

/** Moves grouped by kind and by the first level where the old and new paths part (households: the buildings' sum). */
export function groupMoves(moved: Relocation[]): Move[] {
  const groups = new Map<string, Move>()
  const add = (kind: MoveKind, from: number, to: number, id: number, n: number) => {
    const key = `${kind}:${from}:${to}`
    const m = groups.get(key) ?? { kind, fromGridId: from, toGridId: to, count: 0, ids: [] }
    m.count += n
    m.ids.push(id)
    groups.set(key, m)
  }
  for (const r of moved) {
    const k = r.toPath.findIndex((g, i) => g !== r.fromPath[i])
    const [from, to] = [r.fromPath[k], r.toPath[k]]
    add(r.kind, from, to, r.id, 1)
    if (r.kind === 'building' && r.households > 0) add('household', from, to, r.id, r.households)
  }
  const order = (k: MoveKind) => ['case', 'building', 'household', 'compound', 'kiosk', 'facility', 'patrol_point'].indexOf(k)
  return [...groups.values()].sort((a, b) => order(a.kind) - order(b.kind) || b.count - a.count)
}

/** The moved objects on a map: one point each, with kind, fromGridId and toGridId. */
export function movedFeatures(moved: Relocation[]): FeatureCollection<Point> {
  return {
    type: 'FeatureCollection',
    features: moved.map((r, i) => {
      const k = r.toPath.findIndex((g, j) => g !== r.fromPath[j])
      return { type: 'Feature', id: i + 1, geometry: { type: 'Point', coordinates: [r.lon, r.lat] }, properties: { kind: r.kind, objectId: r.id, fromGridId: r.fromPath[k], toGridId: r.toPath[k] } }
    }),
  }
}
