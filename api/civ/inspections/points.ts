import type { Feature, FeatureCollection, Point } from 'geojson'
import type { Kysely, Transaction } from 'kysely'
import { buildingCentroid, createPolygonIndex, type SampleCandidateProps } from '../../../geo/index.ts'
import type { Database } from '../../db/database.ts'
import type { InspectionPointType } from '../../db/tables/inspections.table.ts'
import { notFound, unprocessable } from '../../errors.ts'
import { bboxIntersects, inGrid } from '../../http/sql.ts'
import { locateGrid } from '../../issues/locate.ts'

type Db = Kysely<Database> | Transaction<Database>

export const POINT_TYPES: readonly InspectionPointType[] = ['compound', 'street', 'market', 'practice_station']

/** Road classes that count as a street to assess (footways and unnamed rural tracks do not). */
const STREET_CLASSES = ['primary', 'secondary', 'residential', 'rural']

export interface AssessmentPointProps extends SampleCandidateProps {
  pointType: InspectionPointType
  name: string
  /** level-3 grid holding the point, and its path */
  gridId: number
  gridPath: number[]
  compoundId: number | null
  facilityId: number | null
  roadId: number | null
}

export type AssessmentPoint = Feature<Point, AssessmentPointProps>

/** `compound:12`, `market:40`, `street:7` (a road id): stable candidate ids for sampling. */
export const pointKey = (type: InspectionPointType, id: number) => `${type}:${id}`

/**
 * Every point an inspection can score under a grid (any level): compounds (a point inside the
 * polygon), markets and practice stations (facilities), and streets — each named road of the
 * street classes, at its middle vertex, in the level-3 grid holding that vertex. community = the
 * level-1 grid of the point's path. Ordered by key, so the candidate set is a function of the data.
 */
export async function assessmentPoints(db: Db, scopeGridId: number, types: readonly InspectionPointType[] = POINT_TYPES): Promise<FeatureCollection<Point, AssessmentPointProps>> {
  const scope = await db.selectFrom('grids').select(['id', 'level', 'minx', 'miny', 'maxx', 'maxy']).where('id', '=', scopeGridId).executeTakeFirst()
  if (!scope) throw notFound('grid', scopeGridId)
  const features: AssessmentPoint[] = []
  if (types.includes('compound')) {
    const rows = await db.selectFrom('compounds').select(['id', 'name', 'grid_path', 'geom']).where(inGrid(scopeGridId)).orderBy('id').execute()
    for (const c of rows) features.push(assessmentPoint('compound', c.id, c.name, buildingCentroid(c.geom), c.grid_path, { compoundId: c.id }))
  }
  const facilityKinds = types.filter((t) => t === 'market' || t === 'practice_station')
  if (facilityKinds.length) {
    const rows = await db.selectFrom('facilities').select(['id', 'kind', 'name', 'grid_path', 'lon', 'lat']).where('kind', 'in', facilityKinds).where(inGrid(scopeGridId)).orderBy('id').execute()
    for (const f of rows) features.push(assessmentPoint(f.kind as InspectionPointType, f.id, f.name, [f.lon, f.lat], f.grid_path, { facilityId: f.id }))
  }
  if (types.includes('street')) features.push(...(await streetPoints(db, scope)))
  return { type: 'FeatureCollection', features }
}

async function streetPoints(
  db: Db,
  scope: { id: number; minx: number; miny: number; maxx: number; maxy: number },
): Promise<AssessmentPoint[]> {
  const box: [number, number, number, number] = [scope.minx, scope.miny, scope.maxx, scope.maxy]
  const grids = await db.selectFrom('grids').select(['id', 'path', 'geom']).where('level', '=', 3).where(inGrid(scope.id, 'path')).where(bboxIntersects(box)).execute()
  if (!grids.length) return []
  const index = createPolygonIndex(grids.map((g) => ({ type: 'Feature' as const, id: g.id, geometry: g.geom, properties: {} })))
  const paths = new Map(grids.map((g) => [g.id, g.path]))
  const roads = await db.selectFrom('roads').select(['id', 'name', 'geom']).where('name', 'is not', null).where('class', 'in', STREET_CLASSES).where(bboxIntersects(box)).orderBy('id').execute()
  const out: AssessmentPoint[] = []
  for (const r of roads) {
    const line = r.geom.type === 'LineString' ? r.geom.coordinates : r.geom.coordinates[0]!
    const mid = line[Math.floor(line.length / 2)]!
    const gridId = index.locate(mid[0]!, mid[1]!)
    if (gridId === null) continue
    out.push(assessmentPoint('street', r.id, r.name!, [mid[0]!, mid[1]!], paths.get(gridId as number)!, { roadId: r.id }))
  }
  return out
}

/** The deepest grid every scope root of the caller lies under (their community, for an inspector). */
export async function scopeRoot(db: Db, gridIds: readonly number[]): Promise<number | null> {
  if (!gridIds.length) return null
  const rows = await db.selectFrom('grids').select('path').where('id', 'in', gridIds).execute()
  if (!rows.length) return null
  let prefix = rows[0]!.path
  for (const r of rows) {
    let k = 0
    while (k < prefix.length && prefix[k] === r.path[k]) k++
    prefix = prefix.slice(0, k)
  }
  return prefix[prefix.length - 1] ?? null
}

/** One point by type and id, anywhere in the district (422 when it has no level-3 grid). */
export async function pointById(db: Db, type: InspectionPointType, id: number): Promise<AssessmentPoint> {
  if (type === 'compound') {
    const c = await db.selectFrom('compounds').select(['id', 'name', 'grid_path', 'geom']).where('id', '=', id).executeTakeFirst()
    if (!c) throw notFound('compound', id)
    return assessmentPoint(type, id, c.name, buildingCentroid(c.geom), c.grid_path, { compoundId: id })
  }
  if (type === 'street') {
    const r = await db.selectFrom('roads').select(['id', 'name', 'geom']).where('id', '=', id).executeTakeFirst()
    if (!r) throw notFound('road', id)
    const line = r.geom.type === 'LineString' ? r.geom.coordinates : r.geom.coordinates[0]!
    const mid = line[Math.floor(line.length / 2)]!
    const grid = await locateGrid(db, mid[0]!, mid[1]!)
    if (!grid) throw unprocessable('outside_grids', `Road ${id} lies outside every grid`, { roadId: id })
    return assessmentPoint(type, id, r.name ?? `#${id}`, [mid[0]!, mid[1]!], grid.path, { roadId: id })
  }
  const f = await db.selectFrom('facilities').select(['id', 'kind', 'name', 'grid_path', 'lon', 'lat']).where('id', '=', id).executeTakeFirst()
  if (!f || f.kind !== type) throw notFound(type, id)
  return assessmentPoint(type, id, f.name, [f.lon, f.lat], f.grid_path, { facilityId: id })
}

/** The point as a sampling candidate: community is the level-1 grid of its path. */
function assessmentPoint(type: InspectionPointType, id: number, name: string, lonlat: [number, number], path: number[], refs: Partial<Pick<AssessmentPointProps, 'compoundId' | 'facilityId' | 'roadId'>>): AssessmentPoint {
  return {
    type: 'Feature',
    id: pointKey(type, id),
    geometry: { type: 'Point', coordinates: lonlat },
    properties: { community: path[1] ?? path[0]!, pointType: type, name, gridId: path[path.length - 1]!, gridPath: path, compoundId: null, facilityId: null, roadId: null, ...refs },
  }
}
