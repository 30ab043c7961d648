/**
 * The drill-down's pure logic: scopes and their URLs, the date range, case points as GeoJSON with
 * what the charts select by (category, China day, child grid), bounds, worst points. Unit-tested.
 */
import type { Feature, FeatureCollection, Point, Position } from 'geojson'
import type { DrillCase, StatsRow } from './drillApi'

/** The scope in the URL: `/drill` is the district, `/drill/123` grid 123; anything else → district. */
export function scopeFromParams(params: readonly string[]): number | null {
  const id = Number(params[0])
  return params.length && Number.isSafeInteger(id) && id > 0 ? id : null
}

export const drillPath = (gridId: number | null) => (gridId === null ? '/drill' : `/drill/${gridId}`)

const CHINA_OFFSET_MS = 8 * 3_600_000
const DAY_MS = 86_400_000

/** The China date of an instant, YYYY-MM-DD. */
export const chinaDay = (at: Date | string) => new Date(+new Date(at) + CHINA_OFFSET_MS).toISOString().slice(0, 10)

/** The last `days` China dates ending today, inclusive. */
export function lastDays(now: Date, days: number): { from: string; to: string } {
  const to = chinaDay(now)
  return { from: new Date(Date.parse(`${to}T00:00:00Z`) - (days - 1) * DAY_MS).toISOString().slice(0, 10), to }
}

/** What the map and the charts select by; null = not selected. */
export interface CrossFilter {
  category: string | null
  day: string | null
  /** a child region picked on the map (select mode) */
  childId: number | null
}

export interface CaseProps {
  id: number
  category: string
  status: string
  day: string
  /** the case's grid one level below the scope (-1 when the scope is a level-3 grid) */
  childId: number
  state: 'overdue' | 'open' | 'closed'
}

/** Cases as points; `scopeLevel` is the scope grid's level (-1 = district), so childId = the path entry below it. */
export function caseFeatures(cases: readonly DrillCase[], scopeLevel: number): FeatureCollection<Point, CaseProps> {
  return {
    type: 'FeatureCollection',
    features: cases.map((c) => ({
      type: 'Feature',
      id: c.id,
      geometry: { type: 'Point', coordinates: [c.lon, c.lat] },
      properties: { id: c.id, category: c.category, status: c.status, day: chinaDay(c.reportedAt), childId: c.gridPath[scopeLevel + 1] ?? -1, state: c.overdue ? 'overdue' : c.open ? 'open' : 'closed' },
    })),
  }
}

/** The cases a cross-filter keeps (the same test the map layer's filter applies). */
export function keeps(p: CaseProps, f: CrossFilter): boolean {
  return (f.category === null || p.category === f.category) && (f.day === null || p.day === f.day) && (f.childId === null || p.childId === f.childId)
}

/** MapLibre filter equal to `keeps`. */
export function caseFilter(f: CrossFilter): unknown[] {
  const parts: unknown[] = ['all']
  if (f.category !== null) parts.push(['==', ['get', 'category'], f.category])
  if (f.day !== null) parts.push(['==', ['get', 'day'], f.day])
  if (f.childId !== null) parts.push(['==', ['get', 'childId'], f.childId])
  return parts
}

export type Bbox = [number, number, number, number]

/** Bounds of every coordinate in the features; null when there are none. O(coordinates). */
export function bboxOf(features: readonly Feature[]): Bbox | null {
  let box: Bbox | null = null
  const visit = (c: unknown): void => {
    if (typeof (c as Position)[0] === 'number') {
      const [x, y] = c as Position
      if (!box) box = [x, y, x, y]
      else box = [Math.min(box[0], x), Math.min(box[1], y), Math.max(box[2], x), Math.max(box[3], y)]
    } else for (const inner of c as unknown[]) visit(inner)
  }
  for (const f of features) if (f.geometry && 'coordinates' in f.geometry) visit(f.geometry.coordinates)
  return box
}

/** The points needing attention first: most overdue, then most open, then most cases. */
export function worstPoints(rows: readonly StatsRow[], n = 5): StatsRow[] {
  return [...rows].filter((r) => r.open > 0 || r.overdue > 0).sort((a, b) => b.overdue - a.overdue || b.open - a.open || b.total - a.total || a.key.localeCompare(b.key)).slice(0, n)
}
