// Exact closed point-in-polygon on a flat copy of the rings, for hot loops (grid-index, centroids).
// Closed: a point on any ring (exterior or hole) is inside. Rings are read even-odd, which is the
// right answer for valid geometry (see validateGeometry). Cost O(v) for v vertices.

import type { MultiPolygon, Polygon, Position } from 'geojson'
import { orient2d } from './predicates.ts'

/** All rings as one [x0, y0, x1, y1 …] array without closing positions; ring r is vertices ringStarts[r] … ringStarts[r+1]-1. */
export interface FlatPolygon {
  xy: Float64Array
  ringStarts: Int32Array
  minX: number
  minY: number
  maxX: number
  maxY: number
}

export function flattenPolygon(geometry: Polygon | MultiPolygon): FlatPolygon {
  const rings = geometry.type === 'Polygon' ? geometry.coordinates : geometry.coordinates.flat()
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
  if (v === 0) throw new RangeError(`flattenPolygon: the ${geometry.type} has no positions`)
  return { xy, ringStarts, minX, minY, maxX, maxY }
}

/** Even-odd ray casting to +x, exact, with every boundary point counted in. */
export function containsClosed({ xy, ringStarts }: FlatPolygon, px: number, py: number): boolean {
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

/** True when the point lies in the polygon or on its boundary. */
export function pointInPolygon(point: Position, geometry: Polygon | MultiPolygon): boolean {
  return containsClosed(flattenPolygon(geometry), point[0], point[1])
}
