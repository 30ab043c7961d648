import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import type { Feature, FeatureCollection, MultiPolygon, Point, Polygon } from 'geojson'
import { buildingCentroid, createPolygonIndex, ellipsoidScales, geodesicMeters, haversineLonLat, MIN_MERIDIONAL_RADIUS, planarErrorBound, straightCoverage, tallyCoverage } from '../../geo/index.ts'
import { expectGolden, fixtureNames, readFixture } from '../fixtures/golden.ts'

const OP = 'straight-coverage'

/** The reference: every building against every kiosk on the ellipsoid. */
function brute(b: { lon: number[]; lat: number[] }, k: { lon: number[]; lat: number[] }, radius: number) {
  const covered: number[] = []
  const nearest: number[] = []
  for (let i = 0; i < b.lon.length; i++) {
    let best = Infinity
    for (let j = 0; j < k.lon.length; j++) best = Math.min(best, geodesicMeters(b.lon[i], b.lat[i], k.lon[j], k.lat[j]))
    covered.push(best <= radius ? 1 : 0)
    nearest.push(best <= radius ? NaN : best)
  }
  return { covered, nearest }
}

describe('straightCoverage fixtures', () => {
  for (const name of fixtureNames(OP)) {
    it(name, () => {
      const input = readFixture<FeatureCollection & { radius: number }>(OP, name)
      const of = (kind: string) => input.features.filter((f) => f.properties!.kind === kind)
      const buildings = of('building') as Feature<Polygon | MultiPolygon>[]
      const centroids = buildings.map((f) => buildingCentroid(f.geometry))
      const b = { lon: centroids.map((c) => c[0]), lat: centroids.map((c) => c[1]) }
      const kioskPoints = of('kiosk') as Feature<Point>[]
      const k = { lon: kioskPoints.map((f) => f.geometry.coordinates[0]), lat: kioskPoints.map((f) => f.geometry.coordinates[1]) }
      const grids = of('grid') as Feature<Polygon>[]
      const index = grids.length ? createPolygonIndex(grids.map((g) => ({ ...g, id: g.properties!.id }))) : null
      const groups = index ? centroids.map((c) => Number(index.locate(c[0], c[1]) ?? -1)) : undefined

      const result = straightCoverage(b, k, { radius: input.radius, nearest: true })
      const reference = brute(b, k, input.radius)
      expect(Array.from(result.covered)).toEqual(reference.covered)
      expect(Array.from(result.nearest!)).toEqual(reference.nearest)
      buildings.forEach((f, i) => {
        const expected = f.properties!.expect?.covered
        if (expected !== undefined) expect(result.covered[i] === 1, `${f.properties!.id}: ${f.properties!.note}`).toBe(expected)
      })
      const tally = tallyCoverage(result.covered, buildings.map((f) => f.properties!.households), groups)
      expectGolden(OP, name, {
        type: 'FeatureCollection',
        radius: input.radius,
        summary: tally,
        features: buildings.map((f, i) => ({
          type: 'Feature',
          properties: { id: f.properties!.id, covered: result.covered[i] === 1, nearestKioskM: result.nearest![i], group: groups?.[i] },
          geometry: { type: 'Point', coordinates: centroids[i] },
        })),
      })
    })
  }
})

describe('straightCoverage inputs', () => {
  it('answers empty inputs', () => {
    expect(straightCoverage({ lon: [], lat: [] }, { lon: [], lat: [] }, { radius: 300 })).toMatchObject({ coveredCount: 0, covered: new Uint8Array(0) })
    const noKiosks = straightCoverage({ lon: [102.5], lat: [24.3] }, { lon: [], lat: [] }, { radius: 300, nearest: true })
    expect(noKiosks.coveredCount).toBe(0)
    expect(noKiosks.nearest![0]).toBe(Infinity)
    expect(tallyCoverage(new Uint8Array(0), [])).toEqual({ buildings: { total: 0, covered: 0 }, households: { total: 0, covered: 0 }, ratio: 0 })
  })

  it('throws naming a bad radius or point', () => {
    const p = { lon: [102.5], lat: [24.3] }
    expect(() => straightCoverage(p, p, { radius: -1 })).toThrow(/radius must be .* got -1/)
    expect(() => straightCoverage({ lon: [102.5], lat: [4e6] }, p, { radius: 1 })).toThrow(/buildings 0 is at \[102.5, 4000000\]/)
    expect(() => straightCoverage(p, { lon: [1, 2], lat: [1] }, { radius: 1 })).toThrow(/kiosks.lat has 1 values/)
    expect(() => straightCoverage({ lon: [179.9], lat: [0] }, { lon: [-179.9], lat: [0] }, { radius: 50_000 })).toThrow(/antimeridian/)
  })

  it('measures on the ellipsoid, not the sphere (the model of PostGIS geography)', () => {
    // 1° of latitude at the equator: 110,574.4 m on WGS84 (meridian arc), 111,195 m on the mean sphere.
    expect(geodesicMeters(0, 0, 0, 1)).toBeCloseTo(110_574.389, 2)
    expect(haversineLonLat(0, 0, 0, 1)).toBeCloseTo(111_195.08, 1)
    // A kiosk 110,580 m north is covered by the sphere's count but not on the ellipsoid.
    expect(straightCoverage({ lon: [0], lat: [0] }, { lon: [0], lat: [1] }, { radius: 110_580 }).coveredCount).toBe(1)
    expect(straightCoverage({ lon: [0], lat: [0] }, { lon: [0], lat: [1] }, { radius: 110_570 }).coveredCount).toBe(0)
  })
})

