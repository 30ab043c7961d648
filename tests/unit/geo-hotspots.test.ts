import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { destinationPoint, haversineLonLat, pointInPolygon } from '../../geo/index.ts'
import {
  classifyRecurrences,
  frameCounts,
  hexCellOf,
  hexCells,
  hexCenter,
  hexPolygon,
  hexResolutionForZoom,
  peakCellCount,
  playbackFrames,
  rankHotspots,
  RECURRENCE_DEFAULTS,
  scaleBreaks,
  type RecurrenceCase,
} from '../../geo/hotspots/index.ts'

const DAY = 86_400_000
const P: [number, number] = [102.54, 24.35]
/** the point `m` metres from P on bearing `deg` */
const at = (m: number, deg = 0) => destinationPoint(P, deg, m)

describe('hex bins (H3)', () => {
  it('matches the H3 reference cell (h3geo.org: 37.3615593, −122.0553238 at res 7)', () => {
    expect(hexCellOf(-122.0553238, 37.3615593, 7)).toBe('87283472bffffff')
  })

  it('numbers cells in first-seen order and agrees with hexCellOf', () => {
    const lon = [P[0], P[0] + 0.05, P[0] + 1e-6, P[0] + 0.05]
    const lat = [P[1], P[1], P[1], P[1] + 1e-6]
    const { ids, cell } = hexCells(lon, lat, 8)
    expect(ids).toHaveLength(2)
    expect([...cell]).toEqual([0, 1, 0, 1])
    lon.forEach((x, i) => expect(ids[cell[i]]).toBe(hexCellOf(x, lat[i], 8)))
    expect(() => hexCells([1], [], 8)).toThrow(/1 longitudes but 0 latitudes/)
  })

  it('every point lies in its cell outline; the centre lies in its own cell', () => {
    fc.assert(
      fc.property(fc.double({ min: 102.3, max: 102.8, noNaN: true }), fc.double({ min: 24.1, max: 24.6, noNaN: true }), fc.constantFrom(7, 8, 9, 10), (lon, lat, res) => {
        const cell = hexCellOf(lon, lat, res)
        const ring = hexPolygon(cell).coordinates[0]
        expect(ring[0]).toEqual(ring.at(-1))
        expect(ring.length).toBe(7)
        // the boundary is geodesic, the test's ring planar: allow points on or a hair outside
        const inside = pointInPolygon([lon, lat], hexPolygon(cell)) || ring.some((v, i) => i > 0 && segmentDistance([lon, lat], ring[i - 1], v) < 1e-7)
        expect(inside).toBe(true)
        const [clon, clat] = hexCenter(cell)
        expect(hexCellOf(clon, clat, res)).toBe(cell)
      }),
      { numRuns: 300 },
    )
  })

  it('rejects an id that is not a cell', () => {
    expect(() => hexPolygon('nonsense')).toThrow(/not an H3 cell: "nonsense"/)
  })

  it('picks the resolution from the zoom', () => {
    expect([10, 11.49, 11.5, 12.9, 13, 14.4, 14.5, 18].map(hexResolutionForZoom)).toEqual([7, 7, 8, 8, 9, 9, 10, 10])
  })
})

function segmentDistance(p: number[], a: number[], b: number[]): number {
  const [dx, dy] = [b[0] - a[0], b[1] - a[1]]
  const t = Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / (dx * dx + dy * dy)))
  return Math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy)
}

describe('playback frames', () => {
  it('cumulative: every `step` days from the first, the last frame ends on the last day', () => {
    expect(playbackFrames(10, { mode: 'cumulative', windowDays: 7, step: 3 })).toEqual([
      { start: 0, end: 2 },
      { start: 0, end: 5 },
      { start: 0, end: 8 },
      { start: 0, end: 9 },
    ])
    expect(playbackFrames(1, { mode: 'cumulative', windowDays: 7, step: 7 })).toEqual([{ start: 0, end: 0 }])
  })

  it('window: starts with the first full window and keeps its length', () => {
    expect(playbackFrames(10, { mode: 'window', windowDays: 4, step: 3 })).toEqual([
      { start: 0, end: 3 },
      { start: 3, end: 6 },
      { start: 6, end: 9 },
    ])
    expect(playbackFrames(3, { mode: 'window', windowDays: 7, step: 1 })).toEqual([{ start: 0, end: 2 }])
  })

  it('throws on a bad parameter, naming it', () => {
    expect(() => playbackFrames(0, { mode: 'cumulative', windowDays: 7, step: 1 })).toThrow(/days must be a positive integer; got 0/)
    expect(() => playbackFrames(5, { mode: 'window', windowDays: 1.5, step: 1 })).toThrow(/windowDays .* got 1.5/)
    expect(() => playbackFrames(5, { mode: 'window', windowDays: 3, step: 0 })).toThrow(/step/)
  })
})

