/**
 * The case statistics query in local (China) dates: scope, an inclusive date range, categories
 * and a breakdown. Pure: parses text, computes the UTC instants of local midnights.
 */
import { DAY_MS, isIsoDate, MINUTE_MS } from '../calendar/model.ts'
import { badRequest } from '../errors.ts'

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
