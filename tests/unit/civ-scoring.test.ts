import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { mergeResults } from '../../api/civ/standard/record.ts'
import { meetsThreshold, scoreResults, statusFor, type ScoringItem, type ScoringResult } from '../../api/civ/standard/scoring.ts'
import { COMMUNITY_CHECKLIST, COMPOUND_CHECKLIST, GROUPS } from '../../api/civ/standard/seed-checklists.ts'
import type { CompoundStatus } from '../../api/db/tables/civ-standard.table.ts'

// Hand-computed fixtures: tests/fixtures/civ-scoring/in/<name>.json → out/<name>.json (written by
// hand, never regenerated). A fixture either lists items and results, or names the seed 000
// checklist (item ids 1… in seed order) with the codes that fail and that are not applicable.
const DIR = join(import.meta.dirname, '../fixtures/civ-scoring')
const read = (kind: 'in' | 'out', name: string) => JSON.parse(readFileSync(join(DIR, kind, `${name}.json`), 'utf8'))
const names = readdirSync(join(DIR, 'in')).map((f) => f.replace(/\.json$/, '')).sort()

function fixtureInput(input: any): { items: ScoringItem[]; results: ScoringResult[] } {
  if (input.checklist !== 'compound') return { items: input.items, results: input.results }
  const items = COMPOUND_CHECKLIST.items.map((s, i) => ({ id: i + 1, groupKey: s.group, weight: s.weight, threshold: s.threshold ?? null, code: s.code }))
  const results = items.map((it) => ({ itemId: it.id, passed: input.notApplicable.includes(it.code) ? null : !input.fail.includes(it.code) }))
  return { items, results }
}

describe('scoreResults: hand-computed fixtures', () => {
  it('has fixtures', () => expect(names.length).toBeGreaterThanOrEqual(7))
  for (const name of names) {
    it(name, () => {
      const input = read('in', name)
      const { items, results } = fixtureInput(input)
      const scored = scoreResults(items, results)
      const status = statusFor(scored, input.previous as CompoundStatus)
      const round = (x: number) => Math.round(x * 1e9) / 1e9
      const actual = {
        ...scored,
        rate: round(scored.rate),
        coverage: round(scored.coverage),
        byGroup: Object.fromEntries(Object.entries(scored.byGroup).map(([k, g]) => [k, { ...g, rate: round(g.rate) }])),
        status,
      }
      expect(actual).toEqual(read('out', name))
    })
  }
})

describe('the seed checklists', () => {
  it('compound: seven groups, weights sum to 100, codes unique', () => {
    expect(new Set(COMPOUND_CHECKLIST.items.map((i) => i.group))).toEqual(new Set(Object.keys(GROUPS)))
    expect(COMPOUND_CHECKLIST.items.reduce((s, i) => s + i.weight, 0)).toBe(100)
    expect(new Set(COMPOUND_CHECKLIST.items.map((i) => i.code)).size).toBe(COMPOUND_CHECKLIST.items.length)
  })
  it('community: weights sum to 100, thresholds from seed 002', () => {
    expect(COMMUNITY_CHECKLIST.items.reduce((s, i) => s + i.weight, 0)).toBe(100)
    const byCode = new Map(COMMUNITY_CHECKLIST.items.map((i) => [i.code, i]))
    expect(byCode.get('9')!.threshold).toEqual({ op: '>=', value: 400, unit: 'm²' })
    expect(byCode.get('11')!.threshold).toEqual({ op: '>=', value: 1, unit: '%' })
    expect(byCode.get('13')!.threshold).toEqual({ op: '>=', value: 0.95, unit: '%' })
    expect(byCode.get('15')!.threshold!.value).toBe(0.2)
    expect(byCode.get('二.8')!.threshold!.value).toBe(0.38)
  })
})

