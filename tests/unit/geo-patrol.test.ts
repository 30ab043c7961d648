import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import type { Feature, FeatureCollection, LineString, Point, Polygon } from 'geojson'
import {
  appendFixes,
  bitIndices,
  buildPatrolNetwork,
  cleanFixes,
  createPatrolState,
  destinationPoint,
  isoWeek,
  isoWeekRange,
  patrolCompliance,
  type GpsFixes,
  type PatrolNetwork,
  type PatrolState,
} from '../../geo/index.ts'
import { expectGolden, fixtureNames, readFixture } from '../fixtures/golden.ts'

const columns = (features: Feature<Point>[]): GpsFixes => ({
  lon: features.map((f) => f.geometry.coordinates[0]),
  lat: features.map((f) => f.geometry.coordinates[1]),
  t: features.map((f) => f.properties!.t),
  accuracy: features.map((f) => f.properties!.accuracy ?? NaN),
})

describe('cleanFixes fixtures', () => {
  for (const name of fixtureNames('gps-clean')) {
    it(name, () => {
      const input = readFixture<FeatureCollection<Point> & { options: object }>('gps-clean', name)
      const out = cleanFixes(columns(input.features), undefined, input.options)
      const expectedKept = input.features.filter((f) => f.properties!.expect === 'kept').map((f) => f.properties!.t)
      expect(Array.from(out.t)).toEqual(expectedKept)
      const counts: Record<string, number> = {}
      for (const f of input.features) if (f.properties!.expect !== 'kept') counts[f.properties!.expect] = (counts[f.properties!.expect] ?? 0) + 1
      expect(Object.fromEntries(Object.entries(out.removed).filter(([, v]) => v > 0))).toEqual(counts)
      const { carry, ...rest } = out
      expectGolden('gps-clean', name, { ...rest, lastKept: carry.last })
    })
  }
})

interface ComplianceFixture extends FeatureCollection {
  corridorM: number
  week: string
  level: number
  areas: Record<string, number[]>
}

function networkOf(fc: FeatureCollection): PatrolNetwork {
  const of = (kind: string) => fc.features.filter((f) => f.properties!.kind === kind)
  return buildPatrolNetwork({
    streets: of('street').map((f) => f.geometry as LineString),
    grids: of('grid').map((f) => ({ id: f.properties!.id, path: f.properties!.path, geometry: f.geometry as Polygon })),
    kiosks: of('kiosk').map((f) => ({ id: f.properties!.id, lon: (f.geometry as Point).coordinates[0], lat: (f.geometry as Point).coordinates[1] })),
    issues: of('issue').map((f) => ({ id: f.properties!.id, lon: (f.geometry as Point).coordinates[0], lat: (f.geometry as Point).coordinates[1] })),
  })
}

describe('patrolCompliance fixtures', () => {
  for (const name of fixtureNames('patrol-compliance')) {
    it(name, () => {
      const input = readFixture<ComplianceFixture>('patrol-compliance', name)
      const network = networkOf(input)
      let state = createPatrolState({ corridorM: input.corridorM })
      const fixes = input.features.filter((f) => f.properties!.kind === 'fix') as Feature<Point>[]
      for (const worker of new Set(fixes.map((f) => f.properties!.worker as string))) {
        state = appendFixes(network, state, worker, columns(fixes.filter((f) => f.properties!.worker === worker)))
      }
      const summary = patrolCompliance(network, state, input.week, { level: input.level, areas: new Map(Object.entries(input.areas)) })
      const unvisited = Array.from(summary.unvisitedPoints, (i) => `${['point', 'kiosk', 'issue'][network.points.kind[i]]}:${network.points.id[i]}`)
      expectGolden('patrol-compliance', name, { ...summary, unvisitedPieces: summary.unvisitedPieces.length, unvisitedPoints: unvisited })
    })
  }
})

describe('patrolCompliance on two grids', () => {
  const input = readFixture<ComplianceFixture>('patrol-compliance', 'two-grids')
  const network = networkOf(input)
  const fixes = input.features.filter((f) => f.properties!.kind === 'fix') as Feature<Point>[]
  const run = (corridorM: number) => {
    let state = createPatrolState({ corridorM })
    for (const w of ['A', 'B']) state = appendFixes(network, state, w, columns(fixes.filter((f) => f.properties!.worker === w)))
    return patrolCompliance(network, state, input.week, { areas: new Map(Object.entries(input.areas)) })
  }
  it('walking the whole main street visits it and the kiosk 25 m off, not the issue 33 m off nor the side street', () => {
    const s = run(30)
    const east = s.byGrid.find((g) => g.gridId === 32)!
    expect(east.kiosks).toEqual({ total: 1, visited: 0 })
    const west = s.byGrid.find((g) => g.gridId === 31)!
    expect(west.share).toBe(1)
    expect(west.kiosks).toEqual({ total: 1, visited: 1 })
    expect(west.issues).toEqual({ total: 1, visited: 0 })
    // east grid: 195 m of main street + 95 m side street; the side street is visited up to ~30 m from the path
    expect(east.streetM).toBeCloseTo(290, 0)
    expect(east.visitedM).toBeGreaterThan(195 + 25)
    expect(east.visitedM).toBeLessThan(195 + 40)
    const a = s.workers.find((w) => w.worker === 'A')!
    expect(a.rate).toBeCloseTo(east.share, 12)
    expect(a.complete).toBe(false)
    const b = s.workers.find((w) => w.worker === 'B')!
    expect(b.rate).toBe(1)
    expect(b.complete).toBe(true)
  })
  it('a zero corridor visits nothing off the path and another week is empty', () => {
    expect(run(0).totals.kiosks.visited).toBe(0)
    const other = patrolCompliance(network, createPatrolState(), '2026-W48')
    expect(other.totals.visitedM).toBe(0)
    expect(other.unvisitedPoints.length).toBe(network.points.count)
  })
})

