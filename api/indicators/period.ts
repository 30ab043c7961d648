/**
 * Indicator periods in local (China) dates: '2026', '2026-Q3', '2026-10', '2026-10-01..2026-10-31'
 * (inclusive end date). Boundaries are local midnights on the calendar's UTC offset.
 */
import { isIsoDate, MINUTE_MS } from '../calendar/model.ts'

export interface Period {
  label: string
  /** inclusive */
  from: Date
  /** exclusive */
  to: Date
}

const midnight = (y: number, m: number, d: number, offsetMinutes: number) => new Date(Date.UTC(y, m - 1, d) - offsetMinutes * MINUTE_MS)

/** Parse a period; null when the text is not one. */
export function parsePeriod(text: string, offsetMinutes: number): Period | null {
  let m: RegExpMatchArray | null
  if ((m = text.match(/^(\d{4})$/))) {
    const y = Number(m[1])
    return { label: text, from: midnight(y, 1, 1, offsetMinutes), to: midnight(y + 1, 1, 1, offsetMinutes) }
  }
  if ((m = text.match(/^(\d{4})-Q([1-4])$/))) {
    const y = Number(m[1])
    const q = Number(m[2])
    return { label: text, from: midnight(y, 3 * q - 2, 1, offsetMinutes), to: midnight(y, 3 * q + 1, 1, offsetMinutes) }
  }
  if ((m = text.match(/^(\d{4})-(0[1-9]|1[0-2])$/))) {
    const y = Number(m[1])
    const mo = Number(m[2])
    return { label: text, from: midnight(y, mo, 1, offsetMinutes), to: midnight(y, mo + 1, 1, offsetMinutes) }
  }
  if ((m = text.match(/^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/)) && isIsoDate(m[1]) && isIsoDate(m[2]) && m[1] <= m[2]) {
    const [y1, m1, d1] = m[1].split('-').map(Number)
    const [y2, m2, d2] = m[2].split('-').map(Number)
    return { label: text, from: midnight(y1, m1, d1, offsetMinutes), to: midnight(y2, m2, d2 + 1, offsetMinutes) }
  }
  return null
}

/** The current local month, e.g. '2026-11'. */
export function currentMonth(now: Date, offsetMinutes: number): string {
  return new Date(+now + offsetMinutes * MINUTE_MS).toISOString().slice(0, 7)
}
