import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import type { Feature, Polygon } from 'geojson'
import { compoundMetrics } from '../../geo/index.ts'
import { expectGolden, fixtureNames, readFixture } from '../fixtures/golden.ts'

const OP = 'compound-metrics'

describe('compoundMetrics fixtures', () => {
  for (const name of fixtureNames(OP)) {
    it(name, () => {
      const input = readFixture(OP, name)
      const compounds = input.features.filter((f: Feature) => f.properties!.role === 'compound')
      const areas = input.features.filter((f: Feature) => f.properties!.role !== 'compound')
      const out = compoundMetrics(compounds, areas, input.options)
      const props = out.compounds.features.map((f) => f.properties)
      props.forEach((p, i) => expect(p.greeningRate).toBeCloseTo(input.expect.greeningRate[i], 4))
      expect(props.map((p) => p.greeningStatus)).toEqual(input.expect.greeningStatus)
      expect(props.map((p) => p.fitnessShortM2 > 0)).toEqual(input.expect.fitnessShort)
      expectGolden(OP, name, out)
    })
  }
})

describe('compoundMetrics', () => {
  const X0 = 116.3
  const Y0 = 39.98
  const rect = (id: number, kind: string | null, x0: number, y0: number, x1: number, y1: number): Feature<Polygon> => ({
    type: 'Feature', id, properties: kind ? { kind } : { name: `小区${id}` },
    geometry: { type: 'Polygon', coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]] },
  })

  it('gives the lawn share of the longitude span for full-height strips, whatever the cut', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 99 }), fc.integer({ min: 1, max: 100 }), (a, w) => {
      const b = Math.min(100, a + w)
      const c = rect(1, null, X0, Y0, X0 + 0.004, Y0 + 0.002)
      const lawn = rect(2, 'compound_green', X0 + (0.004 * a) / 100, Y0 - 0.001, X0 + (0.004 * b) / 100, Y0 + 0.003)
      const [f] = compoundMetrics([c], [lawn]).compounds.features
      expect(f.properties.greeningRate).toBeCloseTo((b - a) / 100, 9)
      expect(f.properties.greenShortOfFloorM2).toBeCloseTo(Math.max(0, 0.2 - (b - a) / 100) * f.properties.areaM2, 3)
    }), { numRuns: 30 })
  })

  it('classifies against configurable floor, goal and fitness minimum', () => {
    const c = rect(1, null, X0, Y0, X0 + 0.004, Y0 + 0.002)
    const lawn = rect(2, 'compound_green', X0, Y0, X0 + 0.001, Y0 + 0.002) // 25 %
    const gym = rect(3, 'fitness', X0 + 0.002, Y0, X0 + 0.0025, Y0 + 0.0005) // ≈ 2,370 m²
    const strict = compoundMetrics([c], [lawn, gym], { greeningFloor: 0.3, greeningGoal: 0.5, fitnessMinimum: 3000 })
    expect(strict.compounds.features[0].properties.greeningStatus).toBe('below_floor')
    expect(strict.compounds.features[0].properties.fitnessShortM2).toBeGreaterThan(0)
    const lax = compoundMetrics([c], [lawn, gym], { greeningFloor: 0.1, greeningGoal: 0.2 })
    expect(lax.compounds.features[0].properties.greeningStatus).toBe('meets_goal')
    expect(lax.summary).toMatchObject({ compounds: 1, belowFloor: 0, belowGoal: 0, fitnessShort: 0 })
  })

  it('throws early on bad options and non-area features', () => {
    const c = rect(1, null, X0, Y0, X0 + 0.004, Y0 + 0.002)
    expect(() => compoundMetrics([c], [], { greeningFloor: 0.5, greeningGoal: 0.38 })).toThrow(/greeningFloor \(0.5\) must not exceed opts.greeningGoal \(0.38\)/)
    expect(() => compoundMetrics([c], [], { fitnessMinimum: Number.NaN })).toThrow(/fitnessMinimum must be a number ≥ 0, got NaN/)
    const point = { type: 'Feature', properties: { kind: 'park' }, geometry: { type: 'Point', coordinates: [X0, Y0] } } as Feature
    expect(() => compoundMetrics([c], [point])).toThrow(/area 0 must be a Polygon or MultiPolygon feature, got Point/)
    expect(compoundMetrics([], []).summary).toMatchObject({ compounds: 0, greeningRate: 0 })
  })

  it('on the demo district: every compound gets figures and the district-wide rate is area-weighted', () => {
    const compounds = JSON.parse(readFileSync('geodata/demo/compounds.geojson', 'utf8')).features
    const green = JSON.parse(readFileSync('geodata/demo/green.geojson', 'utf8')).features
    const { compounds: out, summary } = compoundMetrics(compounds, green)
    expect(out.features).toHaveLength(compounds.length)
    for (const f of out.features) {
      expect(f.properties.greeningRate).toBeGreaterThanOrEqual(0)
      expect(f.properties.greeningRate).toBeLessThanOrEqual(1 + 1e-9)
    }
    expect(summary.greeningRate).toBeCloseTo(summary.greenAreaM2 / summary.areaM2, 12)
    // The demo has compounds on both sides of each threshold, so the views have something to show.
    expect(summary.belowFloor).toBeGreaterThan(0)
    expect(summary.belowGoal).toBeLessThan(out.features.length)
    expect(summary.fitnessShort).toBeLessThan(out.features.length)
  }, 30_000)
})
