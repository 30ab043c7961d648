/**
 * Smooth deterministic noise: a periodic 1-D wobble for outlines and a 2-D value noise for
 * terrain-like fields (hills, land cover). Built from the seeded generator, so the same seed
 * draws the same district.
 */
import { createRng } from './random.ts'

/** f(θ) in about [-1, 1], periodic in 2π, from a few sinusoids with decreasing weight. */
export function periodicNoise(seed: number, label: string, harmonics = 6): (theta: number) => number {
  const rng = createRng(seed, label)
  const terms = Array.from({ length: harmonics }, (_, i) => ({ k: i + 2, phase: rng.range(0, 2 * Math.PI), amp: rng.range(0.5, 1) / (i + 1) }))
  const norm = terms.reduce((s, t) => s + t.amp, 0)
  return (theta) => terms.reduce((s, t) => s + t.amp * Math.sin(t.k * theta + t.phase), 0) / norm
}

/** 2-D value noise with smooth interpolation, `octaves` layers; output about [0, 1]. */
export function valueNoise(seed: number, label: string, cell: number, octaves = 3): (x: number, y: number) => number {
  const size = 256
  const rng = createRng(seed, label)
  const table = Float64Array.from({ length: size * size }, () => rng())
  const lattice = (i: number, j: number) => table[(((i % size) + size) % size) * size + (((j % size) + size) % size)]
  const smooth = (t: number) => t * t * (3 - 2 * t)
  const one = (x: number, y: number) => {
    const i = Math.floor(x)
    const j = Math.floor(y)
    const fx = smooth(x - i)
    const fy = smooth(y - j)
    const a = lattice(i, j) + (lattice(i + 1, j) - lattice(i, j)) * fx
    const b = lattice(i, j + 1) + (lattice(i + 1, j + 1) - lattice(i, j + 1)) * fx
    return a + (b - a) * fy
  }
  return (x, y) => {
    let sum = 0
    let amp = 1
    let total = 0
    let f = 1 / cell
    for (let o = 0; o < octaves; o++) {
      sum += amp * one(x * f + o * 17.3, y * f - o * 9.1)
      total += amp
      amp /= 2
      f *= 2
    }
    return sum / total
  }
}
