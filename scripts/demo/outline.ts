/**
 * The district's outline, as a test on Voronoi sites: an elongated ellipse (plan.district)
 * bent into lobes and inlets by low-frequency noise, with the town's side of the river as its
 * south-eastern edge. Downstream of the town the county line runs down the middle of the river
 * (岚川河): sites placed in pairs either side of its centre line make cells whose shared edges
 * follow it, so the traced outline keeps to the river instead of zigzagging across it.
 */
import type { XY } from './frame.ts'
import { periodicNoise, valueNoise } from './noise.ts'
import { districtFrame, type Plan } from './plan.ts'
import { coreRadius } from './sites.ts'
import { riverCentre } from './water.ts'

export interface RiverSite {
  x: number
  y: number
  /** on the town's bank (inside the district) or the far one */
  inside: boolean
}

export interface Outline {
  /** true when a site at (x, y) belongs to the district */
  inside: (x: number, y: number) => boolean
  /** sites either side of the river where it is the county line */
  riverSites: RiverSite[]
  /** distance to the river where it is the county line (Infinity elsewhere) */
  boundaryRiverDistance: (x: number, y: number) => number
}

/** Spacing of the paired sites along the river, and their distance from its centre line. */
const PAIR_STEP = 240
const PAIR_OFFSET = 140
/** Other sites keep this far from the river where it is the county line. */
const CORRIDOR = 270

export function makeOutline(plan: Plan): Outline {
  const lobes = periodicNoise(plan.seed, 'district-lobes', 4)
  const wobble = periodicNoise(plan.seed, 'district-outline', 8)
  const patches = valueNoise(plan.seed, 'district-patches', 4200 * Math.max(1, plan.district.ry / 11000), 2)
  const fringeLimit = 1 + plan.fringeWidth / Math.min(plan.core.halfW, plan.core.halfH)
  const ellipse = (x: number, y: number) => {
    const [u, v] = districtFrame(plan, x, y)
    const limit = 1 + 0.24 * lobes(Math.atan2(v, u)) + 0.05 * wobble(Math.atan2(v, u)) + 0.3 * (patches(x, y) - 0.5)
    return Math.hypot(u, v) <= limit
  }
  // the town and its ring of suburbs are always in
  const base = (x: number, y: number) => coreRadius(plan, x, y) <= fringeLimit + 0.25 || ellipse(x, y)

  const { line } = riverCentre(plan)
  // Downstream of the town the river is the county line: from the first point past the
  // core's east side until it leaves the ellipse.
  const { halfW } = plan.core
  const x0 = plan.core.cx + halfW * Math.cos(plan.core.angle) + 700
  let i0 = line.findIndex((p) => p[0] >= x0)
  if (i0 < 0) i0 = line.length - 1
  let i1 = i0
  while (i1 + 1 < line.length && base(line[i1 + 1][0], line[i1 + 1][1])) i1++
  // a little beyond, so the last pairs close the corner cleanly
  const stretch = line.slice(i0, Math.min(line.length, i1 + 8))
  const y0 = line[i0][1]
  // the line from the river's first boundary point southwards, slanting west
  const cutWobble = periodicNoise(plan.seed, 'district-cut', 3)
  const west = (y: number) => x0 - 0.45 * (y0 - y) + 500 * cutWobble(y / 2500)

  /** Parity of river crossings straight above (x, y): odd means south of the river. */
  const southOfRiver = (x: number, y: number) => {
    let odd = false
    for (let k = 0; k + 1 < line.length; k++) {
      const a = line[k]
      const b = line[k + 1]
      if (a[0] > x === b[0] > x) continue
      const yy = a[1] + ((x - a[0]) / (b[0] - a[0])) * (b[1] - a[1])
      if (yy > y) odd = !odd
    }
    return odd
  }
  const cut = (x: number, y: number) => y < y0 + 200 && x > west(y) && southOfRiver(x, y)

  // paired sites, the far one shifted along the river so no four sites are concyclic
  const riverSites: RiverSite[] = []
  let s = 0
  let next = 0
  for (let k = 1; k < stretch.length; k++) {
    const a = stretch[k - 1]
    const b = stretch[k]
    const len = Math.hypot(b[0] - a[0], b[1] - a[1])
    while (next <= s + len) {
      const t = (next - s) / len
      const p: XY = [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])]
      const n: XY = [-(b[1] - a[1]) / len, (b[0] - a[0]) / len] // left of travel: the town's bank
      const near: XY = [p[0] + n[0] * PAIR_OFFSET, p[1] + n[1] * PAIR_OFFSET]
      riverSites.push({ x: near[0], y: near[1], inside: base(near[0], near[1]) })
      const q = alongLine(stretch, k - 1, t, PAIR_STEP / 8)
      riverSites.push({ x: q.p[0] - q.n[0] * PAIR_OFFSET, y: q.p[1] - q.n[1] * PAIR_OFFSET, inside: false })
      next += PAIR_STEP
    }
    s += len
  }
  const xs = stretch.map((p) => p[0])
  const ys = stretch.map((p) => p[1])
  const box = [Math.min(...xs) - CORRIDOR, Math.min(...ys) - CORRIDOR, Math.max(...xs) + CORRIDOR, Math.max(...ys) + CORRIDOR]
  const boundaryRiverDistance = (x: number, y: number) => {
    if (x < box[0] || x > box[2] || y < box[1] || y > box[3]) return Infinity
    let d = Infinity
    for (let k = 0; k + 1 < stretch.length; k++) d = Math.min(d, distSeg(x, y, stretch[k], stretch[k + 1]))
    return d
  }
  return {
    inside: (x, y) => base(x, y) && !cut(x, y),
    riverSites,
    boundaryRiverDistance,
  }
}

export { CORRIDOR as RIVER_CORRIDOR }

/** The point `ahead` metres further along a polyline from segment k at fraction t, with its left normal. */
function alongLine(line: readonly XY[], k: number, t: number, ahead: number): { p: XY; n: XY } {
  let a = line[k]
  let b = line[k + 1]
  let len = Math.hypot(b[0] - a[0], b[1] - a[1])
  let rest = ahead + t * len
  while (rest > len && k + 2 < line.length) {
    rest -= len
    k++
    a = line[k]
    b = line[k + 1]
    len = Math.hypot(b[0] - a[0], b[1] - a[1])
  }
  const f = Math.min(1, rest / len)
  return { p: [a[0] + f * (b[0] - a[0]), a[1] + f * (b[1] - a[1])], n: [-(b[1] - a[1]) / len, (b[0] - a[0]) / len] }
}

function distSeg(x: number, y: number, a: XY, b: XY): number {
  const dx = b[0] - a[0]
  const dy = b[1] - a[1]
  const l2 = dx * dx + dy * dy
  const t = l2 > 0 ? Math.max(0, Math.min(1, ((x - a[0]) * dx + (y - a[1]) * dy) / l2)) : 0
  return Math.hypot(x - a[0] - t * dx, y - a[1] - t * dy)
}
