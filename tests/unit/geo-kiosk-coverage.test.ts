import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import type { Feature, FeatureCollection, Point } from 'geojson'
import { destinationPoint, haversineMeters, kioskCoverage, type Building, type Kiosk } from '../../geo/index.ts'
import { expectGolden, fixtureNames, readFixture } from '../fixtures/golden.ts'

const OP = 'kiosk-coverage'

describe('kioskCoverage fixtures', () => {
  for (const name of fixtureNames(OP)) {
    it(name, () => {
      const input = readFixture<FeatureCollection<Point> & { radius: number; expectSummary: any }>(OP, name)
      const of = (kind: string) => input.features.filter((f) => f.properties!.kind === kind)
      const buildingFeatures = of('building')
      const buildings: Building[] = buildingFeatures.map((f) => {
        const [lon, lat] = f.geometry.coordinates
        const { id, households, groupId } = f.properties!
        return { id, lon, lat, households, groupId }
      })
      const kiosks: Kiosk[] = of('kiosk').map((f) => ({ lon: f.geometry.coordinates[0], lat: f.geometry.coordinates[1] }))
      const result = kioskCoverage(buildings, kiosks, { radius: input.radius })

      const { byGroup: expectedGroups, ...expected } = input.expectSummary
      expect({ buildings: result.buildings, households: result.households }).toEqual(expected)
      expect(result.ratio).toBe(expected.households.total ? expected.households.covered / expected.households.total : 0)
      if (expectedGroups) expect(Object.fromEntries(result.byGroup!)).toEqual(expectedGroups)
      buildingFeatures.forEach((f, i) => expect(Boolean(result.coveredFlags[i]), f.properties!.note).toBe(f.properties!.expect.covered))

      const annotated: Feature<Point>[] = buildingFeatures.map((f, i) => ({
        ...f,
        properties: { id: f.properties!.id, covered: result.coveredFlags[i] === 1, nearestKioskDistance: result.nearestKioskDistance[i] },
      }))
      const { coveredFlags, nearestKioskDistance, ...summary } = result
      expectGolden(OP, name, { type: 'FeatureCollection', summary, features: annotated })
    })
  }
})

describe('kioskCoverage inputs', () => {
  it('handles no buildings and no kiosks', () => {
    const result = kioskCoverage([], [], { radius: 100 })
    expect(result).toMatchObject({ buildings: { total: 0, covered: 0 }, households: { total: 0, covered: 0 }, ratio: 0 })
    expect(result.coveredFlags).toHaveLength(0)
    expect(result.byGroup).toBeUndefined()
  })

  it('throws naming a bad radius, building or kiosk', () => {
    const building = { id: 7, lon: 116.3, lat: 39.98, households: 10 }
    expect(() => kioskCoverage([building], [], { radius: -1 })).toThrow(/radius .* got -1/)
    expect(() => kioskCoverage([building], [], { radius: NaN })).toThrow(/got NaN/)
    expect(() => kioskCoverage([{ ...building, households: -3 }], [], { radius: 1 })).toThrow(/building 0 \(id 7\) has households -3/)
    expect(() => kioskCoverage([{ ...building, lat: 4442967 }], [], { radius: 1 })).toThrow(/\[116.3, 4442967\]/)
    expect(() => kioskCoverage([building], [{ lon: 116.3, lat: NaN }], { radius: 1 })).toThrow(/kiosk 0 is at \[116.3, NaN\]/)
    expect(() => kioskCoverage({ lon: [1, 2], lat: [1], households: [1, 1] }, [], { radius: 1 })).toThrow(/buildings.lat has 1 values/)
  })

  it('refuses data across the antimeridian instead of answering wrongly', () => {
    expect(() => kioskCoverage([{ id: 1, lon: 179.9, lat: 0, households: 1 }], [{ lon: -179.9, lat: 0 }], { radius: 50_000 })).toThrow(/antimeridian/)
  })
})

