import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import type { Feature, FeatureCollection, LineString, MultiPolygon, Point, Polygon } from 'geojson'
import { buildingCentroid, geodesicMeters, straightCoverage, tallyCoverage } from '../../geo/index.ts'
import { buildWalkingNetwork, snapToNetwork, walkingCoverage, walkingCoveragePerKiosk, type NetworkSnap, type WalkingNetwork } from '../../geo/walking-coverage.ts'
import { expectGolden, fixtureNames, readFixture } from '../fixtures/golden.ts'

const OP = 'walking-coverage'

/**
 * An independent reference: all-pairs shortest paths between network nodes (Floyd–Warshall),
 * then every building against every kiosk through the four end combinations or along a shared segment.
 */
function reference(net: WalkingNetwork, b: NetworkSnap, k: NetworkSnap, radius: number): number[] {
  const n = net.nodeCount
  const d = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 0 : Infinity)))
  for (let s = 0; s < net.segmentCount; s++) {
    const [a, c] = [net.segA[s], net.segB[s]]
    d[a][c] = Math.min(d[a][c], net.segLen[s])
    d[c][a] = d[a][c]
  }
  for (let m = 0; m < n; m++) for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (d[i][m] + d[m][j] < d[i][j]) d[i][j] = d[i][m] + d[m][j]
  return Array.from(b.seg, (sb, i) => {
    if (sb < 0) return Infinity
    let best = Infinity
    for (let j = 0; j < k.seg.length; j++) {
      const sk = k.seg[j]
      if (sk < 0) continue
      const ends = (s: number, t: number) => [[net.segA[s], t * net.segLen[s]], [net.segB[s], (1 - t) * net.segLen[s]]] as const
      for (const [u, du] of ends(sb, b.t[i])) for (const [v, dv] of ends(sk, k.t[j])) best = Math.min(best, du + d[u][v] + dv + b.leg[i] + k.leg[j])
      if (sb === sk) best = Math.min(best, Math.abs(b.t[i] - k.t[j]) * net.segLen[sb] + b.leg[i] + k.leg[j])
    }
    return best <= radius ? best : Infinity
  })
}

/** Same distances up to summation order (1e-9 relative); Infinity only where Infinity. */
function expectSameDistances(actual: ArrayLike<number>, expected: ArrayLike<number>): void {
  expect(actual.length).toBe(expected.length)
  for (let i = 0; i < actual.length; i++) {
    if (expected[i] === Infinity) expect(actual[i], `building ${i}`).toBe(Infinity)
    else expect(Math.abs(actual[i] - expected[i]), `building ${i}: ${actual[i]} vs ${expected[i]}`).toBeLessThanOrEqual(1e-9 * expected[i] + 1e-9)
  }
}

function fromFixture(input: FeatureCollection) {
  const of = (kind: string) => input.features.filter((f) => f.properties!.kind === kind)
  const buildings = of('building') as Feature<Polygon | MultiPolygon>[]
  const centroids = buildings.map((f) => buildingCentroid(f.geometry))
  const kiosks = (of('kiosk') as Feature<Point>[]).map((f) => f.geometry.coordinates)
  const net = buildWalkingNetwork((of('road') as Feature<LineString>[]).map((f) => f.geometry))
  const b = { lon: centroids.map((c) => c[0]), lat: centroids.map((c) => c[1]) }
  const k = { lon: kiosks.map((c) => c[0]), lat: kiosks.map((c) => c[1]) }
  return { buildings, centroids, net, b, k, bs: snapToNetwork(net, b), ks: snapToNetwork(net, k) }
}

describe('walkingCoverage fixtures', () => {
  for (const name of fixtureNames(OP)) {
    it(name, () => {
      const input = readFixture<FeatureCollection & { radius: number }>(OP, name)
      const { buildings, centroids, net, b, k, bs, ks } = fromFixture(input)
      const result = walkingCoverage(net, bs, ks, { radius: input.radius })
      expectSameDistances(result.distance, reference(net, bs, ks, input.radius))
      expect(walkingCoveragePerKiosk(net, bs, ks, { radius: input.radius })).toEqual({ ...result, settled: expect.any(Number) })
      buildings.forEach((f, i) => {
        const expected = f.properties!.expect?.covered
        if (expected !== undefined) expect(result.covered[i] === 1, `${f.properties!.id}: ${f.properties!.note}`).toBe(expected)
      })
      const straight = straightCoverage(b, k, { radius: input.radius })
      for (let i = 0; i < buildings.length; i++) if (result.covered[i]) expect(straight.covered[i], `building ${i} walks ≤ R but is > R straight`).toBe(1)
      expectGolden(OP, name, {
        type: 'FeatureCollection',
        radius: input.radius,
        network: { nodes: net.nodeCount, segments: net.segmentCount, components: net.componentCount },
        summary: { walking: tallyCoverage(result.covered, buildings.map((f) => f.properties!.households)), straight: straight.coveredCount, offNetwork: result.offNetwork },
        features: buildings.map((f, i) => ({
          type: 'Feature',
          properties: { id: f.properties!.id, covered: result.covered[i] === 1, walkM: result.distance[i], component: bs.seg[i] >= 0 ? net.component[net.segA[bs.seg[i]]] : null },
          geometry: { type: 'Point', coordinates: centroids[i] },
        })),
      })
    })
  }
})

