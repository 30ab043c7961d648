import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { join } from 'node:path'
import type { Feature, FeatureCollection, Polygon, Position } from 'geojson'
import { ringArea, validateGeometry, type ValidateOptions } from '../../geo/index.ts'
import { REALDATA, expectGolden, fixtureNames, readFixture, readJson } from '../fixtures/golden.ts'

const OP = 'validate'

describe('validateGeometry fixtures', () => {
  for (const name of fixtureNames(OP)) {
    it(name, () => {
      const input = readFixture<Feature>(OP, name)
      const props = input.properties ?? {}
      const opts: ValidateOptions = { bbox: props.bbox, allowGeometryCollection: props.allowGeometryCollection }
      const result = validateGeometry(input.geometry, opts)
      const codes = result.ok ? [] : [...new Set(result.errors.map((e) => e.code))].sort()
      expect(codes).toEqual([...props.expect].sort())
      const errorPoints = result.ok ? [] : result.errors.filter((e) => e.location).map((e) => ({
        type: 'Feature', properties: { code: e.code, path: e.path }, geometry: { type: 'Point', coordinates: e.location },
      }))
      expectGolden(OP, name, {
        type: 'FeatureCollection',
        features: [
          { type: 'Feature', properties: result.ok ? { ok: true } : { ok: false, errors: result.errors }, geometry: result.ok ? result.geometry : input.geometry },
          ...errorPoints,
        ],
      })
    })
  }
})

describe('validateGeometry shape checks', () => {
  it('rejects non-objects and names the value', () => {
    for (const bad of [null, 42, 'Polygon', [[116.3, 39.98]]]) {
      const result = validateGeometry(bad)
      expect(result.ok).toBe(false)
      if (!result.ok) {
        expect(result.errors[0].code).toBe('not_an_object')
        expect(result.errors[0].message).toContain(JSON.stringify(bad) ?? String(bad))
      }
    }
  })

  it('tells a caller who passed a Feature to pass its geometry', () => {
    const result = validateGeometry({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [116.3, 39.98] } })
    expect(result.ok).toBe(false)
    if (!result.ok) {
      expect(result.errors[0]).toMatchObject({ code: 'unknown_type', path: 'type' })
      expect(result.errors[0].message).toMatch(/\.geometry/)
      expect(result.errors[0].messageZh).toMatch(/geometry/)
    }
  })

  it('rejects NaN and Infinity, which JSON cannot carry but JavaScript callers can', () => {
    const result = validateGeometry({ type: 'LineString', coordinates: [[116.3, NaN], [Infinity, 39.9]] })
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.errors.map((e) => [e.code, e.path])).toEqual([
      ['invalid_position', 'coordinates[0]'], ['invalid_position', 'coordinates[1]'],
    ])
  })

  it('throws on a malformed opts.bbox, naming it', () => {
    expect(() => validateGeometry({ type: 'Point', coordinates: [0, 0] }, { bbox: [1, 2, 0, 3] })).toThrow(/\[1,2,0,3\]/)
  })

  it('caps the number of errors at opts.maxErrors', () => {
    const coordinates = Array.from({ length: 20 }, () => ['x', 1])
    const result = validateGeometry({ type: 'MultiPoint', coordinates }, { maxErrors: 5 })
    expect(result.ok === false && result.errors.length).toBe(5)
  })

  it('does not mutate its input', () => {
    const input = deepFreeze({ type: 'Polygon', coordinates: [[[0, 0, 1], [0, 1, 1], [1, 1, 1], [1, 0, 1], [0, 0, 1]]] })
    const copy = JSON.parse(JSON.stringify(input))
    const result = validateGeometry(input)
    expect(result.ok).toBe(true)
    expect(input).toEqual(copy)
  })
})

