import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import type { Feature, MultiPolygon, Polygon } from 'geojson'
import { createPolygonIndex, createRasterPolygonIndex } from '../../geo/index.ts'

type Area = Feature<Polygon | MultiPolygon>

/** Probe points: random ones, every vertex, every edge midpoint, and points just beside each vertex. */
function probes(features: Area[], random: [number, number][]): [number, number][] {
  const out = [...random]
  for (const f of features) {
    const rings = f.geometry.type === 'Polygon' ? f.geometry.coordinates : f.geometry.coordinates.flat()
    for (const ring of rings) {
      for (let i = 0; i + 1 < ring.length; i++) {
        const [[ax, ay], [bx, by]] = [ring[i], ring[i + 1]]
        out.push([ax, ay], [(ax + bx) / 2, (ay + by) / 2], [ax + 1e-9, ay], [ax, ay - 1e-9])
      }
    }
  }
  return out
}

function expectSameAnswers(features: Area[], points: [number, number][], options = {}) {
  const exact = createPolygonIndex(features)
  const raster = createRasterPolygonIndex(features, options)
  for (const [x, y] of points) {
    const want = exact.locate(x, y)
    if (raster.locate(x, y) !== want) expect([x, y, raster.locate(x, y)]).toEqual([x, y, want])
  }
  const lon = Float64Array.from(points, (p) => p[0])
  const lat = Float64Array.from(points, (p) => p[1])
  const many = raster.locateMany(lon, lat)
  const idOf = (k: number) => (k < 0 ? null : (features[k].id ?? features[k].properties?.id))
  points.forEach(([x, y], i) => expect(idOf(many[i])).toBe(exact.locate(x, y)))
}

