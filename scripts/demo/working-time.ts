/**
 * An approximate working calendar for the demo's case timestamps: Monday to Friday,
 * 08:30–12:00 and 14:30–18:00 China time (UTC+8, no daylight saving), no public holidays. The
 * product's real calendar comes with the case workflow; this only has to look right.
 */

const HOUR = 3_600_000
const DAY = 24 * HOUR
const TZ = 8 * HOUR
const PERIODS: [number, number][] = [
  [8.5 * HOUR, 12 * HOUR],
  [14.5 * HOUR, 18 * HOUR],
]
/** working hours in a working day */
export const WORKDAY_HOURS = 7

/** Local (UTC+8) clock parts of an epoch-ms time. */
export function local(t: number): { day: number; weekday: number; ms: number; month: number; hour: number } {
  const l = t + TZ
  const day = Math.floor(l / DAY)
  const ms = l - day * DAY
  const d = new Date(day * DAY)
  return { day, weekday: (d.getUTCDay() + 6) % 7, ms, month: d.getUTCMonth(), hour: Math.floor(ms / HOUR) }
}

/** Epoch ms of local midnight of the day holding t. */
export function localMidnight(t: number): number {
  return local(t).day * DAY - TZ
}

const isWorkday = (day: number) => (new Date(day * DAY).getUTCDay() + 6) % 7 < 5

/** Adds `hours` of working time to t (t outside working time starts at the next period). */
export function addWorkingHours(t: number, hours: number): number {
  let left = hours * HOUR
  let { day, ms } = local(t)
  for (let guard = 0; guard < 4000; guard++) {
    if (isWorkday(day)) {
      for (const [a, b] of PERIODS) {
        if (ms >= b) continue
        const from = Math.max(ms, a)
        if (from + left <= b) return day * DAY + from + left - TZ
        left -= b - from
        ms = b
      }
    }
    day++
    ms = 0
  }
  throw new Error(`working time of ${hours} h did not fit in 4000 days`)
}

export function addWorkingDays(t: number, days: number): number {
  return addWorkingHours(t, days * WORKDAY_HOURS)
}

/** Working hours between a and b (0 when b ≤ a); the inverse of addWorkingHours. */
export function workingHoursBetween(a: number, b: number): number {
  if (b <= a) return 0
  let total = 0
  const first = local(a).day
  const last = local(b).day
  for (let day = first; day <= last; day++) {
    if (!isWorkday(day)) continue
    for (const [p, q] of PERIODS) {
      const from = Math.max(a, day * DAY + p - TZ)
      const to = Math.min(b, day * DAY + q - TZ)
      if (to > from) total += to - from
    }
  }
  return total / HOUR
}

export { HOUR, DAY }
