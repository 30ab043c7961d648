import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { join } from 'node:path'
import { bbox as turfBbox } from '@turf/turf'
import type { FeatureCollection, Geometry } from 'geojson'
import { bbox, bboxContainsPoint, bboxIntersects, type Box } from '../../geo/index.ts'
import { REALDATA, readJson } from '../fixtures/golden.ts'

describe('bbox', () => {
  it('covers every geometry type, features, collections, and ignores z', () => {
    const cases: [Geometry, Box][] = [
      [{ type: 'Point', coordinates: [116.3, 39.98, 50] }, [116.3, 39.98, 116.3, 39.98]],
      [{ type: 'LineString', coordinates: [[116.3, 39.99], [116.31, 39.98]] }, [116.3, 39.98, 116.31, 39.99]],
      [{ type: 'MultiPolygon', coordinates: [[[[0, 0], [1, 0], [1, 1], [0, 0]]], [[[5, -2], [6, -2], [6, 0], [5, -2]]]] }, [0, -2, 6, 1]],
      [{ type: 'GeometryCollection', geometries: [{ type: 'Point', coordinates: [3, 4] }, { type: 'MultiPoint', coordinates: [[-1, 9]] }] }, [-1, 4, 3, 9]],
    ]
    for (const [geometry, box] of cases) expect(bbox(geometry)).toEqual(box)
    expect(bbox({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [1, 2] } })).toEqual([1, 2, 1, 2])
  })

  it('matches Turf bbox on the real OSM road and GPS layers', () => {
    for (const file of [join('osm', 'beijing_haidian_cau_roads.geojson'), join('gps', 'geolife_beijing_user008_20081101.geojson')]) {
      const collection = readJson<FeatureCollection>(join(REALDATA, file))
      expect(bbox(collection)).toEqual(turfBbox(collection))
    }
  })

  it('throws when there is nothing to bound', () => {
    expect(() => bbox({ type: 'FeatureCollection', features: [] })).toThrow(/FeatureCollection has no positions/)
    expect(() => bbox({ type: 'Polygon', coordinates: [] })).toThrow(/Polygon has no positions/)
  })
})

describe('bboxIntersects and bboxContainsPoint', () => {
  const box = fc.tuple(fc.integer({ min: -20, max: 20 }), fc.integer({ min: -20, max: 20 }), fc.nat({ max: 10 }), fc.nat({ max: 10 }))
    .map(([x, y, w, h]): Box => [x, y, x + w, y + h])

  it('intersect exactly when some lattice point lies in both (closed boxes, touching counts)', () => {
    fc.assert(fc.property(box, box, (a, b) => {
      let shared = false
      for (let x = -20; x <= 30 && !shared; x++) for (let y = -20; y <= 30 && !shared; y++) shared = bboxContainsPoint(a, x, y) && bboxContainsPoint(b, x, y)
      expect(bboxIntersects(a, b)).toBe(shared)
      expect(bboxIntersects(b, a)).toBe(shared)
    }))
  })
})
