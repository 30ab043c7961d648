/**
 * The working calendar: which local days are working days and which local times of a working
 * day are working periods. Pure data and pure functions (no I/O); loaded from the database by
 * `load.ts`, built from literals in tests.
 *
 * Times are epoch milliseconds (UTC); the calendar's `utcOffsetMinutes` places local midnight.
 * China has had one fixed offset (UTC+8, no daylight saving) since 1991, so a fixed offset is exact.
 */

export type DayKind = 'workday' | 'holiday' | 'adjusted_workday'

/** A working period of a day in minutes after local midnight, [start, end). */
export interface WorkingPeriod {
  start: number
  end: number
}

export interface CalendarDay {
  /** local date, YYYY-MM-DD */
  date: string
  kind: DayKind
  name?: string
}

export interface WorkingCalendar {
  utcOffsetMinutes: number
  /** sorted, non-overlapping, within one day */
  periods: readonly WorkingPeriod[]
  /** days of the week (0 = Sunday … 6 = Saturday) that are rest days unless listed as adjusted workdays */
  restWeekdays: readonly number[]
  /** explicit days by local date; a day not listed follows the weekday rule */
  days: ReadonlyMap<string, DayKind>
}

export const MINUTE_MS = 60_000
export const HOUR_MS = 3_600_000
export const DAY_MS = 86_400_000

/** Defaults: 08:30–12:00 and 14:30–18:00 China time, Saturday and Sunday off. */
export const DEFAULT_CALENDAR_SETTINGS = {
  /** China Standard Time, UTC+8 */
  utcOffsetMinutes: 480,
  /** morning and afternoon shifts with the lunch break between */
  periods: [
    { start: 8 * 60 + 30, end: 12 * 60 },
    { start: 14 * 60 + 30, end: 18 * 60 },
  ] as WorkingPeriod[],
  restWeekdays: [0, 6],
}

/** Build a calendar, checking the periods; throws with the bad value in the message. */
export function createCalendar(input: {
  utcOffsetMinutes?: number
  periods?: readonly WorkingPeriod[]
  restWeekdays?: readonly number[]
  days?: Iterable<CalendarDay>
}): WorkingCalendar {
  const periods = [...(input.periods ?? DEFAULT_CALENDAR_SETTINGS.periods)].map((p) => ({ start: p.start, end: p.end }))
  const problem = periodsProblem(periods)
  if (problem) throw new Error(problem)
  const utcOffsetMinutes = input.utcOffsetMinutes ?? DEFAULT_CALENDAR_SETTINGS.utcOffsetMinutes
  if (!Number.isInteger(utcOffsetMinutes) || Math.abs(utcOffsetMinutes) > 14 * 60) throw new Error(`utcOffsetMinutes must be an integer within ±840, got ${utcOffsetMinutes}`)
  const days = new Map<string, DayKind>()
  for (const day of input.days ?? []) {
    if (!isIsoDate(day.date)) throw new Error(`calendar day must be YYYY-MM-DD, got ${JSON.stringify(day.date)}`)
    days.set(day.date, day.kind)
  }
  return { utcOffsetMinutes, periods, restWeekdays: [...(input.restWeekdays ?? DEFAULT_CALENDAR_SETTINGS.restWeekdays)], days }
}

/** Why a list of working periods is unusable, or null when it is fine. */
export function periodsProblem(periods: readonly WorkingPeriod[]): string | null {
  if (periods.length === 0) return 'at least one working period is needed'
  let previousEnd = -1
  for (const [i, p] of periods.entries()) {
    if (!Number.isInteger(p.start) || !Number.isInteger(p.end)) return `period ${i}: minutes must be integers, got ${p.start}–${p.end}`
    if (p.start < 0 || p.end > 24 * 60 || p.start >= p.end) return `period ${i}: need 0 ≤ start < end ≤ 1440, got ${p.start}–${p.end}`
    if (p.start < previousEnd) return `period ${i}: periods must be sorted and must not overlap (starts ${p.start} before ${previousEnd})`
    previousEnd = p.end
  }
  return null
}

export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false
  const t = Date.parse(`${value}T00:00:00Z`)
  return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === value
}

/** Working milliseconds in one working day (7 h with the default periods). */
export function workingDayMs(cal: WorkingCalendar): number {
  let minutes = 0
  for (const p of cal.periods) minutes += p.end - p.start
  return minutes * MINUTE_MS
}

/** The local day number (days since 1970-01-01 local) of an instant. */
export function localDayOf(t: number, cal: WorkingCalendar): number {
  return Math.floor((t + cal.utcOffsetMinutes * MINUTE_MS) / DAY_MS)
}

/** The instant local midnight of a local day number begins. */
export function localMidnight(day: number, cal: WorkingCalendar): number {
  return day * DAY_MS - cal.utcOffsetMinutes * MINUTE_MS
}

export function dayKey(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10)
}

export function dayNumber(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) / DAY_MS
}

/** Whether a local day is a working day: listed days win, otherwise the weekday rule. */
export function isWorkingDay(day: number, cal: WorkingCalendar): boolean {
  const kind = cal.days.get(dayKey(day))
  if (kind === 'holiday') return false
  if (kind === 'workday' || kind === 'adjusted_workday') return true
  const weekday = (((day + 4) % 7) + 7) % 7 // 1970-01-01 was a Thursday
  return !cal.restWeekdays.includes(weekday)
}
