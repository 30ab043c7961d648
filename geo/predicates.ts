// Exact planar predicates on doubles. Every topological decision in geo/ (self-intersection,
// point on a shared edge) goes through orient2d so that a point on an edge is on it for both
// neighbours and a crossing is a crossing for both segments, whatever the rounding.

// Shewchuk's error bound for the first-stage float determinant: (3 + 16ε)ε with ε = 2^-53.
const CCW_ERRBOUND_A = (3 + 16 * 2 ** -53) * 2 ** -53

/**
 * Sign of the turn a → b → c: 1 when c lies to the left of a→b (counter-clockwise),
 * -1 to the right, 0 when the three points are exactly collinear.
 * A float filter decides almost every call; the rest are decided in exact BigInt arithmetic.
 */
export function orient2d(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  const detLeft = (ax - cx) * (by - cy)
  const detRight = (ay - cy) * (bx - cx)
  const det = detLeft - detRight
  let detSum: number
  if (detLeft > 0) {
    if (detRight <= 0) return sign(det)
    detSum = detLeft + detRight
  } else if (detLeft < 0) {
    if (detRight >= 0) return sign(det)
    detSum = -detLeft - detRight
  } else {
    return sign(det)
  }
  const bound = CCW_ERRBOUND_A * detSum
  if (det >= bound || -det >= bound) return sign(det)
  return orient2dExact(ax, ay, bx, by, cx, cy)
}

function sign(x: number): number {
  return x > 0 ? 1 : x < 0 ? -1 : 0
}

const view = new DataView(new ArrayBuffer(8))

/** A finite double as mantissa · 2^exponent, both exact. */
function split(x: number): [bigint, number] {
  view.setFloat64(0, x)
  const hi = view.getUint32(0)
  const lo = view.getUint32(4)
  const biased = (hi >>> 20) & 0x7ff
  let mantissa = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo)
  let exponent = -1074
  if (biased !== 0) {
    mantissa |= 1n << 52n
    exponent = biased - 1075
  }
  return [hi >>> 31 ? -mantissa : mantissa, exponent]
}

function orient2dExact(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  const parts = [ax, ay, bx, by, cx, cy].map(split)
  const minExp = Math.min(...parts.map((p) => p[1]))
  const [Ax, Ay, Bx, By, Cx, Cy] = parts.map(([m, e]) => m << BigInt(e - minExp))
  const det = (Ax - Cx) * (By - Cy) - (Ay - Cy) * (Bx - Cx)
  return det > 0n ? 1 : det < 0n ? -1 : 0
}

/** How two closed segments meet. */
export const SegmentContact = {
  None: 0,
  /** Interiors cross at a single point. */
  Crossing: 1,
  /** They meet in exactly one point that is an endpoint of at least one of them. */
  Touch: 2,
  /** Collinear and sharing a stretch of positive length. */
  Overlap: 3,
} as const
export type SegmentContact = (typeof SegmentContact)[keyof typeof SegmentContact]

/** Classify how segment ab meets segment cd, exactly. A zero-length segment is a point (it can only touch). */
export function segmentContact(
  ax: number, ay: number, bx: number, by: number,
  cx: number, cy: number, dx: number, dy: number,
): SegmentContact {
  if (Math.max(ax, bx) < Math.min(cx, dx) || Math.max(cx, dx) < Math.min(ax, bx)) return SegmentContact.None
  if (Math.max(ay, by) < Math.min(cy, dy) || Math.max(cy, dy) < Math.min(ay, by)) return SegmentContact.None
  const o1 = orient2d(ax, ay, bx, by, cx, cy)
  const o2 = orient2d(ax, ay, bx, by, dx, dy)
  if (o1 === 0 && o2 === 0) {
    if (ax === bx && ay === by) return onSegment(ax, ay, cx, cy, dx, dy) ? SegmentContact.Touch : SegmentContact.None
    // Collinear: compare the projections on the axis along which ab is longer.
    const useX = Math.abs(bx - ax) >= Math.abs(by - ay)
    const [a0, a1] = sorted(useX ? ax : ay, useX ? bx : by)
    const [c0, c1] = sorted(useX ? cx : cy, useX ? dx : dy)
    const lo = Math.max(a0, c0)
    const hi = Math.min(a1, c1)
    return hi > lo ? SegmentContact.Overlap : hi === lo ? SegmentContact.Touch : SegmentContact.None
  }
  if (o1 * o2 > 0) return SegmentContact.None
  const o3 = orient2d(cx, cy, dx, dy, ax, ay)
  const o4 = orient2d(cx, cy, dx, dy, bx, by)
  if (o3 * o4 > 0) return SegmentContact.None
  return o1 !== 0 && o2 !== 0 && o3 !== 0 && o4 !== 0 ? SegmentContact.Crossing : SegmentContact.Touch
}

function sorted(p: number, q: number): [number, number] {
  return p <= q ? [p, q] : [q, p]
}

/** Where two segments known to meet do so: the crossing point, or for a touch/overlap a shared point. */
export function contactPoint(
  ax: number, ay: number, bx: number, by: number,
  cx: number, cy: number, dx: number, dy: number,
): [number, number] {
  for (const [px, py, qx, qy, rx, ry] of [
    [ax, ay, cx, cy, dx, dy], [bx, by, cx, cy, dx, dy], [cx, cy, ax, ay, bx, by], [dx, dy, ax, ay, bx, by],
  ]) {
    if (onSegment(px, py, qx, qy, rx, ry)) return [px, py]
  }
  const den = (bx - ax) * (dy - cy) - (by - ay) * (dx - cx)
  const t = ((cx - ax) * (dy - cy) - (cy - ay) * (dx - cx)) / den
  return [ax + t * (bx - ax), ay + t * (by - ay)]
}

/** True when p lies on the closed segment qr, exactly. */
export function onSegment(px: number, py: number, qx: number, qy: number, rx: number, ry: number): boolean {
  if (px < Math.min(qx, rx) || px > Math.max(qx, rx) || py < Math.min(qy, ry) || py > Math.max(qy, ry)) return false
  return orient2d(qx, qy, rx, ry, px, py) === 0
}