describe('scoreResults: properties', () => {
  const itemsArb = fc
    .array(fc.record({ groupKey: fc.constantFrom('a', 'b', 'c'), weight: fc.double({ min: 0, max: 20, noNaN: true }) }), { minLength: 1, maxLength: 30 })
    .map((xs) => xs.map((x, i) => ({ id: i + 1, ...x })))
  const caseArb = itemsArb.chain((items) =>
    fc.tuple(fc.constant(items), fc.array(fc.constantFrom<boolean | null | undefined>(true, false, null, undefined), { minLength: items.length, maxLength: items.length })),
  )
  const resultsOf = (verdicts: (boolean | null | undefined)[]) =>
    verdicts.flatMap((v, i) => (v === undefined ? [] : [{ itemId: i + 1, passed: v }]))

  it('0 ≤ score ≤ maxScore ≤ total weight, rate in [0, 1], groups add up', () => {
    fc.assert(
      fc.property(caseArb, ([items, verdicts]) => {
        const s = scoreResults(items, resultsOf(verdicts))
        expect(s.score).toBeGreaterThanOrEqual(0)
        expect(s.score).toBeLessThanOrEqual(s.maxScore + 1e-9)
        expect(s.maxScore).toBeLessThanOrEqual(s.totalWeight + 1e-9)
        expect(s.rate).toBeGreaterThanOrEqual(0)
        expect(s.rate).toBeLessThanOrEqual(1 + 1e-12)
        const groups = Object.values(s.byGroup)
        expect(groups.reduce((a, g) => a + g.score, 0)).toBeCloseTo(s.score, 6)
        expect(groups.reduce((a, g) => a + g.items, 0)).toBe(items.length)
      }),
      { numRuns: 300 },
    )
  })

  it('monotone in passes: turning a failed item into a pass never lowers score, rate or status', () => {
    const rank: Record<CompoundStatus, number> = { not_started: 0, in_progress: 1, civilised: 2, demonstration: 3 }
    fc.assert(
      fc.property(caseArb, fc.nat(), ([items, verdicts], k) => {
        const failed = verdicts.flatMap((v, i) => (v === false ? [i] : []))
        if (failed.length === 0) return
        const flip = failed[k % failed.length]!
        const after = verdicts.map((v, i) => (i === flip ? true : v))
        const a = scoreResults(items, resultsOf(verdicts))
        const b = scoreResults(items, resultsOf(after))
        expect(b.score).toBeGreaterThanOrEqual(a.score - 1e-9)
        expect(b.rate).toBeGreaterThanOrEqual(a.rate - 1e-9)
        expect(b.maxScore).toBeCloseTo(a.maxScore, 9)
        expect(rank[statusFor(b, 'in_progress')]).toBeGreaterThanOrEqual(rank[statusFor(a, 'in_progress')])
      }),
      { numRuns: 300 },
    )
  })

  it('refuses results for unknown items and duplicate results', () => {
    const items = [{ id: 1, groupKey: 'a', weight: 1 }]
    expect(() => scoreResults(items, [{ itemId: 2, passed: true }])).toThrow(RangeError)
    expect(() => scoreResults(items, [{ itemId: 1, passed: true }, { itemId: 1, passed: false }])).toThrow(RangeError)
  })
})

describe('thresholds and merged results', () => {
  it('meetsThreshold', () => {
    expect(meetsThreshold(0.8, { op: '>=', value: 0.8, unit: '%' })).toBe(true)
    expect(meetsThreshold(0.7999, { op: '>=', value: 0.8, unit: '%' })).toBe(false)
    expect(meetsThreshold(0, { op: '<=', value: 0, unit: 'cases' })).toBe(true)
    expect(meetsThreshold(1, { op: '<=', value: 0, unit: 'cases' })).toBe(false)
    expect(meetsThreshold(1, { op: '=', value: 1, unit: '%' })).toBe(true)
  })
  it('auto items take the measured value and its verdict; a value with a threshold decides a manual item', () => {
    const base = { checklistId: 1, text: '', textEn: '', method: 'site' as const, caseCategory: null, sort: 0 }
    const items = [
      { ...base, id: 1, groupKey: 'environment', code: 'g', weight: 5, threshold: { op: '>=' as const, value: 0.2, unit: '%' }, autoSource: 'greening_rate' },
      { ...base, id: 2, groupKey: 'security', code: 's', weight: 2, threshold: { op: '>=' as const, value: 0.7, unit: '%' }, autoSource: null },
      { ...base, id: 3, groupKey: 'security', code: 'p', weight: 4, threshold: { op: '>=' as const, value: 0.9, unit: '%' }, autoSource: 'patrol_share' },
    ]
    const auto = { compoundId: 1, greeningRate: 0.15, fitnessAreaM2: 0, kioskCoverage: 1, kioskCount: 0, openCases: {}, patrolShare: null, patrolWeek: '2026-W47' }
    const merged = mergeResults(items, [{ itemId: 1, passed: true }, { itemId: 2, value: 0.75 }, { itemId: 3, passed: true, note: 'seen on site' }], auto)
    expect(merged).toEqual([
      { itemId: 1, passed: false, value: 0.15, auto: true, note: null },
      { itemId: 2, passed: true, value: 0.75, auto: false, note: null },
      // patrol not measurable that week: the inspector's verdict stands
      { itemId: 3, passed: true, value: null, auto: false, note: 'seen on site' },
    ])
  })
})
