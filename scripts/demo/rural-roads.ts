/**
 * Country roads: for every township seat, village centre and hamlet, the cheapest path along
 * cell edges to the network built so far (hills cost more, standing water is avoided, bridges
 * are few). Each path is one line ending on a vertex of an earlier road, so the network stays
 * one connected piece and lines meet only at shared vertices.
 */
import { cellsAtVertex } from './complex.ts'
import type { XY } from './frame.ts'
import { edgeLength, pairKey, shortestPath, type EdgeGraph } from './graph.ts'
import type { Hierarchy, Unit } from './hierarchy.ts'
import type { RoadClass } from './layers.ts'
import type { NamePair } from './names.ts'
import { districtPoint, type Plan } from './plan.ts'
import type { Hamlet, Network, RoadLine } from './roads.ts'
import type { Water } from './water.ts'

export function addRuralRoads(g: EdgeGraph, net: Network, h: Hierarchy, water: Water, plan: Plan, hills: (x: number, y: number) => number, inDistrict: (cell: number) => boolean): void {
  const { c } = g
  const pos = (v: number): XY => [c.vx[v], c.vy[v]]
  const costCache = new Map<number, number>()
  const cost = (a: number, b: number, i: number, j: number) => {
    if (!inDistrict(i) || j < 0 || !inDistrict(j)) return Infinity
    const key = pairKey(c, a, b)
    let w = costCache.get(key)
    if (w === undefined) {
      const pa = pos(a)
      const pb = pos(b)
      const mid: XY = [(pa[0] + pb[0]) / 2, (pa[1] + pb[1]) / 2]
      w = edgeLength(c, a, b) * (1 + 2.5 * hills(mid[0], mid[1]))
      if (water.blocksRoad(pa, pb)) w *= 1000
      else if (water.crossesRiver(pa, pb)) w *= 4
      costCache.set(key, w)
    }
    // reuse of existing roads is free, so new paths join the network early
    return net.edgeClass.has(pairKey(c, a, b)) ? w * 0.01 : w
  }
  const connect = (from: number, cls: RoadClass, name: NamePair | null, target: (v: number) => boolean = (v) => net.nodes.has(v)) => {
    if (net.nodes.has(from)) return
    const path = shortestPath(g, from, target, cost)
    // a hamlet on the district's edge may have no inside edge at all: it stays off the network
    if (!path) return
    // keep only the new part: stop at the first vertex already on the network
    const end = path.findIndex((v) => net.nodes.has(v))
    const verts = (end >= 0 ? path.slice(0, end + 1) : path).reverse()
    const line: RoadLine = { cls, name, verts }
    net.lines.push(line)
    for (let k = 0; k < verts.length; k++) {
      net.nodes.add(verts[k])
      if (k > 0) net.edgeClass.set(pairKey(c, verts[k - 1], verts[k]), cls)
    }
  }

  // Hamlets: one per rural area, at the inner vertex nearest the area's middle, clear of water.
  const hamlets = placeHamlets(g, h, water)
  net.hamlets = hamlets

  // Provincial roads leave the district west, east and north from the ends of the main roads.
  // exits: boundary vertices where two district cells meet, so an inside edge reaches them
  const boundary = [...g.adj.keys()].filter((v) => cellsAtVertex(c, v).filter(inDistrict).length === 2)
  const exits: [XY, NamePair][] = [
    [districtPoint(plan, -1.3, 0.15), ['省道S901', 'Provincial Road S901']],
    [districtPoint(plan, 1.3, 0.15), ['省道S901', 'Provincial Road S901']],
    [districtPoint(plan, -0.25, 1.3), ['省道S903', 'Provincial Road S903']],
  ]
  for (const [far, name] of exits) {
    let best = boundary[0]
    for (const v of boundary) if (dist(pos(v), far) < dist(pos(best), far)) best = v
    connect(best, 'primary', name)
  }
  // Township seats by county roads, then village centres, then the other hamlets.
  for (const hm of hamlets.filter((x) => x.seat)) {
    const town = hm.village.parent!
    connect(hm.vertex, 'secondary', [`岚${town.name[0][0]}公路`, `Lan–${town.name[1].split(' ')[0]} Highway`])
  }
  for (const hm of hamlets.filter((x) => x.main && !x.seat)) {
    const stem = hm.village.name[0].replace(/村$/, '')
    connect(hm.vertex, 'rural', [`${stem}线`, `${hm.village.name[1].replace(/ Village$/, '')} Road`])
  }
  for (const hm of hamlets.filter((x) => !x.main)) connect(hm.vertex, 'rural', null)
}

function placeHamlets(g: EdgeGraph, h: Hierarchy, water: Water): Hamlet[] {
  const { c } = g
  const out: Hamlet[] = []
  for (const village of h.units.filter((u) => u.level === 1 && !u.urban)) {
    const found: Hamlet[] = []
    for (const area of village.children) {
      const inArea = new Set(area.cells)
      let best = -1
      let bestScore = Infinity
      for (const cell of area.cells)
        for (let k = c.start[cell]; k < c.start[cell + 1]; k++) {
          const v = c.ringV[k]
          const around = (g.adj.get(v) ?? []).filter((_, q) => q % 3 !== 0)
          const inner = around.every((x) => inArea.has(x))
          const p: XY = [c.vx[v], c.vy[v]]
          const wet = !water.clear(p[0], p[1], 160)
          const score = dist(p, area.centre) + (inner ? 0 : 2000) + (wet ? 5000 : 0)
          if (score < bestScore) {
            bestScore = score
            best = v
          }
        }
      found.push({ vertex: best, area, village, main: false, seat: false })
    }
    // the village centre is the hamlet nearest the village's middle
    let main = found[0]
    for (const hm of found) if (dist([c.vx[hm.vertex], c.vy[hm.vertex]], village.centre) < dist([c.vx[main.vertex], c.vy[main.vertex]], village.centre)) main = hm
    main.main = true
    out.push(...found)
  }
  // township seat: the village centre nearest the middle of each town
  for (const town of h.units.filter((u) => u.level === 0 && u.kind === 'town')) {
    const mains = out.filter((x) => x.main && x.village.parent === town)
    let seat = mains[0]
    for (const hm of mains) if (dist([c.vx[hm.vertex], c.vy[hm.vertex]], town.centre) < dist([c.vx[seat.vertex], c.vy[seat.vertex]], town.centre)) seat = hm
    if (seat) seat.seat = true
  }
  return out
}

const dist = (a: XY, b: XY) => Math.hypot(a[0] - b[0], a[1] - b[1])
