import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import type { Feature, FeatureCollection, Point } from 'geojson'
import { allocateProportional, stratifiedSample, type SampleCandidateProps } from '../../geo/index.ts'
import { expectGolden, fixtureNames, readFixture } from '../fixtures/golden.ts'

const OP = 'stratified-sample'
type Candidates = FeatureCollection<Point, SampleCandidateProps> & { n: number; seed: number; expectCounts: Record<string, number> }

describe('stratifiedSample fixtures (counts computed by hand)', () => {
  for (const name of fixtureNames(OP)) {
    it(name, () => {
      const input = readFixture<Candidates>(OP, name)
      const out = stratifiedSample(input, { n: input.n, seed: input.seed })
      expect(Object.fromEntries(out.strata.map((s) => [s.key, s.sampled]))).toEqual(input.expectCounts)
      expectGolden(OP, name, out)
    })
  }
})

describe('allocateProportional', () => {
  it('hands the seats left to the largest remainders, ties to the larger stratum, then the smaller key', () => {
    // quotas 10·(5,3,2)/10 = 5,3,2 exactly
    expect(allocateProportional([{ key: 'a', population: 5 }, { key: 'b', population: 3 }, { key: 'c', population: 2 }], 10)).toEqual([5, 3, 2])
    // quotas 2·(1,1,1)/3 = .667 each: the keys decide
    expect(allocateProportional([{ key: 'b', population: 1 }, { key: 'a', population: 1 }, { key: 'c', population: 1 }], 2)).toEqual([1, 1, 0])
    // quotas 3·(4,2)/6 = 2, 1
    expect(allocateProportional([{ key: 'x', population: 4 }, { key: 'y', population: 2 }], 3)).toEqual([2, 1])
  })
  it('throws naming a bad n', () => {
    expect(() => allocateProportional([{ key: 'a', population: 2 }], 3)).toThrow(/got 3/)
    expect(() => allocateProportional([{ key: 'a', population: 2 }], 1.5)).toThrow(/got 1.5/)
  })
})

const TYPES = ['compound', 'street', 'market', 'practice_station']

/** candidates: a list of (community 0…5, type index 0…3) pairs, ids 1…k */
const candidatesArb = fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 3 })), { minLength: 1, maxLength: 120 }).map(
  (pairs): FeatureCollection<Point, SampleCandidateProps> => ({
    type: 'FeatureCollection',
    features: pairs.map(([c, t], i): Feature<Point, SampleCandidateProps> => ({
      type: 'Feature',
      id: i + 1,
      geometry: { type: 'Point', coordinates: [102.5 + i * 1e-4, 24.3] },
      properties: { community: c, pointType: TYPES[t]! },
    })),
  }),
)
const caseArb = candidatesArb.chain((cands) => fc.record({ cands: fc.constant(cands), n: fc.integer({ min: 1, max: cands.features.length }), seed: fc.integer() }))

describe('stratifiedSample properties', () => {
  it('draws exactly n distinct candidates, each stratum within 1 of its proportional quota', () => {
    fc.assert(
      fc.property(caseArb, ({ cands, n, seed }) => {
        const out = stratifiedSample(cands, { n, seed })
        const ids = out.features.map((f) => f.id)
        expect(ids.length).toBe(n)
        expect(new Set(ids).size).toBe(n)
        const known = new Set(cands.features.map((f) => f.id))
        for (const id of ids) expect(known.has(id)).toBe(true)
        const total = cands.features.length
        for (const s of out.strata) {
          expect(Math.abs(s.sampled - (n * s.population) / total)).toBeLessThan(1)
          expect(out.features.filter((f) => f.properties.stratum === s.key).length).toBe(s.sampled)
          const members = cands.features.filter((f) => `${f.properties.community}|${f.properties.pointType}` === s.key).length
          expect(s.population).toBe(members)
        }
      }),
      { numRuns: 200 },
    )
  })

  it('is deterministic for a seed and does not depend on the input order', () => {
    fc.assert(
      fc.property(caseArb, fc.integer(), ({ cands, n, seed }, shuffleSeed) => {
        const a = stratifiedSample(cands, { n, seed })
        const shuffled = { ...cands, features: [...cands.features].sort((x, y) => ((Number(x.id) * 2654435761 + shuffleSeed) >>> 0) - ((Number(y.id) * 2654435761 + shuffleSeed) >>> 0)) }
        expect(stratifiedSample(shuffled, { n, seed })).toEqual(a)
        expect(stratifiedSample(cands, { n, seed })).toEqual(a)
      }),
      { numRuns: 100 },
    )
  })

  it('gives different samples for different seeds (on a large enough stratum)', () => {
    const cands: FeatureCollection<Point, SampleCandidateProps> = {
      type: 'FeatureCollection',
      features: Array.from({ length: 100 }, (_, i) => ({ type: 'Feature', id: i + 1, geometry: { type: 'Point', coordinates: [0, 0] }, properties: { community: 1, pointType: 'compound' } })),
    }
    const ids = (seed: number) => stratifiedSample(cands, { n: 10, seed }).features.map((f) => f.id)
    expect(ids(1)).not.toEqual(ids(2))
  })

  it('never mutates its input and throws naming bad input', () => {
    const cands = fc.sample(candidatesArb, { numRuns: 1, seed: 7 })[0]!
    const before = JSON.stringify(cands)
    stratifiedSample(cands, { n: 1, seed: 3 })
    expect(JSON.stringify(cands)).toBe(before)
    expect(() => stratifiedSample(cands, { n: cands.features.length + 1, seed: 3 })).toThrow(/got/)
    expect(() => stratifiedSample(cands, { n: 0, seed: 3 })).toThrow(/got 0/)
    const dup = { ...cands, features: [...cands.features, cands.features[0]!] }
    expect(() => stratifiedSample(dup, { n: 1, seed: 3 })).toThrow(/used by more than one/)
  })
})
