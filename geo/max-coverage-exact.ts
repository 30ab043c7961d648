// Exact weighted maximum coverage for small instances (hundreds of candidate sites), to measure how
// far the greedy answer is from the optimum.
//
// 1. Sets covering nothing, and sets contained in another set, are dropped (never needed).
// 2. Sets sharing no element fall into independent components (union–find); kiosk sites far apart
//    never interact, so the components are small.
// 3. Per component, branch and bound finds the best value with j = 1, 2 … sets, until the component
//    is fully covered: branch on the set of largest marginal gain (take it / leave it), prune when
//    value + the sum of the (j − taken) largest remaining marginal gains cannot beat the best
//    (submodularity makes that sum an upper bound). The greedy value seeds the best.
// 4. A knapsack over the components splits the k sets between them: O(components · k²).
// Exponential in the worst case: past `maxNodes` search nodes it stops and says optimal: false.

import { checkInstance, coverageValue, greedyMaxCoverage, marginalGain, setCount, type MaxCoverageInstance } from './max-coverage.ts'

export interface ExactOptions {
  /** Branch-and-bound nodes allowed over all components before giving up the proof. */
  maxNodes?: number
}

export interface ExactResult {
  /** Set ids of an optimal choice (or the best found when optimal is false). */
  picks: number[]
  value: number
  /** False when the node budget ran out; value is then only a lower bound. */
  optimal: boolean
  nodes: number
  components: number
  /** Sets left after dropping empty and dominated ones. */
  reducedSets: number
}

const DEFAULTS: Required<ExactOptions> = { maxNodes: 20_000_000 }

export function exactMaxCoverage(inst: MaxCoverageInstance, k: number, opts: ExactOptions = {}): ExactResult {
  if (!(Number.isInteger(k) && k >= 0)) throw new RangeError(`exactMaxCoverage: k must be an integer ≥ 0, got ${k}`)
  checkInstance(inst)
  const { maxNodes } = { ...DEFAULTS, ...opts }
  const kept = undominatedSets(inst)
  const components = componentsOf(inst, kept)
  const budget = { nodes: 0, maxNodes, exhausted: false }
  // best[c][j]: optimal value and picks of component c with at most j sets.
  const best = components.map((sets) => componentOptima(inst, sets, k, budget))
  const dp = knapsack(best.map((b) => b.map((x) => x.value)), k)
  const picks: number[] = []
  dp.allocation.forEach((j, c) => picks.push(...best[c][j].sets))
  return {
    picks,
    value: coverageValue(inst, picks),
    optimal: !budget.exhausted,
    nodes: budget.nodes,
    components: components.length,
    reducedSets: kept.length,
  }
}

function setWeight(inst: MaxCoverageInstance, s: number): number {
  let w = 0
  for (let p = inst.offsets[s]; p < inst.offsets[s + 1]; p++) w += inst.weights[inst.items[p]]
  return w
}

/** Non-empty sets not contained in another set (of two equal sets the lower id stays). */
function undominatedSets(inst: MaxCoverageInstance): number[] {
  const { offsets, items, weights } = inst
  const n = setCount(inst)
  const containing: number[][] = Array.from({ length: weights.length }, () => [])
  for (let s = 0; s < n; s++) for (let i = offsets[s]; i < offsets[s + 1]; i++) containing[items[i]].push(s)
  const mark = new Int32Array(n).fill(-1)
  const hits = new Int32Array(n)
  const kept: number[] = []
  for (let a = 0; a < n; a++) {
    const size = offsets[a + 1] - offsets[a]
    if (setWeight(inst, a) === 0) continue
    // Count, for every other set, how many of a's elements it holds; size hits means a ⊆ b.
    let dominated = false
    for (let i = offsets[a]; i < offsets[a + 1] && !dominated; i++) {
      for (const b of containing[items[i]]) {
        if (b === a) continue
        if (mark[b] !== a) { mark[b] = a; hits[b] = 0 }
        if (++hits[b] === size) {
          const sizeB = offsets[b + 1] - offsets[b]
          if (sizeB > size || b < a) { dominated = true; break }
        }
      }
    }
    if (!dominated) kept.push(a)
  }
  return kept
}

function componentsOf(inst: MaxCoverageInstance, sets: number[]): number[][] {
  const parent = sets.map((_, i) => i)
  const find = (x: number): number => {
    while (parent[x] !== x) x = parent[x] = parent[parent[x]]
    return x
  }
  const owner = new Int32Array(inst.weights.length).fill(-1)
  sets.forEach((s, i) => {
    for (let p = inst.offsets[s]; p < inst.offsets[s + 1]; p++) {
      const e = inst.items[p]
      if (owner[e] < 0) owner[e] = i
      else parent[find(i)] = find(owner[e])
    }
  })
  const groups = new Map<number, number[]>()
  sets.forEach((s, i) => {
    const r = find(i)
    let g = groups.get(r)
    if (!g) groups.set(r, (g = []))
    g.push(s)
  })
  return [...groups.values()]
}

