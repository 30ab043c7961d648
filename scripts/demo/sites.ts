/**
 * Voronoi sites: jittered, slightly rotated square lattices (small blocks in the old town,
 * larger ones in the new town) so that cell edges read as a street grid, a ring of middle-sized
 * cells around the core, and sparse cells for the countryside; plus pairs either side of the
 * river where it is the county line (outline.ts). Which sites are in the district is the
 * outline's call.
 */
import { makeOutline, RIVER_CORRIDOR } from './outline.ts'
import type { Plan } from './plan.ts'
import { createRng, type Rng } from './random.ts'

export const ZONE = { old: 0, new: 1, fringe: 2, rural: 3 } as const

export interface Sites {
  x: Float64Array
  y: Float64Array
  zone: Uint8Array
  /** 1 when the site lies inside the district outline */
  inDistrict: Uint8Array
}

/** Normalised "radius" of a point in the core's rounded rectangle: ≤ 1 inside the core. */
export function coreRadius(plan: Plan, x: number, y: number): number {
  const { cx, cy, halfW, halfH, angle } = plan.core
  const c = Math.cos(-angle)
  const s = Math.sin(-angle)
  const u = (x - cx) * c - (y - cy) * s
  const v = (x - cx) * s + (y - cy) * c
  return Math.pow(Math.pow(Math.abs(u) / halfW, 4) + Math.pow(Math.abs(v) / halfH, 4), 0.25)
}

/** Uniform hash grid for the minimum-distance test; O(1) per query for bounded density. */
class PointGrid {
  private cells = new Map<number, number[]>()
  constructor(private cell: number) {}
  private key(i: number, j: number) {
    return (i + 32768) * 65536 + (j + 32768)
  }
  add(x: number, y: number) {
    const k = this.key(Math.floor(x / this.cell), Math.floor(y / this.cell))
    const list = this.cells.get(k)
    if (list) list.push(x, y)
    else this.cells.set(k, [x, y])
  }
  near(x: number, y: number, r: number): boolean {
    const i0 = Math.floor((x - r) / this.cell)
    const i1 = Math.floor((x + r) / this.cell)
    const j0 = Math.floor((y - r) / this.cell)
    const j1 = Math.floor((y + r) / this.cell)
    for (let i = i0; i <= i1; i++)
      for (let j = j0; j <= j1; j++) {
        const list = this.cells.get(this.key(i, j))
        if (!list) continue
        for (let k = 0; k < list.length; k += 2) if (Math.hypot(list[k] - x, list[k + 1] - y) < r) return true
      }
    return false
  }
}

interface Lattice {
  cx: number
  cy: number
  angle: number
  spacing: number
  jitter: number
  /** the box to cover, in lattice-aligned half-extents */
  half: number
  accept: (x: number, y: number) => boolean
  zone: number
}

export function makeSites(plan: Plan): Sites {
  const rng = createRng(plan.seed, 'sites')
  const xs: number[] = []
  const ys: number[] = []
  const zones: number[] = []
  const grid = new PointGrid(120)
  const inCore = (x: number, y: number) => coreRadius(plan, x, y) <= 1
  const fringeLimit = 1 + plan.fringeWidth / Math.min(plan.core.halfW, plan.core.halfH)
  const ot = plan.oldTown
  const inOld = (x: number, y: number) => Math.hypot(x - ot.cx, y - ot.cy) <= ot.r
  const { cx, cy, rx, ry } = plan.district
  const districtHalf = Math.max(rx, ry) * 1.45 + 2500
  const outline = makeOutline(plan)
  const awayFromRiver = (x: number, y: number) => outline.boundaryRiverDistance(x, y) > RIVER_CORRIDOR

  const lattices: Lattice[] = [
    { cx: ot.cx, cy: ot.cy, angle: plan.core.angle + 0.05, spacing: plan.spacing.old, jitter: 0.09, half: ot.r + 200, zone: ZONE.old, accept: (x, y) => inOld(x, y) && inCore(x, y) },
    { cx: plan.core.cx, cy: plan.core.cy, angle: plan.core.angle, spacing: plan.spacing.new, jitter: 0.07, half: Math.max(plan.core.halfW, plan.core.halfH) * 1.5, zone: ZONE.new, accept: (x, y) => inCore(x, y) && !inOld(x, y) },
    { cx: plan.core.cx, cy: plan.core.cy, angle: plan.core.angle, spacing: plan.spacing.fringe, jitter: 0.3, half: Math.max(plan.core.halfW, plan.core.halfH) * fringeLimit * 1.5, zone: ZONE.fringe, accept: (x, y) => !inCore(x, y) && coreRadius(plan, x, y) <= fringeLimit && awayFromRiver(x, y) },
    { cx, cy, angle: 0.3, spacing: plan.spacing.rural, jitter: 0.42, half: districtHalf, zone: ZONE.rural, accept: (x, y) => coreRadius(plan, x, y) > fringeLimit && awayFromRiver(x, y) },
  ]
  for (const lat of lattices.slice(0, 2)) addLattice(lat, rng, grid, xs, ys, zones)
  // the pairs along the river where it is the county line come before the sparser lattices
  const paired = xs.length
  for (const site of outline.riverSites) {
    grid.add(site.x, site.y)
    xs.push(site.x)
    ys.push(site.y)
    zones.push(coreRadius(plan, site.x, site.y) <= fringeLimit ? ZONE.fringe : ZONE.rural)
  }
  for (const lat of lattices.slice(2)) addLattice(lat, rng, grid, xs, ys, zones)

  const n = xs.length
  const sites: Sites = { x: Float64Array.from(xs), y: Float64Array.from(ys), zone: Uint8Array.from(zones), inDistrict: new Uint8Array(n) }
  for (let i = 0; i < n; i++) {
    const river = i - paired
    sites.inDistrict[i] = (river >= 0 && river < outline.riverSites.length ? outline.riverSites[river].inside : outline.inside(xs[i], ys[i])) ? 1 : 0
  }
  return sites
}

function addLattice(lat: Lattice, rng: Rng, grid: PointGrid, xs: number[], ys: number[], zones: number[]) {
  const n = Math.ceil(lat.half / lat.spacing)
  const c = Math.cos(lat.angle)
  const s = Math.sin(lat.angle)
  // Points nearer than this to an earlier (denser) lattice are dropped, so no sliver cells
  // appear where two lattices meet.
  const minDist = 0.6 * lat.spacing
  for (let j = -n; j <= n; j++)
    for (let i = -n; i <= n; i++) {
      const u = (i + rng.range(-lat.jitter, lat.jitter)) * lat.spacing
      const v = (j + rng.range(-lat.jitter, lat.jitter)) * lat.spacing
      const x = lat.cx + u * c - v * s
      const y = lat.cy + u * s + v * c
      if (!lat.accept(x, y) || grid.near(x, y, minDist)) continue
      grid.add(x, y)
      xs.push(x)
      ys.push(y)
      zones.push(lat.zone)
    }
}
