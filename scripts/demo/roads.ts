/**
 * The road network, all on cell edges so that roads, blocks and grids share one topology:
 * every edge of an urban block is a street (a few long straight-ish lines become the main
 * roads, the core's outline the ring road), and the countryside gets shortest-path roads from
 * the town to each township seat, village centre and hamlet.
 */
import { cellsAtVertex, type Complex } from './complex.ts'
import type { XY } from './frame.ts'
import { buildStrokes } from './strokes.ts'
import { edgeLength, pairKey, shortestPath, type EdgeGraph } from './graph.ts'
import type { Hierarchy, Unit } from './hierarchy.ts'
import type { RoadClass } from './layers.ts'
import { MAIN_ROADS, streetNamer, type NamePair } from './names.ts'
import type { Plan } from './plan.ts'
import { createRng } from './random.ts'
import type { Water } from './water.ts'

export interface RoadLine {
  cls: RoadClass
  name: NamePair | null
  /** Voronoi vertex ids along the line */
  verts: number[]
}

export interface Hamlet {
  vertex: number
  area: Unit
  village: Unit
  /** the village centre (村委会所在地) */
  main: boolean
  /** the township seat (镇政府驻地) */
  seat: boolean
}

export interface Network {
  lines: RoadLine[]
  /** vertices the network passes through */
  nodes: Set<number>
  /** class of every road edge, by pairKey */
  edgeClass: Map<number, RoadClass>
  hamlets: Hamlet[]
}

interface MainLine {
  name: NamePair
  cls: RoadClass
  eastWest: boolean
  /** offset across the core frame, metres */
  offset: number
}

function mainLines(plan: Plan): MainLine[] {
  const { halfW, halfH } = plan.core
  if (plan.size === 'demo')
    return [
      { name: MAIN_ROADS[0], cls: 'primary', eastWest: true, offset: 0.04 * halfH },
      { name: MAIN_ROADS[4], cls: 'primary', eastWest: false, offset: -0.1 * halfW },
      { name: MAIN_ROADS[2], cls: 'secondary', eastWest: true, offset: 0.56 * halfH },
      { name: MAIN_ROADS[3], cls: 'secondary', eastWest: true, offset: -0.5 * halfH },
      { name: MAIN_ROADS[5], cls: 'secondary', eastWest: false, offset: 0.52 * halfW },
      { name: MAIN_ROADS[1], cls: 'secondary', eastWest: false, offset: -0.62 * halfW },
    ]
  // Larger cores: a main road every ~1.1 km each way, every third one primary.
  const out: MainLine[] = []
  const rng = createRng(plan.seed, 'main-roads')
  const namer = streetNamer(rng)
  for (const eastWest of [true, false]) {
    const half = eastWest ? halfH : halfW
    const n = Math.floor((2 * half) / 1100)
    for (let k = 1; k < n; k++) {
      const [zh, en] = namer(eastWest)
      const main = k % 3 === 0
      out.push({ name: [`${zh.slice(0, -1)}${main ? '大道' : '路'}`, `${en.split(' ')[0]} ${main ? 'Avenue' : 'Road'}`], cls: main ? 'primary' : 'secondary', eastWest, offset: -half + (2 * half * k) / n })
    }
  }
  return out
}

/** Core frame coordinates (u along the core's long axis, v across). */
function toCore(plan: Plan, p: XY): XY {
  const { cx, cy, angle } = plan.core
  const c = Math.cos(-angle)
  const s = Math.sin(-angle)
  return [(p[0] - cx) * c - (p[1] - cy) * s, (p[0] - cx) * s + (p[1] - cy) * c]
}

