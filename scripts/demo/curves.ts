/**
 * Smooth curves for rivers and streams: a Catmull–Rom spline through control points, sampled
 * evenly, with a gentle meander laid along its normal.
 */
import type { XY } from './frame.ts'
import type { Rng } from './random.ts'

export function catmullRom(ctrl: readonly XY[], step: number): XY[] {
  const pts = [ctrl[0], ...ctrl, ctrl[ctrl.length - 1]]
  const out: XY[] = []
  for (let i = 1; i < pts.length - 2; i++) {
    const [p0, p1, p2, p3] = [pts[i - 1], pts[i], pts[i + 1], pts[i + 2]]
    const n = Math.max(2, Math.ceil(Math.hypot(p2[0] - p1[0], p2[1] - p1[1]) / step))
    for (let s = 0; s < n; s++) {
      const t = s / n
      const t2 = t * t
      const t3 = t2 * t
      const f = (a: number, b: number, c: number, d: number) =>
        0.5 * (2 * b + (-a + c) * t + (2 * a - 5 * b + 4 * c - d) * t2 + (-a + 3 * b - 3 * c + d) * t3)
      out.push([f(p0[0], p1[0], p2[0], p3[0]), f(p0[1], p1[1], p2[1], p3[1])])
    }
  }
  out.push(ctrl[ctrl.length - 1])
  return out
}

/** Unit normals (left of travel) at every point of a polyline. */
export function normals(line: readonly XY[]): XY[] {
  return line.map((_, i) => {
    const a = line[Math.max(0, i - 1)]
    const b = line[Math.min(line.length - 1, i + 1)]
    const dx = b[0] - a[0]
    const dy = b[1] - a[1]
    const len = Math.hypot(dx, dy) || 1
    return [-dy / len, dx / len]
  })
}

/** Adds a meander of amplitude `amp` (tapering to zero at both ends) along the normals. */
export function meander(line: readonly XY[], amp: number, wavelength: number, rng: Rng): XY[] {
  const ns = normals(line)
  const phase = rng.range(0, 2 * Math.PI)
  const phase2 = rng.range(0, 2 * Math.PI)
  let s = 0
  const total = line.reduce((acc, p, i) => (i ? acc + Math.hypot(p[0] - line[i - 1][0], p[1] - line[i - 1][1]) : 0), 0)
  return line.map((p, i) => {
    if (i) s += Math.hypot(p[0] - line[i - 1][0], p[1] - line[i - 1][1])
    const taper = Math.min(1, s / 400, (total - s) / 400)
    const off = taper * amp * (0.7 * Math.sin((2 * Math.PI * s) / wavelength + phase) + 0.3 * Math.sin((2 * Math.PI * s) / (wavelength * 0.43) + phase2))
    return [p[0] + ns[i][0] * off, p[1] + ns[i][1] * off]
  })
}

/** A strip polygon (open CCW ring) of half-width w(i) around a polyline. */
export function strip(line: readonly XY[], halfWidth: (i: number) => number): XY[] {
  const ns = normals(line)
  const left = line.map((p, i): XY => [p[0] + ns[i][0] * halfWidth(i), p[1] + ns[i][1] * halfWidth(i)])
  const right = line.map((p, i): XY => [p[0] - ns[i][0] * halfWidth(i), p[1] - ns[i][1] * halfWidth(i)])
  return [...right, ...left.reverse()]
}