describe('validateGeometry properties', () => {
  // A random simple polygon: vertices at increasing angles around a centre, random radii; with
  // every angular gap under 180° each edge stays in its own wedge, so no two edges can cross.
  const starPolygon = fc
    .uniqueArray(fc.integer({ min: 0, max: 3599 }), { minLength: 3, maxLength: 40 })
    .filter((angles) => {
      const a = [...angles].sort((x, y) => x - y)
      return a.every((v, i) => (i === 0 ? v + 3600 - a[a.length - 1] : v - a[i - 1]) < 1800)
    })
    .chain((angles) => fc.tuple(fc.constant(angles.sort((a, b) => a - b)), fc.array(fc.double({ min: 0.2, max: 1, noNaN: true }), { minLength: angles.length, maxLength: angles.length })))
    .map(([angles, radii]) => {
      const ring: Position[] = angles.map((a, i) => {
        const t = (a / 3600) * 2 * Math.PI
        return [116.3 + 0.01 * radii[i] * Math.cos(t), 39.98 + 0.01 * radii[i] * Math.sin(t)]
      })
      return [...ring, ring[0]]
    })
    .filter((ring) => Math.abs(ringArea(ring)) > 1) // star polygons can be thin but never self-crossing

  it('accepts simple polygons in either winding and returns them CCW, idempotently', () => {
    fc.assert(fc.property(starPolygon, fc.boolean(), (ring, reverse) => {
      const input: Polygon = { type: 'Polygon', coordinates: [reverse ? [...ring].reverse() : ring] }
      const result = validateGeometry(input)
      if (!result.ok) throw new Error(JSON.stringify(result.errors))
      const out = result.geometry as Polygon
      expect(ringArea(out.coordinates[0])).toBeGreaterThan(0)
      expect(validateGeometry(out)).toEqual({ ok: true, geometry: out })
    }))
  })

  it('finds the crossing made by swapping two neighbouring vertices of a convex polygon', () => {
    const convex = fc
      .uniqueArray(fc.integer({ min: 0, max: 359 }), { minLength: 4, maxLength: 30 })
      .map((angles) => angles.sort((a, b) => a - b).map((a): Position => [116.3 + 0.01 * Math.cos((a * Math.PI) / 180), 39.98 + 0.01 * Math.sin((a * Math.PI) / 180)]))
    fc.assert(fc.property(convex, fc.nat(), (pts, k) => {
      const i = k % (pts.length - 1)
      const swapped = [...pts]
      ;[swapped[i], swapped[i + 1]] = [swapped[i + 1], swapped[i]]
      const result = validateGeometry({ type: 'Polygon', coordinates: [[...swapped, swapped[0]]] })
      expect(result.ok).toBe(false)
      if (!result.ok) expect(result.errors.map((e) => e.code)).toContain('self_intersection')
    }))
  })

  it('checks a 50,000-vertex ring in well under the O(n²) time', () => {
    const n = 50_000
    const ring: Position[] = Array.from({ length: n }, (_, i) => {
      const t = (i / n) * 2 * Math.PI
      const r = 0.05 * (1 + 0.3 * Math.sin(37 * t))
      return [116.3 + r * Math.cos(t), 39.98 + r * Math.sin(t)]
    })
    const start = performance.now()
    const result = validateGeometry({ type: 'Polygon', coordinates: [[...ring, ring[0]]] })
    const ms = performance.now() - start
    expect(result.ok).toBe(true)
    expect(ms).toBeLessThan(3000) // indexed: ~0.2 s; all-pairs would test 1.25e9 pairs
  })
})

describe('validateGeometry on real data', () => {
  const boundaries = (file: string) => readJson<FeatureCollection>(join(REALDATA, 'boundaries', file))
  const invalidBy = (collection: FeatureCollection) =>
    collection.features.map((f) => ({ f, result: validateGeometry(f.geometry) })).filter((x) => !x.result.ok)

  it('flags 顺义区 as self_intersection (its two parts share two stretches of boundary)', () => {
    const invalid = invalidBy(boundaries('beijing_districts_110000_full_datav_gcj02.geojson'))
    expect(invalid.map((x) => x.f.properties!.name)).toEqual(['顺义区'])
    const errors = invalid[0].result.ok ? [] : invalid[0].result.errors
    expect(errors.map((e) => e.code)).toEqual(['self_intersection'])
    expect(errors[0].location).toEqual([116.610061, 40.031214])
  })

  it('flags exactly the 21 provinces that GEOS (shapely) finds invalid', () => {
    const invalid = invalidBy(boundaries('china_provinces_100000_full_datav_gcj02.geojson'))
    // From the realdata README's shapely check, one adcode per invalid feature.
    expect(invalid.map((x) => x.f.properties!.adcode).sort()).toEqual([
      '110000', '120000', '130000', '150000', '320000', '330000', '340000', '350000', '370000', '410000', '420000',
      '430000', '440000', '450000', '500000', '510000', '520000', '610000', '620000', '640000', '810000',
    ])
    for (const { result } of invalid) {
      if (!result.ok) expect(result.errors.every((e) => e.code === 'self_intersection' || e.code === 'overlapping_parts')).toBe(true)
    }
  })

  it('flags the Tsinghua UTM polygon as projected_coordinates, suggesting conversion', () => {
    const collection = readJson<FeatureCollection>(join(REALDATA, 'messy', 'tsinghua_area_epsg32649.geojson'))
    const result = validateGeometry(collection.features[0].geometry)
    expect(result.ok).toBe(false)
    if (!result.ok) {
      expect(result.errors.map((e) => e.code)).toEqual(['projected_coordinates'])
      expect(result.errors[0].message).toMatch(/UTM/)
      expect(result.errors[0].message).toContain('954219.89')
    }
  })

  it('accepts 海淀区 and rewinds its clockwise exterior ring', () => {
    const feature = boundaries('haidian_110108_datav_gcj02.geojson').features[0]
    const result = validateGeometry(feature.geometry)
    expect(result.ok).toBe(true)
    if (result.ok && result.geometry.type === 'MultiPolygon') {
      expect(ringArea(result.geometry.coordinates[0][0])).toBeGreaterThan(0)
    }
  })

  it('accepts the feature picked out of the hongta bare feature array', () => {
    const array = readJson<Feature[]>(join(REALDATA, 'messy', 'hongta_530402_bare_feature_array.json'))
    expect(Array.isArray(array)).toBe(true)
    expect(validateGeometry(array[0].geometry).ok).toBe(true)
  })

  it('accepts every OSM building of the CAU and BUPT extracts (GEOS finds none invalid)', () => {
    for (const file of ['beijing_haidian_cau_buildings.geojson', 'beijing_haidian_bupt_buildings.geojson']) {
      const collection = readJson<FeatureCollection>(join(REALDATA, 'osm', file))
      expect(invalidBy(collection)).toEqual([])
    }
  })
})

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    Object.values(value).forEach(deepFreeze)
    Object.freeze(value)
  }
  return value
}
