// createPolygonIndex: which grid (or compound, or district) holds a point.
//
// Build O(n log n) for n polygons (flatbush over their boxes); a query costs O(log n) plus an
// exact point-in-polygon test, O(v), for each of the few polygons whose box holds the point.
//
// Boundary rule: containment is CLOSED (a point on a polygon's boundary, including a hole's,
// is in it) and exact (orient2d). locate() returns the SMALLEST id among the polygons that contain
// the point, so a point on the shared edge or vertex of neighbouring grids goes to exactly one of
// them, the same one every time, and locate(p) === locateAll(p)[0] ?? null. Ids compare as
// numbers when both are numbers, as strings (code units) when both are strings; numbers sort first.
// Geometry is assumed valid (see validateGeometry): rings are read even-odd.

import Flatbush from 'flatbush'
import type { Feature, MultiPolygon, Polygon } from 'geojson'
import { containsClosed, flattenPolygon } from './point-in-polygon.ts'

export type PolygonId = string | number

export interface PolygonIndex<Id extends PolygonId = PolygonId> {
  /** Number of polygons indexed. */
  readonly size: number
  /** The smallest id among the polygons whose closure holds the point, or null. */
  locate(lon: number, lat: number): Id | null
  /** Every id whose polygon's closure holds the point, ascending. */
  locateAll(lon: number, lat: number): Id[]
}

/** Ids come from feature.id, else properties.id; each must be present and unique. */
export function createPolygonIndex<Id extends PolygonId = PolygonId>(
  features: Feature<Polygon | MultiPolygon>[],
): PolygonIndex<Id> {
  const ids = features.map((f, i) => featureId(f, i)) as Id[]
  const order = ids.map((_, i) => i).sort((a, b) => compareIds(ids[a], ids[b]))
  order.forEach((k, n) => {
    if (n > 0 && compareIds(ids[order[n - 1]], ids[k]) === 0) {
      throw new RangeError(`createPolygonIndex: id ${JSON.stringify(ids[k])} is used by more than one feature`)
    }
  })
  const rank = new Int32Array(ids.length)
  order.forEach((k, n) => (rank[k] = n))
  const shapes = features.map((f, i) => {
    const g = f.geometry as { type?: string } | null
    if (g?.type !== 'Polygon' && g?.type !== 'MultiPolygon') {
      throw new TypeError(`createPolygonIndex: feature ${i} must be a Polygon or MultiPolygon, got ${g ? g.type : String(g)}`)
    }
    return flattenPolygon(f.geometry)
  })
  if (features.length === 0) return { size: 0, locate: () => null, locateAll: () => [] }

  const tree = new Flatbush(features.length)
  for (const s of shapes) tree.add(s.minX, s.minY, s.maxX, s.maxY)
  tree.finish()

  return {
    size: features.length,
    locate(lon, lat) {
      let best = -1
      for (const k of tree.search(lon, lat, lon, lat)) {
        if ((best < 0 || rank[k] < rank[best]) && containsClosed(shapes[k], lon, lat)) best = k
      }
      return best < 0 ? null : ids[best]
    },
    locateAll(lon, lat) {
      return tree
        .search(lon, lat, lon, lat)
        .filter((k) => containsClosed(shapes[k], lon, lat))
        .sort((a, b) => rank[a] - rank[b])
        .map((k) => ids[k])
    },
  }
}

export function compareIds(a: PolygonId, b: PolygonId): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b
  if (typeof a === 'number') return -1
  if (typeof b === 'number') return 1
  return a < b ? -1 : a > b ? 1 : 0
}

function featureId(f: Feature<Polygon | MultiPolygon>, i: number): PolygonId {
  const id = f.id ?? (f.properties as { id?: unknown } | null)?.id
  if ((typeof id === 'number' && Number.isFinite(id)) || typeof id === 'string') return id
  throw new TypeError(`createPolygonIndex: feature ${i} needs an id (feature.id or properties.id), got ${JSON.stringify(id)}`)
}
