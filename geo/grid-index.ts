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
import { orient2d } from './predicates.ts'

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
  const shapes = features.map((f, i) => flatten(f, i))
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

/** All rings of a polygon as one flat [x0, y0, x1, y1 …] array, closing positions dropped. */
interface FlatShape { xy: Float64Array; ringStarts: Int32Array; minX: number; minY: number; maxX: number; maxY: number }

function flatten(f: Feature<Polygon | MultiPolygon>, i: number): FlatShape {
  const g = f.geometry
  if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) {
    throw new TypeError(`createPolygonIndex: feature ${i} must be a Polygon or MultiPolygon, got ${g ? g.type : String(g)}`)
  }
  const rings = g.type === 'Polygon' ? g.coordinates : g.coordinates.flat()
  const open = rings.map((ring) => {
    const [a, z] = [ring[0], ring[ring.length - 1]]
    return ring.length > 1 && a[0] === z[0] && a[1] === z[1] ? ring.slice(0, -1) : ring
  })
  const xy = new Float64Array(2 * open.reduce((n, r) => n + r.length, 0))
  const ringStarts = new Int32Array(open.length + 1)
  let v = 0
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity]
  open.forEach((ring, r) => {
    ringStarts[r] = v
    for (const [x, y] of ring) {
      xy[2 * v] = x
      xy[2 * v + 1] = y
      v++
      if (x < minX) minX = x
      if (y < minY) minY = y
      if (x > maxX) maxX = x
      if (y > maxY) maxY = y
    }
  })
  ringStarts[open.length] = v
  if (v === 0) throw new RangeError(`createPolygonIndex: feature ${i} has no positions`)
  return { xy, ringStarts, minX, minY, maxX, maxY }
}

/** Exact closed point-in-polygon: even-odd ray casting to +x, with every boundary point counted in. */
function containsClosed({ xy, ringStarts }: FlatShape, px: number, py: number): boolean {
  let inside = false
  for (let r = 0; r < ringStarts.length - 1; r++) {
    const start = ringStarts[r]
    const end = ringStarts[r + 1]
    for (let i = start, j = end - 1; i < end; j = i++) {
      const ax = xy[2 * j]
      const ay = xy[2 * j + 1]
      const bx = xy[2 * i]
      const by = xy[2 * i + 1]
      if (ay > py !== by > py) {
        // The edge spans py (half-open): p is on it iff collinear, else it crosses the ray iff p is on its inner side.
        const o = orient2d(ax, ay, bx, by, px, py)
        if (o === 0) return true
        if (o > 0 === by > ay) inside = !inside
      } else if (py === by && (px === bx || (py === ay && (px - ax) * (px - bx) <= 0))) {
        return true // on the edge's end vertex, or on a horizontal edge
      }
    }
  }
  return inside
}
