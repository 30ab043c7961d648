/**
 * Seeded random numbers. Every module draws from its own stream, named by a label, so that
 * changing how one layer is made does not reshuffle the others (diffs of geodata stay local).
 */

export interface Rng {
  /** uniform in [0, 1) */
  (): number
  /** uniform in [lo, hi) */
  range(lo: number, hi: number): number
  /** integer in [lo, hi] */
  int(lo: number, hi: number): number
  /** true with probability p */
  chance(p: number): boolean
  pick<T>(items: readonly T[]): T
  /** index drawn with probability proportional to weights[i] */
  weighted(weights: readonly number[]): number
  /** standard normal (Box–Muller) */
  normal(): number
  shuffle<T>(items: T[]): T[]
}

/** FNV-1a over the text, mixed with the seed: a 32-bit sub-seed per label. */
export function hashSeed(seed: number, label: string): number {
  let h = (2166136261 ^ seed) >>> 0
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i)
    h = Math.imul(h, 16777619) >>> 0
  }
  return h
}

/** sfc32: small, fast and good enough for geometry; identical on every JS engine. */
export function createRng(seed: number, label = ''): Rng {
  let a = hashSeed(seed, `a:${label}`)
  let b = hashSeed(seed, `b:${label}`)
  let c = hashSeed(seed, `c:${label}`)
  let d = 1
  const next = (): number => {
    const t = (((a + b) | 0) + d) | 0
    d = (d + 1) | 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) | 0
    c = (c << 21) | (c >>> 11)
    c = (c + t) | 0
    return (t >>> 0) / 4294967296
  }
  for (let i = 0; i < 12; i++) next()

  const rng = next as Rng
  rng.range = (lo, hi) => lo + (hi - lo) * next()
  rng.int = (lo, hi) => lo + Math.floor((hi - lo + 1) * next())
  rng.chance = (p) => next() < p
  rng.pick = (items) => {
    if (items.length === 0) throw new Error('pick from an empty list')
    return items[Math.floor(items.length * next())]
  }
  rng.weighted = (weights) => {
    let total = 0
    for (const w of weights) total += w
    let r = next() * total
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i]
      if (r < 0) return i
    }
    return weights.length - 1
  }
  rng.normal = () => {
    const u = 1 - next()
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next())
  }
  rng.shuffle = (items) => {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor((i + 1) * next())
      const t = items[i]
      items[i] = items[j]
      items[j] = t
    }
    return items
  }
  return rng
}
