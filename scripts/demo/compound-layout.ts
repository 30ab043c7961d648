/**
 * The inside of a residential compound: rows of south-facing buildings (slabs in older
 * compounds, point towers in newer ones) with a lane along the north side of every row, a
 * spine path from the gate through a gap left in every row, a branch from the lane to each
 * building's door, lawns between the rows and, in some compounds, a fitness area in place of a
 * building. Pure geometry in the local frame; every piece lies inside the compound polygon.
 */
import type { XY } from './frame.ts'
import { clipHalfPlane, dedupeRing, insideConvex, rect, signedArea } from './planar.ts'
import type { Rng } from './random.ts'

export type Style = 'old_slab' | 'mid_slab' | 'tower'

export interface StyleSpec {
  floors: [number, number]
  /** building footprint: length (E–W) and depth (N–S) ranges, metres */
  length: [number, number]
  depth: [number, number]
  /** clear distance between rows (sunlight spacing) and between buildings in a row */
  rowGap: [number, number]
  gap: [number, number]
  /** households per floor per stairwell unit, and metres of slab per unit */
  perFloor: number
  unitLength: number
  /** chance that a compound's slabs have three stairwells instead of two (longer slabs) */
  longSlabs: number
}

/**
 * Walk-up slabs (多层, 5–7 floors, mostly 2 stairwells × 2 flats a floor: 20–28 households),
 * mid-rise slabs (小高层, 11–18 floors) and point towers (高层, 18–33 floors, 4 flats a floor).
 */
export const STYLES: Record<Style, StyleSpec> = {
  old_slab: { floors: [5, 7], length: [24, 30], depth: [10, 12], rowGap: [19, 25], gap: [6, 10], perFloor: 2, unitLength: 13, longSlabs: 0.2 },
  mid_slab: { floors: [11, 18], length: [30, 36], depth: [13, 15], rowGap: [30, 38], gap: [10, 16], perFloor: 2, unitLength: 15.5, longSlabs: 0 },
  tower: { floors: [18, 33], length: [24, 30], depth: [18, 22], rowGap: [34, 44], gap: [16, 24], perFloor: 4, unitLength: 30, longSlabs: 0 },
}

export interface LaidBuilding {
  ring: XY[]
  floors: number
  households: number
  door: XY
  /** a bicycle shed or garage (车棚/车库) or a row of street shops (沿街商铺): no households */
  kind?: 'shed' | 'shop'
}

export interface Layout {
  buildings: LaidBuilding[]
  /** footways: spine (starting at the compound edge on the gate side), lanes, branches */
  paths: XY[][]
  /** where the spine leaves the compound, and on which side */
  entry: XY
  gateSide: 'south' | 'north'
  green: XY[][]
  fitness: XY[] | null
}

const LANE = 4 // lane runs this far north of a row
const SPINE_GAP = 9 // clear width kept for the spine in every row
const EDGE_MARGIN = 5 // buildings keep this far from the compound fence

/** Horizontal extent [lo, hi] of a convex CCW polygon at height y, or null. */
export function spanAt(poly: readonly XY[], y: number): [number, number] | null {
  let lo = Infinity
  let hi = -Infinity
  for (let i = 0; i < poly.length; i++) {
    const a = poly[i]
    const b = poly[(i + 1) % poly.length]
    if ((a[1] - y) * (b[1] - y) > 0) continue
    if (a[1] === b[1]) {
      lo = Math.min(lo, a[0], b[0])
      hi = Math.max(hi, a[0], b[0])
      continue
    }
    const x = a[0] + ((y - a[1]) / (b[1] - a[1])) * (b[0] - a[0])
    lo = Math.min(lo, x)
    hi = Math.max(hi, x)
  }
  return lo <= hi ? [lo, hi] : null
}

/** x-range where a rectangle spanning [y0, y1] fits (convexity: the ends bound it). */
export function bandSpan(poly: readonly XY[], y0: number, y1: number): [number, number] | null {
  const a = spanAt(poly, y0)
  const b = spanAt(poly, y1)
  if (!a || !b) return null
  const lo = Math.max(a[0], b[0])
  const hi = Math.min(a[1], b[1])
  return hi > lo ? [lo, hi] : null
}

