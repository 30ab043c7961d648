/** The wall's pure model: China dates, patrol rate, hotspot ranking, boxes, feed, scale, tour settings. */
import { describe, expect, it, vi } from 'vitest'
import { addDays, bboxOf, caseSourceDiff, debounceMax, chinaDate, feedItem, freshRingStep, layoutScale, patrolRate, pulseDim, pushFeed, rankHotspots, tourSettings, type StatsRow } from '../../web/src/features/wall/model'

const row = (key: string, total: number, overdue: number): StatsRow => ({ key, label: `g${key}`, total, open: total, overdue, closed: 0, gridId: Number(key) })

describe('dates', () => {
  it('takes the China calendar date: 16:00 UTC is already tomorrow', () => {
    expect(chinaDate(Date.parse('2026-11-22T15:59:59Z'))).toBe('2026-11-22')
    expect(chinaDate(Date.parse('2026-11-22T16:00:00Z'))).toBe('2026-11-23')
  })
  it('adds days across month and year ends', () => {
    expect(addDays('2026-11-23', -29)).toBe('2026-10-25')
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01')
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29')
  })
})

describe('patrolRate', () => {
  it('weighs each worker by the street length of their area', () => {
    const r = patrolRate([
      { rate: 0.5, complete: false, streetM: 1000, visitedM: 500 },
      { rate: 1, complete: true, streetM: 3000, visitedM: 3000 },
    ])
    expect(r).toEqual({ rate: 3500 / 4000, complete: 1, workers: 2 })
  })
  it('has no rate when nobody patrolled', () => {
    expect(patrolRate([])).toEqual({ rate: null, complete: 0, workers: 0 })
  })
})

describe('rankHotspots', () => {
  it('ranks by reported + 3 × overdue, ties by overdue then id, and skips empty grids', () => {
    const ranked = rankHotspots([row('5', 10, 0), row('7', 4, 2), row('3', 4, 2), row('9', 0, 0), row('2', 7, 1)], 3)
    expect(ranked.map((h) => [h.gridId, h.score])).toEqual([
      [3, 10],
      [7, 10],
      [2, 10],
    ])
    expect(rankHotspots([row('9', 0, 0)])).toEqual([])
  })
  it('puts overdue before a higher plain count at equal score', () => {
    expect(rankHotspots([row('1', 10, 0), row('2', 7, 1)]).map((h) => h.gridId)).toEqual([2, 1])
  })
})

describe('bboxOf', () => {
  it('boxes polygons and multipolygons', () => {
    expect(bboxOf({ type: 'Polygon', coordinates: [[[1, 2], [3, 1], [2, 5], [1, 2]]] })).toEqual([1, 1, 3, 5])
    expect(bboxOf({ type: 'MultiPolygon', coordinates: [[[[0, 0], [1, 0], [1, 1], [0, 0]]], [[[5, 5], [6, 5], [6, 7], [5, 5]]]] })).toEqual([0, 0, 6, 7])
    expect(bboxOf(null)).toBeNull()
    expect(bboxOf({ type: 'Polygon', coordinates: [] })).toBeNull()
  })
})

describe('feed', () => {
  const event = (id: number, type: string, payload: Record<string, unknown>) => ({ id, type, issueId: 100 + id, gridPath: [1, 6, 43, 198], category: 'clutter', payload, at: '2026-11-23T01:48:38.475Z' })
  it('reads created, transitioned and overdue events', () => {
    expect(feedItem(event(1, 'case.created', { status: 'reported', category: 'clutter' }))).toMatchObject({ kind: 'created', state: 'reported', gridId: 198, issueId: 101, action: null })
    expect(feedItem(event(2, 'case.transitioned', { action: 'accept', from: 'reported', to: 'accepted' }))).toMatchObject({ kind: 'transitioned', state: 'accepted', action: 'accept' })
    expect(feedItem(event(3, 'case.overdue', { status: 'handling' }))).toMatchObject({ kind: 'overdue', state: 'handling' })
    expect(feedItem({ ...event(4, 'other', {}), gridPath: [] })).toMatchObject({ kind: 'other', gridId: null })
  })
  it('keeps the newest first, once per event, within the limit', () => {
    let feed = pushFeed([], feedItem(event(1, 'case.created', {})), 2)
    feed = pushFeed(feed, feedItem(event(3, 'case.created', {})), 2)
    feed = pushFeed(feed, feedItem(event(2, 'case.created', {})), 2)
    feed = pushFeed(feed, feedItem(event(3, 'case.created', {})), 2)
    expect(feed.map((f) => f.id)).toEqual([3, 2])
  })
})

