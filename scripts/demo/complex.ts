/**
 * The planar cell complex: the Voronoi diagram of the sites, built from a Delaunator
 * triangulation. Vertex ids are triangle ids (a vertex is its triangle's circumcentre), so two
 * cells that share an edge share its two vertex ids by construction: the whole district is one
 * topology, and every polygon drawn from it agrees with its neighbours bit for bit.
 */
import Delaunator from 'delaunator'
import type { XY } from './frame.ts'
import { createRng } from './random.ts'
import type { Sites } from './sites.ts'

export interface Complex {
  /** sites (cell generators) */
  sx: Float64Array
  sy: Float64Array
  /** vertices (circumcentres), indexed by triangle */
  vx: Float64Array
  vy: Float64Array
  /** cell i's ring is ringV[start[i] .. start[i+1]), counter-clockwise */
  start: Int32Array
  ringV: Int32Array
  /** neighbour across the edge ringV[k] → ringV[k+1]; -1 on the hull */
  ringN: Int32Array
  /** 0 for cells touching the convex hull (unbounded), 1 otherwise */
  bounded: Uint8Array
  /** the triangulation: vertex v is triangle v, whose three sites are the cells meeting there */
  tri: Uint32Array
}

/** The three cells that meet at vertex v. */
export function cellsAtVertex(c: Complex, v: number): [number, number, number] {
  return [c.tri[3 * v], c.tri[3 * v + 1], c.tri[3 * v + 2]]
}

/** Shortest allowed Voronoi edge near the district; shorter ones would vanish when rounded. */
const MIN_EDGE = 2

export function cellSize(c: Complex, i: number): number {
  return c.start[i + 1] - c.start[i]
}

export function cellRing(c: Complex, i: number): XY[] {
  const out: XY[] = []
  for (let k = c.start[i]; k < c.start[i + 1]; k++) out.push([c.vx[c.ringV[k]], c.vy[c.ringV[k]]])
  return out
}

/** Builds the complex; sites whose cells have a too-short edge are nudged and the diagram redone. */
export function buildComplex(sites: Sites, seed: number, relevant: (i: number) => boolean): Complex {
  const rng = createRng(seed, 'complex')
  const n = sites.x.length
  const coords = new Float64Array(2 * n)
  for (let i = 0; i < n; i++) {
    coords[2 * i] = sites.x[i]
    coords[2 * i + 1] = sites.y[i]
  }
  for (let round = 0; ; round++) {
    const c = fromDelaunay(new Delaunator(coords), coords)
    const bad = shortEdgeSites(c, relevant)
    if (bad.length === 0) return c
    if (round === 30) throw new Error(`Voronoi edges shorter than ${MIN_EDGE} m remain after 30 rounds (sites ${bad.slice(0, 5)})`)
    // nudges grow with the rounds so that a stubborn near-cocircular quad gives way
    const r = 3 * (1 + round / 4)
    for (const i of bad) {
      coords[2 * i] += rng.range(-r, r)
      coords[2 * i + 1] += rng.range(-r, r)
      sites.x[i] = coords[2 * i]
      sites.y[i] = coords[2 * i + 1]
    }
  }
}

function shortEdgeSites(c: Complex, relevant: (i: number) => boolean): number[] {
  const bad: number[] = []
  const n = c.sx.length
  for (let i = 0; i < n; i++) {
    if (!relevant(i)) continue
    for (let k = c.start[i]; k < c.start[i + 1]; k++) {
      const j = c.ringN[k]
      if (j < i && j >= 0 && relevant(j)) continue // each edge once
      const a = c.ringV[k]
      const b = c.ringV[k + 1 < c.start[i + 1] ? k + 1 : c.start[i]]
      if (Math.hypot(c.vx[a] - c.vx[b], c.vy[a] - c.vy[b]) < MIN_EDGE) {
        bad.push(i)
        if (j >= 0) bad.push(j)
        break
      }
    }
  }
  return bad
}

function fromDelaunay(d: Delaunator<ArrayLike<number>>, coords: Float64Array): Complex {
  const { triangles, halfedges } = d
  const n = coords.length / 2
  const nt = triangles.length / 3
  const vx = new Float64Array(nt)
  const vy = new Float64Array(nt)
  for (let t = 0; t < nt; t++) {
    const [x, y] = circumcentre(coords, triangles[3 * t], triangles[3 * t + 1], triangles[3 * t + 2])
    vx[t] = x
    vy[t] = y
  }
  // An incoming half-edge per point; hull points keep the hull edge so their walk starts there.
  const inedge = new Int32Array(n).fill(-1)
  for (let e = 0; e < triangles.length; e++) {
    const p = triangles[e % 3 === 2 ? e - 2 : e + 1]
    if (halfedges[e] === -1 || inedge[p] === -1) inedge[p] = e
  }
  const start = new Int32Array(n + 1)
  const ringV: number[] = []
  const ringN: number[] = []
  const bounded = new Uint8Array(n)
  const next = (e: number) => (e % 3 === 2 ? e - 2 : e + 1)
  for (let i = 0; i < n; i++) {
    start[i] = ringV.length
    const e0 = inedge[i]
    if (e0 === -1) continue
    const vs: number[] = []
    const ns: number[] = []
    let e = e0
    let closed = false
    do {
      vs.push(Math.floor(e / 3))
      const out = next(e)
      ns.push(triangles[next(out)])
      e = halfedges[out]
      if (e === e0) closed = true
    } while (e !== -1 && !closed)
    bounded[i] = closed ? 1 : 0
    // Walking the incoming half-edges visits the triangles counter-clockwise (y up).
    for (let k = 0; k < vs.length; k++) {
      ringV.push(vs[k])
      ringN.push(closed ? ns[k] : -1)
    }
  }
  start[n] = ringV.length
  return { sx: Float64Array.from({ length: n }, (_, i) => coords[2 * i]), sy: Float64Array.from({ length: n }, (_, i) => coords[2 * i + 1]), vx, vy, start, ringV: Int32Array.from(ringV), ringN: Int32Array.from(ringN), bounded, tri: Uint32Array.from(triangles) }
}

function circumcentre(coords: Float64Array, a: number, b: number, c: number): XY {
  const ax = coords[2 * a]
  const ay = coords[2 * a + 1]
  const bx = coords[2 * b] - ax
  const by = coords[2 * b + 1] - ay
  const cx = coords[2 * c] - ax
  const cy = coords[2 * c + 1] - ay
  const bl = bx * bx + by * by
  const cl = cx * cx + cy * cy
  const dd = 0.5 / (bx * cy - by * cx)
  return [ax + (cy * bl - by * cl) * dd, ay + (bx * cl - cx * bl) * dd]
}