/**
 * `shops`: the compound's south or north side faces a main road, so the row along it is street
 * shops (沿街商铺) of 2–3 floors instead of flats.
 */
export function layoutCompound(poly: readonly XY[], style: Style, gateSide: 'south' | 'north', rng: Rng, spineX: number, withFitness: boolean, shops: { south: boolean; north: boolean } = { south: false, north: false }): Layout {
  const spec = STYLES[style]
  const ys = poly.map((p) => p[1])
  const ymin = Math.min(...ys)
  const ymax = Math.max(...ys)
  const depth = rng.range(...spec.depth)
  const rowGap = rng.range(...spec.rowGap)
  const floorsBase = rng.int(...spec.floors)
  const long = rng.chance(spec.longSlabs)
  const lengths: [number, number] = long ? [spec.length[0] + spec.unitLength, spec.length[1] + spec.unitLength] : spec.length
  const buildings: LaidBuilding[] = []
  const paths: XY[][] = []
  const green: XY[][] = []
  const lanes: { y: number; xs: number[] }[] = []
  const rows: { y0: number; y1: number; lo: number; hi: number }[] = []
  let fitness: XY[] | null = null
  let fitnessRow = -1

  for (let y0 = ymin + EDGE_MARGIN + 2; y0 + depth + LANE + 2 <= ymax - 2; y0 += depth + rowGap) {
    const y1 = y0 + depth
    const span = bandSpan(poly, y0 - 1, y1 + LANE + 2)
    if (!span) continue
    const lo = span[0] + EDGE_MARGIN
    const hi = span[1] - EDGE_MARGIN
    if (hi - lo < lengths[0] + SPINE_GAP || spineX < lo || spineX > hi) continue
    rows.push({ y0, y1, lo, hi })
  }
  // a central garden in place of a middle row (most newer compounds have one)
  if (rows.length >= 4 && rng.chance(style === 'old_slab' ? 0.35 : 0.7)) rows.splice(Math.floor(rows.length / 2), 1)
  if (withFitness && rows.length >= 3) fitnessRow = rng.int(1, rows.length - 2)
  const shopRows = new Set<number>()
  if (rows.length >= 3 && shops.south) shopRows.add(0)
  if (rows.length >= 3 && shops.north) shopRows.add(rows.length - 1)

  rows.forEach((row, r) => {
    const doors: number[] = []
    for (const [a, b] of [
      [row.lo, spineX - SPINE_GAP / 2],
      [spineX + SPINE_GAP / 2, row.hi],
    ]) {
      if (shopRows.has(r)) {
        for (const [x0, x1] of pack(a, b, [16, 30], [3, 6], rng)) {
          const ring = rect(x0, row.y0, x1, row.y0 + Math.min(12, depth))
          if (!insideConvex(ring, poly, 1)) continue
          const door: XY = [(x0 + x1) / 2, row.y1]
          buildings.push({ ring, floors: rng.int(2, 3), households: 0, door, kind: 'shop' })
          doors.push(door[0])
        }
        continue
      }
      const pieces = pack(a, b, lengths, spec.gap, rng)
      pieces.forEach(([x0, x1], idx) => {
        const ring = rect(x0, row.y0, x1, row.y1)
        if (!insideConvex(ring, poly, 1)) return
        // one slot of the fitness row becomes the fitness area
        if (r === fitnessRow && fitness === null && idx === pieces.length - 1) {
          const w = Math.min(x1 - x0, rng.range(12, 42))
          const f = rect(x1 - w, row.y0, x1, row.y1 + 1)
          fitness = f
          return
        }
        // now and then the outermost slot of a row holds the bicycle sheds or garages
        if (pieces.length >= 3 && (idx === 0 || idx === pieces.length - 1) && rng.chance(style === 'old_slab' ? 0.07 : 0.1)) {
          const w = Math.min(x1 - x0, rng.range(14, 22))
          const sx0 = idx === 0 ? x0 : x1 - w
          const door: XY = [sx0 + w / 2, row.y1]
          buildings.push({ ring: rect(sx0, row.y1 - 6, sx0 + w, row.y1), floors: 1, households: 0, door, kind: 'shed' })
          doors.push(door[0])
          return
        }
        const floors = clampInt(floorsBase + rng.int(-1, 1), spec.floors[0], spec.floors[1])
        const units = Math.max(1, Math.round((x1 - x0) / spec.unitLength))
        const door: XY = [(x0 + x1) / 2, row.y1]
        buildings.push({ ring, floors, households: floors * units * spec.perFloor, door })
        doors.push(door[0])
      })
    }
    const laneY = row.y1 + LANE
    lanes.push({ y: laneY, xs: doors })
    for (const x of doors) paths.push([
      [x, laneY],
      [x, row.y1],
    ])
    // lawn between this row's lane and the next row, either side of the spine
    const next = rows[r + 1]
    const gTop = next ? next.y0 - 2 : Math.min(ymax - 3, laneY + 3 + rowGap * 0.6)
    const gBottom = laneY + 2.5
    if (gTop - gBottom >= 6 && rng.chance(style === 'old_slab' ? 0.7 : 0.95)) {
      for (const [a, b] of [
        [row.lo - EDGE_MARGIN + 1, spineX - 2],
        [spineX + 2, row.hi + EDGE_MARGIN - 1],
      ]) {
        const lawn = clipConvex(rect(a, gBottom, b, gTop), poly)
        if (lawn.length >= 3 && signedArea(lawn) > 40) green.push(lawn)
      }
    }
  })
  // Lanes run from the spine to the outermost door on each side.
  for (const { y, xs } of lanes) {
    const all = [...new Set([spineX, ...xs])].sort((p, q) => p - q)
    if (all.length >= 2) paths.push(all.map((x): XY => [x, y]))
  }
  // Spine: from the compound edge on the gate side through every lane.
  const edgeY = gateSide === 'south' ? spanEdge(poly, spineX, 'min') : spanEdge(poly, spineX, 'max')
  const laneYs = lanes.map((l) => l.y).sort((p, q) => (gateSide === 'south' ? p - q : q - p))
  const entry: XY = [spineX, edgeY]
  if (laneYs.length > 0) paths.unshift([entry, ...laneYs.map((y): XY => [spineX, y])])
  return { buildings, paths, entry, gateSide, green, fitness }
}

