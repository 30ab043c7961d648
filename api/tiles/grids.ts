/**
 * The `grids` layer of a vector tile: the grids of one level, clipped to the tile with a buffer,
 * properties id, level, code, name, nameEn, parentId. PostGIS clips and simplifies with
 * ST_AsMVTGeom; the JS path slices with geojson-vt (an index per level, rebuilt when the grids'
 * version changes).
 */
import type { Feature, MultiPolygon, Polygon } from 'geojson'
import GeoJSONVT from 'geojson-vt'
import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/database.ts'
import type { Tiler } from './cases.ts'
import { encodeTile, type TileFeature } from './mvt.ts'
import { bboxIntersects } from '../http/sql.ts'
import { EXTENT, tileBounds, type TileId } from './tile.ts'

export const GRIDS_LAYER = 'grids'
/** Tile units drawn beyond the edge so outlines do not show seams. */
export const GRID_BUFFER = 64

/** The tile's lon/lat box grown by the buffer: the grids ST_AsMVTGeom may draw. */
function bufferedBounds(tile: TileId): [number, number, number, number] {
  const [w, s, e, n] = tileBounds(tile)
  const dx = ((e - w) * GRID_BUFFER) / EXTENT
  const dy = ((n - s) * GRID_BUFFER) / EXTENT
  return [w - dx, s - dy, e + dx, n + dy]
}

type GridProps = { id: number; level: number; code: string; name: string; nameEn: string; parentId: number | null }
type Index = GeoJSONVT

const indexes = new WeakMap<Kysely<Database>, Map<number, { version: string; index: Promise<Index> }>>()

async function buildIndex(db: Kysely<Database>, level: number): Promise<Index> {
  const { rows } = await sql<{ j: string | null }>`select json_agg(json_build_object('type', 'Feature', 'id', id, 'geometry', geom,
      'properties', json_build_object('id', id, 'level', level, 'code', code, 'name', name, 'nameEn', name_en, 'parentId', parent_id)))::text as j
    from grids where level = ${level}`.execute(db)
  const features = rows[0]?.j ? (JSON.parse(rows[0].j) as Feature<Polygon | MultiPolygon, GridProps>[]) : []
  return new GeoJSONVT({ type: 'FeatureCollection', features }, { maxZoom: 16, indexMaxZoom: 5, extent: EXTENT, buffer: GRID_BUFFER, tolerance: 3 })
}

function jsIndex(db: Kysely<Database>, level: number, version: string): Promise<Index> {
  let byLevel = indexes.get(db)
  if (!byLevel) indexes.set(db, (byLevel = new Map()))
  const held = byLevel.get(level)
  if (held?.version === version) return held.index
  const index = buildIndex(db, level)
  byLevel.set(level, { version, index })
  index.catch(() => byLevel.delete(level))
  return index
}

export async function renderGridsTile(db: Kysely<Database>, tiler: Tiler, tile: TileId, level: number, version: string): Promise<Uint8Array> {
  if (tiler === 'postgis') {
    const { rows } = await sql<{ mvt: Uint8Array | null }>`select ST_AsMVT(t, ${GRIDS_LAYER}, ${EXTENT}, 'geom', 'fid') as mvt from (
        select ST_AsMVTGeom(ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON(geom::text), 4326), 3857), e.env, ${EXTENT}, ${GRID_BUFFER}, true) as geom,
          id as fid, id, level, code, name, name_en as "nameEn", parent_id as "parentId"
        from grids, (select ST_TileEnvelope(${tile.z}, ${tile.x}, ${tile.y}) as env) e
        where level = ${level}
          and ${bboxIntersects(bufferedBounds(tile))}
        order by id) t where geom is not null`.execute(db)
    return rows[0]?.mvt ?? new Uint8Array(0)
  }
  const index = await jsIndex(db, level, version)
  const t = index.getTile(tile.z, tile.x, tile.y)
  const features: TileFeature[] = (t?.features ?? []).map((f) => ({
    type: 'polygon',
    id: Number(f.id),
    rings: f.geometry as unknown as [number, number][][],
    properties: f.tags as GridProps,
  }))
  return encodeTile([{ name: GRIDS_LAYER, features }])
}
