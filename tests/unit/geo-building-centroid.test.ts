import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { join } from 'node:path'
import { centerOfMass } from '@turf/turf'
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson'
import { buildingCentroid, pointInPolygon } from '../../geo/index.ts'
import { REALDATA, expectGolden, fixtureNames, readFixture, readJson } from '../fixtures/golden.ts'

const OP = 'building-centroid'
type Area = Polygon | MultiPolygon

describe('buildingCentroid fixtures', () => {
  for (const name of fixtureNames(OP)) {
    it(name, () => {
      const input = readFixture<Feature<Area>>(OP, name)
      const expected = input.properties!.expect
      const point = buildingCentroid(input.geometry)
      expect(pointInPolygon(point, input.geometry)).toBe(true)
      if (expected.point) {
        expect(point[0]).toBeCloseTo(expected.point[0], 9)
        expect(point[1]).toBeCloseTo(expected.point[1], 9)
      }
      if (expected.within) {
        const [[minX, minY], [maxX, maxY]] = expected.within
        expect(point[0]).toBeGreaterThan(minX)
        expect(point[0]).toBeLessThan(maxX)
        expect(point[1]).toBeGreaterThan(minY)
        expect(point[1]).toBeLessThan(maxY)
      }
      const mass = centerOfMass(input).geometry.coordinates
      expect(pointInPolygon(mass, input.geometry)).toBe(expected.centroidInside)
      expectGolden(OP, name, {
        type: 'FeatureCollection',
        features: [input, { type: 'Feature', properties: { note: 'buildingCentroid' }, geometry: { type: 'Point', coordinates: point } }],
      })
    })
  }
})

describe('buildingCentroid', () => {
  it('throws naming a polygon without area', () => {
    expect(() => buildingCentroid({ type: 'Polygon', coordinates: [[[116.3, 39.98], [116.31, 39.98], [116.3, 39.98]]] })).toThrow(/\[116.3, 39.98\] has no area/)
  })

  it('is the area centroid (Turf centerOfMass) for every real OSM building whose centroid is inside, and always on the building', () => {
    for (const file of ['beijing_haidian_cau_buildings.geojson', 'beijing_haidian_bupt_buildings.geojson']) {
      const buildings = readJson<FeatureCollection<Polygon>>(join(REALDATA, 'osm', file)).features
      let fallbacks = 0
      for (const b of buildings) {
        const point = buildingCentroid(b.geometry)
        expect(pointInPolygon(point, b.geometry)).toBe(true)
        const mass = centerOfMass(b).geometry.coordinates
        if (b.geometry.coordinates.length === 1 && pointInPolygon(mass, b.geometry)) {
          expect(point[0]).toBeCloseTo(mass[0], 9)
          expect(point[1]).toBeCloseTo(mass[1], 9)
        } else fallbacks++
      }
      expect(fallbacks).toBeLessThan(buildings.length / 10)
    }
  })

  it('always returns a point on random star-shaped buildings, in either winding', () => {
    const star = fc.array(fc.double({ min: 0.05, max: 1, noNaN: true }), { minLength: 3, maxLength: 30 }).map((radii): Position[] => {
      const ring = radii.map((r, i): Position => {
        const t = (i / radii.length) * 2 * Math.PI
        return [116.3 + 0.0003 * r * Math.cos(t), 39.98 + 0.0003 * r * Math.sin(t)]
      })
      return [...ring, ring[0]]
    })
    fc.assert(fc.property(star, fc.boolean(), (ring, reverse) => {
      const geometry: Polygon = { type: 'Polygon', coordinates: [reverse ? [...ring].reverse() : ring] }
      expect(pointInPolygon(buildingCentroid(geometry), geometry)).toBe(true)
    }))
  })
})