describe('isoWeek', () => {
  it('names weeks in China Standard Time', () => {
    expect(isoWeek(Date.UTC(2026, 10, 22, 15, 59))).toBe('2026-W47') // Sun 23:59 +08
    expect(isoWeek(Date.UTC(2026, 10, 22, 16, 0))).toBe('2026-W48') // Mon 00:00 +08
    expect(isoWeek(Date.UTC(2021, 0, 3, 12))).toBe('2020-W53')
    expect(isoWeekRange('2026-W48')[0]).toBe(Date.UTC(2026, 10, 22, 16))
    expect(() => isoWeekRange('2026-W54')).toThrow(/does not exist/)
    expect(() => isoWeekRange('2026-48')).toThrow(/2026-W47/)
  })
  it('the range of the week of t holds t', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4e12 }), (t) => {
        const [a, b] = isoWeekRange(isoWeek(t))
        return a <= t && t < b
      }),
    )
  })
})

// ---- properties ----------------------------------------------------------------------------

const O: [number, number] = [102.6, 24.35]
const T0 = Date.UTC(2026, 10, 17, 1)
/** A random walk with the faults phones produce, as fix columns. */
const noisyWalk = fc
  .array(
    fc.record({
      bearing: fc.double({ min: 0, max: 360, noNaN: true }),
      dist: fc.oneof(fc.double({ min: 0, max: 20, noNaN: true }), fc.double({ min: 0, max: 600, noNaN: true })),
      dt: fc.oneof(fc.constant(0), fc.integer({ min: -20_000, max: 30_000 }), fc.integer({ min: 1000, max: 900_000 })),
      acc: fc.oneof(fc.constant(NaN), fc.double({ min: 1, max: 100, noNaN: true })),
    }),
    { maxLength: 120 },
  )
  .map((steps) => {
    let p: [number, number] = O
    let t = T0
    const fixes = { lon: [] as number[], lat: [] as number[], t: [] as number[], accuracy: [] as number[] }
    for (const s of steps) {
      p = destinationPoint(p, s.bearing, s.dist)
      t += s.dt
      fixes.lon.push(p[0])
      fixes.lat.push(p[1])
      fixes.t.push(t)
      fixes.accuracy.push(s.acc)
    }
    return fixes
  })

const cuts = (n: number) => fc.uniqueArray(fc.integer({ min: 0, max: Math.max(0, n) }), { maxLength: 6 }).map((c) => [...c].sort((a, b) => a - b))
const slice = (f: GpsFixes, a: number, b: number): GpsFixes => ({
  lon: Array.from(f.lon).slice(a, b),
  lat: Array.from(f.lat).slice(a, b),
  t: Array.from(f.t).slice(a, b),
  accuracy: Array.from(f.accuracy!).slice(a, b),
})
const batches = (f: GpsFixes, at: number[]) => [0, ...at, f.lon.length].slice(1).map((b, i, all) => slice(f, i === 0 ? 0 : all[i - 1], b))

describe('cleanFixes properties', () => {
  it('never adds a fix: every kept fix is an input fix, in input order', () => {
    fc.assert(
      fc.property(noisyWalk, (f) => {
        const out = cleanFixes(f)
        let j = 0
        for (let i = 0; i < out.t.length; i++) {
          while (j < f.t.length && !(f.t[j] === out.t[i] && f.lon[j] === out.lon[i] && f.lat[j] === out.lat[i])) j++
          if (j === f.t.length) return false
          j++
        }
        const removed = Object.values(out.removed).reduce((a, b) => a + b, 0)
        return out.t.length + removed + out.carry.pending.length === f.t.length
      }),
    )
  })
  it('kept times strictly increase', () => {
    fc.assert(fc.property(noisyWalk, (f) => cleanFixes(f).t.every((t, i, a) => i === 0 || t > a[i - 1])))
  })
  it('cleaning in batches equals cleaning at once', () => {
    fc.assert(
      fc.property(noisyWalk.chain((f) => fc.tuple(fc.constant(f), cuts(f.lon.length))), ([f, at]) => {
        const whole = cleanFixes(f)
        let carry = undefined
        const t: number[] = []
        const br: number[] = []
        for (const b of batches(f, at)) {
          const out = cleanFixes(b, carry)
          carry = out.carry
          t.push(...out.t)
          br.push(...out.breakBefore)
        }
        expect(t).toEqual(Array.from(whole.t))
        expect(br).toEqual(Array.from(whole.breakBefore))
        expect(carry).toEqual(whole.carry)
      }),
    )
  })
})