describe('createRasterPolygonIndex', () => {
  const X0 = 116.3
  const Y0 = 39.98
  const rectangle = (id: number, x0: number, y0: number, x1: number, y1: number): Feature<Polygon> => ({
    type: 'Feature', id, properties: {}, geometry: { type: 'Polygon', coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]] },
  })
  const point = fc.tuple(fc.double({ min: X0 - 0.001, max: X0 + 0.021, noNaN: true }), fc.double({ min: Y0 - 0.001, max: Y0 + 0.021, noNaN: true }))

  it('answers as createPolygonIndex on jittered tilings (shared edges, vertices, gaps and overlaps), at any raster size', () => {
    // A 5 × 5 lattice whose inner vertices are moved at random: cells share slanted edges exactly.
    const lattice = fc.array(fc.tuple(fc.double({ min: -0.4, max: 0.4, noNaN: true }), fc.double({ min: -0.4, max: 0.4, noNaN: true })), { minLength: 36, maxLength: 36 })
    fc.assert(fc.property(lattice, fc.array(point, { maxLength: 300 }), fc.constantFrom(0.05, 1, 8, 64), fc.boolean(), (jitter, random, cellsPerEdge, shuffleIds) => {
      const step = 0.004
      const v = (i: number, j: number): [number, number] => {
        const inner = i > 0 && i < 5 && j > 0 && j < 5
        const [dx, dy] = inner ? jitter[i * 6 + j] : [0, 0]
        return [X0 + (i + dx) * step, Y0 + (j + dy) * step]
      }
      const cells: Area[] = []
      for (let i = 0; i < 5; i++) {
        for (let j = 0; j < 5; j++) {
          const id = shuffleIds ? ((i * 5 + j) * 7) % 25 + 1 : i * 5 + j + 1
          cells.push({ type: 'Feature', id, properties: {}, geometry: { type: 'Polygon', coordinates: [[v(i, j), v(i + 1, j), v(i + 1, j + 1), v(i, j + 1), v(i, j)]] } })
        }
      }
      // one overlapping extra polygon and one cell moved off: overlaps and gaps too
      cells.push(rectangle(100, X0 + 0.003, Y0 + 0.003, X0 + 0.011, Y0 + 0.007), rectangle(0, X0 + 0.0079, Y0 + 0.0021, X0 + 0.0121, Y0 + 0.0061))
      expectSameAnswers(cells, probes(cells, random), { cellsPerEdge })
    }), { numRuns: 40 })
  })

  it('answers as createPolygonIndex for holes, multipolygons and string ids', () => {
    const withHole: Area = { type: 'Feature', id: 'b', properties: {}, geometry: { type: 'Polygon', coordinates: [
      [[X0, Y0], [X0 + 0.02, Y0], [X0 + 0.02, Y0 + 0.02], [X0, Y0 + 0.02], [X0, Y0]],
      [[X0 + 0.005, Y0 + 0.005], [X0 + 0.005, Y0 + 0.015], [X0 + 0.015, Y0 + 0.015], [X0 + 0.015, Y0 + 0.005], [X0 + 0.005, Y0 + 0.005]],
    ] } }
    const multi: Area = { type: 'Feature', id: 'c', properties: {}, geometry: { type: 'MultiPolygon', coordinates: [
      [[[X0 + 0.006, Y0 + 0.006], [X0 + 0.009, Y0 + 0.006], [X0 + 0.009, Y0 + 0.009], [X0 + 0.006, Y0 + 0.009], [X0 + 0.006, Y0 + 0.006]]],
      [[[X0 + 0.019, Y0 + 0.001], [X0 + 0.025, Y0 + 0.001], [X0 + 0.022, Y0 + 0.004], [X0 + 0.019, Y0 + 0.001]]],
    ] } }
    const inHole: Area = { ...rectangle(0, X0 + 0.005, Y0 + 0.005, X0 + 0.015, Y0 + 0.015), id: 'a' }
    fc.assert(fc.property(fc.array(point, { minLength: 50, maxLength: 400 }), fc.constantFrom(0.5, 8, 40), (random, cellsPerEdge) => {
      for (const set of [[withHole, multi], [withHole, multi, inHole]]) expectSameAnswers(set, probes(set, random), { cellsPerEdge })
    }), { numRuns: 20 })
  })

  it('answers as createPolygonIndex on the demo level-3 grids, vertices and edges included', () => {
    const grids = JSON.parse(readFileSync('geodata/demo/grids.geojson', 'utf8')).features.filter((f: Area) => f.properties!.level === 3)
    let seed = 7
    const rnd = () => (seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32
    const random: [number, number][] = Array.from({ length: 20_000 }, () => [rnd(), rnd()])
    const exact = createPolygonIndex(grids)
    const box = grids.map((g: Area) => g.geometry.coordinates.flat(3)).flat()
    const [minX, maxX] = [Math.min(...box.filter((_: number, i: number) => i % 2 === 0)), Math.max(...box.filter((_: number, i: number) => i % 2 === 0))]
    const [minY, maxY] = [Math.min(...box.filter((_: number, i: number) => i % 2 === 1)), Math.max(...box.filter((_: number, i: number) => i % 2 === 1))]
    const points = probes(grids, random.map(([u, v]) => [minX + u * (maxX - minX), minY + v * (maxY - minY)]))
    expectSameAnswers(grids, points)
    expect(points.filter(([x, y]) => exact.locate(x, y) !== null).length).toBeGreaterThan(points.length / 2)
  }, 60_000)

  it('handles no polygons, and throws early on bad input', () => {
    const none = createRasterPolygonIndex([])
    expect(none.locate(X0, Y0)).toBeNull()
    expect(Array.from(none.locateMany([X0], [Y0]))).toEqual([-1])
    const a = rectangle(1, X0, Y0, X0 + 0.01, Y0 + 0.01)
    expect(() => createRasterPolygonIndex([a, a])).toThrow(/id 1 is used by more than one feature/)
    expect(() => createRasterPolygonIndex([{ ...a, id: undefined }])).toThrow(/feature 0 needs an id/)
    expect(() => createRasterPolygonIndex([a], { maxCells: 0 })).toThrow(/maxCells must be a positive integer, got 0/)
    expect(() => createRasterPolygonIndex([a]).locateMany([X0], [])).toThrow(/one length/)
  })
})
