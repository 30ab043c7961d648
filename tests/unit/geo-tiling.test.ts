import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson'
import { geometryArea, tilingReport } from '../../geo/index.ts'
import { expectGolden, fixtureNames, readFixture } from '../fixtures/golden.ts'

const OP = 'tiling'
type Area = Feature<Polygon | MultiPolygon>

describe('tilingReport fixtures', () => {
  for (const name of fixtureNames(OP)) {
    it(name, () => {
      const input = readFixture<FeatureCollection<Polygon> & { expect: any }>(OP, name)
      const parent = input.features.find((f) => f.properties!.role === 'parent')!
      const children = input.features.filter((f) => f.properties!.role === 'child')
      const report = tilingReport(parent, children)
      const { expect: want } = input
      expect(report.gapRatio).toBeCloseTo(want.gapRatio, 4)
      expect(report.maxOverlapRatio).toBeCloseTo(want.maxOverlapRatio, 4)
      expect(report.outsideArea / report.parentArea).toBeCloseTo(want.outsideRatio, 4)
      expect(report.overlapPairs.map((p) => [p.a, p.b])).toEqual(want.overlapPairs)
      expect(report.symmetricDifferenceArea).toBeCloseTo(report.gapArea + report.outsideArea, 6)
      expectGolden(OP, name, report)
    })
  }
})

describe('tilingReport', () => {
  const rect = (id: number, x0: number, y0: number, x1: number, y1: number): Feature<Polygon> => ({
    type: 'Feature', id, properties: {},
    geometry: { type: 'Polygon', coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]] },
  })
  const parent = rect(0, 116.3, 39.98, 116.32, 40.0)

  it('reports the whole parent as gap when there are no children', () => {
    const report = tilingReport(parent, [])
    expect(report.gapRatio).toBe(1)
    expect(report.unionArea).toBe(0)
    expect(report.gapArea).toBe(report.parentArea)
  })

  it('throws naming a child that is not an area', () => {
    const point = { type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [116.3, 39.98] } }
    expect(() => tilingReport(parent, [parent, point as unknown as Area])).toThrow(/child 1 .* got Point/)
  })

  it('uses properties.id, then the index, when a child has no feature.id', () => {
    const a = { ...rect(0, 116.3, 39.98, 116.311, 40.0), id: undefined, properties: { id: 'A' } }
    const b = { ...rect(0, 116.31, 39.98, 116.32, 40.0), id: undefined }
    expect(tilingReport(parent, [a, b]).overlapPairs.map((p) => [p.a, p.b])).toEqual([['A', 1]])
  })

  // A random grid of cells tiling the parent exactly (cuts on a 1/64 lattice of its sides).
  const cuts = fc.uniqueArray(fc.integer({ min: 1, max: 63 }), { maxLength: 3 }).map((c) => [0, ...c.sort((a, b) => a - b), 64])
  const cells = (xs: number[], ys: number[]) => {
    const out: Feature<Polygon>[] = []
    const X = (i: number) => 116.3 + (0.02 * xs[i]) / 64
    const Y = (j: number) => 39.98 + (0.02 * ys[j]) / 64
    for (let i = 0; i + 1 < xs.length; i++) for (let j = 0; j + 1 < ys.length; j++) out.push(rect(out.length + 1, X(i), Y(j), X(i + 1), Y(j + 1)))
    return out
  }

  it('finds no gap and no overlap in any exact grid tiling of the parent', () => {
    fc.assert(fc.property(cuts, cuts, (xs, ys) => {
      const report = tilingReport(parent, cells(xs, ys))
      expect(report.gapRatio).toBeLessThan(1e-9)
      expect(report.overlapPairs).toEqual([])
      expect(report.symmetricDifferenceArea / report.parentArea).toBeLessThan(1e-9)
      expect(report.unionArea / report.parentArea).toBeCloseTo(1, 9)
    }), { numRuns: 25 })
  })

  it('sees a cell grown by a lattice step as an overlap with its neighbour, of the grown area', () => {
    fc.assert(fc.property(cuts.filter((c) => c.length > 2), cuts, fc.nat(), (xs, ys, pick) => {
      const tiles = cells(xs, ys)
      const k = pick % (ys.length - 1) // a cell of the first column; its east neighbour shares the edge xs[1]
      const grown = tiles[k].geometry.coordinates[0].map(([x, y]) => [x > 116.3 ? x + 0.02 / 64 / 2 : x, y])
      tiles[k] = { ...tiles[k], geometry: { type: 'Polygon', coordinates: [grown] } }
      const report = tilingReport(parent, tiles)
      const strip = geometryArea(tiles[k].geometry) - geometryArea(cells(xs, ys)[k].geometry)
      expect(report.overlapPairs).toHaveLength(1)
      expect(report.overlapPairs[0].area / strip).toBeCloseTo(1, 6)
      expect(report.gapRatio).toBeLessThan(1e-9)
    }), { numRuns: 15 })
  })
})