/** A small street grid around O: 6 east–west and 6 north–south streets 100 m apart, in 4 level-3 grids. */
function smallNetwork(): PatrolNetwork {
  const at = (e: number, n: number) => destinationPoint(destinationPoint(O, 90, e), 0, n)
  const streets: LineString[] = []
  for (let k = 0; k <= 5; k++) {
    streets.push({ type: 'LineString', coordinates: [at(0, k * 100), at(500, k * 100)] })
    streets.push({ type: 'LineString', coordinates: [at(k * 100, 0), at(k * 100, 500)] })
  }
  const sq = (e0: number, n0: number, e1: number, n1: number): Polygon => ({ type: 'Polygon', coordinates: [[at(e0, n0), at(e1, n0), at(e1, n1), at(e0, n1), at(e0, n0)]] })
  const grids = [
    { id: 31, path: [1, 11, 21, 31], geometry: sq(-10, -10, 250, 250) },
    { id: 32, path: [1, 11, 21, 32], geometry: sq(250, -10, 510, 250) },
    { id: 33, path: [1, 11, 22, 33], geometry: sq(-10, 250, 250, 510) },
    { id: 34, path: [1, 11, 22, 34], geometry: sq(250, 250, 510, 510) },
  ]
  return buildPatrolNetwork({ streets, grids, kiosks: [{ id: 1, lon: at(120, 130)[0], lat: at(120, 130)[1] }], issues: [{ id: 9, lon: at(430, 370)[0], lat: at(430, 370)[1] }] })
}

const sameWeeks = (a: PatrolState, b: PatrolState) => {
  expect([...a.weeks.keys()].sort()).toEqual([...b.weeks.keys()].sort())
  for (const [k, w] of a.weeks) {
    const v = b.weeks.get(k)!
    expect(w.pieces).toEqual(v.pieces)
    expect(w.points).toEqual(v.points)
    for (const [name, mine] of w.workers) {
      const other = v.workers.get(name)!
      expect(bitIndices(mine.pieces)).toEqual(bitIndices(other.pieces))
      expect(bitIndices(mine.points)).toEqual(bitIndices(other.points))
      expect(mine.kept).toBe(other.kept)
      expect(mine.lengthM).toBeCloseTo(other.lengthM, 6)
    }
  }
}

describe('patrol compliance properties', () => {
  const network = smallNetwork()
  it('appending in batches equals appending all at once', () => {
    fc.assert(
      fc.property(noisyWalk.chain((f) => fc.tuple(fc.constant(f), cuts(f.lon.length))), ([f, at]) => {
        const whole = appendFixes(network, createPatrolState(), 'w', f)
        let state = createPatrolState()
        for (const b of batches(f, at)) state = appendFixes(network, state, 'w', b)
        sameWeeks(state, whole)
      }),
      { numRuns: 60 },
    )
  })
  it('appending leaves the state passed in unchanged', () => {
    fc.assert(
      fc.property(noisyWalk, noisyWalk, (f, g) => {
        const s1 = appendFixes(network, createPatrolState(), 'w', f)
        const snapshot = appendFixes(network, createPatrolState(), 'w', f)
        appendFixes(network, s1, 'w', g)
        appendFixes(network, s1, 'v', g)
        sameWeeks(s1, snapshot)
      }),
      { numRuns: 30 },
    )
  })
  it('the visited share never falls as the corridor widens', () => {
    fc.assert(
      fc.property(noisyWalk, fc.double({ min: 0, max: 80, noNaN: true }), fc.double({ min: 0, max: 80, noNaN: true }), (f, a, b) => {
        const [lo, hi] = a < b ? [a, b] : [b, a]
        const weeks = new Set(Array.from(f.t, (t) => isoWeek(t)))
        const sLo = appendFixes(network, createPatrolState({ corridorM: lo }), 'w', f)
        const sHi = appendFixes(network, createPatrolState({ corridorM: hi }), 'w', f)
        for (const week of weeks) {
          const x = patrolCompliance(network, sLo, week).totals
          const y = patrolCompliance(network, sHi, week).totals
          if (x.visitedM > y.visitedM + 1e-9 || x.points.visited > y.points.visited || x.kiosks.visited > y.kiosks.visited) return false
        }
        return true
      }),
      { numRuns: 60 },
    )
  })
})