describe('straightCoverage properties', () => {
  const point = (lat0: number) => fc.tuple(fc.double({ min: -0.02, max: 0.02, noNaN: true }), fc.double({ min: -0.02, max: 0.02, noNaN: true })).map(([x, y]) => [102.5 + x, lat0 + y] as const)

  it('equals the brute force over every pair (covered and nearest distance)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -70, max: 70, noNaN: true }).chain((lat0) =>
          fc.record({ b: fc.array(point(lat0), { maxLength: 60 }), k: fc.array(point(lat0), { maxLength: 25 }), radius: fc.double({ min: 0, max: 3000, noNaN: true }) }),
        ),
        ({ b, k, radius }) => {
          const bc = { lon: b.map((p) => p[0]), lat: b.map((p) => p[1]) }
          const kc = { lon: k.map((p) => p[0]), lat: k.map((p) => p[1]) }
          const fast = straightCoverage(bc, kc, { radius, nearest: true })
          const ref = brute(bc, kc, radius)
          expect(Array.from(fast.covered)).toEqual(ref.covered)
          for (let i = 0; i < b.length; i++) {
            if (Number.isNaN(ref.nearest[i])) expect(fast.nearest![i]).toBeNaN()
            else expect(fast.nearest![i]).toBe(ref.nearest[i])
          }
        },
      ),
      { numRuns: 300 },
    )
  })

  it('covers a building whose kiosk is exactly at the radius, and not one a hair beyond', () => {
    fc.assert(
      fc.property(point(24.35), point(24.35), ([bx, by], [kx, ky]) => {
        const d = geodesicMeters(bx, by, kx, ky)
        expect(straightCoverage({ lon: [bx], lat: [by] }, { lon: [kx], lat: [ky] }, { radius: d }).coveredCount).toBe(1)
        if (d > 1e-3) expect(straightCoverage({ lon: [bx], lat: [by] }, { lon: [kx], lat: [ky] }, { radius: d * (1 - 1e-12) }).coveredCount).toBe(0)
      }),
      { numRuns: 300 },
    )
  })

  it('planarErrorBound bounds the plane against the geodesic (scales up to R/M from the mid-latitude)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -80, max: 80, noNaN: true }),
        fc.double({ min: 1, max: 5000, noNaN: true }),
        fc.double({ min: 0, max: 2 * Math.PI, noNaN: true }),
        fc.double({ min: -1, max: 1, noNaN: true }),
        (lat, radius, bearing, shift) => {
          const d = radius * (1 + 1e-4)
          const dLat = (d * Math.cos(bearing)) / (MIN_MERIDIONAL_RADIUS * (Math.PI / 180))
          const s0 = ellipsoidScales(lat)
          const dLon = (d * Math.sin(bearing)) / s0.kx
          const lat2 = lat + dLat
          const scaleLat = (lat + lat2) / 2 + (shift * radius) / (MIN_MERIDIONAL_RADIUS * (Math.PI / 180))
          const s = ellipsoidScales(scaleLat)
          const planar = Math.hypot(dLon * s.kx, dLat * s.ky)
          const geo = geodesicMeters(10, lat, 10 + dLon, lat2)
          const bound = planarErrorBound(radius, Math.max(Math.abs(lat), Math.abs(lat2), Math.abs(scaleLat)))
          expect(Math.abs(planar - geo) / geo).toBeLessThanOrEqual(bound)
        },
      ),
      { numRuns: 2000 },
    )
  })

  it('agrees with the old spherical kioskCoverage to within the model difference', () => {
    const lon = Array.from({ length: 400 }, (_, i) => 102.5 + ((i * 7919) % 400) / 20000)
    const lat = Array.from({ length: 400 }, (_, i) => 24.3 + ((i * 104729) % 400) / 20000)
    const k = { lon: [102.505, 102.51], lat: [24.305, 24.31] }
    const e = straightCoverage({ lon, lat }, k, { radius: 300 }).coveredCount
    const s = lon.filter((_, i) => Math.min(haversineLonLat(lon[i], lat[i], 102.505, 24.305), haversineLonLat(lon[i], lat[i], 102.51, 24.31)) <= 300).length
    expect(Math.abs(e - s)).toBeLessThanOrEqual(Math.ceil(0.01 * s))
  })
})
