/**
 * Seeded region growing: splits a connected graph of cells into k contiguous groups of about
 * equal weight. Seeds come from a few rounds of weighted k-means; groups then grow one cell at a
 * time, the lightest group first, each taking its frontier cell nearest its seed, so groups stay
 * compact and connected by construction. O(n log n) for n cells.
 */
import type { XY } from './frame.ts'
import { MinHeap } from './heap.ts'
import type { Rng } from './random.ts'

export interface Graph {
  /** node positions */
  pos: readonly XY[]
  weight: readonly number[]
  /** adjacency lists (indices into pos) */
  adj: readonly (readonly number[])[]
}

/** Returns the group index of every node. Throws if the graph is not connected. */
export function growRegions(g: Graph, k: number, rng: Rng, targets?: readonly number[]): Int32Array {
  const n = g.pos.length
  if (k < 1 || k > n) throw new Error(`cannot split ${n} cells into ${k} groups`)
  const total = g.weight.reduce((s, w) => s + w, 0)
  const target = targets ?? Array.from({ length: k }, () => total / k)
  const seeds = kmeansSeeds(g, k, rng)
  const group = new Int32Array(n).fill(-1)
  const load = new Float64Array(k)
  const heaps = Array.from({ length: k }, () => new MinHeap())
  const dist2 = (node: number, s: number) => {
    const dx = g.pos[node][0] - g.pos[seeds[s]][0]
    const dy = g.pos[node][1] - g.pos[seeds[s]][1]
    return dx * dx + dy * dy
  }
  seeds.forEach((node, s) => heaps[s].push(node, 0))
  let assigned = 0
  while (assigned < n) {
    let best = -1
    for (let s = 0; s < k; s++) {
      // drop stale entries so an exhausted group stops competing
      while (heaps[s].size > 0 && group[heaps[s].peek()!] !== -1) heaps[s].pop()
      if (heaps[s].size === 0) continue
      if (best === -1 || load[s] / target[s] < load[best] / target[best]) best = s
    }
    if (best === -1) throw new Error(`graph is not connected: ${n - assigned} of ${n} cells unreachable`)
    const node = heaps[best].pop()!
    group[node] = best
    load[best] += g.weight[node]
    assigned++
    for (const m of g.adj[node]) if (group[m] === -1) heaps[best].push(m, dist2(m, best))
  }
  return group
}

/** k-means++-style farthest start, then Lloyd rounds; each seed snapped to its nearest node. */
function kmeansSeeds(g: Graph, k: number, rng: Rng): number[] {
  const n = g.pos.length
  const centres: XY[] = [g.pos[rng.int(0, n - 1)]]
  const d2 = new Float64Array(n).fill(Infinity)
  while (centres.length < k) {
    const c = centres[centres.length - 1]
    let far = 0
    for (let i = 0; i < n; i++) {
      d2[i] = Math.min(d2[i], (g.pos[i][0] - c[0]) ** 2 + (g.pos[i][1] - c[1]) ** 2)
      if (d2[i] > d2[far]) far = i
    }
    centres.push(g.pos[far])
  }
  for (let round = 0; round < 8; round++) {
    const sx = new Float64Array(k)
    const sy = new Float64Array(k)
    const sw = new Float64Array(k)
    for (let i = 0; i < n; i++) {
      const c = nearest(centres, g.pos[i])
      sx[c] += g.pos[i][0] * g.weight[i]
      sy[c] += g.pos[i][1] * g.weight[i]
      sw[c] += g.weight[i]
    }
    for (let c = 0; c < k; c++) if (sw[c] > 0) centres[c] = [sx[c] / sw[c], sy[c] / sw[c]]
  }
  const taken = new Set<number>()
  return centres.map((c) => {
    let best = -1
    let bd = Infinity
    for (let i = 0; i < n; i++) {
      if (taken.has(i)) continue
      const d = (g.pos[i][0] - c[0]) ** 2 + (g.pos[i][1] - c[1]) ** 2
      if (d < bd) {
        bd = d
        best = i
      }
    }
    taken.add(best)
    return best
  })
}

function nearest(centres: readonly XY[], p: XY): number {
  let best = 0
  let bd = Infinity
  for (let c = 0; c < centres.length; c++) {
    const d = (centres[c][0] - p[0]) ** 2 + (centres[c][1] - p[1]) ** 2
    if (d < bd) {
      bd = d
      best = c
    }
  }
  return best
}
