import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import type { Feature, FeatureCollection, Polygon, Position } from 'geojson'
import { drawChild, EditError, geometryArea, sharedVertexIndex, tilingReport, validateGeometry } from '../../geo/index.ts'
import { expectGolden, fixtureNames, readFixture } from '../fixtures/golden.ts'

type Cell = Feature<Polygon, Record<string, unknown>>

/** The union of the siblings (two or more rectangles side by side here, or a lattice): the parent. */
function expectTiles(parent: Feature<Polygon>, before: Cell[], after: Cell[], child: Polygon): void {
  const report = tilingReport(parent, [...after.map((f) => f.geometry), child].map((g) => ({ type: 'Feature', properties: {}, geometry: g }) as Feature<Polygon>))
  expect(report.gapArea).toBeLessThan(0.01)
  expect(report.outsideArea).toBeLessThan(0.01)
  expect(report.overlapPairs).toEqual([])
  const total = before.reduce((s, f) => s + geometryArea(f.geometry), 0)
  expect(Math.abs(after.reduce((s, f) => s + geometryArea(f.geometry), 0) + geometryArea(child) - total)).toBeLessThan(total * 1e-6)
  for (const g of [child, ...after.map((f) => f.geometry)]) expect(validateGeometry(g).ok).toBe(true)
}

function boxOf(cells: Cell[]): Feature<Polygon> {
  const xs = cells.flatMap((c) => c.geometry.coordinates[0].map((p) => p[0])), ys = cells.flatMap((c) => c.geometry.coordinates[0].map((p) => p[1]))
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)]
  return { type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]] } }
}

describe('drawChild fixtures', () => {
  for (const name of fixtureNames('editing-draw')) {
    it(name, () => {
      const input = readFixture<FeatureCollection<Polygon> & { expectError?: string }>('editing-draw', name)
      const siblings = input.features.filter((f) => f.properties?.role !== 'drawn') as Cell[]
      const drawn = input.features.find((f) => f.properties?.role === 'drawn')!.geometry
      if (input.expectError) {
        expect(() => drawChild(siblings, drawn)).toThrow(expect.objectContaining({ code: input.expectError }))
        return
      }
      const result = drawChild(siblings, drawn)
      expectTiles(boxOf(siblings), siblings, result.siblings, result.child)
      // every vertex of the child on a sibling's boundary is held by that sibling too (shared, not T-junctions)
      const shared = sharedVertexIndex([...result.siblings, { type: 'Feature', id: 'child', properties: {}, geometry: result.child }])
      const childShared = [...shared.values()].filter((v) => v.ids.includes('child'))
      expect(childShared.length).toBeGreaterThan(0)
      expectGolden('editing-draw', name, { child: result.child, siblings: result.siblings.map((f) => f.geometry), carved: result.carved })
    })
  }
})

/** nx × ny cells tiling a rectangle, inner lattice points jittered; cells share vertices exactly. */
function lattice(nx: number, ny: number, jitter: number[][]): { parent: Feature<Polygon>; cells: Cell[]; size: number } {
  const size = 0.001, x0 = 102.5, y0 = 24.3
  const pt = (i: number, j: number): Position => {
    const inner = i > 0 && i < nx && j > 0 && j < ny
    const [jx, jy] = inner ? jitter[(j * (nx + 1) + i) % jitter.length] : [0, 0]
    return [x0 + (i + jx) * size, y0 + (j + jy) * size]
  }
  const cells: Cell[] = []
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const ring = [pt(i, j), pt(i + 1, j), pt(i + 1, j + 1), pt(i, j + 1)]
      cells.push({ type: 'Feature', id: j * nx + i + 1, properties: {}, geometry: { type: 'Polygon', coordinates: [[...ring, ring[0]]] } })
    }
  }
  const outer = [pt(0, 0), pt(nx, 0), pt(nx, ny), pt(0, ny)]
  return { parent: { type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [[...outer, outer[0]]] } }, cells, size }
}

const REFUSALS = new Set(['swallows_sibling', 'splits_sibling', 'child_in_parts', 'draw_outside', 'self_intersection'])

describe('property: a random drawn polygon either keeps the level tiling its parent or is refused with a reason', () => {
  it('union of the result = parent, no overlaps, every grid valid', () => {
    let drawnOk = 0, refused = 0
    fc.assert(fc.property(
      fc.integer({ min: 2, max: 4 }), fc.integer({ min: 2, max: 3 }),
      fc.array(fc.tuple(fc.double({ min: -0.15, max: 0.15, noNaN: true }), fc.double({ min: -0.15, max: 0.15, noNaN: true })), { minLength: 16, maxLength: 16 }),
      fc.tuple(fc.double({ min: 0.2, max: 0.8, noNaN: true }), fc.double({ min: 0.2, max: 0.8, noNaN: true })),
      fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0.15, max: 0.9, noNaN: true })), { minLength: 3, maxLength: 9 }),
      fc.boolean(),
      (nx, ny, jitter, [cx, cy], spokes, rounded) => {
        const { parent, cells, size } = lattice(nx, ny, jitter)
        // a star-shaped (hence simple) polygon around a point of the parent, radius up to ~the cell size
        const angles = spokes.map(([a], i) => ((i + 0.1 + a * 0.8) / spokes.length) * 2 * Math.PI)
        const ring = angles.map((a, i) => [102.5 + (cx * nx + Math.cos(a) * spokes[i][1] * 1.2) * size, 24.3 + (cy * ny + Math.sin(a) * spokes[i][1] * 1.2) * size])
        const drawn: Polygon = { type: 'Polygon', coordinates: [[...ring, ring[0]]] }
        let result
        try {
          result = drawChild(cells, drawn, rounded ? { precision: 9 } : {})
        } catch (err) {
          expect(err).toBeInstanceOf(EditError)
          expect(REFUSALS.has((err as EditError).code)).toBe(true)
          refused++
          return
        }
        drawnOk++
        expectTiles(parent, cells, result.siblings, result.child)
        expect(result.carved.length).toBeGreaterThan(0)
        // untouched siblings come back as the same objects
        for (let i = 0; i < cells.length; i++) {
          if (!result.carved.includes(cells[i].id) && result.siblings[i] !== cells[i]) expect(result.siblings[i].geometry.coordinates[0].length).toBeGreaterThan(cells[i].geometry.coordinates[0].length)
        }
      },
    ), { numRuns: 100 })
    // the property must exercise both branches, mostly the successful one
    expect(drawnOk).toBeGreaterThan(20)
    expect(refused).toBeGreaterThan(0)
  })
})
