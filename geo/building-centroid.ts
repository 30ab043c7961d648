// buildingCentroid: the one point that stands for a building in coverage and assignment.
//
// The area-weighted centroid (holes subtracted), computed in lon/lat: the local metric frame is a
// linear map of lon/lat, and linear maps carry centroids to centroids, so this is the metric
// centroid too. When it falls outside the polygon (an L-, U- or ring-shaped building), the point
// returned instead is on the surface: the middle of the widest inside stretch of the horizontal
// line through the centroid (or, if that line misses the polygon, through the middle of its
// largest part), moved off any vertex latitude so the stretch ends are clean crossings. O(v).

import type { MultiPolygon, Polygon, Position } from 'geojson'
import { containsClosed, flattenPolygon, type FlatPolygon } from './point-in-polygon.ts'

/** [lon, lat] of the building's centroid, or a point on its surface when the centroid is outside. Throws on zero area. */
export function buildingCentroid(geometry: Polygon | MultiPolygon): [number, number] {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates
  const [x0, y0] = polygons[0]?.[0]?.[0] ?? [NaN, NaN]
  let area = 0
  let sx = 0
  let sy = 0
  let largest = { area: 0, ring: [] as Position[] }
  for (const rings of polygons) {
    rings.forEach((ring, r) => {
      const m = ringMoments(ring, x0, y0)
      const sign = (r === 0 ? 1 : -1) * Math.sign(m.area) // exteriors add, holes subtract, whatever the winding
      area += sign * m.area
      sx += sign * m.sx
      sy += sign * m.sy
      if (r === 0 && Math.abs(m.area) > largest.area) largest = { area: Math.abs(m.area), ring }
    })
  }
  if (!(area > 0)) {
    throw new RangeError(`buildingCentroid: the ${geometry.type} starting at [${x0}, ${y0}] has no area; validate it first`)
  }
  const centroid: [number, number] = [x0 + sx / area, y0 + sy / area]
  const flat = flattenPolygon(geometry)
  if (containsClosed(flat, centroid[0], centroid[1])) return centroid
  const ys = largest.ring.map((p) => p[1])
  for (const y of [centroid[1], (Math.min(...ys) + Math.max(...ys)) / 2]) {
    const p = widestStretchMiddle(flat, y)
    if (p && containsClosed(flat, p[0], p[1])) return p
  }
  return [largest.ring[0][0], largest.ring[0][1]] // on the boundary: only for slivers thinner than rounding
}

/** Twice-signed-area moments of a ring relative to (x0, y0), already divided through for the centroid. */
function ringMoments(ring: Position[], x0: number, y0: number): { area: number; sx: number; sy: number } {
  let twice = 0
  let cx = 0
  let cy = 0
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const ax = ring[j][0] - x0
    const ay = ring[j][1] - y0
    const bx = ring[i][0] - x0
    const by = ring[i][1] - y0
    const cross = ax * by - bx * ay
    twice += cross
    cx += (ax + bx) * cross
    cy += (ay + by) * cross
  }
  // area = twice / 2; area·centroid = (cx, cy) / 6
  return { area: twice / 2, sx: cx / 6, sy: cy / 6 }
}

function widestStretchMiddle({ xy, ringStarts }: FlatPolygon, yHint: number): [number, number] | null {
  const y = offVertexLatitude(xy, yHint)
  const xs: number[] = []
  for (let r = 0; r < ringStarts.length - 1; r++) {
    for (let i = ringStarts[r], j = ringStarts[r + 1] - 1; i < ringStarts[r + 1]; j = i++) {
      const [ax, ay, bx, by] = [xy[2 * j], xy[2 * j + 1], xy[2 * i], xy[2 * i + 1]]
      if (ay > y !== by > y) xs.push(ax + ((y - ay) * (bx - ax)) / (by - ay))
    }
  }
  xs.sort((a, b) => a - b)
  let best: [number, number] | null = null
  let width = 0
  for (let k = 0; k + 1 < xs.length; k += 2) {
    if (xs[k + 1] - xs[k] > width) {
      width = xs[k + 1] - xs[k]
      best = [(xs[k] + xs[k + 1]) / 2, y]
    }
  }
  return best
}

/** yHint, or halfway from it to the next vertex latitude if a vertex sits exactly on it. */
function offVertexLatitude(xy: Float64Array, yHint: number): number {
  let onVertex = false
  let above = Infinity
  let below = -Infinity
  for (let k = 1; k < xy.length; k += 2) {
    const y = xy[k]
    if (y === yHint) onVertex = true
    else if (y > yHint) above = Math.min(above, y)
    else below = Math.max(below, y)
  }
  if (!onVertex) return yHint
  return above < Infinity ? (yHint + above) / 2 : below > -Infinity ? (yHint + below) / 2 : yHint
}
