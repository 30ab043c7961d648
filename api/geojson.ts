import type { Feature, FeatureCollection, Geometry } from 'geojson'
import { badRequest } from './errors.ts'

export type Bbox = [number, number, number, number]

export function toFeature<G extends Geometry, P>(id: number, geometry: G, properties: P): Feature<G, P> & { id: number } {
  return { type: 'Feature', id, geometry, properties }
}

export function toCollection<F extends Feature>(features: F[]): FeatureCollection<F['geometry'], F['properties']> & { features: F[] } {
  return { type: 'FeatureCollection', features }
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

/** Bounding box of any GeoJSON geometry (coordinates nested to any depth). */
export function geometryBbox(geometry: Geometry): Bbox {
  let minx = Infinity
  let miny = Infinity
  let maxx = -Infinity
  let maxy = -Infinity
  const visit = (coords: unknown): void => {
    if (typeof (coords as number[])[0] === 'number') {
      const [x, y] = coords as number[]
      if (x < minx) minx = x
      if (x > maxx) maxx = x
      if (y < miny) miny = y
      if (y > maxy) maxy = y
      return
    }
    for (const c of coords as unknown[]) visit(c)
  }
  if (geometry.type === 'GeometryCollection') geometry.geometries.forEach((g) => visit((g as Exclude<Geometry, { type: 'GeometryCollection' }>).coordinates))
  else visit(geometry.coordinates)
  return [minx, miny, maxx, maxy]
}

export function bboxColumns(geometry: Geometry) {
  const [minx, miny, maxx, maxy] = geometryBbox(geometry)
  return { minx, miny, maxx, maxy }
}