describe('kioskCoverage equals the O(n·m) haversine brute force', () => {
  // Buildings and kiosks in a ~2 km square at 24° N (Yuxi), plus buildings placed exactly
  // R ± 1e-6 m from a kiosk so the boundary is exercised every run.
  const spot = fc.tuple(fc.double({ min: 102.54, max: 102.56, noNaN: true }), fc.double({ min: 24.34, max: 24.36, noNaN: true }))
  const scenario = fc.record({
    radius: fc.oneof(fc.constant(0), fc.double({ min: 1, max: 400, noNaN: true })),
    kiosks: fc.array(spot, { maxLength: 25 }),
    free: fc.array(fc.tuple(spot, fc.nat({ max: 200 }), fc.nat({ max: 3 })), { maxLength: 60 }),
    edge: fc.array(fc.tuple(fc.nat(), fc.double({ min: 0, max: 360, noNaN: true }), fc.constantFrom(-1e-6, 0, 1e-6)), { maxLength: 20 }),
  })

  const bruteForce = (buildings: Building[], kiosks: Kiosk[], radius: number) => {
    const nearest = buildings.map((b) => Math.min(Infinity, ...kiosks.map((k) => haversineMeters([b.lon, b.lat], [k.lon, k.lat]))))
    return { nearest, covered: nearest.map((d) => (d <= radius ? 1 : 0)) }
  }

  it('same flags and the same nearest distances, bit for bit', () => {
    fc.assert(fc.property(scenario, ({ radius, kiosks: ks, free, edge }) => {
      const kiosks = ks.map(([lon, lat]) => ({ lon, lat }))
      const buildings: Building[] = free.map(([[lon, lat], households, groupId], i) => ({ id: i, lon, lat, households, groupId }))
      if (kiosks.length > 0) {
        for (const [k, bearing, delta] of edge) {
          const kiosk = kiosks[k % kiosks.length]
          const [lon, lat] = destinationPoint([kiosk.lon, kiosk.lat], bearing, radius + delta)
          buildings.push({ id: buildings.length, lon, lat, households: 1, groupId: 0 })
        }
      }
      const result = kioskCoverage(buildings, kiosks, { radius })
      const brute = bruteForce(buildings, kiosks, radius)
      expect(Array.from(result.nearestKioskDistance)).toEqual(brute.nearest)
      expect(Array.from(result.coveredFlags)).toEqual(brute.covered)
      const households = buildings.reduce((s, b) => s + b.households, 0)
      const coveredHouseholds = buildings.reduce((s, b, i) => s + (brute.covered[i] ? b.households : 0), 0)
      expect(result.households).toEqual({ total: households, covered: coveredHouseholds })
      expect(result.ratio).toBe(households > 0 ? coveredHouseholds / households : 0)
      const groupTotals = [...(result.byGroup?.values() ?? [])].reduce((s, g) => s + g.buildings.covered, 0)
      expect(groupTotals).toBe(result.buildings.covered)
    }), { numRuns: 200 })
  })

  it('finds a kiosk just inside the radius due east or west, where the candidate box is tightest', () => {
    // K1 is the nearest, near the box's east or west edge; K2, a hair farther, is due north, well
    // inside the box. A box cut short on the x axis would answer K2's distance.
    const side = fc.oneof(fc.double({ min: 80, max: 100, noNaN: true }), fc.double({ min: 260, max: 280, noNaN: true }))
    fc.assert(fc.property(spot, fc.double({ min: 1, max: 2000, noNaN: true }), side, ([lon, lat], radius, bearing) => {
      const k1 = destinationPoint([lon, lat], bearing, radius - 2e-6)
      const k2 = destinationPoint([lon, lat], 0, radius - 1e-6)
      const result = kioskCoverage([{ id: 1, lon, lat, households: 1 }], [k2, k1].map(([x, y]) => ({ lon: x, lat: y })), { radius })
      expect(result.coveredFlags[0]).toBe(1)
      expect(result.nearestKioskDistance[0]).toBe(haversineMeters([lon, lat], k1))
    }))
  })

  it('the typed-array form gives the same answer as the object form', () => {
    fc.assert(fc.property(scenario, ({ radius, kiosks: ks, free }) => {
      const buildings: Building[] = free.map(([[lon, lat], households, groupId], i) => ({ id: i, lon, lat, households, groupId }))
      const kiosks = ks.map(([lon, lat]) => ({ lon, lat }))
      const fromObjects = kioskCoverage(buildings, kiosks, { radius })
      const fromColumns = kioskCoverage(
        {
          lon: Float64Array.from(buildings, (b) => b.lon),
          lat: Float64Array.from(buildings, (b) => b.lat),
          households: Uint32Array.from(buildings, (b) => b.households),
          // the object form has groups only when some building names one
          groupId: buildings.length > 0 ? Int32Array.from(buildings, (b) => b.groupId!) : undefined,
        },
        { lon: Float64Array.from(kiosks, (k) => k.lon), lat: Float64Array.from(kiosks, (k) => k.lat) },
        { radius },
      )
      expect(fromColumns).toEqual(fromObjects)
    }), { numRuns: 50 })
  })
})
