/**
 * Working-time arithmetic on a calendar: how much working time lies between two instants, and
 * which instant a working-time budget runs out at. Stopped intervals (a parked case) are cut out
 * of the working time, so the clock does not run while a case is parked.
 *
 * What "1 working day" means here: the working time of one standard working day, i.e. the sum of
 * the working periods (7 working hours with 08:30–12:00 + 14:30–18:00). Because every working day
 * has the same periods, this is the same as "the same working time of day on the next working
 * day": Monday 10:00 + 1 working day = Tuesday 10:00; Friday 16:00 + 1 working day = next working
 * day 16:00. A budget that runs out exactly at the end of a period ends there (12:00, 18:00), not
 * at the start of the next one: the deadline is the earliest instant the budget is used up.
 *
 * Cost: O(days spanned + stopped intervals); days are walked one by one (15 working days over a
 * Spring Festival is ~25 iterations).
 */
import { DAY_MS, HOUR_MS, MINUTE_MS, isWorkingDay, localDayOf, localMidnight, workingDayMs, type WorkingCalendar } from './model.ts'

export type LimitUnit = 'working_hours' | 'working_days'

export interface WorkingLimit {
  value: number
  unit: LimitUnit
}

/** An interval the clock is stopped for; `to: null` means still stopped. Epoch ms or Date. */
export interface StoppedInterval {
  from: number | Date
  to: number | Date | null
}

/** Give up looking for working time after this many days (a calendar with no working days at all). */
const HORIZON_DAYS = 3 * 366

/** Working milliseconds of a limit on this calendar (working days count as whole standard days). */
export function limitMs(limit: WorkingLimit, cal: WorkingCalendar): number {
  if (!Number.isFinite(limit.value) || limit.value < 0) throw new Error(`limit value must be a finite number ≥ 0, got ${limit.value}`)
  if (limit.unit === 'working_hours') return Math.round(limit.value * HOUR_MS)
  if (limit.unit === 'working_days') return Math.round(limit.value * workingDayMs(cal))
  throw new Error(`limit unit must be working_hours or working_days, got ${String(limit.unit)}`)
}

/**
 * Working time in [a, b) in milliseconds, minus stopped intervals. Signed: negative when b < a
 * (so "remaining time" past a deadline comes out negative).
 */
export function workingTimeBetween(a: Date | number, b: Date | number, cal: WorkingCalendar, stopped: readonly StoppedInterval[] = []): number {
  const from = +a
  const to = +b
  if (to < from) return 0 - workingTimeBetween(to, from, cal, stopped)
  let total = 0
  walkActive(from, to, cal, mergeStopped(stopped), (s, e) => {
    total += e - s
    return true
  })
  return total
}

/**
 * The earliest instant at which `amount` of working time has elapsed after `start` (stopped
 * intervals excluded). `amount` is a limit or working milliseconds. Null when the clock is stopped
 * for good (an open stopped interval) before the budget is used up.
 */
export function addWorkingTime(start: Date | number, amount: WorkingLimit | number, cal: WorkingCalendar, stopped: readonly StoppedInterval[] = []): Date | null {
  let budget = typeof amount === 'number' ? amount : limitMs(amount, cal)
  if (!Number.isFinite(budget) || budget < 0) throw new Error(`working time to add must be a finite number ≥ 0, got ${budget}`)
  const from = +start
  if (budget === 0) return new Date(from)
  let result: number | null = null
  walkActive(from, Infinity, cal, mergeStopped(stopped), (s, e) => {
    if (e - s >= budget) {
      result = s + budget
      return false
    }
    budget -= e - s
    return true
  })
  return result === null ? null : new Date(result)
}

/** The next instant at or after t at which the clock runs (t itself when it is working time). */
export function nextWorkingInstant(t: Date | number, cal: WorkingCalendar, stopped: readonly StoppedInterval[] = []): Date | null {
  let result: number | null = null
  walkActive(+t, Infinity, cal, mergeStopped(stopped), (s) => {
    result = s
    return false
  })
  return result === null ? null : new Date(result)
}

/** Whether the clock runs at instant t. */
export function isWorkingInstant(t: Date | number, cal: WorkingCalendar): boolean {
  const ms = +t
  const day = localDayOf(ms, cal)
  if (!isWorkingDay(day, cal)) return false
  const minute = (ms - localMidnight(day, cal)) / MINUTE_MS
  return cal.periods.some((p) => minute >= p.start && minute < p.end)
}

type Stop = [number, number]

function mergeStopped(stopped: readonly StoppedInterval[]): Stop[] {
  const list = stopped
    .map((s): Stop => [+s.from, s.to === null ? Infinity : +s.to])
    .filter(([f, t]) => t > f)
    .sort((x, y) => x[0] - y[0])
  const merged: Stop[] = []
  for (const s of list) {
    const last = merged[merged.length - 1]
    if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1])
    else merged.push([s[0], s[1]])
  }
  return merged
}

/**
 * Visit the running pieces of [from, to) in time order: working periods of working days minus
 * stopped intervals. The visitor returns false to stop.
 */
function walkActive(from: number, to: number, cal: WorkingCalendar, stops: Stop[], visit: (s: number, e: number) => boolean): void {
  let stopIndex = 0
  const firstDay = localDayOf(from, cal)
  const lastDay = to === Infinity ? firstDay + HORIZON_DAYS : localDayOf(to, cal)
  for (let day = firstDay; day <= lastDay; day++) {
    if (!isWorkingDay(day, cal)) continue
    const midnight = localMidnight(day, cal)
    for (const p of cal.periods) {
      let s = Math.max(from, midnight + p.start * MINUTE_MS)
      const e = Math.min(to, midnight + p.end * MINUTE_MS)
      while (s < e) {
        while (stopIndex < stops.length && stops[stopIndex][1] <= s) stopIndex++
        const stop = stops[stopIndex]
        if (!stop || stop[0] >= e) {
          if (!visit(s, e)) return
          break
        }
        if (stop[0] > s && !visit(s, stop[0])) return
        if (stop[1] === Infinity) return
        s = stop[1]
      }
    }
    if (midnight + DAY_MS >= to) return
  }
}
