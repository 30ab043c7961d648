import type { Feature, Geometry } from 'geojson'
import { bbox } from '../geo/index.ts'
import { badRequest } from './errors.ts'

export type Bbox = [number, number, number, number]

export function toFeature<G extends Geometry, P>(id: number, geometry: G, properties: P): Feature<G, P> & { id: number } {
  return { type: 'Feature', id, geometry, properties }
}

/** Parses `minLon,minLat,maxLon,maxLat`; throws a 400 naming the problem. */
export function parseBbox(text: string): Bbox {
  const parts = text.split(',').map((p) => Number(p.trim()))
  if (parts.length !== 4 || parts.some((n) => !Number.isFinite(n))) {
    throw badRequest('invalid_bbox', `bbox must be four numbers minLon,minLat,maxLon,maxLat; got "${text}"`, { bbox: text })
  }
  const [minLon, minLat, maxLon, maxLat] = parts
  if (minLon < -180 || maxLon > 180 || minLat < -90 || maxLat > 90) {
    throw badRequest('invalid_bbox', `bbox ${text} lies outside longitude -180..180 / latitude -90..90`, { bbox: text })
  }
  if (minLon > maxLon || minLat > maxLat) {
    throw badRequest('invalid_bbox', `bbox ${text} has its minimum above its maximum`, { bbox: text })
  }
  return [minLon, minLat, maxLon, maxLat]
}

/** The four bbox columns stored beside a geometry. */
export function bboxColumns(geometry: Geometry) {
  const [minx, miny, maxx, maxy] = bbox(geometry)
  return { minx, miny, maxx, maxy }
}
