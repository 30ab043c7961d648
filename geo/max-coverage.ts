// Weighted maximum coverage: choose k sets (candidate kiosk sites) so that the weight (households)
// of the elements (uncovered buildings) they cover together is largest. NP-hard; the greedy choice
// is within (1 − 1/e) of the optimum because coverage is monotone submodular (Nemhauser, Wolsey &
// Fisher 1978), and lazy evaluation (CELF, Leskovec et al. 2007) gives the very same picks while
// re-evaluating only the few candidates whose stale gain still tops the queue.
//
// The instance is compressed sparse rows over typed arrays: set s covers
// elements items[offsets[s] .. offsets[s+1]); weights[e] is element e's weight (≥ 0).

export interface MaxCoverageInstance {
  /** offsets.length = sets + 1, offsets[0] = 0, non-decreasing. */
  offsets: Uint32Array
  /** Element ids, each < weights.length; no repeats inside one set. */
  items: Uint32Array
  weights: Float64Array
}

export interface GreedyOptions {
  /** Lazy (CELF) evaluation; false re-evaluates every candidate on every round (the baseline). */
  lazy?: boolean
}

export interface GreedyResult {
  /** Set ids in the order they were chosen; fewer than k when nothing more can be gained. */
  picks: number[]
  /** gains[i] = weight newly covered by picks[i]; non-increasing (submodularity). */
  gains: number[]
  /** Total weight covered by the picks. */
  value: number
  /** value / (1 − (1 − 1/k)^k) ≥ OPT: the classic a-priori bound, ≤ value / (1 − 1/e). */
  classicBound: number
  /**
   * An online bound ≥ OPT, usually far tighter: for every round t, OPT ≤ f(Sₜ) + the sum of the k
   * largest marginal gains with respect to Sₜ (submodularity); the minimum over the rounds.
   * Stale lazy gains only overestimate marginal gains, so the bound stays valid with CELF; the
   * last round is evaluated exactly. Capped by the weight any set covers at all.
   */
  onlineBound: number
  /** Marginal-gain evaluations made (the work CELF saves). */
  evaluations: number
}

/** Checks the instance's shape, naming the first defect. */
export function checkInstance(inst: MaxCoverageInstance): void {
  const { offsets, items, weights } = inst
  if (offsets.length < 1 || offsets[0] !== 0) throw new RangeError('maxCoverage: offsets must start with 0')
  if (offsets[offsets.length - 1] !== items.length) throw new RangeError(`maxCoverage: offsets end at ${offsets[offsets.length - 1]}, items has ${items.length}`)
  for (let s = 0; s + 1 < offsets.length; s++) if (offsets[s + 1] < offsets[s]) throw new RangeError(`maxCoverage: offsets decrease at set ${s}`)
  for (let i = 0; i < items.length; i++) if (items[i] >= weights.length) throw new RangeError(`maxCoverage: item ${items[i]} ≥ ${weights.length} elements`)
  for (let e = 0; e < weights.length; e++) if (!(weights[e] >= 0 && Number.isFinite(weights[e]))) throw new RangeError(`maxCoverage: element ${e} has weight ${weights[e]}`)
}

export function setCount(inst: MaxCoverageInstance): number {
  return inst.offsets.length - 1
}

/** Weight of the elements of set s not yet in `covered`. O(|s|). */
export function marginalGain(inst: MaxCoverageInstance, covered: Uint8Array, s: number): number {
  let g = 0
  for (let i = inst.offsets[s], end = inst.offsets[s + 1]; i < end; i++) {
    const e = inst.items[i]
    if (!covered[e]) g += inst.weights[e]
  }
  return g
}

function cover(inst: MaxCoverageInstance, covered: Uint8Array, s: number): void {
  for (let i = inst.offsets[s], end = inst.offsets[s + 1]; i < end; i++) covered[inst.items[i]] = 1
}

/** Weight covered by a list of sets (for tests and the exact solver's checks). */
export function coverageValue(inst: MaxCoverageInstance, sets: ArrayLike<number>): number {
  const covered = new Uint8Array(inst.weights.length)
  let v = 0
  for (let j = 0; j < sets.length; j++) {
    v += marginalGain(inst, covered, sets[j])
    cover(inst, covered, sets[j])
  }
  return v
}

/**
 * Greedy maximum coverage with k picks. Ties go to the lower set id, so the lazy and the plain
 * run choose identically. Lazy: O(n log n) to seed, then per round a few pops, each O(|s| + log n);
 * plain: O(k · Σ|s|).
 */