describe('layout', () => {
  it('scales by the tighter side of 1920×1080', () => {
    expect(layoutScale(1920, 1080)).toBe(1)
    expect(layoutScale(3840, 2160)).toBe(2)
    expect(layoutScale(1366, 768)).toBeCloseTo(0.7111, 4)
    expect(layoutScale(1920, 1200)).toBe(1)
    expect(layoutScale(0, 0)).toBe(1)
  })
  it('reads the tour period and the pause from the query', () => {
    expect(tourSettings(new URLSearchParams(''))).toEqual({ everyMs: 20_000, resumeMs: 60_000 })
    expect(tourSettings(new URLSearchParams('tour=5&pause=3'))).toEqual({ everyMs: 5_000, resumeMs: 3_000 })
    expect(tourSettings(new URLSearchParams('tour=0'))).toEqual({ everyMs: 0, resumeMs: 60_000 })
    expect(tourSettings(new URLSearchParams('tour=1'))).toEqual({ everyMs: 2_000, resumeMs: 60_000 })
    expect(tourSettings(new URLSearchParams('tour=abc'))).toEqual({ everyMs: 20_000, resumeMs: 60_000 })
  })
})

describe('debounceMax', () => {
  it('runs after a quiet spell, or after the longest wait during a stream of calls', () => {
    vi.useFakeTimers()
    try {
      let runs = 0
      const f = debounceMax(() => runs++, 100, 350)
      f()
      vi.advanceTimersByTime(99)
      expect(runs).toBe(0)
      vi.advanceTimersByTime(1)
      expect(runs).toBe(1)
      // a call every 50 ms never leaves 100 ms of quiet, yet it runs at 350 ms
      for (let t = 0; t < 400; t += 50) {
        f()
        vi.advanceTimersByTime(50)
      }
      expect(runs).toBe(2)
      // cancel drops what is pending (here the calls after the last run)
      f()
      f.cancel()
      vi.advanceTimersByTime(1000)
      expect(runs).toBe(2)
    } finally {
      vi.useRealTimers()
    }
  })
})

describe('the beat', () => {
  it("grows a new report's ring once a second and fades it out over its duration", () => {
    const steps = [0, 999, 1000, 2500, 5999, 6000, 60_000].map((age) => freshRingStep(age, 6000))
    expect(steps[0]).toEqual({ scale: 0.25, opacity: 1 })
    expect(steps[1]).toEqual(steps[0])
    expect(steps[2]!.scale).toBeGreaterThan(steps[1]!.scale)
    expect(steps[3]!.scale).toBeGreaterThan(steps[2]!.scale)
    expect(steps[3]!.opacity).toBeLessThan(steps[2]!.opacity)
    expect(steps[5]).toEqual({ scale: 1, opacity: 0.143 })
    expect(steps[6]).toEqual(steps[5])
    expect(freshRingStep(-500, 6000)).toEqual(steps[0])
  })
  it('alternates the overdue rings every second', () => {
    expect([0, 999, 1000, 1999, 2000, 3500].map(pulseDim)).toEqual([false, false, true, true, false, true])
  })
})

describe('caseSourceDiff', () => {
  const feature = (id: number, v: { x: number }) => ({ type: 'Feature' as const, id, geometry: { type: 'Point' as const, coordinates: [v.x, 0] }, properties: { v: v.x } })
  it('adds new cases, replaces changed ones and removes gone ones, keeping track of what the map holds', () => {
    const current = new Map([
      [1, { x: 1 }],
      [2, { x: 22 }],
    ])
    const onMap = new Set([2, 3])
    const diff = caseSourceDiff([1, 2, 3, 4], current, onMap, feature)
    expect(diff.remove.sort()).toEqual([2, 3])
    expect(diff.add.map((f) => [f.id, f.properties])).toEqual([
      [1, { v: 1 }],
      [2, { v: 22 }],
    ])
    expect([...onMap].sort()).toEqual([1, 2])
  })
  it('sends nothing for nothing changed', () => {
    expect(caseSourceDiff([], new Map(), new Set([1]), feature)).toEqual({ add: [], remove: [] })
  })
})
