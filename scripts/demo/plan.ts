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
  /** the district outline: a wobbly ellipse */
  district: { cx: number; cy: number; rx: number; ry: number }
  counts: { urbanStreets: number; towns: number; communities: number; villages: number; villagesPerStreet: number }
}

/** Core area multiplier per size, tuned so building counts land near 10k / 100k / 1M. */
const CORE_AREA: Record<DemoSize, number> = { demo: 1, S: 1.3, M: 17, L: 190 }

export function makePlan(seed: number, size: DemoSize = 'demo'): Plan {
  const area = CORE_AREA[size]
  if (area === undefined) throw new Error(`unknown demo size ${JSON.stringify(size)}; use demo, S, M or L`)
  const f = Math.sqrt(area)
  const halfW = 2800 * f
  const halfH = 2300 * f
  // The rural ring keeps its depth (~9–10 km) so villages look the same at every size.
  const rx = Math.max(14000, halfW + 10500)
  const ry = Math.max(12000, halfH + 9000)
  const ruralShare = (rx * ry) / (14000 * 12000)
  return {
    seed,
    size,
    core: { cx: 0, cy: 0, halfW, halfH, angle: (8 * Math.PI) / 180 },
    oldTown: { cx: -500 * f, cy: 250 * f, r: 1150 * f },
    spacing: { old: 158, new: 222, fringe: 380, rural: 620 },
    fringeWidth: 1300,
    district: { cx: 1800 * Math.min(f, 1.5), cy: -1200 * Math.min(f, 1.5), rx, ry },
    counts: {
      urbanStreets: size === 'demo' ? 2 : Math.max(2, Math.round(2 * Math.sqrt(area))),
      towns: size === 'demo' ? 3 : Math.max(3, Math.round(3 * Math.sqrt(ruralShare))),
      communities: Math.round(14 * area),
      villages: Math.round(23 * ruralShare),
      villagesPerStreet: 2,
    },
  }
}