export function greedyMaxCoverage(inst: MaxCoverageInstance, k: number, opts: GreedyOptions = {}): GreedyResult {
  if (!(Number.isInteger(k) && k >= 0)) throw new RangeError(`maxCoverage: k must be an integer ≥ 0, got ${k}`)
  checkInstance(inst)
  const n = setCount(inst)
  const covered = new Uint8Array(inst.weights.length)
  const heap = new GainHeap(n)
  const stamp = new Int32Array(n) // the round in which the heap's gain of set s was computed
  let evaluations = 0
  for (let s = 0; s < n; s++) {
    heap.push(s, marginalGain(inst, covered, s))
    evaluations++
  }
  const picks: number[] = []
  const gains: number[] = []
  let value = 0
  let onlineBound = value + heap.topSum(k)
  const lazy = opts.lazy !== false
  for (let round = 0; round < k && heap.size > 0; round++) {
    if (!lazy && round > 0) {
      // Baseline: re-evaluate everyone, then take the best.
      for (let i = 0; i < heap.size; i++) {
        heap.gain[i] = marginalGain(inst, covered, heap.id[i])
        evaluations++
      }
      heap.heapify()
    }
    for (;;) {
      const s = heap.id[0]
      if (!lazy || stamp[s] === round) break
      // Stale: the gain can only have shrunk; re-evaluate and sink it.
      heap.gain[0] = marginalGain(inst, covered, s)
      stamp[s] = round
      evaluations++
      heap.siftDown(0)
    }
    const gain = heap.gain[0]
    if (gain <= 0) break
    const s = heap.pop()
    cover(inst, covered, s)
    picks.push(s)
    gains.push(gain)
    value += gain
    onlineBound = Math.min(onlineBound, value + heap.topSum(k))
  }
  // One exact round at the end: stale lazy gains loosen the bound, fresh ones tighten it. When the
  // greedy stopped for lack of gain, every marginal gain is 0 and the greedy is optimal.
  for (let i = 0; i < heap.size; i++) {
    heap.gain[i] = marginalGain(inst, covered, heap.id[i])
    evaluations++
  }
  heap.heapify()
  onlineBound = Math.min(onlineBound, value + heap.topSum(k), coverableWeight(inst))
  const classicBound = k === 0 ? 0 : value / (1 - Math.pow(1 - 1 / k, k))
  return { picks, gains, value, classicBound, onlineBound: Math.max(value, onlineBound), evaluations }
}

/** Weight of the elements some set covers: no choice of sets covers more. */
function coverableWeight(inst: MaxCoverageInstance): number {
  const seen = new Uint8Array(inst.weights.length)
  let w = 0
  for (let i = 0; i < inst.items.length; i++) {
    const e = inst.items[i]
    if (!seen[e]) { seen[e] = 1; w += inst.weights[e] }
  }
  return w
}

/** A binary max-heap of (gain, id), ties broken towards the lower id, over typed arrays. */
class GainHeap {
  readonly gain: Float64Array
  readonly id: Int32Array
  size = 0

  constructor(capacity: number) {
    this.gain = new Float64Array(capacity)
    this.id = new Int32Array(capacity)
  }

  private above(a: number, b: number): boolean {
    const ga = this.gain[a]
    const gb = this.gain[b]
    return ga > gb || (ga === gb && this.id[a] < this.id[b])
  }

  private swap(a: number, b: number): void {
    const g = this.gain[a]; this.gain[a] = this.gain[b]; this.gain[b] = g
    const i = this.id[a]; this.id[a] = this.id[b]; this.id[b] = i
  }

  push(id: number, gain: number): void {
    let i = this.size++
    this.gain[i] = gain
    this.id[i] = id
    while (i > 0) {
      const p = (i - 1) >> 1
      if (!this.above(i, p)) break
      this.swap(i, p)
      i = p
    }
  }

  pop(): number {
    const top = this.id[0]
    this.size--
    if (this.size > 0) {
      this.gain[0] = this.gain[this.size]
      this.id[0] = this.id[this.size]
      this.siftDown(0)
    }
    return top
  }

  siftDown(i: number): void {
    for (;;) {
      const l = 2 * i + 1
      const r = l + 1
      let best = i
      if (l < this.size && this.above(l, best)) best = l
      if (r < this.size && this.above(r, best)) best = r
      if (best === i) return
      this.swap(i, best)
      i = best
    }
  }

  heapify(): void {
    for (let i = (this.size >> 1) - 1; i >= 0; i--) this.siftDown(i)
  }

  /** Sum of the k largest gains: best-first walk down the heap, O(k²) with a flat frontier (k is small). */
  topSum(k: number): number {
    if (k <= 0 || this.size === 0) return 0
    const frontier: number[] = [0]
    let sum = 0
    for (let taken = 0; taken < k && frontier.length > 0; taken++) {
      let bi = 0
      for (let j = 1; j < frontier.length; j++) if (this.gain[frontier[j]] > this.gain[frontier[bi]]) bi = j
      const node = frontier[bi]
      frontier[bi] = frontier[frontier.length - 1]
      frontier.pop()
      sum += this.gain[node]
      const l = 2 * node + 1
      if (l < this.size) frontier.push(l)
      if (l + 1 < this.size) frontier.push(l + 1)
    }
    return sum
  }
}