describe('walkingCoverage inputs', () => {
  it('answers an empty network, no kiosks and no buildings', () => {
    const empty = buildWalkingNetwork([])
    const p = { lon: [102.5], lat: [24.3] }
    const s = snapToNetwork(empty, p)
    expect(s.seg[0]).toBe(-1)
    expect(walkingCoverage(empty, s, s, { radius: 300 })).toMatchObject({ coveredCount: 0, offNetwork: 1 })
    const net = buildWalkingNetwork([[[102.5, 24.3], [102.501, 24.3]]])
    const none = snapToNetwork(net, { lon: [], lat: [] })
    expect(walkingCoverage(net, snapToNetwork(net, p), none, { radius: 300 }).coveredCount).toBe(0)
    expect(walkingCoverage(net, none, snapToNetwork(net, p), { radius: 300 }).covered).toHaveLength(0)
  })

  it('throws naming a bad radius or vertex', () => {
    const net = buildWalkingNetwork([[[102.5, 24.3], [102.501, 24.3]]])
    const s = snapToNetwork(net, { lon: [102.5], lat: [24.3] })
    expect(() => walkingCoverage(net, s, s, { radius: NaN })).toThrow(/radius must be .* got NaN/)
    expect(() => buildWalkingNetwork([[[102.5, 24.3], [500000, 24.3]]])).toThrow(/vertex \[500000, 24.3\]/)
    expect(() => snapToNetwork(net, { lon: [1], lat: [] })).toThrow(/lat has 0 values/)
  })
})

describe('walkingCoverage properties', () => {
  // A random street grid (some edges dropped, so it may fall apart), buildings and kiosks around it.
  const scene = fc.record({
    nx: fc.integer({ min: 1, max: 5 }),
    ny: fc.integer({ min: 1, max: 5 }),
    drop: fc.array(fc.boolean(), { minLength: 60, maxLength: 60 }),
    pts: fc.array(fc.tuple(fc.double({ min: -0.0005, max: 0.0055, noNaN: true }), fc.double({ min: -0.0005, max: 0.0055, noNaN: true })), { maxLength: 30 }),
    nk: fc.integer({ min: 0, max: 6 }),
    radius: fc.double({ min: 0, max: 900, noNaN: true }),
  })
  type Scene = { nx: number; ny: number; drop: boolean[]; pts: [number, number][]; nk: number }
  const build = ({ nx, ny, drop, pts, nk }: Scene) => {
    const lines: number[][][] = []
    const at = (i: number, j: number) => [102.5 + i * 0.001, 24.3 + j * 0.001]
    let e = 0
    for (let i = 0; i <= nx; i++) for (let j = 0; j <= ny; j++) {
      if (i < nx && !drop[e++ % 60]) lines.push([at(i, j), at(i + 1, j)])
      if (j < ny && !drop[e++ % 60]) lines.push([at(i, j), at(i, j + 1)])
    }
    const net = buildWalkingNetwork(lines)
    const k = { lon: pts.slice(0, nk).map((p: number[]) => 102.5 + p[0]), lat: pts.slice(0, nk).map((p: number[]) => 24.3 + p[1]) }
    const b = { lon: pts.slice(nk).map((p: number[]) => 102.5 + p[0]), lat: pts.slice(nk).map((p: number[]) => 24.3 + p[1]) }
    return { net, b, k, bs: snapToNetwork(net, b, 120), ks: snapToNetwork(net, k, 120) }
  }

  it('one multi-source search == one search per kiosk (bounded or not) == all-pairs reference', () => {
    fc.assert(
      fc.property(scene, (sc) => {
        const { net, bs, ks } = build(sc)
        const fast = walkingCoverage(net, bs, ks, { radius: sc.radius })
        expectSameDistances(fast.distance, reference(net, bs, ks, sc.radius))
        expect(walkingCoveragePerKiosk(net, bs, ks, { radius: sc.radius }).distance).toEqual(fast.distance)
        expect(walkingCoveragePerKiosk(net, bs, ks, { radius: sc.radius, bounded: false }).distance).toEqual(fast.distance)
      }),
      { numRuns: 150 },
    )
  })

  it('walking is never shorter than the straight line (so walking-covered ⊆ straight-covered)', () => {
    fc.assert(
      fc.property(scene, (sc) => {
        const { net, b, k, bs, ks } = build(sc)
        const walk = walkingCoverage(net, bs, ks, { radius: sc.radius })
        for (let i = 0; i < b.lon.length; i++) {
          if (!walk.covered[i]) continue
          let straight = Infinity
          for (let j = 0; j < k.lon.length; j++) straight = Math.min(straight, geodesicMeters(b.lon[i], b.lat[i], k.lon[j], k.lat[j]))
          expect(walk.distance[i]).toBeGreaterThanOrEqual(straight * (1 - 1e-6) - 1e-5) // Vincenty: a few µm
        }
      }),
      { numRuns: 150 },
    )
  })

  it('nodes on a component without kiosks are never reached', () => {
    const net = buildWalkingNetwork([[[102.5, 24.3], [102.501, 24.3]], [[102.502, 24.3], [102.503, 24.3]]])
    expect(net.componentCount).toBe(2)
    const ks = snapToNetwork(net, { lon: [102.5], lat: [24.3] })
    const bs = snapToNetwork(net, { lon: [102.5025], lat: [24.3] })
    expect(walkingCoverage(net, bs, ks, { radius: 10_000 }).coveredCount).toBe(0)
  })
})
