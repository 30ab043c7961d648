import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { booleanPointInPolygon } from '@turf/turf'
import type { Feature, FeatureCollection, MultiPolygon, Point, Polygon, Position } from 'geojson'
import { createPolygonIndex } from '../../geo/index.ts'
import { expectGolden, fixtureNames, readFixture } from '../fixtures/golden.ts'

const OP = 'grid-index'
type Area = Feature<Polygon | MultiPolygon>

describe('createPolygonIndex fixtures', () => {
  for (const name of fixtureNames(OP)) {
    it(name, () => {
      const input = readFixture<FeatureCollection>(OP, name)
      const areas = input.features.filter((f): f is Area => f.geometry.type !== 'Point')
      const points = input.features.filter((f): f is Feature<Point> => f.geometry.type === 'Point')
      const index = createPolygonIndex(areas)
      const answered = points.map((p) => {
        const [lon, lat] = p.geometry.coordinates
        const found = { locate: index.locate(lon, lat), locateAll: index.locateAll(lon, lat) }
        expect(found, p.properties!.note).toEqual(p.properties!.expect)
        return { ...p, properties: { note: p.properties!.note, ...found } }
      })
      expectGolden(OP, name, { type: 'FeatureCollection', features: answered })
    })
  }
})

describe('createPolygonIndex input checks', () => {
  const square = (id: unknown): Feature<Polygon> => ({
    type: 'Feature', id: id as number, properties: {},
    geometry: { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]] },
  })

  it('throws naming a feature without an id, or a repeated id', () => {
    expect(() => createPolygonIndex([square(1), square(undefined)])).toThrow(/feature 1 needs an id/)
    expect(() => createPolygonIndex([square(4), square(4)])).toThrow(/id 4 is used by more than one/)
  })

  it('takes properties.id when feature.id is absent', () => {
    const f = { ...square(undefined), properties: { id: 'g-1' } }
    expect(createPolygonIndex([f]).locate(0.5, 0.5)).toBe('g-1')
  })

  it('throws naming a non-polygon geometry', () => {
    const line = { type: 'Feature', id: 1, properties: {}, geometry: { type: 'LineString', coordinates: [[0, 0], [1, 1]] } }
    expect(() => createPolygonIndex([line as unknown as Area])).toThrow(/LineString/)
  })

  it('answers null for an empty index', () => {
    expect(createPolygonIndex([]).locate(0, 0)).toBeNull()
  })
})

describe('createPolygonIndex properties', () => {
  // A random tiling of [0, 1] × [0, 1] by rows × cols rectangles whose cuts are multiples of 1/64
  // (exact in binary), with shuffled ids; queries on the same 1/128 lattice, so many land exactly
  // on shared edges and vertices.
  const tiling = fc
    .record({
      xs: fc.uniqueArray(fc.integer({ min: 1, max: 63 }), { maxLength: 6 }),
      ys: fc.uniqueArray(fc.integer({ min: 1, max: 63 }), { maxLength: 6 }),
      seed: fc.nat(),
    })
    .map(({ xs, ys, seed }) => {
      const cutsX = [0, ...xs.sort((a, b) => a - b), 64].map((v) => v / 64)
      const cutsY = [0, ...ys.sort((a, b) => a - b), 64].map((v) => v / 64)
      const cells: Feature<Polygon>[] = []
      for (let i = 0; i + 1 < cutsX.length; i++) {
        for (let j = 0; j + 1 < cutsY.length; j++) {
          const [x0, x1, y0, y1] = [cutsX[i], cutsX[i + 1], cutsY[j], cutsY[j + 1]]
          cells.push({ type: 'Feature', id: 0, properties: {}, geometry: { type: 'Polygon', coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]] } })
        }
      }
      cells.forEach((c, k) => (c.id = ((k * 7919 + seed) % 100_003) * 10 + k)) // unique, not in input order
      return cells
    })
  const lattice = fc.tuple(fc.integer({ min: -8, max: 136 }), fc.integer({ min: -8, max: 136 })).map(([i, j]): Position => [i / 128, j / 128])

  it('locateAll agrees with Turf booleanPointInPolygon (boundary included), sorted by id', () => {
    fc.assert(fc.property(tiling, fc.array(lattice, { minLength: 1, maxLength: 30 }), (cells, points) => {
      const index = createPolygonIndex(cells)
      for (const p of points) {
        const expected = cells.filter((c) => booleanPointInPolygon(p, c)).map((c) => c.id as number).sort((a, b) => a - b)
        expect(index.locateAll(p[0], p[1])).toEqual(expected)
      }
    }))
  })

  it('gives every point of a tiled square exactly one owner, the smallest id that holds it', () => {
    fc.assert(fc.property(tiling, fc.array(lattice, { minLength: 1, maxLength: 30 }), (cells, points) => {
      const index = createPolygonIndex(cells)
      for (const [x, y] of points) {
        const all = index.locateAll(x, y)
        const owner = index.locate(x, y)
        expect(owner).toBe(all[0] ?? null)
        const insideSquare = x >= 0 && x <= 1 && y >= 0 && y <= 1
        expect(owner !== null).toBe(insideSquare)
      }
    }))
  })

  it('agrees with Turf on random real-valued points in random star polygons with a hole', () => {
    const star = fc.array(fc.double({ min: 0.3, max: 1, noNaN: true }), { minLength: 3, maxLength: 24 }).map((radii): Feature<Polygon> => {
      const ring = radii.map((r, i): Position => {
        const t = (i / radii.length) * 2 * Math.PI
        return [116.3 + 0.01 * r * Math.cos(t), 39.98 + 0.01 * r * Math.sin(t)]
      })
      const hole: Position[] = [[116.299, 39.979], [116.299, 39.981], [116.301, 39.981], [116.301, 39.979], [116.299, 39.979]]
      return { type: 'Feature', id: 1, properties: {}, geometry: { type: 'Polygon', coordinates: [[...ring, ring[0]], hole] } }
    })
    const point = fc.tuple(fc.double({ min: 116.288, max: 116.312, noNaN: true }), fc.double({ min: 39.968, max: 39.992, noNaN: true }))
    fc.assert(fc.property(star, fc.array(point, { maxLength: 50 }), (polygon, points) => {
      const index = createPolygonIndex([polygon])
      for (const p of points) expect(index.locate(p[0], p[1]) === 1).toBe(booleanPointInPolygon(p, polygon))
    }))
  })
})