describe('the fixed colour scale', () => {
  // (cell, day): (0,0) (0,1) (1,1) (0,5) (1,6) (1,6) (1,7); 8 days
  const cell = [0, 0, 1, 0, 1, 1, 1]
  const day = [0, 1, 1, 5, 6, 6, 7]

  it('window of 3 days, step 1: the peak is cell 1 on days 5–7 (3 cases), by hand', () => {
    // frames [0,2] c0=2 c1=1 · [1,3] 1,1 · [2,4] 0,0 · [3,5] 1,0 · [4,6] 1,2 · [5,7] 1,3
    const frames = playbackFrames(8, { mode: 'window', windowDays: 3, step: 1 })
    expect(frames.map((f) => [...frameCounts(cell, day, 2, f)])).toEqual([
      [2, 1],
      [1, 1],
      [0, 0],
      [1, 0],
      [1, 2],
      [1, 3],
    ])
    expect(peakCellCount(cell, day, 2, frames)).toBe(3)
  })

  it('cumulative: the peak is the largest total, 4 (cell 1)', () => {
    expect(peakCellCount(cell, day, 2, playbackFrames(8, { mode: 'cumulative', windowDays: 3, step: 2 }))).toBe(4)
  })

  it('a window that jumps past cases counts only what it holds', () => {
    expect(peakCellCount(cell, day, 2, [{ start: 5, end: 5 }, { start: 7, end: 7 }])).toBe(1)
    expect(() => peakCellCount(cell, day, 2, [{ start: 5, end: 5 }, { start: 4, end: 6 }])).toThrow(/forward/)
  })

  it('equals the largest frame count of any cell in any frame (brute force), for any data and options', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.array(fc.tuple(fc.nat(5), fc.nat(60)), { maxLength: 120 }),
        fc.constantFrom('cumulative' as const, 'window' as const),
        fc.integer({ min: 1, max: 15 }),
        fc.integer({ min: 1, max: 10 }),
        (days, pairs, mode, windowDays, step) => {
          const cs = pairs.map(([c]) => c)
          const ds = pairs.map(([, d]) => d % days)
          const frames = playbackFrames(days, { mode, windowDays, step })
          let brute = 0
          for (const f of frames) brute = Math.max(brute, ...frameCounts(cs, ds, 6, f))
          expect(peakCellCount(cs, ds, 6, frames)).toBe(brute)
        },
      ),
      { numRuns: 400 },
    )
  })

  it('breaks on a geometric progression, by hand', () => {
    // 100^(i/5) = 1, 2.51, 6.31, 15.8, 39.8
    expect(scaleBreaks(100, 5)).toEqual([1, 3, 7, 16, 40])
    // 3^(i/6) = 1, 1.20, 1.44, 1.73, 2.08, 2.50
    expect(scaleBreaks(3, 6)).toEqual([1, 2, 3])
    expect(scaleBreaks(1)).toEqual([1])
    expect(scaleBreaks(0)).toEqual([1])
    expect(scaleBreaks(64, 6)).toEqual([1, 2, 4, 8, 16, 32])
  })

  it('breaks rise strictly from 1 and never pass the peak', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 1, max: 9 }), (peak, classes) => {
        const b = scaleBreaks(peak, classes)
        expect(b[0]).toBe(1)
        expect(b.length).toBeLessThanOrEqual(classes)
        b.forEach((x, i) => i && expect(x).toBeGreaterThan(b[i - 1]))
        expect(b.at(-1)!).toBeLessThanOrEqual(peak)
      }),
    )
  })
})

