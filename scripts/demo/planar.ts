/**
 * Small planar-geometry helpers in the local metric frame. Rings are open (first point not
 * repeated) and counter-clockwise unless said otherwise.
 */
import type { XY } from './frame.ts'

export function signedArea(ring: readonly XY[]): number {
  let s = 0
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) s += (ring[j][0] - ring[i][0]) * (ring[j][1] + ring[i][1])
  return s / 2
}

export function centroid(ring: readonly XY[]): XY {
  let a = 0
  let cx = 0
  let cy = 0
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const f = ring[j][0] * ring[i][1] - ring[i][0] * ring[j][1]
    a += f
    cx += (ring[j][0] + ring[i][0]) * f
    cy += (ring[j][1] + ring[i][1]) * f
  }
  return [cx / (3 * a), cy / (3 * a)]
}

export function pointInRing(x: number, y: number, ring: readonly XY[]): boolean {
  let inside = false
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]
    const [xj, yj] = ring[j]
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside
  }
  return inside
}

/** Distance from a point to segment ab. */
export function distToSegment(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax
  const dy = by - ay
  const len2 = dx * dx + dy * dy
  let t = len2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / len2 : 0
  t = t < 0 ? 0 : t > 1 ? 1 : t
  return Math.hypot(px - ax - t * dx, py - ay - t * dy)
}

export function distToRing(px: number, py: number, ring: readonly XY[]): number {
  let d = Infinity
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    d = Math.min(d, distToSegment(px, py, ring[j][0], ring[j][1], ring[i][0], ring[i][1]))
  }
  return d
}

/**
 * Clips a convex CCW polygon to the half-plane left of the directed line a→b, shifted left
 * by `offset` metres (Sutherland–Hodgman for one edge). May return fewer than 3 points.
 */
export function clipHalfPlane(poly: readonly XY[], a: XY, b: XY, offset = 0): XY[] {
  const dx = b[0] - a[0]
  const dy = b[1] - a[1]
  const len = Math.hypot(dx, dy)
  if (len === 0) return poly.slice()
  // side(p) > 0 means p is inside (left of the line, beyond the offset)
  const side = (p: XY) => (dx * (p[1] - a[1]) - dy * (p[0] - a[0])) / len - offset
  const out: XY[] = []
  for (let i = 0; i < poly.length; i++) {
    const p = poly[i]
    const q = poly[(i + 1) % poly.length]
    const sp = side(p)
    const sq = side(q)
    if (sp >= 0) out.push(p)
    if ((sp >= 0) !== (sq >= 0)) {
      const t = sp / (sp - sq)
      out.push([p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])])
    }
  }
  return out
}

/** Drops vertices closer than `tol` to their predecessor (and the closing duplicate). */
export function dedupeRing(ring: readonly XY[], tol: number): XY[] {
  const out: XY[] = []
  for (const p of ring) {
    const last = out[out.length - 1]
    if (!last || Math.hypot(p[0] - last[0], p[1] - last[1]) > tol) out.push(p)
  }
  while (out.length > 1 && Math.hypot(out[0][0] - out[out.length - 1][0], out[0][1] - out[out.length - 1][1]) <= tol) out.pop()
  return out
}

/**
 * Insets a convex CCW polygon: edge i moves inward by offsets[i] (a number applies to all).
 * Returns [] when nothing is left.
 */
export function insetConvex(poly: readonly XY[], offsets: number | readonly number[]): XY[] {
  let out: XY[] = poly.slice()
  for (let i = 0; i < poly.length && out.length >= 3; i++) {
    const off = typeof offsets === 'number' ? offsets : offsets[i]
    out = clipHalfPlane(out, poly[i], poly[(i + 1) % poly.length], off)
  }
  out = dedupeRing(out, 0.3)
  return out.length >= 3 && signedArea(out) > 1 ? out : []
}

/** True when every point of `pts` lies inside the convex CCW polygon, at least `margin` from its edges. */
export function insideConvex(pts: readonly XY[], poly: readonly XY[], margin = 0): boolean {
  for (let i = 0; i < poly.length; i++) {
    const a = poly[i]
    const b = poly[(i + 1) % poly.length]
    const dx = b[0] - a[0]
    const dy = b[1] - a[1]
    const len = Math.hypot(dx, dy)
    if (len === 0) continue
    for (const p of pts) if ((dx * (p[1] - a[1]) - dy * (p[0] - a[0])) / len < margin) return false
  }
  return true
}

/** Proper or touching intersection of segments ab and cd. */
export function segmentsIntersect(a: XY, b: XY, c: XY, d: XY): boolean {
  const o = (p: XY, q: XY, r: XY) => Math.sign((q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0]))
  const o1 = o(a, b, c)
  const o2 = o(a, b, d)
  const o3 = o(c, d, a)
  const o4 = o(c, d, b)
  if (o1 !== o2 && o3 !== o4) return true
  const on = (p: XY, q: XY, r: XY) =>
    Math.min(p[0], q[0]) <= r[0] && r[0] <= Math.max(p[0], q[0]) && Math.min(p[1], q[1]) <= r[1] && r[1] <= Math.max(p[1], q[1])
  return (o1 === 0 && on(a, b, c)) || (o2 === 0 && on(a, b, d)) || (o3 === 0 && on(c, d, a)) || (o4 === 0 && on(c, d, b))
}

/** Axis-aligned rectangle as a CCW ring. */
export function rect(x0: number, y0: number, x1: number, y1: number): XY[] {
  return [
    [x0, y0],
    [x1, y0],
    [x1, y1],
    [x0, y1],
  ]
}

/** Rectangle of size w × h centred on (cx, cy), rotated by `angle` radians, CCW. */
export function orientedRect(cx: number, cy: number, w: number, h: number, angle: number): XY[] {
  const c = Math.cos(angle)
  const s = Math.sin(angle)
  const corners: XY[] = [
    [-w / 2, -h / 2],
    [w / 2, -h / 2],
    [w / 2, h / 2],
    [-w / 2, h / 2],
  ]
  return corners.map(([x, y]) => [cx + x * c - y * s, cy + x * s + y * c])
}
