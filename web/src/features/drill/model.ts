/**
 * The drill-down's pure logic: scopes and their URLs, the date range, case points as GeoJSON with
 * what the charts select by (category, China day, child grid), bounds, worst points. Unit-tested.
 */
import type { Feature, FeatureCollection, Point, Polygon, Position } from 'geojson'
import { pointInPolygon } from '../../map/labelPoints'
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

/** A span of China days picked on the trend chart: a week bar, or a range brushed over the days. */
export interface Period {
  kind: 'week' | 'range'
  /** first and last China date, inclusive */
  from: string
  to: string
}

/** A free area drawn on the map: a box (lasso polygons are a ring of [lon, lat], not closed). */
export type Area = { kind: 'bbox'; bbox: Bbox } | { kind: 'polygon'; ring: [number, number][] }

/** What the map and the charts select by; null = not selected. */
export interface CrossFilter {
  category: string | null
  day: string | null
  /** a week or a brushed range of days (never together with `day`) */
  period: Period | null
  /** a child region picked on the map (select mode) */
  childId: number | null
  /** an area drawn on the map: the charts and KPIs count only the cases inside it */
  area: Area | null
}

export const NO_FILTER: CrossFilter = { category: null, day: null, period: null, childId: null, area: null }

/** The week (Monday to Sunday) starting on `monday`. */
export const weekPeriod = (monday: string): Period => ({ kind: 'week', from: monday, to: addDays(monday, 6) })

export const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10)

/** The stats API's area parameter: bbox=minLon,minLat,maxLon,maxLat or polygon=lon,lat,… */
export function areaParam(area: Area | null): { bbox?: string; polygon?: string } {
  if (!area) return {}
  const r = (v: number) => Math.round(v * 1e7) / 1e7
  if (area.kind === 'bbox') return { bbox: area.bbox.map(r).join(',') }
  return { polygon: area.ring.flatMap(([x, y]) => [r(x), r(y)]).join(',') }
}

/** The box a drag draws between two corners (any direction). */
export const boxOf = (a: [number, number], b: [number, number]): Bbox => [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[0], b[0]), Math.max(a[1], b[1])]

/** The area as a GeoJSON polygon (for the map's outline and `within`). */
export function areaPolygon(area: Area): Polygon {
  if (area.kind === 'polygon') return { type: 'Polygon', coordinates: [[...area.ring, area.ring[0]]] }
  const [x0, y0, x1, y1] = area.bbox
  return { type: 'Polygon', coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]] }
}

/** The point lies in the area (a box's edges included; a polygon by the even-odd rule). */
export function inArea(lon: number, lat: number, area: Area): boolean {
  if (area.kind === 'bbox') return lon >= area.bbox[0] && lon <= area.bbox[2] && lat >= area.bbox[1] && lat <= area.bbox[3]
  return pointInPolygon([lon, lat], [[...area.ring, area.ring[0]]])
}

export interface CaseProps {
  id: number
  category: string
  status: string
  day: string
  lon: number
  lat: number
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
      properties: { id: c.id, category: c.category, status: c.status, day: chinaDay(c.reportedAt), lon: c.lon, lat: c.lat, childId: c.gridPath[scopeLevel + 1] ?? -1, state: c.overdue ? 'overdue' : c.open ? 'open' : 'closed' },
    })),
  }
}

/** The cases a cross-filter keeps (the same test the map layer's filter applies). */
export function keeps(p: CaseProps, f: CrossFilter): boolean {
  return (
    (f.category === null || p.category === f.category) &&
    (f.day === null || p.day === f.day) &&
    (f.period === null || (p.day >= f.period.from && p.day <= f.period.to)) &&
    (f.childId === null || p.childId === f.childId) &&
    (f.area === null || inArea(p.lon, p.lat, f.area))
  )
}

/** MapLibre filter equal to `keeps`. */
export function caseFilter(f: CrossFilter): unknown[] {
  const parts: unknown[] = ['all']
  if (f.category !== null) parts.push(['==', ['get', 'category'], f.category])
  if (f.day !== null) parts.push(['==', ['get', 'day'], f.day])
  if (f.period !== null) parts.push(['>=', ['get', 'day'], f.period.from], ['<=', ['get', 'day'], f.period.to])
  if (f.childId !== null) parts.push(['==', ['get', 'childId'], f.childId])
  if (f.area?.kind === 'bbox') {
    const [x0, y0, x1, y1] = f.area.bbox
    parts.push(['>=', ['get', 'lon'], x0], ['<=', ['get', 'lon'], x1], ['>=', ['get', 'lat'], y0], ['<=', ['get', 'lat'], y1])
  } else if (f.area) parts.push(['within', areaPolygon(f.area)])
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
