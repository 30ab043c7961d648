// Ring-level checks for validateGeometry: closed, long enough, not flat. A ring that passes comes
// back cleaned (consecutive repeats dropped) for the topology checks in validate-polygons.ts.

import { localFrame } from './measure.ts'
import { formatPosition, geometryError, type GeometryError } from './validate-errors.ts'

export type Pt = [number, number]

/** A ring whose vertices all lie within this many metres of one line is flat. Decimal coordinates
 *  that are collinear on paper are not quite so in doubles (off by ~1e-9 m), so exact collinearity
 *  would miss them; no real boundary is 1 mm wide. */
const FLAT_TOLERANCE_M = 0.001

export interface CleanRing {
  part: number
  ring: number
  /** Closed (last = first), no consecutive repeats, at least 3 distinct vertices, not collinear. */
  pts: Pt[]
  /** orig[i] is the index in the input ring of pts[i]. */
  orig: number[]
  /** [minX, minY, maxX, maxY] */
  box: [number, number, number, number]
}

export function cleanRing(raw: Pt[], part: number, ring: number, path: string, errors: GeometryError[]): CleanRing | null {
  if (raw.length < 4) {
    errors.push(geometryError('ring_too_short', path,
      `Ring ${path} has ${raw.length} positions; a closed ring needs at least 4 (3 corners and the first repeated at the end)`,
      `环 ${path} 只有 ${raw.length} 个坐标；闭合环至少需要 4 个（3 个顶点，末尾重复起点）`,
      raw[0]))
    return null
  }
  const first = raw[0]
  const last = raw[raw.length - 1]
  if (first[0] !== last[0] || first[1] !== last[1]) {
    errors.push(geometryError('ring_not_closed', path,
      `Ring ${path} is not closed: it starts at ${formatPosition(first)} but ends at ${formatPosition(last)}`,
      `环 ${path} 未闭合：起点为 ${formatPosition(first)}，终点却是 ${formatPosition(last)}`,
      first))
    return null
  }
  const pts: Pt[] = [first]
  const orig = [0]
  for (let i = 1; i < raw.length; i++) {
    const prev = pts[pts.length - 1]
    if (raw[i][0] !== prev[0] || raw[i][1] !== prev[1]) {
      pts.push(raw[i])
      orig.push(i)
    }
  }
  if (pts.length < 4) {
    errors.push(geometryError('ring_too_short', path,
      `Ring ${path} has only ${pts.length - 1} distinct positions once consecutive repeats are dropped; it needs at least 3`,
      `环 ${path} 去掉连续重复点后只剩 ${pts.length - 1} 个不同的顶点，至少需要 3 个`,
      first))
    return null
  }
  if (isFlat(pts)) {
    errors.push(geometryError('degenerate_ring', path,
      `Ring ${path} has zero area: its ${pts.length - 1} vertices lie on one line through ${formatPosition(first)}`,
      `环 ${path} 面积为零：其 ${pts.length - 1} 个顶点都在经过 ${formatPosition(first)} 的同一条直线上`,
      first))
    return null
  }
  const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity]
  for (const [x, y] of pts) {
    if (x < box[0]) box[0] = x
    if (y < box[1]) box[1] = y
    if (x > box[2]) box[2] = x
    if (y > box[3]) box[3] = y
  }
  return { part, ring, pts, orig, box }
}

/** True when every vertex lies within FLAT_TOLERANCE_M of the line from the first vertex to the farthest one. */
function isFlat(pts: Pt[]): boolean {
  const frame = localFrame(pts[0][0], pts[0][1])
  const xy = pts.map((p) => frame.toXY(p))
  const [fx, fy] = xy.reduce((far, p) => (p[0] ** 2 + p[1] ** 2 > far[0] ** 2 + far[1] ** 2 ? p : far))
  const length = Math.hypot(fx, fy)
  return xy.every(([x, y]) => Math.abs(fx * y - fy * x) / length <= FLAT_TOLERANCE_M)
}
