import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { coverageValue, exactMaxCoverage, greedyMaxCoverage, type MaxCoverageInstance } from '../../geo/index.ts'

/** An instance from plain arrays of element ids. */
function instance(sets: number[][], weights: number[]): MaxCoverageInstance {
  const offsets = new Uint32Array(sets.length + 1)
  sets.forEach((s, i) => (offsets[i + 1] = offsets[i] + s.length))
  return { offsets, items: Uint32Array.from(sets.flat()), weights: Float64Array.from(weights) }
}

/** The best value over every choice of at most k sets: C(n, ≤k) subsets. */
function exhaustive(inst: MaxCoverageInstance, k: number): number {
  const n = inst.offsets.length - 1
  let best = 0
  const pick: number[] = []
  const walk = (from: number) => {
    best = Math.max(best, coverageValue(inst, pick))
    if (pick.length === k) return
    for (let s = from; s < n; s++) {
      pick.push(s)
      walk(s + 1)
      pick.pop()
    }
  }
  walk(0)
  return best
}

const randomInstance = fc
  .record({ elements: fc.integer({ min: 1, max: 25 }), sets: fc.integer({ min: 0, max: 11 }) })
  .chain(({ elements, sets }) =>
    fc.record({
      weights: fc.array(fc.nat({ max: 50 }), { minLength: elements, maxLength: elements }),
      sets: fc.array(fc.uniqueArray(fc.nat({ max: elements - 1 }), { maxLength: 8 }), { minLength: sets, maxLength: sets }),
      k: fc.nat({ max: 5 }),
    }),
  )

describe('greedy and exact maximum coverage', () => {
  it('greedy ≤ exact = exhaustive ≤ both upper bounds; lazy picks = plain picks; gains never grow', () => {
    fc.assert(fc.property(randomInstance, ({ weights, sets, k }) => {
      const inst = instance(sets.map((s) => s.sort((a, b) => a - b)), weights)
      const lazy = greedyMaxCoverage(inst, k)
      const plain = greedyMaxCoverage(inst, k, { lazy: false })
      expect(lazy.picks).toEqual(plain.picks)
      expect(lazy.gains).toEqual(plain.gains)
      expect(coverageValue(inst, lazy.picks)).toBe(lazy.value)
      lazy.gains.forEach((g, i) => i > 0 && expect(g).toBeLessThanOrEqual(lazy.gains[i - 1]))
      const best = exhaustive(inst, k)
      const exact = exactMaxCoverage(inst, k)
      expect(exact.optimal).toBe(true)
      expect(exact.value).toBe(best)
      expect(exact.picks.length).toBeLessThanOrEqual(k)
      expect(coverageValue(inst, exact.picks)).toBe(best)
      expect(lazy.value).toBeLessThanOrEqual(best)
      expect(best).toBeLessThanOrEqual(lazy.onlineBound + 1e-9)
      expect(best).toBeLessThanOrEqual(plain.onlineBound + 1e-9)
      expect(best).toBeLessThanOrEqual(lazy.classicBound + 1e-9)
      expect(lazy.classicBound).toBeLessThanOrEqual(lazy.value / (1 - 1 / Math.E) + 1e-9)
    }), { numRuns: 400 })
  })

  it('the textbook instance where greedy loses: greedy 155, optimum 160', () => {
    // 0: {a, b}, 1: {c, d}, 2: {b, c, e}; a = d = 50, b = c = 30, e = 45.
    const inst = instance([[0, 1], [2, 3], [1, 2, 4]], [50, 30, 30, 50, 45])
    expect(greedyMaxCoverage(inst, 2)).toMatchObject({ picks: [2, 0], gains: [105, 50], value: 155 })
    expect(exactMaxCoverage(inst, 2)).toMatchObject({ value: 160, optimal: true })
    expect(greedyMaxCoverage(inst, 2).onlineBound).toBeGreaterThanOrEqual(160)
  })

  it('reports a budget that ran out instead of claiming optimality', () => {
    const sets = Array.from({ length: 30 }, (_, i) => [i, (i + 1) % 30, (i + 7) % 30])
    const inst = instance(sets, Array.from({ length: 30 }, (_, i) => 1 + (i % 5)))
    const r = exactMaxCoverage(inst, 8, { maxNodes: 5 })
    expect(r.optimal).toBe(false)
    expect(r.value).toBeGreaterThanOrEqual(greedyMaxCoverage(inst, 8).value)
  })

  it('throws naming a bad k or instance', () => {
    expect(() => greedyMaxCoverage(instance([[0]], [1]), -2)).toThrow(/got -2/)
    expect(() => greedyMaxCoverage(instance([[3]], [1]), 1)).toThrow(/item 3 ≥ 1 elements/)
    expect(() => exactMaxCoverage(instance([[0]], [NaN]), 1)).toThrow(/element 0 has weight NaN/)
  })
})
