/**
 * The wall's model, pure (no Vue, no fetch): the API shapes it reads, China dates, the district
 * patrol rate, hotspot ranking for the tour, grid boxes, feed items and the layout scale.
 * Unit-tested in tests/unit/wall-model.test.ts.
 */
import type { Feature, Geometry, Position } from 'geojson'
import type { LiveEvent } from '../cases/model'

/** GET /api/stats/cases (the contract in /tmp/notes/contracts.md, owner drill). */
export interface StatsRow {
  key: string
  label: string
  labelEn?: string
  total: number
  open: number
  overdue: number
  closed: number
  gridId?: number
}
export interface StatsResponse {
  scope: { kind: 'district' | 'grid'; id: number | null; name: string; level: number | null }
  from: string
  to: string
  by: string
  totals: { total: number; open: number; overdue: number; closed: number; reportedToday: number }
  rows: StatsRow[]
}

/** GET /api/indicators and one row of /api/indicators/ranking (docs/indicators.md). */
export interface IndicatorRates {
  closeRate: number | null
  onTimeRate: number | null
  reworkRate: number | null
  extensionRate: number | null
}
export interface IndicatorCounts {
  opened: number
  closed: number
  onTime: number
  overdue: number
  reworked: number
}
export interface Indicators {
  period: { label: string; from: string; to: string; asOf: string }
  counts: IndicatorCounts
  rates: IndicatorRates
  score: number | null
}
export interface RankingRow {
  key: string
  name: string
  counts: IndicatorCounts
  rates: IndicatorRates
  score: number | null
  rank?: number
}
export interface Ranking {
  by: string
  red: RankingRow[]
  black: RankingRow[]
  rows: RankingRow[]
}

/** The parts of GET /api/analysis/kiosk-coverage and /api/analysis/patrol-compliance the wall shows. */
export interface KioskCoverage {
  radius: number
  ratio: number
  households: { total: number; covered: number }
}
export interface PatrolWorker {
  rate: number
  complete: boolean
  streetM: number
  visitedM: number
}
export interface PatrolCompliance {
  week: string
  workers: PatrolWorker[]
}

/** The district's clock: the wall shows China time wherever its browser thinks it is. */
export const CHINA_TZ = 'Asia/Shanghai'
const CHINA_OFFSET_MS = 8 * 3600_000

/** The China (UTC+8) calendar date of an instant, 'YYYY-MM-DD'. */
export function chinaDate(ms: number): string {
  return new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 10)
}

/** 'YYYY-MM-DD' shifted by whole days (negative = earlier). */
export function addDays(date: string, days: number): string {
  const ms = Date.parse(`${date}T00:00:00Z`) + days * 86_400_000
  return new Date(ms).toISOString().slice(0, 10)
}

/**
 * The district's 巡查到位率 for a week: the workers' visited street length over their areas' street
 * length (each worker's rate weighted by the length of the area, docs/patrol.md), and how many
 * workers are 到位. Null rate when nobody patrolled.
 */
export function patrolRate(workers: readonly PatrolWorker[]): { rate: number | null; complete: number; workers: number } {
  let street = 0
  let visited = 0
  for (const w of workers) {
    street += w.streetM
    visited += w.visitedM
  }
  return { rate: street > 0 ? visited / street : null, complete: workers.filter((w) => w.complete).length, workers: workers.length }
}

export interface Hotspot {
  gridId: number
  name: string
  nameEn: string
  total: number
  overdue: number
  score: number
}

/** Overdue cases weigh this many reported ones when ranking hotspots. */
export const OVERDUE_WEIGHT = 3

/**
 * Hotspots for the tour from per-grid counts of the last days (GET /api/stats/cases?by=grid3):
 * score = reported + 3 × overdue, best first (ties: more overdue, then the lower grid id, so the
 * order is stable); grids with no case are left out. O(n log n).
 */
export function rankHotspots(rows: readonly StatsRow[], limit = 8): Hotspot[] {
  return rows
    .filter((r) => r.total > 0 && (r.gridId ?? Number(r.key)) > 0)
    .map((r) => {
      const gridId = r.gridId ?? Number(r.key)
      return { gridId, name: r.label, nameEn: r.labelEn || r.label, total: r.total, overdue: r.overdue, score: r.total + OVERDUE_WEIGHT * r.overdue }
    })
    .sort((a, b) => b.score - a.score || b.overdue - a.overdue || a.gridId - b.gridId)
    .slice(0, limit)
}

/** [minLon, minLat, maxLon, maxLat] of any geometry; null when it has no coordinates. */
export function bboxOf(geometry: Geometry | null | undefined): [number, number, number, number] | null {
  if (!geometry) return null
  const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity]
  const visit = (p: Position) => {
    if (p[0]! < box[0]) box[0] = p[0]!
    if (p[1]! < box[1]) box[1] = p[1]!
    if (p[0]! > box[2]) box[2] = p[0]!
    if (p[1]! > box[3]) box[3] = p[1]!
  }
  const walk = (coords: unknown): void => {
    if (Array.isArray(coords) && typeof coords[0] === 'number') visit(coords as Position)
    else if (Array.isArray(coords)) for (const c of coords) walk(c)
  }
  if (geometry.type === 'GeometryCollection') for (const g of geometry.geometries) walk('coordinates' in g ? g.coordinates : [])
  else walk(geometry.coordinates)
  return Number.isFinite(box[0]) ? box : null
}

