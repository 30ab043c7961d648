import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { area as turfArea, distance as turfDistance, polygon as turfPolygon } from '@turf/turf'
import type { Position } from 'geojson'
import {
  EARTH_RADIUS_M, degreeRadius, destinationPoint, geometryArea, haversineMeters, localFrame, planarRingArea, ringArea,
} from '../../geo/index.ts'

const RAD = Math.PI / 180
const lonLat = fc.tuple(fc.double({ min: 73, max: 135, noNaN: true }), fc.double({ min: 18, max: 54, noNaN: true }))

describe('haversineMeters', () => {
  it('gives R·Δφ along a meridian (one degree ≈ 111.195 km)', () => {
    expect(haversineMeters([116.3, 39], [116.3, 40])).toBeCloseTo(EARTH_RADIUS_M * RAD, 6)
    expect(haversineMeters([116.3, 39], [116.3, 40])).toBeCloseTo(111_195.08, 1)
  })

  it('agrees with Turf distance (same sphere) to a micrometre', () => {
    fc.assert(fc.property(lonLat, lonLat, (a, b) => {
      expect(Math.abs(haversineMeters(a, b) - turfDistance(a, b, { units: 'meters' }))).toBeLessThan(1e-6)
    }))
  })

  it('is symmetric and zero only for the same point', () => {
    fc.assert(fc.property(lonLat, lonLat, (a, b) => {
      expect(haversineMeters(a, b)).toBe(haversineMeters(b, a))
      expect(haversineMeters(a, a)).toBe(0)
    }))
  })
})

describe('destinationPoint', () => {
  it('lands at the requested distance', () => {
    fc.assert(fc.property(lonLat, fc.double({ min: 0, max: 360, noNaN: true }), fc.double({ min: 0, max: 50_000, noNaN: true }), (o, bearing, d) => {
      expect(Math.abs(haversineMeters(o, destinationPoint(o, bearing, d)) - d)).toBeLessThan(1e-6)
    }))
  })
})

describe('degreeRadius', () => {
  it('holds every point within the distance, and is tight (a point near each edge is at the distance)', () => {
    fc.assert(fc.property(lonLat, fc.double({ min: 1, max: 20_000, noNaN: true }), fc.double({ min: 0, max: 360, noNaN: true }), (o, d, bearing) => {
      const { dLon, dLat } = degreeRadius(o[1], d)
      const p = destinationPoint(o, bearing, d)
      // 1e-12° (0.1 µm) absorbs the rounding of p − o; kioskCoverage's box margin is 1e-6 m
      expect(Math.abs(p[0] - o[0])).toBeLessThanOrEqual(dLon + 1e-12)
      expect(Math.abs(p[1] - o[1])).toBeLessThanOrEqual(dLat + 1e-12)
      expect(Math.abs(destinationPoint(o, 0, d)[1] - o[1]) / dLat).toBeCloseTo(1, 6)
    }))
  })

  it('opens to every longitude when the cap reaches a pole', () => {
    expect(degreeRadius(89.99, 5_000).dLon).toBe(180)
  })
})

describe('localFrame', () => {
  it('round-trips toXY and toLonLat', () => {
    const frame = localFrame(102.5, 24.35)
    fc.assert(fc.property(lonLat, (p) => {
      const back = frame.toLonLat(frame.toXY(p))
      expect(back[0]).toBeCloseTo(p[0], 9)
      expect(back[1]).toBeCloseTo(p[1], 9)
    }))
  })

  it('throws with the bad origin', () => {
    expect(() => localFrame(116, 90)).toThrow(/\[116, 90\]/)
    expect(() => localFrame(NaN, 40)).toThrow(/NaN/)
  })

  it('stays within 0.11 % of haversine over a 30 km square at 24° N (measured max ≈ 0.105 %)', () => {
    // A deterministic 31 × 31 lattice over ±15 km around 红塔区's latitude; every pair ≥ 1 km apart.
    const frame = localFrame(102.5, 24)
    const pts: Position[] = []
    for (let i = -15; i <= 15; i++) for (let j = -15; j <= 15; j++) pts.push(frame.toLonLat([i * 1000, j * 1000]))
    let worst = 0
    for (let a = 0; a < pts.length; a += 7) {
      for (let b = 0; b < pts.length; b++) {
        const d = haversineMeters(pts[a], pts[b])
        if (d < 1000) continue
        const [ax, ay] = frame.toXY(pts[a])
        const [bx, by] = frame.toXY(pts[b])
        worst = Math.max(worst, Math.abs(Math.hypot(bx - ax, by - ay) / d - 1))
      }
    }
    expect(worst).toBeLessThan(0.0011)
    expect(worst).toBeGreaterThan(0.0009) // the bound is stated, not just an upper limit
  })
})

describe('ringArea and geometryArea', () => {
  it('equals the exact spherical area of a lon/lat rectangle, R²·Δλ·(sin φ2 − sin φ1)', () => {
    const [l1, p1, l2, p2] = [116.3, 39.98, 116.32, 40.01]
    const exact = EARTH_RADIUS_M ** 2 * (l2 - l1) * RAD * (Math.sin(p2 * RAD) - Math.sin(p1 * RAD))
    const ccw: Position[] = [[l1, p1], [l2, p1], [l2, p2], [l1, p2], [l1, p1]]
    expect(ringArea(ccw)).toBeCloseTo(exact, 3)
    expect(ringArea([...ccw].reverse())).toBeCloseTo(-exact, 3)
  })

  it("matches Turf 7's area(), which uses the same sphere and formula", () => {
    const ring: Position[] = [[116.3, 39.98], [116.35, 39.99], [116.33, 40.03], [116.29, 40.01], [116.3, 39.98]]
    expect(Math.abs(ringArea(ring)) / turfArea(turfPolygon([ring]))).toBeCloseTo(1, 9)
  })

  it('subtracts holes whatever their winding and adds MultiPolygon parts', () => {
    const outer: Position[] = [[116.3, 39.98], [116.32, 39.98], [116.32, 40], [116.3, 40], [116.3, 39.98]]
    const hole: Position[] = [[116.305, 39.985], [116.31, 39.985], [116.31, 39.99], [116.305, 39.99], [116.305, 39.985]]
    const expected = ringArea(outer) - ringArea(hole)
    expect(geometryArea({ type: 'Polygon', coordinates: [outer, hole] })).toBeCloseTo(expected, 6)
    expect(geometryArea({ type: 'Polygon', coordinates: [[...outer].reverse(), hole] })).toBeCloseTo(expected, 6)
    expect(geometryArea({ type: 'MultiPolygon', coordinates: [[outer, hole], [hole]] })).toBeCloseTo(expected + ringArea(hole), 6)
  })

  it('planarRingArea agrees in sign with ringArea and in size within 0.1 % for a building-sized ring', () => {
    const ring: Position[] = [[116.35, 40.0], [116.3502, 40.0], [116.3502, 40.0001], [116.35, 40.0001], [116.35, 40.0]]
    expect(planarRingArea(ring) / ringArea(ring)).toBeCloseTo(1, 3)
    expect(Math.sign(planarRingArea([...ring].reverse()))).toBe(-1)
  })
})
