import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import type { Feature, Polygon } from 'geojson'
import { DEFECT_CODES, topologyCheck } from '../../geo/index.ts'
import { expectGolden, fixtureNames, readFixture } from '../fixtures/golden.ts'

const OP = 'topology'

function countCodes(defects: { properties: { code: string } }[]): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const d of defects) counts[d.properties.code] = (counts[d.properties.code] ?? 0) + 1
  return counts
}

describe('topologyCheck fixtures', () => {
  for (const name of fixtureNames(OP)) {
    it(name, () => {
      const input = readFixture(OP, name)
      const out = topologyCheck(input.features, input.options)
      expect(countCodes(out.features)).toEqual(input.expect)
      for (const d of out.features) {
        expect(d.properties.message.length).toBeGreaterThan(0)
        expect(d.properties.messageZh).toMatch(/[\u4e00-\u9fff]/)
      }
      expectGolden(OP, name, out)
    })
  }
})

describe('topologyCheck on the committed demo district', () => {
  it('finds no defect in any level or family, the district outline as the root', () => {
    const grids = JSON.parse(readFileSync('geodata/demo/grids.geojson', 'utf8')).features
    const district = JSON.parse(readFileSync('geodata/demo/district.geojson', 'utf8'))
    const root = district.type === 'FeatureCollection' ? district.features[0] : district
    expect(grids.length).toBeGreaterThan(600)
    expect(topologyCheck(grids, { root }).features).toEqual([])
  }, 30_000)
})

describe('topologyCheck', () => {
  const X0 = 116.3
  const Y0 = 39.98
  const STEP = 0.02 / 64
  const person = { leader: { name: '李明' } }
  const rect = (id: number, x0: number, y0: number, x1: number, y1: number, mid?: [number, number], side?: 'east' | 'west'): Feature<Polygon> => {
    // the optional mid vertex goes between the corners of the east or the west edge
    const ring = [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]
    if (mid) ring.splice(side === 'east' ? 2 : 4, 0, mid)
    return { type: 'Feature', id, properties: { parentId: 0, level: 3, ...person }, geometry: { type: 'Polygon', coordinates: [ring] } }
  }
  const parent: Feature<Polygon> = { type: 'Feature', id: 0, properties: { level: 2, ...person }, geometry: { type: 'Polygon', coordinates: [[[X0, Y0], [X0 + 0.02, Y0], [X0 + 0.02, Y0 + 0.02], [X0, Y0 + 0.02], [X0, Y0]]] } }
  const cuts = fc.uniqueArray(fc.integer({ min: 1, max: 63 }), { minLength: 1, maxLength: 3 }).map((c) => [0, ...c.sort((a, b) => a - b), 64])

  it('finds nothing in an exact lattice tiling', () => {
    fc.assert(fc.property(cuts, cuts, (xs, ys) => {
      const cells: Feature<Polygon>[] = []
      for (let i = 0; i + 1 < xs.length; i++) for (let j = 0; j + 1 < ys.length; j++) cells.push(rect(cells.length + 1, X0 + xs[i] * STEP, Y0 + ys[j] * STEP, X0 + xs[i + 1] * STEP, Y0 + ys[j + 1] * STEP))
      expect(topologyCheck([parent, ...cells]).features).toEqual([])
    }), { numRuns: 15 })
  })

  it('turns a shared vertex moved in one grid only into exactly one gap or one overlap, of the moved triangle', () => {
    // Two columns of cells; the shared edge of a west/east pair carries a midpoint vertex in both rings.
    // Moving it in the west ring by dx east makes the west cell poke into the east one (overlap); west, a gap.
    fc.assert(fc.property(cuts, fc.integer({ min: 1, max: 63 }), fc.nat(), fc.integer({ min: -20, max: 20 }).filter((d) => d !== 0), (ys, xCut, pick, d) => {
      const xm = X0 + xCut * STEP
      const k = pick % (ys.length - 1)
      const cells: Feature<Polygon>[] = []
      let moved = 0
      for (let j = 0; j + 1 < ys.length; j++) {
        const [y0, y1] = [Y0 + ys[j] * STEP, Y0 + ys[j + 1] * STEP]
        const ym = (y0 + y1) / 2
        const dx = j === k ? (d * STEP) / 50 : 0
        cells.push(rect(2 * j + 1, X0, y0, xm, y1, j === k ? [xm + dx, ym] : undefined, 'east'))
        cells.push(rect(2 * j + 2, xm, y0, X0 + 0.02, y1, j === k ? [xm, ym] : undefined, 'west'))
        if (j === k) moved = cells.length - 2
      }
      const defects = topologyCheck([parent, ...cells]).features
      expect(defects).toHaveLength(1)
      const [def] = defects
      expect(def.properties.code).toBe(d > 0 ? 'overlap' : 'gap')
      if (d > 0) expect([def.properties.gridId, def.properties.otherGridId]).toEqual([moved + 1, moved + 2])
      const tri = (Math.abs(d * STEP / 50) * (Y0 + ys[k + 1] * STEP - (Y0 + ys[k] * STEP)) / 2)
      const m2PerDeg2 = 111_195 ** 2 * Math.cos((Y0 + 0.01) * Math.PI / 180)
      expect(def.properties.areaM2! / (tri * m2PerDeg2)).toBeCloseTo(1, 2)
    }), { numRuns: 25 })
  })

  it('reports a grid without a parent in the set only against its siblings', () => {
    const a = rect(1, X0, Y0, X0 + 0.01, Y0 + 0.01)
    const b = rect(2, X0 + 0.005, Y0, X0 + 0.015, Y0 + 0.01)
    expect(topologyCheck([a, b]).features.map((f) => f.properties.code)).toEqual(['overlap'])
  })

  it('lists its reason codes in a stable order and numbers the defects', () => {
    expect(DEFECT_CODES).toEqual(['gap', 'overlap', 'outside_parent', 'sliver', 'invalid_ring', 'no_responsible_person'])
    const input = readFixture(OP, 'sliver')
    expect(topologyCheck(input.features).features.map((f) => f.id)).toEqual([1, 2])
  })

  it('throws early on bad options and duplicate or missing ids', () => {
    expect(() => topologyCheck([parent], { sliverArea: -1 })).toThrow(/sliverArea must be a number ≥ 0, got -1/)
    expect(() => topologyCheck([parent, parent])).toThrow(/id 0 is used by more than one grid/)
    expect(() => topologyCheck([{ ...parent, id: undefined, properties: {} }])).toThrow(/grid 0 needs an id/)
  })

  it('honours a configurable sliver threshold', () => {
    const small = rect(1, X0, Y0, X0 + 0.001, Y0 + 0.001) // ≈ 9,500 m²
    expect(topologyCheck([small]).features).toEqual([])
    expect(topologyCheck([small], { sliverArea: 10_000 }).features.map((f) => [f.properties.code, f.properties.detail])).toEqual([['sliver', 'area']])
  })
})
