/**
 * Traces the outline of a group of cells: the directed cell edges whose neighbour lies outside
 * the group, chained head to tail. Voronoi vertices have degree 3, so every boundary vertex has
 * exactly one outgoing boundary edge and rings never pinch. Cell rings run counter-clockwise, so
 * the outer ring comes out counter-clockwise and holes clockwise, as RFC 7946 wants.
 */
import { cellSize, type Complex } from './complex.ts'
import type { XY } from './frame.ts'
import { signedArea } from './planar.ts'

/** Extra vertices inserted on cell edges (gates on streets), keyed by edgeKey. */
export type EdgePoints = Map<number, { from: number; points: XY[] }>

export function edgeKey(c: Complex, i: number, j: number): number {
  const n = c.sx.length
  return i < j ? i * n + j : j * n + i
}

/**
 * Points inserted on the edge between cells i and j, in the direction vertex a → b.
 * They are stored once per edge with the vertex they start from, so both sides emit them in
 * the same order and with the same numbers.
 */
export function pointsAlong(points: EdgePoints, key: number, a: number): XY[] {
  const e = points.get(key)
  if (!e) return []
  return e.from === a ? e.points : e.points.slice().reverse()
}

export interface Outline {
  /** counter-clockwise shells and clockwise holes, open rings in the local frame */
  shells: XY[][]
  holes: XY[][]
}

export function traceOutline(c: Complex, cells: readonly number[], inGroup: (cell: number) => boolean, points: EdgePoints): Outline {
  // next boundary edge out of each vertex: vertex → [b, cell, k]
  const out = new Map<number, { b: number; cell: number; k: number }>()
  for (const i of cells) {
    const m = cellSize(c, i)
    for (let q = 0; q < m; q++) {
      const k = c.start[i] + q
      const j = c.ringN[k]
      if (j >= 0 && inGroup(j)) continue
      const a = c.ringV[k]
      const b = c.ringV[c.start[i] + ((q + 1) % m)]
      if (out.has(a)) throw new Error(`outline pinches at vertex ${a} (cells ${cells.slice(0, 4).join(',')}…)`)
      out.set(a, { b, cell: i, k })
    }
  }
  const shells: XY[][] = []
  const holes: XY[][] = []
  const seen = new Set<number>()
  for (const startV of out.keys()) {
    if (seen.has(startV)) continue
    const ring: XY[] = []
    let v = startV
    do {
      seen.add(v)
      const e = out.get(v)!
      ring.push([c.vx[v], c.vy[v]])
      const j = c.ringN[e.k]
      if (j >= 0) for (const p of pointsAlong(points, edgeKey(c, e.cell, j), v)) ring.push(p)
      v = e.b
      if (!out.has(v)) throw new Error(`outline does not close at vertex ${v}`)
    } while (v !== startV)
    ;(signedArea(ring) > 0 ? shells : holes).push(ring)
  }
  return { shells, holes }
}