/** Lower or upper end of the vertical line x within a convex polygon. */
export function spanEdge(poly: readonly XY[], x: number, which: 'min' | 'max'): number {
  let best = which === 'min' ? Infinity : -Infinity
  for (let i = 0; i < poly.length; i++) {
    const a = poly[i]
    const b = poly[(i + 1) % poly.length]
    if ((a[0] - x) * (b[0] - x) > 0 || a[0] === b[0]) continue
    const y = a[1] + ((x - a[0]) / (b[0] - a[0])) * (b[1] - a[1])
    best = which === 'min' ? Math.min(best, y) : Math.max(best, y)
  }
  return best
}

/** Splits [a, b] into buildings and gaps, centred in the interval. */
function pack(a: number, b: number, lengths: [number, number], gaps: [number, number], rng: Rng): [number, number][] {
  const out: [number, number][] = []
  const len = rng.range(...lengths)
  const gap = rng.range(...gaps)
  const n = Math.floor((b - a + gap) / (len + gap))
  if (n <= 0) {
    if (b - a >= lengths[0]) out.push([a, b])
    return out
  }
  const used = n * len + (n - 1) * gap
  let x = a + (b - a - used) / 2
  for (let i = 0; i < n; i++) {
    out.push([x, x + len])
    x += len + gap
  }
  return out
}

/** Intersection of a convex polygon with a convex CCW clip polygon. */
export function clipConvex(subject: readonly XY[], clip: readonly XY[]): XY[] {
  let out: XY[] = subject.slice()
  for (let i = 0; i < clip.length && out.length >= 3; i++) out = clipHalfPlane(out, clip[i], clip[(i + 1) % clip.length])
  return dedupeRing(out, 0.3)
}

const clampInt = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, v))
