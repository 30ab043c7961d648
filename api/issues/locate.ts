import type { Feature, MultiPolygon, Polygon } from 'geojson'
import type { Kysely } from 'kysely'
import { createPolygonIndex } from '../../geo/index.ts'
import type { Database } from '../db/database.ts'
import { bboxIntersects } from '../http/sql.ts'

/**
 * The level-3 grid containing a point, or null. The bbox index narrows the grids to the few
 * whose box holds the point; the exact test (and its rule for points on a shared edge) is
 * geo's, the same one every other assignment uses.
 */
export async function locateGrid(db: Kysely<Database>, lon: number, lat: number) {
  const candidates = await db
    .selectFrom('grids')
    .select(['id', 'path', 'geom'])
    .where('level', '=', 3)
    .where(bboxIntersects([lon, lat, lon, lat]))
    .execute()
  if (candidates.length === 0) return null
  const features: Feature<Polygon | MultiPolygon, { id: number }>[] = candidates.map((g) => ({
    type: 'Feature',
    id: g.id,
    geometry: g.geom,
    properties: { id: g.id },
  }))
  const id = createPolygonIndex(features).locate(lon, lat)
  return candidates.find((g) => g.id === id) ?? null
}
