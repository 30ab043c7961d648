/**
 * A quarter of self-built houses (老街区 in the old town, 城中村 where the town has grown round
 * a village): back-to-back rows of small houses of 2–5 floors along narrow alleys, with a lane
 * from the street through the middle. Pure geometry in the local frame, like compound-layout:
 * every house lies inside the (convex) block polygon and off the lane and the alleys.
 */
import { bandSpan, spanAt, spanEdge } from './compound-layout.ts'
import type { XY } from './frame.ts'
import { insideConvex, rect } from './planar.ts'
import type { Rng } from './random.ts'

export interface House {
  ring: XY[]
  floors: number
  households: number
  /** a shop front (门面) facing the street: no households */
  shop: boolean
}

export interface Quarter {
  houses: House[]
  /** the lane first (from the block's edge on the gate side), then the alleys */
  paths: XY[][]
  entry: XY
}

const EDGE = 1.5 // houses keep this far from the block's edge (the pavement)
const LANE_GAP = 6 // clear width kept for the lane in every row

/**
 * `yard`: depth of the front yard before each row (0 in the old town's packed lanes);
 * `crowding`: households per floor, drawn from this range (rooms let in 城中村 push it up).
 */
export function layoutQuarter(poly: readonly XY[], gateSide: 'south' | 'north', laneX: number, rng: Rng, yard = 0, crowding: [number, number] = [0.35, 1.2]): Quarter {
  const ys = poly.map((p) => p[1])
  const ymin = Math.min(...ys)
  const ymax = Math.max(...ys)
  const depth = rng.range(9, 12)
  const houses: House[] = []
  const alleys: { y: number; lo: number; hi: number }[] = []
  // rows in pairs, back to back, with an alley north of every pair
  let y0 = ymin + EDGE + 0.5 + yard
  while (y0 + depth <= ymax - EDGE) {
    const rows = [y0, y0 + depth + 1.2]
    let lo = Infinity
    let hi = -Infinity
    for (const r0 of rows) {
      const r1 = r0 + depth
      if (r1 > ymax - EDGE) break
      const span = bandSpan(poly, r0 - 0.2, r1 + 0.2)
      if (!span) continue
      for (const [a, b] of [
        [span[0] + EDGE, laneX - LANE_GAP / 2],
        [laneX + LANE_GAP / 2, span[1] - EDGE],
      ]) {
        let x = a
        while (x + 6 <= b) {
          const w = Math.min(b - x, rng.range(7, 12.5))
          if (w < 6) break
          // now and then a yard or a gap between neighbours
          if (rng.chance(0.07)) {
            x += rng.range(5, 11)
            continue
          }
          const ring = rect(x, r0, x + w, r1)
          if (insideConvex(ring, poly, EDGE - 0.2)) {
            const front = x === a || x + w + 6 > b
            const shop = front && rng.chance(0.18)
            const floors = shop ? rng.int(1, 2) : rng.weighted([0.22, 0.34, 0.28, 0.16]) + 2
            const households = shop ? 0 : Math.max(1, Math.min(8, Math.round(floors * rng.range(...crowding))))
            houses.push({ ring, floors, households, shop })
            lo = Math.min(lo, x + w / 2)
            hi = Math.max(hi, x + w / 2)
          }
          x += w + rng.range(0.8, 2.2)
        }
      }
    }
    // the alley runs between the outermost doors, through the lane, and inside the block
    const alleyY = rows[1] + depth + yard + 1.8
    const at = spanAt(poly, alleyY)
    if (at && lo < hi && laneX > at[0] + 3 && laneX < at[1] - 3) alleys.push({ y: alleyY, lo: Math.max(at[0] + 2, Math.min(lo, laneX)), hi: Math.min(at[1] - 2, Math.max(hi, laneX)) })
    y0 = rows[1] + depth + 2 * yard + rng.range(3.2, 4.2)
  }
  const paths: XY[][] = []
  const edgeY = spanEdge(poly, laneX, gateSide === 'south' ? 'min' : 'max')
  const entry: XY = [laneX, edgeY]
  const laneYs = alleys.map((a) => a.y).sort((p, q) => (gateSide === 'south' ? p - q : q - p))
  if (laneYs.length > 0) paths.push([entry, ...laneYs.map((y): XY => [laneX, y])])
  for (const a of alleys) {
    const pts: XY[] = []
    if (a.lo < laneX - 1) pts.push([a.lo, a.y])
    pts.push([laneX, a.y])
    if (a.hi > laneX + 1) pts.push([a.hi, a.y])
    if (pts.length >= 2) paths.push(pts)
  }
  return { houses, paths, entry }
}
