// ISO 8601 weeks (Monday to Sunday; week 1 holds the year's first Thursday) in a fixed UTC offset.
// The district keeps China Standard Time (UTC+8, no daylight saving), so weeks default to +480 min.

const DAY_MS = 86_400_000

/** Minutes east of UTC in which weeks begin at Monday 00:00 (China Standard Time). */
export const CHINA_OFFSET_MIN = 480

/** "YYYY-Www" of the ISO week holding epoch-ms `t`. */
export function isoWeek(t: number, offsetMin = CHINA_OFFSET_MIN): string {
  if (!Number.isFinite(t)) throw new RangeError(`isoWeek: time must be finite, got ${t}`)
  const day = Math.floor((t + offsetMin * 60_000) / DAY_MS)
  const weekday = (((day + 3) % 7) + 7) % 7 // 0 = Monday; 1970-01-01 was a Thursday
  const thursday = day - weekday + 3
  const year = new Date(thursday * DAY_MS).getUTCFullYear()
  const week = Math.floor((thursday - Date.UTC(year, 0, 1) / DAY_MS) / 7) + 1
  return `${year}-W${String(week).padStart(2, '0')}`
}

/** [start, end) in epoch ms of an ISO week "YYYY-Www"; throws naming a malformed or impossible week. */
export function isoWeekRange(week: string, offsetMin = CHINA_OFFSET_MIN): [number, number] {
  const m = /^(\d{4})-W(\d{2})$/.exec(week)
  if (!m) throw new RangeError(`isoWeekRange: week must look like 2026-W47, got ${JSON.stringify(week)}`)
  const year = Number(m[1])
  const n = Number(m[2])
  const jan4 = Date.UTC(year, 0, 4) / DAY_MS
  const monday1 = jan4 - ((((jan4 + 3) % 7) + 7) % 7)
  const startDay = monday1 + (n - 1) * 7
  const start = startDay * DAY_MS - offsetMin * 60_000
  if (n < 1 || isoWeek(start, offsetMin) !== week) throw new RangeError(`isoWeekRange: ${week} does not exist`)
  return [start, start + 7 * DAY_MS]
}
