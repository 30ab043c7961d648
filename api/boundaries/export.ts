// Export of one grid level (optionally under one parent) as GeoJSON, a Shapefile zip or KML, in
// WGS84 or GCJ-02.

import type { Feature, MultiPolygon, Polygon, Position } from 'geojson'
import { sql, type Kysely } from 'kysely'
import { fromWgs84, prjFor } from '../../geo/crs/index.ts'
import { writeKml } from '../../geo/formats/kml.ts'
import { writeShapefileZip } from '../../geo/formats/shapefile.ts'
import type { Database } from '../db/database.ts'

export type ExportFormat = 'geojson' | 'shapefile' | 'kml'

export interface ExportFile {
  fileName: string
  contentType: string
  body: Uint8Array | string
  count: number
}

/** 7 decimals ≈ 1 cm: more is noise, less loses survey detail. */
const round = (v: number) => Math.round(v * 1e7) / 1e7

export async function exportGrids(db: Kysely<Database>, q: { level: number; parent?: number; format: ExportFormat; crs: 'wgs84' | 'gcj02' }): Promise<ExportFile> {
  const rows = await db
    .selectFrom('grids')
    .select(['id', 'code', 'name', 'name_en', 'level', 'parent_id', 'area_m2', 'geom'])
    .where('level', '=', q.level)
    .$call((b) => (q.parent === undefined ? b : b.where(sql<boolean>`${q.parent} = any(path)`)))
    .orderBy('id')
    .execute()
  const convert = fromWgs84({ kind: q.crs })
  const mapRing = (ring: Position[]) => ring.map(([x, y]) => convert(x, y).map(round))
  const geometryOf = (g: Polygon | MultiPolygon): Polygon | MultiPolygon =>
    g.type === 'Polygon' ? { type: 'Polygon', coordinates: g.coordinates.map(mapRing) } : { type: 'MultiPolygon', coordinates: g.coordinates.map((p) => p.map(mapRing)) }
  const features = rows.map((r) => ({
    properties: { id: r.id, code: r.code, name: r.name, name_en: r.name_en, level: r.level, parent_id: r.parent_id, area_m2: Math.round(r.area_m2) },
    geometry: geometryOf(r.geom),
  }))
  const base = `grids-level${q.level}${q.parent === undefined ? '' : `-parent${q.parent}`}-${q.crs}`
  if (q.format === 'geojson') {
    const fc = { type: 'FeatureCollection', features: features.map((f): Feature => ({ type: 'Feature', id: f.properties.id, ...f })) }
    return { fileName: `${base}.geojson`, contentType: 'application/geo+json; charset=utf-8', body: JSON.stringify(fc), count: features.length }
  }
  if (q.format === 'kml') {
    return { fileName: `${base}.kml`, contentType: 'application/vnd.google-earth.kml+xml; charset=utf-8', body: writeKml(base, features.map((f) => ({ name: f.properties.name, ...f }))), count: features.length }
  }
  const fields = [
    { name: 'id', type: 'N', length: 10, decimals: 0 },
    { name: 'code', type: 'C', length: 15, decimals: 0 },
    { name: 'name', type: 'C', length: 120, decimals: 0 },
    { name: 'name_en', type: 'C', length: 120, decimals: 0 },
    { name: 'level', type: 'N', length: 2, decimals: 0 },
    { name: 'parent_id', type: 'N', length: 10, decimals: 0 },
    { name: 'area_m2', type: 'N', length: 14, decimals: 0 },
  ]
  return { fileName: `${base}.zip`, contentType: 'application/zip', body: writeShapefileZip(base, features, fields, prjFor(q.crs)), count: features.length }
}
