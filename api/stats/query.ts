/**
 * The case statistics query in local (China) dates: scope, an inclusive date range, categories
 * and a breakdown. Pure: parses text, computes the UTC instants of local midnights.
 */
import { DAY_MS, isIsoDate, MINUTE_MS } from '../calendar/model.ts'
import { badRequest } from '../errors.ts'
import { parseBbox, type Bbox } from '../geojson.ts'
import { validateGeometry } from '../../geo/index.ts'

export const BREAKDOWNS = ['day', 'week', 'month', 'category', 'state', 'child', 'grid3', 'department'] as const
export type Breakdown = (typeof BREAKDOWNS)[number]

/** the widest range accepted, in days: keeps a by=day answer bounded */
export const MAX_RANGE_DAYS = 3660
/** the default range: the last 30 days, today included */
export const DEFAULT_DAYS = 30

export type Scope = { kind: 'district' } | { kind: 'grid'; id: number }

export function parseScope(text: string): Scope {
  if (text === 'district') return { kind: 'district' }
  const m = /^grid:(\d+)$/.exec(text)
  const id = m ? Number(m[1]) : Number.NaN
  if (!Number.isSafeInteger(id) || id <= 0) throw badRequest('invalid_scope', `scope must be "district" or "grid:<id>"; got "${text}"`, { scope: text })
  return { kind: 'grid', id }
}

/** The local date of an instant, YYYY-MM-DD. */
export const localDate = (at: Date, offsetMinutes: number) => new Date(+at + offsetMinutes * MINUTE_MS).toISOString().slice(0, 10)

/** The UTC instant of a local date's midnight. */
export const localMidnight = (date: string, offsetMinutes: number) => new Date(Date.parse(`${date}T00:00:00Z`) - offsetMinutes * MINUTE_MS)

export const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10)

export interface DateRange {
  from: string
  to: string
  /** inclusive UTC instant of from's local midnight */
  start: Date
  /** exclusive UTC instant of the local midnight after `to` */
  end: Date
}

/** from/to as given, or the last DEFAULT_DAYS local days ending today. */
export function parseRange(from: string | undefined, to: string | undefined, now: Date, offsetMinutes: number): DateRange {
  for (const [field, value] of [['from', from], ['to', to]] as const) {
    if (value !== undefined && !isIsoDate(value)) throw badRequest('invalid_date', `${field} must be a date YYYY-MM-DD; got "${value}"`, { [field]: value })
  }
  const last = to ?? localDate(now, offsetMinutes)
  const first = from ?? addDays(last, -(DEFAULT_DAYS - 1))
  if (first > last) throw badRequest('invalid_range', `from ${first} is after to ${last}`, { from: first, to: last })
  const days = (Date.parse(last) - Date.parse(first)) / DAY_MS + 1
  if (days > MAX_RANGE_DAYS) throw badRequest('invalid_range', `the range spans ${days} days; at most ${MAX_RANGE_DAYS}`, { from: first, to: last, days })
  return { from: first, to: last, start: localMidnight(first, offsetMinutes), end: localMidnight(addDays(last, 1), offsetMinutes) }
}

/** Monday of a date's ISO week. */
export function weekOf(date: string): string {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay()
  return addDays(date, -((weekday + 6) % 7))
}

/** Every bucket key of a time breakdown between from and to, in order (so empty days show as 0). */
export function timeKeys(by: 'day' | 'week' | 'month', from: string, to: string): string[] {
  const keys: string[] = []
  if (by === 'month') {
    for (let m = from.slice(0, 7); m <= to.slice(0, 7); m = addDays(`${m}-28`, 4).slice(0, 7)) keys.push(m)
    return keys
  }
  const step = by === 'day' ? 1 : 7
  for (let d = by === 'day' ? from : weekOf(from); d <= to; d = addDays(d, step)) keys.push(d)
  return keys
}

/** The most vertices a `polygon` parameter may have (a hand-drawn lasso stays far below). */
export const MAX_POLYGON_VERTICES = 500

/** A free area on the map: a box or a simple polygon (one ring, [lon, lat] vertices, not closed). */
export type Area = { kind: 'bbox'; bbox: Bbox } | { kind: 'polygon'; ring: [number, number][]; bbox: Bbox }

/**
 * Parses `polygon=lon,lat,lon,lat,…` (at least 3 vertices; the closing vertex may be repeated) and
 * checks it with the geometry validator: finite, in range, not degenerate, not crossing itself.
 * Any problem → 400 `invalid_polygon` with the validator's errors in `details`.
 */
export function parsePolygon(text: string): Area {
  const numbers = text.split(',').map((p) => (p.trim() === '' ? Number.NaN : Number(p.trim())))
  const bad = (message: string, errors: unknown = null) => badRequest('invalid_polygon', message, { polygon: text.length > 200 ? `${text.slice(0, 200)}…` : text, errors })
  if (numbers.length % 2 !== 0 || numbers.some((n) => !Number.isFinite(n))) throw bad('polygon must be an even list of numbers lon,lat,lon,lat,…')
  const ring: [number, number][] = []
  for (let i = 0; i < numbers.length; i += 2) ring.push([numbers[i], numbers[i + 1]])
  const first = ring[0]
  const last = ring.at(-1)
  if (ring.length > 1 && first[0] === last![0] && first[1] === last![1]) ring.pop()
  if (ring.length < 3) throw bad(`polygon needs at least 3 vertices; got ${ring.length}`)
  if (ring.length > MAX_POLYGON_VERTICES) throw bad(`polygon has ${ring.length} vertices; at most ${MAX_POLYGON_VERTICES}`)
  const checked = validateGeometry({ type: 'Polygon', coordinates: [[...ring, ring[0]]] })
  if (!checked.ok) throw bad(`polygon is not a simple area: ${checked.errors[0].message}`, checked.errors.map((e) => ({ code: e.code, message: e.message, location: e.location ?? null })))
  const xs = ring.map((p) => p[0])
  const ys = ring.map((p) => p[1])
  return { kind: 'polygon', ring, bbox: [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)] }
}

/** The `bbox` or `polygon` query parameter (not both); none → null. */
export function parseArea(bbox: string | undefined, polygon: string | undefined): Area | null {
  if (bbox !== undefined && polygon !== undefined) throw badRequest('invalid_query', 'give bbox or polygon, not both', { bbox, polygon })
  if (bbox !== undefined) return { kind: 'bbox', bbox: parseBbox(bbox) }
  if (polygon !== undefined) return parsePolygon(polygon)
  return null
}
