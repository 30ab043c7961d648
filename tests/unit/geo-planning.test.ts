import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import type { Feature, Polygon } from 'geojson'
import { planningProblems, siblingsAfterEdit, type PlanningProblem } from '../../geo/planning/index.ts'
import { expectGolden, fixtureNames, readFixture } from '../fixtures/golden.ts'

const OP = 'planning'

describe('planningProblems fixtures', () => {
  for (const name of fixtureNames(OP)) {
    it(name, () => {
      const input = readFixture(OP, name)
      const problems = planningProblems(input.parent, input.features)
      expect(problems.map((p) => p.code)).toEqual(input.expect)
      for (const p of problems) {
        expect(p.message).toMatch(/[\u4e00-\u9fff]/)
        expect(p.messageEn).toMatch(/[a-z]/)
        expect(p.gridIds.every(Number.isInteger)).toBe(true)
      }
      expectGolden(OP, name, problems)
    })
  }
})

// A 2 × 2 block of squares (≈ 500 m each) tiling a parent; they share the vertex (MX, MY).
const [X0, X1, Y0, Y1] = [102.5, 102.51, 24.3, 24.31]
const [MX, MY] = [(X0 + X1) / 2, (Y0 + Y1) / 2]
const parent: Feature<Polygon> = { type: 'Feature', id: 0, properties: {}, geometry: ring([[X0, Y0], [X1, Y0], [X1, Y1], [X0, Y1]]) }
function ring(pts: number[][]): Polygon {
  return { type: 'Polygon', coordinates: [[...pts, pts[0]]] }
}
/** The four squares with the shared centre vertex at c (sw, se, ne, nw). */
function block(c: number[], moveIn: (0 | 1 | 2 | 3)[] = [0, 1, 2, 3]): Feature<Polygon>[] {
  const at = (k: number) => (moveIn.includes(k as 0) ? c : [MX, MY])
  return [
    ring([[X0, Y0], [MX, Y0], at(0), [X0, MY]]),
    ring([[MX, Y0], [X1, Y0], [X1, MY], at(1)]),
    ring([at(2), [X1, MY], [X1, Y1], [MX, Y1]]),
    ring([[X0, MY], at(3), [MX, Y1], [X0, Y1]]),
  ].map((geometry, i) => ({ type: 'Feature', id: i + 1, properties: { name: `格${i + 1}` }, geometry }))
}
const codes = (ps: PlanningProblem[]) => [...new Set(ps.map((p) => p.code))].sort()
// offsets in degrees: 0.0001° ≈ 10 m … 0.002° ≈ 200 m, well inside the 500 m squares
const offset = fc.integer({ min: 1, max: 20 }).map((k) => k * 0.0001)
const sign = fc.constantFrom(-1, 1)

describe('planningProblems properties', () => {
  it('moving the shared vertex in every neighbour keeps the level tiling its parent', () => {
    fc.assert(
      fc.property(offset, offset, sign, sign, (dx, dy, sx, sy) => {
        expect(planningProblems(parent, block([MX + sx * dx, MY + sy * dy]))).toEqual([])
      }),
      { numRuns: 40 },
    )
  })

  it('moving it in one neighbour only opens a gap (pulled in) or an overlap (pushed out), and nothing else', () => {
    fc.assert(
      fc.property(offset, offset, (dx, dy) => {
        // the south-west square's shared corner pulled into the square: its neighbours no longer meet it
        expect(codes(planningProblems(parent, block([MX - dx, MY - dy], [0])))).toEqual(['gap'])
        // pushed out into the north-east square: an overlap with it (and with the others it reaches)
        const pushed = planningProblems(parent, block([MX + dx, MY + dy], [0]))
        expect(codes(pushed)).toEqual(['overlap'])
        expect(pushed.every((p) => p.gridIds.includes(1))).toBe(true)
      }),
      { numRuns: 30 },
    )
  })

  it('the gap left by a one-sided move has the area of the triangle swept', () => {
    const d = 0.001
    const gap = planningProblems(parent, block([MX - d, MY - d], [0]))
    expect(gap).toHaveLength(1)
    // the swept quadrilateral (MX,Y0?) — two triangles with the moved corner: ≈ d·(MX−X0) in degrees², ×cos(lat)
    const m = 111_195 // metres per degree on the sphere of measure.ts
    const expected = (d * (MX - X0) * m * m * Math.cos((MY * Math.PI) / 180))
    expect(gap[0].areaM2! / expected).toBeGreaterThan(0.98)
    expect(gap[0].areaM2! / expected).toBeLessThan(1.02)
  })
})

describe('siblingsAfterEdit', () => {
  const siblings = block([MX, MY])
  it('replaces edited grids, drops removed ones, adds new ones with provisional ids, never mutating input', () => {
    const before = JSON.stringify(siblings)
    const out = siblingsAfterEdit(siblings, {
      grids: [
        { id: 2, level: 3, parentId: 0, name: '改', geometry: siblings[0].geometry },
        { id: null, level: 3, parentId: 0, name: '新', geometry: siblings[1].geometry },
      ],
      removed: [3],
    })
    expect(out.map((f) => f.id)).toEqual([1, 2, 4, -2])
    expect(out[1].geometry).toEqual(siblings[0].geometry)
    expect(out[1].properties!.name).toBe('改')
    expect(JSON.stringify(siblings)).toBe(before)
  })
  it('throws on ids that are not siblings, edited twice, or both edited and removed', () => {
    const g = (id: number) => ({ id, level: 3, parentId: 0, name: 'x', geometry: siblings[0].geometry })
    expect(() => siblingsAfterEdit(siblings, { grids: [g(9)], removed: [] })).toThrow(/grid 9/)
    expect(() => siblingsAfterEdit(siblings, { grids: [g(1), g(1)], removed: [] })).toThrow(/twice/)
    expect(() => siblingsAfterEdit(siblings, { grids: [g(1)], removed: [1] })).toThrow(/both/)
    expect(() => siblingsAfterEdit(siblings, { grids: [], removed: [7] })).toThrow(/removed grid 7/)
  })
})