export function buildUrbanRoads(g: EdgeGraph, isCore: (cell: number) => boolean, plan: Plan): Network {
  const { c } = g
  const pos = (v: number): XY => [c.vx[v], c.vy[v]]
  const net: Network = { lines: [], nodes: new Set(), edgeClass: new Map(), hamlets: [] }
  const street = new Set<number>()
  const ring: [number, number][] = []
  for (const [key, [i, j]] of g.cellsOf) {
    const ci = isCore(i)
    const cj = j >= 0 && isCore(j)
    if (!ci && !cj) continue
    street.add(key)
    if (ci !== cj) ring.push(splitKey(c, key))
  }
  const add = (line: RoadLine) => {
    net.lines.push(line)
    for (let k = 0; k < line.verts.length; k++) {
      net.nodes.add(line.verts[k])
      if (k > 0) net.edgeClass.set(pairKey(c, line.verts[k - 1], line.verts[k]), line.cls)
    }
  }

  // Ring road: the core's outline, cut into its four sides.
  const ringVerts = new Set(ring.flat())
  const loop = buildStrokes(ring, pos, Math.PI)[0]
  const side = (v: number) => {
    const [u, w] = toCore(plan, pos(v))
    const a = Math.atan2(w / plan.core.halfH, u / plan.core.halfW)
    return a >= Math.PI / 4 && a < (3 * Math.PI) / 4 ? 0 : a >= -Math.PI / 4 && a < Math.PI / 4 ? 1 : a >= (-3 * Math.PI) / 4 && a < -Math.PI / 4 ? 2 : 3
  }
  const RING_NAMES = [MAIN_ROADS[6], MAIN_ROADS[7], MAIN_ROADS[8], MAIN_ROADS[9]]
  // start the walk where the side changes, so each side comes out in one piece
  const closed = loop[0] === loop[loop.length - 1] ? loop.slice(0, -1) : loop
  let s0 = closed.findIndex((v, k) => side(v) !== side(closed[(k + closed.length - 1) % closed.length]))
  if (s0 < 0) s0 = 0
  const walk = [...closed.slice(s0), ...closed.slice(0, s0), closed[s0]]
  let piece = [walk[0]]
  for (let k = 1; k < walk.length; k++) {
    piece.push(walk[k])
    if (k === walk.length - 1 || side(walk[k]) !== side(walk[k - 1])) {
      if (piece.length > 1) add({ cls: 'secondary', name: RING_NAMES[side(piece[0])], verts: piece })
      piece = [walk[k]]
    }
  }

  // Main roads: cheapest path between the ring's two ends of each line, edges far from the line costing more.
  for (const ml of mainLines(plan)) {
    const across = (p: XY) => {
      const [u, w] = toCore(plan, p)
      return ml.eastWest ? [u, w - ml.offset] : [w, u - ml.offset]
    }
    let lo = -1
    let hi = -1
    for (const v of ringVerts) {
      // only where a street leaves the ring inwards (two core cells meet the vertex)
      if (cellsAtVertex(c, v).filter(isCore).length !== 2) continue
      const [along, off] = across(pos(v))
      if (Math.abs(off) > 260) continue
      if (lo === -1 || along < across(pos(lo))[0]) lo = v
      if (hi === -1 || along > across(pos(hi))[0]) hi = v
    }
    if (lo === -1 || lo === hi) continue
    const path = shortestPath(g, lo, (v) => v === hi, (a, b) => {
      if (!street.has(pairKey(c, a, b)) || (ringVerts.has(a) && ringVerts.has(b) && net.edgeClass.has(pairKey(c, a, b)))) return Infinity
      const mid: XY = [(c.vx[a] + c.vx[b]) / 2, (c.vy[a] + c.vy[b]) / 2]
      const off = across(mid)[1]
      // a corridor keeps the search local on the large benchmark cores
      if (Math.abs(off) > 500) return Infinity
      return edgeLength(c, a, b) * (1 + (off / 45) ** 2)
    })
    if (path) add({ cls: ml.cls, name: ml.name, verts: path })
  }

  // Everything else: residential streets, merged into strokes and named by direction.
  const rest: [number, number][] = []
  for (const key of street) if (!net.edgeClass.has(key)) rest.push(splitKey(c, key))
  rest.sort((p, q) => p[0] - q[0] || p[1] - q[1])
  const namer = streetNamer(createRng(plan.seed, 'street-names'))
  for (const verts of buildStrokes(rest, pos)) {
    const a = toCore(plan, pos(verts[0]))
    const b = toCore(plan, pos(verts[verts.length - 1]))
    const eastWest = Math.abs(b[0] - a[0]) >= Math.abs(b[1] - a[1])
    add({ cls: 'residential', name: namer(eastWest), verts })
  }
  return net
}

function splitKey(c: Complex, key: number): [number, number] {
  const n = c.vx.length
  return [Math.floor(key / n), key % n]
}

export { toCore }
export type { Hierarchy }
