import type { Feature, FeatureCollection, Point } from 'geojson'
import { compareIds } from './grid-index.ts'

/** What a candidate assessment point must carry: the stratum is (community, pointType). */
export interface SampleCandidateProps {
  community: number | string
  pointType: string
}

export interface SampleOptions {
  /** how many points to draw in all: an integer, 1 … number of candidates */
  n: number
  /** any 32-bit integer: the same seed and candidates give the same sample */
  seed: number
}

export interface StratumAllocation {
  key: string
  community: number | string
  pointType: string
  /** candidates in the stratum */
  population: number
  /** points drawn from it */
  sampled: number
}

export type StratifiedSample<P> = FeatureCollection<Point, P & { stratum: string }> & { strata: StratumAllocation[] }

/** mulberry32: a tiny seeded generator (uniform in [0, 1)), enough for sampling. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** FNV-1a of a string mixed with the seed: each stratum draws from its own stream. */
function streamSeed(seed: number, key: string): number {
  let h = (0x811c9dc5 ^ seed) >>> 0
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193) >>> 0
  return h
}

/**
 * Proportional allocation by largest remainder (Hamilton): each stratum gets ⌊n·Nᵢ/N⌋, then the
 * seats left go to the largest remainders, ties to the larger stratum and then the smaller key,
 * so the allocation is a pure function of the stratum sizes. Every stratum's count is within 1 of
 * its exact quota n·Nᵢ/N. O(s log s) for s strata.
 */
export function allocateProportional(sizes: ReadonlyArray<{ key: string; population: number }>, n: number): number[] {
  const total = sizes.reduce((s, x) => s + x.population, 0)
  if (!Number.isInteger(n) || n < 0 || n > total) throw new Error(`allocateProportional: n must be an integer 0…${total}, got ${n}`)
  if (total === 0) return sizes.map(() => 0)
  const quota = sizes.map((s) => (n * s.population) / total)
  const seats = quota.map(Math.floor)
  let left = n - seats.reduce((a, b) => a + b, 0)
  const order = sizes
    .map((s, i) => i)
    .sort((i, j) => quota[j]! - seats[j]! - (quota[i]! - seats[i]!) || sizes[j]!.population - sizes[i]!.population || (sizes[i]!.key < sizes[j]!.key ? -1 : 1))
  for (const i of order) {
    if (left === 0) break
    seats[i]!++
    left--
  }
  return seats
}

/**
 * Draws n assessment points stratified by community and point type (模拟测评 sampling): the
 * allocation is proportional to each stratum's size (allocateProportional), and within a stratum
 * points are drawn without replacement by a partial Fisher–Yates shuffle seeded from (seed,
 * stratum), over the candidates sorted by id — so the sample depends only on the candidate set and
 * the seed, not on the input order. Ids (feature.id) must be unique. Output: the drawn features
 * (copies, with `stratum` added), ordered by stratum key then draw order, and a `strata` member
 * with each stratum's population and count. O(N log N).
 */
export function stratifiedSample<P extends SampleCandidateProps>(
  candidates: FeatureCollection<Point, P>,
  options: SampleOptions,
): StratifiedSample<P> {
  const { n, seed } = options
  const features = candidates.features
  if (!Number.isInteger(seed)) throw new Error(`stratifiedSample: seed must be an integer, got ${seed}`)
  if (!Number.isInteger(n) || n < 1 || n > features.length) {
    throw new Error(`stratifiedSample: n must be an integer 1…${features.length} (the number of candidates), got ${n}`)
  }
  const seen = new Set<number | string>()
  const groups = new Map<string, Feature<Point, P>[]>()
  for (const [i, f] of features.entries()) {
    if (f.id === undefined || f.id === null) throw new Error(`stratifiedSample: candidate ${i} needs an id`)
    if (seen.has(f.id)) throw new Error(`stratifiedSample: id ${f.id} is used by more than one candidate`)
    seen.add(f.id)
    const key = `${f.properties.community}|${f.properties.pointType}`
    let list = groups.get(key)
    if (!list) groups.set(key, (list = []))
    list.push(f)
  }
  const keys = [...groups.keys()].sort()
  const sizes = keys.map((key) => ({ key, population: groups.get(key)!.length }))
  const counts = allocateProportional(sizes, n)
  const drawn: Feature<Point, P & { stratum: string }>[] = []
  const strata: StratumAllocation[] = []
  for (const [s, key] of keys.entries()) {
    const pool = [...groups.get(key)!].sort((a, b) => compareIds(a.id!, b.id!))
    const k = counts[s]!
    const random = mulberry32(streamSeed(seed, key))
    for (let i = 0; i < k; i++) {
      const j = i + Math.floor(random() * (pool.length - i))
      ;[pool[i], pool[j]] = [pool[j]!, pool[i]!]
      const f = pool[i]!
      drawn.push({ type: 'Feature', id: f.id, geometry: { type: 'Point', coordinates: [...f.geometry.coordinates] }, properties: { ...f.properties, stratum: key } })
    }
    const first = pool[0]!.properties
    strata.push({ key, community: first.community, pointType: first.pointType, population: pool.length, sampled: k })
  }
  return { type: 'FeatureCollection', features: drawn, strata }
}
