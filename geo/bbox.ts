// Bounding boxes of GeoJSON objects, in their own coordinates: [minX, minY, maxX, maxY].
// No antimeridian handling: a box that crosses ±180° comes out as the wide box between its ends.

import type { Feature, FeatureCollection, Geometry, Position } from 'geojson'

export type Box = [number, number, number, number]

/** Bounding box of a Geometry, Feature or FeatureCollection (2-D; z ignored). Throws when there is no position. */
export function bbox(object: Geometry | Feature | FeatureCollection): Box {
  const box: Box = [Infinity, Infinity, -Infinity, -Infinity]
  extend(box, object)
  if (box[0] > box[2]) throw new RangeError(`bbox: ${describe(object)} has no positions`)
  return box
}

function extend(box: Box, object: Geometry | Feature | FeatureCollection | null): void {
  if (object === null) return
  switch (object.type) {
    case 'FeatureCollection':
      for (const feature of object.features) extend(box, feature)
      return
    case 'Feature':
      extend(box, object.geometry)
      return
    case 'GeometryCollection':
      for (const geometry of object.geometries) extend(box, geometry)
      return
    case 'Point':
      extendPositions(box, [object.coordinates])
      return
    case 'MultiPoint':
    case 'LineString':
      extendPositions(box, object.coordinates)
      return
    case 'MultiLineString':
    case 'Polygon':
      for (const line of object.coordinates) extendPositions(box, line)
      return
    case 'MultiPolygon':
      for (const polygon of object.coordinates) for (const ring of polygon) extendPositions(box, ring)
      return
    default:
      throw new TypeError(`bbox: unknown GeoJSON type ${JSON.stringify((object as { type?: unknown }).type)}`)
  }
}

function extendPositions(box: Box, positions: Position[]): void {
  for (const [x, y] of positions) {
    if (x < box[0]) box[0] = x
    if (y < box[1]) box[1] = y
    if (x > box[2]) box[2] = x
    if (y > box[3]) box[3] = y
  }
}

function describe(object: { type?: unknown }): string {
  return `the ${String(object.type)}`
}

/** True when the closed boxes share at least one point (touching edges count). */
export function bboxIntersects(a: Readonly<Box>, b: Readonly<Box>): boolean {
  return a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3]
}

/** True when the point lies in the closed box. */
export function bboxContainsPoint(box: Readonly<Box>, lon: number, lat: number): boolean {
  return lon >= box[0] && lon <= box[2] && lat >= box[1] && lat <= box[3]
}
