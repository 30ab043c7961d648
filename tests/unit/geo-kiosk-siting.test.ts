import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import type { Feature, FeatureCollection, Point } from 'geojson'
import { candidateSites, exactMaxCoverage, haversineLonLat, kioskCoverage, kioskSiting, type Building, type Kiosk } from '../../geo/index.ts'
import { expectGolden, fixtureNames, readFixture } from '../fixtures/golden.ts'

const OP = 'kiosk-siting'

type SitingFixture = FeatureCollection<Point> & { radius: number; k: number; expectSites?: number[]; expectExact?: number }

describe('kioskSiting fixtures', () => {
  for (const name of fixtureNames(OP)) {
    it(name, () => {
      const input = readFixture<SitingFixture>(OP, name)
      const of = (kind: string) => input.features.filter((f) => f.properties!.kind === kind)
      const lonLat = (f: Feature<Point>) => ({ lon: f.geometry.coordinates[0], lat: f.geometry.coordinates[1] })
      const buildings: Building[] = of('building').map((f) => ({ id: f.properties!.id, households: f.properties!.households, ...lonLat(f) }))
      const result = kioskSiting(buildings, of('kiosk').map(lonLat), of('candidate').map(lonLat), { radius: input.radius, k: input.k })
      const exact = exactMaxCoverage(result.instance, input.k)

      if (input.expectSites) expect(result.sites.map((s) => s.candidate)).toEqual(input.expectSites)
      if (input.expectExact !== undefined) expect(exact.value).toBe(input.expectExact)
      expect(exact.optimal).toBe(true)
      expect(result.bounds.greedy).toBeLessThanOrEqual(exact.value)
      expect(exact.value).toBeLessThanOrEqual(result.bounds.online)

      const { instance, uncoveredIndex, sites, ...summary } = result
      expectGolden(OP, name, {
        type: 'FeatureCollection',
        summary: { ...summary, exact: { value: exact.value, picks: exact.picks } },
        features: sites.map(({ lon, lat, ...properties }) => ({ type: 'Feature', properties, geometry: { type: 'Point', coordinates: [lon, lat] } })),
      })
    })
  }
})

describe('kioskSiting inputs', () => {
  it('handles no buildings, no candidates and k = 0', () => {
    expect(kioskSiting([], [], [], { radius: 300, k: 5 }).sites).toEqual([])
    const b = [{ id: 1, lon: 102.5, lat: 24.3, households: 5 }]
    expect(kioskSiting(b, [], [], { radius: 300, k: 5 }).sites).toEqual([])
    const none = kioskSiting(b, [], [{ lon: 102.5, lat: 24.3 }], { radius: 300, k: 0 })
    expect(none.sites).toEqual([])
    expect(none.bounds).toEqual({ greedy: 0, classic: 0, online: 0 })
  })

  it('throws naming a bad k, radius or candidate', () => {
    const b = [{ id: 1, lon: 102.5, lat: 24.3, households: 5 }]
    expect(() => kioskSiting(b, [], [], { radius: 300, k: -1 })).toThrow(/k must be an integer ≥ 0, got -1/)
    expect(() => kioskSiting(b, [], [], { radius: 300, k: 1.5 })).toThrow(/got 1.5/)
    expect(() => kioskSiting(b, [], [], { radius: -5, k: 1 })).toThrow(/radius/)
    expect(() => kioskSiting(b, [], [{ lon: 500, lat: 24 }], { radius: 300, k: 1 })).toThrow(/kiosk 0 is at \[500, 24\]/)
  })
})