interface Optimum { value: number; sets: number[] }
interface Budget { nodes: number; maxNodes: number; exhausted: boolean }

/** Optimal value with at most j sets of this component, j = 0 … min(k, sets), by branch and bound. */
function componentOptima(inst: MaxCoverageInstance, sets: number[], k: number, budget: Budget): Optimum[] {
  const out: Optimum[] = [{ value: 0, sets: [] }]
  let total = 0
  const seen = new Uint8Array(inst.weights.length)
  for (const s of sets) for (let p = inst.offsets[s]; p < inst.offsets[s + 1]; p++) {
    const e = inst.items[p]
    if (!seen[e]) { seen[e] = 1; total += inst.weights[e] }
  }
  const sub = subInstance(inst, sets)
  for (let j = 1; j <= Math.min(k, sets.length); j++) {
    const prev = out[j - 1] // in sub-instance ids until the end
    if (prev.value >= total) { out.push(prev); continue }
    const greedy = greedyMaxCoverage(sub, j)
    let incumbent: Optimum = greedy.value >= prev.value ? { value: greedy.value, sets: greedy.picks } : prev
    if (greedy.onlineBound > incumbent.value) incumbent = branchAndBound(sub, j, incumbent, budget)
    out.push(incumbent)
  }
  return out.map((o) => ({ value: o.value, sets: o.sets.map((i) => sets[i]) }))
}

/** The instance restricted to `sets`, renumbered 0 … sets.length − 1 (elements keep their ids). */
function subInstance(inst: MaxCoverageInstance, sets: number[]): MaxCoverageInstance {
  const offsets = new Uint32Array(sets.length + 1)
  sets.forEach((s, i) => (offsets[i + 1] = offsets[i] + inst.offsets[s + 1] - inst.offsets[s]))
  const items = new Uint32Array(offsets[sets.length])
  sets.forEach((s, i) => items.set(inst.items.subarray(inst.offsets[s], inst.offsets[s + 1]), offsets[i]))
  return { offsets, items, weights: inst.weights }
}

function branchAndBound(inst: MaxCoverageInstance, j: number, start: Optimum, budget: Budget): Optimum {
  const count = new Uint32Array(inst.weights.length) // how many chosen sets cover each element
  const flags = new Uint8Array(inst.weights.length)
  let bestValue = start.value
  let bestSets = start.sets.slice()
  const chosen: number[] = []

  const take = (s: number, delta: 1 | -1) => {
    for (let p = inst.offsets[s]; p < inst.offsets[s + 1]; p++) {
      const e = inst.items[p]
      count[e] += delta
      flags[e] = count[e] > 0 ? 1 : 0
    }
  }

  const search = (remaining: number[], value: number): void => {
    if (budget.nodes++ >= budget.maxNodes) { budget.exhausted = true; return }
    if (value > bestValue) { bestValue = value; bestSets = chosen.slice() }
    const slots = j - chosen.length
    if (slots === 0 || remaining.length === 0) return
    const scored = remaining.map((s) => ({ s, g: marginalGain(inst, flags, s) })).filter((x) => x.g > 0)
    scored.sort((a, b) => b.g - a.g || a.s - b.s)
    let bound = value
    for (let i = 0; i < Math.min(slots, scored.length); i++) bound += scored[i].g
    if (bound <= bestValue) return
    const first = scored[0]
    const rest = scored.slice(1).map((x) => x.s)
    chosen.push(first.s)
    take(first.s, 1)
    search(rest, value + first.g)
    take(first.s, -1)
    chosen.pop()
    if (!budget.exhausted) search(rest, value)
  }
  search(Array.from({ length: setCount(inst) }, (_, i) => i), 0)
  return { value: bestValue, sets: bestSets }
}

/** Split k sets among components: maximise Σ best[c][j_c] subject to Σ j_c ≤ k. */
function knapsack(best: number[][], k: number): { value: number; allocation: number[] } {
  let dp = new Float64Array(k + 1)
  const choice: Int32Array[] = []
  for (const values of best) {
    const next = new Float64Array(k + 1)
    const pick = new Int32Array(k + 1)
    for (let budget = 0; budget <= k; budget++) {
      let bestV = -1
      let bestJ = 0
      for (let j = 0; j < values.length && j <= budget; j++) {
        const v = dp[budget - j] + values[j]
        if (v > bestV) { bestV = v; bestJ = j }
      }
      next[budget] = bestV
      pick[budget] = bestJ
    }
    choice.push(pick)
    dp = next
  }
  const allocation = new Array<number>(best.length).fill(0)
  let left = k
  for (let c = best.length - 1; c >= 0; c--) {
    allocation[c] = choice[c][left]
    left -= allocation[c]
  }
  return { value: dp[k], allocation }
}