export type FeedKind = 'created' | 'transitioned' | 'overdue' | 'other'

export interface FeedItem {
  /** the event id (unique, increasing) */
  id: number
  at: string
  kind: FeedKind
  issueId: number | null
  category: string | null
  /** the state after the event, when the event says */
  state: string | null
  action: string | null
  /** the level-3 grid of the case (last of its grid path) */
  gridId: number | null
}

/** A live event as a line of the feed. */
export function feedItem(event: LiveEvent): FeedItem {
  const p = event.payload ?? {}
  const str = (v: unknown) => (typeof v === 'string' ? v : null)
  const kind: FeedKind = event.type === 'case.created' ? 'created' : event.type === 'case.transitioned' ? 'transitioned' : event.type === 'case.overdue' ? 'overdue' : 'other'
  return {
    id: event.id,
    at: event.at,
    kind,
    issueId: event.issueId,
    category: event.category ?? str(p.category),
    state: str(p.to) ?? str(p.status),
    action: str(p.action),
    gridId: event.gridPath?.length ? event.gridPath[event.gridPath.length - 1]! : null,
  }
}

/** Newest first, one line per event id, at most `limit`. */
export function pushFeed(feed: readonly FeedItem[], item: FeedItem, limit = 40): FeedItem[] {
  if (feed.some((f) => f.id === item.id)) return [...feed]
  return [item, ...feed].sort((a, b) => b.id - a.id).slice(0, limit)
}

/** The wall is drawn for 1920×1080; every length scales by this factor (16:9 laptops to 4K walls). */
export const DESIGN = { width: 1920, height: 1080 } as const
export function layoutScale(width: number, height: number): number {
  if (!(width > 0 && height > 0)) return 1
  return Math.min(width / DESIGN.width, height / DESIGN.height)
}

/** Tour settings from the query: `?tour=20` seconds per stop (0 = off), `?pause=60` seconds idle after a touch. */
export function tourSettings(query: URLSearchParams): { everyMs: number; resumeMs: number } {
  const num = (key: string, fallback: number, min: number, max: number) => {
    const raw = query.get(key)
    const value = raw === null || raw === '' ? NaN : Number(raw)
    return Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : fallback
  }
  const every = num('tour', 20, 0, 3600)
  return { everyMs: every === 0 ? 0 : Math.max(2, every) * 1000, resumeMs: num('pause', 60, 1, 3600) * 1000 }
}

/**
 * Like debounce, but a steady stream of calls cannot starve it: `fn` runs `ms` after the last call
 * or `maxMs` after the first unanswered one, whichever comes first. For aggregates refetched
 * after live events, which must move while events keep coming.
 */
export function debounceMax(fn: () => void, ms: number, maxMs: number): (() => void) & { cancel(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined
  let first: number | null = null
  const fire = () => {
    timer = undefined
    first = null
    fn()
  }
  const call = () => {
    const now = Date.now()
    first ??= now
    if (timer !== undefined) clearTimeout(timer)
    timer = setTimeout(fire, Math.max(0, Math.min(ms, first + maxMs - now)))
  }
  call.cancel = () => {
    if (timer !== undefined) clearTimeout(timer)
    timer = undefined
    first = null
  }
  return call
}

/**
 * The look of a new report's ring on the beat `ageMs` after it arrived (the ring grows once a
 * second, on the wall's beat, and fades out over `durationMs`).
 */
export function freshRingStep(ageMs: number, durationMs: number): { scale: number; opacity: number } {
  const steps = Math.max(1, Math.round(durationMs / 1000))
  const step = Math.min(steps, Math.max(0, Math.floor(ageMs / 1000)))
  return { scale: +(0.25 + (0.75 * step) / steps).toFixed(3), opacity: +(1 - step / (steps + 1)).toFixed(3) }
}

/** Whether the overdue rings are in their dim half of the pulse on the beat `tick` (they alternate every second). */
export function pulseDim(tick: number): boolean {
  return Math.floor(tick / 1000) % 2 === 1
}

/** A MapLibre GeoJSON source diff: features of `ids` added, replaced or removed to match `current`; `onMap` is updated. */
export function caseSourceDiff<T>(
  ids: Iterable<number>,
  current: Map<number, T>,
  onMap: Set<number>,
  feature: (id: number, value: T) => Feature,
): { add: Feature[]; remove: number[] } {
  const add: Feature[] = []
  const remove: number[] = []
  for (const id of ids) {
    const value = current.get(id)
    // a changed case is removed and added again: its position and every property may have changed
    if (onMap.has(id)) remove.push(id)
    if (value === undefined) onMap.delete(id)
    else {
      add.push(feature(id, value))
      onMap.add(id)
    }
  }
  return { add, remove }
}