describe('kioskSiting agrees with kioskCoverage and brute force', () => {
  const spot = fc.tuple(fc.double({ min: 102.54, max: 102.56, noNaN: true }), fc.double({ min: 24.34, max: 24.36, noNaN: true }))
  const scenario = fc.record({
    radius: fc.double({ min: 50, max: 500, noNaN: true }),
    k: fc.nat({ max: 6 }),
    existing: fc.array(spot, { maxLength: 5 }),
    candidates: fc.array(spot, { maxLength: 15 }),
    buildings: fc.array(fc.tuple(spot, fc.nat({ max: 80 })), { maxLength: 60 }),
  })
  const toKiosk = ([lon, lat]: [number, number]): Kiosk => ({ lon, lat })

  it('cumulative coverage equals kioskCoverage with the chosen sites added; gains never grow; lazy = plain', () => {
    fc.assert(fc.property(scenario, ({ radius, k, existing, candidates, buildings: bs }) => {
      const buildings: Building[] = bs.map(([[lon, lat], households], id) => ({ id, lon, lat, households }))
      const result = kioskSiting(buildings, existing.map(toKiosk), candidates.map(toKiosk), { radius, k })
      const plain = kioskSiting(buildings, existing.map(toKiosk), candidates.map(toKiosk), { radius, k, lazy: false })
      expect(plain.sites).toEqual(result.sites)
      expect(result.evaluations).toBeLessThanOrEqual(plain.evaluations)
      const chosen: Kiosk[] = existing.map(toKiosk)
      for (const site of result.sites) {
        chosen.push({ lon: site.lon, lat: site.lat })
        expect(kioskCoverage(buildings, chosen, { radius }).households.covered).toBe(site.cumulativeHouseholds)
      }
      result.sites.forEach((s, i) => {
        expect(s.gainHouseholds).toBeGreaterThan(0)
        if (i > 0) expect(s.gainHouseholds).toBeLessThanOrEqual(result.sites[i - 1].gainHouseholds)
      })
      // Each candidate's set is exactly the uncovered buildings within the radius (brute force).
      const covered = kioskCoverage(buildings, existing.map(toKiosk), { radius }).coveredFlags
      candidates.forEach(([lon, lat], c) => {
        const brute = buildings.filter((b, i) => !covered[i] && b.households > 0 && haversineLonLat(b.lon, b.lat, lon, lat) <= radius).map((b) => b.id)
        const set = Array.from(result.instance.items.subarray(result.instance.offsets[c], result.instance.offsets[c + 1]), (e) => result.uncoveredIndex[e])
        expect(set).toEqual(brute)
      })
      const exact = exactMaxCoverage(result.instance, k)
      expect(result.bounds.greedy).toBeLessThanOrEqual(exact.value)
      expect(exact.value).toBeLessThanOrEqual(result.bounds.online + 1e-9)
      expect(exact.value).toBeLessThanOrEqual(result.bounds.classic + 1e-9)
    }), { numRuns: 150 })
  })
})

describe('candidateSites', () => {
  const road = [[102.54, 24.35], [102.545, 24.35], [102.545, 24.353]] as [number, number][]

  it('puts road candidates every spacing metres, the line ends included', () => {
    const sites = candidateSites({ roads: [road] }, { kind: 'road', spacing: 100 })
    const length = haversineLonLat(102.54, 24.35, 102.545, 24.35) + haversineLonLat(102.545, 24.35, 102.545, 24.353)
    expect(sites.lon.length).toBe(Math.floor(length / 100) + 1 + (length % 100 > 50 ? 1 : 0))
    expect([sites.lon[0], sites.lat[0]]).toEqual(road[0])
    for (let i = 1; i < sites.lon.length; i++) {
      expect(haversineLonLat(sites.lon[i - 1], sites.lat[i - 1], sites.lon[i], sites.lat[i])).toBeLessThanOrEqual(100 + 1e-6)
    }
  })

  it('keeps candidates at least spacing / 2 apart, whichever kind', () => {
    const cloud = fc.array(fc.tuple(fc.double({ min: 102.54, max: 102.545, noNaN: true }), fc.double({ min: 24.34, max: 24.345, noNaN: true }), fc.nat({ max: 3 })), { maxLength: 80 })
    fc.assert(fc.property(cloud, fc.double({ min: 10, max: 200, noNaN: true }), (pts, spacing) => {
      const buildings = { lon: pts.map((p) => p[0]), lat: pts.map((p) => p[1]), households: pts.map((p) => p[2]) }
      for (const sites of [candidateSites({ buildings }, { kind: 'building', spacing }), candidateSites({ roads: [pts.map((p) => [p[0], p[1]])] }, { kind: 'road', spacing })]) {
        let closest = Infinity
        for (let i = 0; i < sites.lon.length; i++) for (let j = 0; j < i; j++) {
          closest = Math.min(closest, haversineLonLat(sites.lon[i], sites.lat[i], sites.lon[j], sites.lat[j]))
        }
        expect(closest).toBeGreaterThanOrEqual(spacing / 2)
      }
      // Every building with households has a candidate within spacing / 2.
      const sites = candidateSites({ buildings }, { kind: 'building', spacing })
      pts.filter((p) => p[2] > 0).forEach(([lon, lat]) => {
        let best = Infinity
        for (let i = 0; i < sites.lon.length; i++) best = Math.min(best, haversineLonLat(lon, lat, sites.lon[i], sites.lat[i]))
        expect(best).toBeLessThan(spacing / 2)
      })
    }), { numRuns: 30 })
  }, 30_000)

  it('throws naming a bad kind or spacing', () => {
    expect(() => candidateSites({}, { kind: 'roof' as 'road', spacing: 10 })).toThrow(/kind must be 'road' or 'building', got roof/)
    expect(() => candidateSites({}, { kind: 'road', spacing: 0 })).toThrow(/spacing .* got 0/)
  })
})
