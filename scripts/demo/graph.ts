/**
 * The edge graph of the cell complex restricted to the district: Voronoi vertices joined by
 * cell edges, each edge knowing the two cells it separates. Roads are paths in this graph.
 */
import { cellSize, type Complex } from './complex.ts'
import { MinHeap } from './heap.ts'

export interface EdgeGraph {
  c: Complex
  /** neighbours of each vertex: [other vertex, left cell, right cell] triples, flat */
  adj: Map<number, number[]>
  /** key of the undirected vertex pair → [cell i, cell j] */
  cellsOf: Map<number, [number, number]>
}

export function pairKey(c: Complex, a: number, b: number): number {
  const n = c.vx.length
  return a < b ? a * n + b : b * n + a
}

export function buildEdgeGraph(c: Complex, cells: readonly number[]): EdgeGraph {
  const adj = new Map<number, number[]>()
  const cellsOf = new Map<number, [number, number]>()
  for (const i of cells) {
    const m = cellSize(c, i)
    for (let q = 0; q < m; q++) {
      const k = c.start[i] + q
      const a = c.ringV[k]
      const b = c.ringV[c.start[i] + ((q + 1) % m)]
      const key = pairKey(c, a, b)
      if (cellsOf.has(key)) continue
      cellsOf.set(key, [i, c.ringN[k]])
      for (const [u, v] of [
        [a, b],
        [b, a],
      ]) {
        const list = adj.get(u)
        if (list) list.push(v, i, c.ringN[k])
        else adj.set(u, [v, i, c.ringN[k]])
      }
    }
  }
  return { c, adj, cellsOf }
}

export function edgeLength(c: Complex, a: number, b: number): number {
  return Math.hypot(c.vx[a] - c.vx[b], c.vy[a] - c.vy[b])
}

/**
 * Dijkstra from `source` until a vertex with isTarget() is settled; returns the vertex path
 * from source to that target, or null. cost() may return Infinity to forbid an edge.
 * O(E log V) in the part of the graph it explores.
 */
export function shortestPath(
  g: EdgeGraph,
  source: number,
  isTarget: (v: number) => boolean,
  cost: (a: number, b: number, cellL: number, cellR: number) => number,
): number[] | null {
  const dist = new Map<number, number>([[source, 0]])
  const prev = new Map<number, number>()
  const heap = new MinHeap()
  heap.push(source, 0)
  const done = new Set<number>()
  while (heap.size > 0) {
    const v = heap.pop()!
    if (done.has(v)) continue
    done.add(v)
    if (isTarget(v)) {
      const path = [v]
      let u = v
      while (u !== source) {
        u = prev.get(u)!
        path.push(u)
      }
      return path.reverse()
    }
    const list = g.adj.get(v)
    if (!list) continue
    const dv = dist.get(v)!
    for (let k = 0; k < list.length; k += 3) {
      const w = list[k]
      if (done.has(w)) continue
      const step = cost(v, w, list[k + 1], list[k + 2])
      if (!Number.isFinite(step)) continue
      const nd = dv + step
      if (nd < (dist.get(w) ?? Infinity)) {
        dist.set(w, nd)
        prev.set(w, v)
        heap.push(w, nd)
      }
    }
  }
  return null
}
