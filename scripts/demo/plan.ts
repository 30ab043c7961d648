/**
 * The district's layout parameters. The default demo is the committed district; S, M and L
 * scale the urban core (and with it the district) for benchmarks of ~10k / 100k / 1M buildings.
 */

export type DemoSize = 'demo' | 'S' | 'M' | 'L'

export interface Plan {
  seed: number
  size: DemoSize
  /** urban core: a rounded rectangle rotated by `angle`, half-extents in metres */
  core: { cx: number; cy: number; halfW: number; halfH: number; angle: number }
  /** old town inside the core: smaller blocks, older compounds */
  oldTown: { cx: number; cy: number; r: number }
  spacing: { old: number; new: number; fringe: number; rural: number }
  /** width of the ring of middle-sized cells around the core */
  fringeWidth: number
  /**
   * the district outline before its lobes, inlets and the river stretch (outline.ts): an
   * ellipse with semi-axes rx (along `angle`) and ry, centred off the core
   */
  district: { cx: number; cy: number; rx: number; ry: number; angle: number }
  counts: { urbanStreets: number; towns: number; communities: number; villages: number; villagesPerStreet: number }
}

/** A point in the district's frame: u along its long axis, v across, in units of rx and ry. */
export function districtPoint(plan: Plan, u: number, v: number): [number, number] {
  const { cx, cy, rx, ry, angle } = plan.district
  const c = Math.cos(angle)
  const s = Math.sin(angle)
  return [cx + u * rx * c - v * ry * s, cy + u * rx * s + v * ry * c]
}

/** The inverse of districtPoint. */
export function districtFrame(plan: Plan, x: number, y: number): [number, number] {
  const { cx, cy, rx, ry, angle } = plan.district
  const c = Math.cos(angle)
  const s = Math.sin(angle)
  return [((x - cx) * c + (y - cy) * s) / rx, (-(x - cx) * s + (y - cy) * c) / ry]
}

/** Core area multiplier per size, tuned so building counts land near 10k / 100k / 1M. */
const CORE_AREA: Record<DemoSize, number> = { demo: 1, S: 0.3, M: 5.3, L: 56 }

export function makePlan(seed: number, size: DemoSize = 'demo'): Plan {
  const area = CORE_AREA[size]
  if (area === undefined) throw new Error(`unknown demo size ${JSON.stringify(size)}; use demo, S, M or L`)
  const f = Math.sqrt(area)
  const halfW = 2800 * f
  const halfH = 2300 * f
  // The countryside keeps its depth so villages look the same at every size. The town sits in
  // the district's south-west, by the river; the lobes and the river's cut (outline.ts) leave
  // the outline about 1.5 times as long as it is wide.
  const rx = halfW + 10800
  const ry = halfH + 10500
  const ruralShare = (rx * ry) / (13600 * 12800)
  return {
    seed,
    size,
    core: { cx: 0, cy: 0, halfW, halfH, angle: (8 * Math.PI) / 180 },
    oldTown: { cx: -500 * f, cy: 250 * f, r: 1150 * f },
    spacing: { old: 158, new: 222, fringe: 380, rural: 620 },
    fringeWidth: 1300,
    district: { cx: 4200 * Math.min(f, 1.5), cy: 2600 * Math.min(f, 1.5), rx, ry, angle: 0.2 },
    counts: {
      urbanStreets: size === 'demo' ? 2 : Math.max(2, Math.round(2 * Math.sqrt(area))),
      towns: size === 'demo' ? 3 : Math.max(3, Math.round(3 * Math.sqrt(ruralShare))),
      communities: Math.round(14 * area),
      villages: Math.round(23 * ruralShare),
      villagesPerStreet: 2,
    },
  }
}