describe('recurrence (复发) against rework (返工)', () => {
  const T = Date.UTC(2026, 5, 1)
  const closedA: RecurrenceCase = { lon: P[0], lat: P[1], category: 'clutter', reportedAt: T, closedAt: T + 10 * DAY }
  const report = (where: [number, number], category: string, day: number, extra: Partial<RecurrenceCase> = {}): RecurrenceCase => ({ lon: where[0], lat: where[1], category, reportedAt: T + day * DAY, closedAt: null, ...extra })

  it('classifies the hand-made cases', () => {
    const cases = [
      closedA, // 0: the closed case itself
      report(at(20, 45), 'clutter', 15), // 1: 20 m, 5 days after closing → nearby
      report(at(40, 90), 'clutter', 15), // 2: 40 m → too far
      report(P, 'flyposting', 15), // 3: another category
      report(P, 'clutter', 41), // 4: 31 days after closing → too late
      report(P, 'clutter', 5), // 5: reported before A was closed → not a recurrence
      report(at(500), 'clutter', 100, { linked: true }), // 6: 复发重开 link, far and late → linked
      report(at(29.9, 180), 'clutter', 10), // 7: at the closing moment, 29.9 m → nearby
      report(P, 'clutter', 40), // 8: exactly 30 days after → nearby
    ]
    expect([...classifyRecurrences(cases)]).toEqual([0, 1, 0, 0, 0, 0, 2, 1, 1])
    expect([...classifyRecurrences(cases, { radiusM: 50, windowDays: 31 })]).toEqual([0, 1, 1, 0, 1, 0, 2, 1, 1])
    expect(RECURRENCE_DEFAULTS).toEqual({ radiusM: 30, windowDays: 30 })
  })

  it('a case never repeats itself, and no closed case means no nearby recurrence', () => {
    expect([...classifyRecurrences([{ ...closedA, reportedAt: closedA.closedAt! }])]).toEqual([0])
    expect([...classifyRecurrences([report(P, 'clutter', 1), report(P, 'clutter', 2)])]).toEqual([0, 0])
    expect([...classifyRecurrences([])]).toEqual([])
    expect(() => classifyRecurrences([], { radiusM: -1 })).toThrow(/radiusM must be ≥ 0; got -1/)
  })

  it('equals the O(n²) definition on random cases', () => {
    const arb = fc.record({
      m: fc.double({ min: 0, max: 120, noNaN: true }),
      deg: fc.double({ min: 0, max: 360, noNaN: true }),
      category: fc.constantFrom('a', 'b'),
      day: fc.integer({ min: 0, max: 90 }),
      closeAfter: fc.option(fc.integer({ min: 0, max: 20 })),
      linked: fc.integer({ min: 0, max: 4 }).map((k) => k === 0),
    })
    fc.assert(
      fc.property(fc.array(arb, { maxLength: 60 }), (specs) => {
        const cases = specs.map((s) => ({ ...report(at(s.m, s.deg), s.category, s.day), closedAt: s.closeAfter === null ? null : T + (s.day + s.closeAfter) * DAY, linked: s.linked }))
        const brute = cases.map((b, i) => {
          if (b.linked) return 2
          return cases.some((a, j) => j !== i && a.closedAt !== null && a.category === b.category && b.reportedAt >= a.closedAt && b.reportedAt - a.closedAt <= 30 * DAY && haversineLonLat(a.lon, a.lat, b.lon, b.lat) <= 30) ? 1 : 0
        })
        expect([...classifyRecurrences(cases)]).toEqual(brute)
      }),
      { numRuns: 200 },
    )
  })
})

describe('hotspot ranking', () => {
  it('counts, recurrences, reworks and the commonest category per cell, by hand', () => {
    const rows = rankHotspots([
      { cell: 'b', category: 'clutter', recurrent: true, reworked: false, gridId: 7 },
      { cell: 'b', category: 'flyposting', recurrent: false, reworked: true, gridId: 7 },
      { cell: 'b', category: 'clutter', recurrent: true, reworked: true, gridId: 8 },
      { cell: 'a', category: 'flyposting', recurrent: false, reworked: false, gridId: 9 },
      { cell: 'a', category: 'clutter', recurrent: false, reworked: false, gridId: 8 },
      { cell: 'a', category: 'street_stall', recurrent: false, reworked: true, gridId: 9 },
      { cell: 'c', category: 'clutter', recurrent: false, reworked: false },
    ])
    expect(rows).toEqual([
      { rank: 1, cell: 'b', count: 3, recurrences: 2, reworks: 2, topCategory: 'clutter', topCategoryCount: 2, gridId: 7 },
      // a tie on categories goes to the smaller code
      { rank: 2, cell: 'a', count: 3, recurrences: 0, reworks: 1, topCategory: 'clutter', topCategoryCount: 1, gridId: 9 },
      { rank: 3, cell: 'c', count: 1, recurrences: 0, reworks: 0, topCategory: 'clutter', topCategoryCount: 1, gridId: null },
    ])
    expect(rankHotspots([])).toEqual([])
  })
})
