/**
 * Recurrence (复发) as the hotspot analysis defines it: a case is a recurrence when a case of the
 * same category was CLOSED at the same place shortly before it was reported —
 *   - same place: within `radiusM` metres (great-circle), default 30 m (the duplicate radius of
 *     the case workflow: one kiosk, one corner, one stairwell), independent of any hex size;
 *   - shortly before: the earlier case's closing time ≤ the new report's time ≤ closing + `windowDays`
 *     (default 30 days);
 *   - or the case was opened by 复发重开 (`recurrence_of` set in the case log), whatever the distance.
 * Rework (返工) is a different thing: the SAME case failing verification and going back to the
 * department; it is read from the case log, not computed here.
 */
import KDBush from 'kdbush'
import { degreeRadius, haversineLonLat } from '../measure.ts'

export const RECURRENCE_DEFAULTS = {
  /** metres between the closed case and the new one */
  radiusM: 30,
  /** days from the earlier case's closing to the new report */
  windowDays: 30,
}
export type RecurrenceOptions = typeof RECURRENCE_DEFAULTS

export interface RecurrenceCase {
  lon: number
  lat: number
  category: string | number
  /** epoch ms */
  reportedAt: number
  /** epoch ms of 结案; null while open or when rejected / merged (those never count as closed) */
  closedAt: number | null
  /** true when the case log links it to a closed case (复发重开) */
  linked?: boolean
}

/** How a case was classified: 0 not a recurrence, 1 a nearby closed case, 2 linked by 复发重开. */
export const NOT_RECURRENT = 0
export const RECURRENT_NEARBY = 1
export const RECURRENT_LINKED = 2

const DAY_MS = 86_400_000

/**
 * Classifies every case (see the module comment). Closed cases go in a kdbush index on lon/lat;
 * each case asks for the box of its radius (degreeRadius: exact for a great circle) and checks
 * category, time and the haversine distance. O(n log n + candidates).
 */
export function classifyRecurrences(cases: readonly RecurrenceCase[], options: Partial<RecurrenceOptions> = {}): Uint8Array {
  const { radiusM, windowDays } = { ...RECURRENCE_DEFAULTS, ...options }
  if (!(radiusM >= 0)) throw new Error(`radiusM must be ≥ 0; got ${radiusM}`)
  if (!(windowDays >= 0)) throw new Error(`windowDays must be ≥ 0; got ${windowDays}`)
  const out = new Uint8Array(cases.length)
  const closed = cases.map((_, i) => i).filter((i) => cases[i].closedAt !== null)
  const index = new KDBush(Math.max(1, closed.length))
  for (const i of closed) index.add(cases[i].lon, cases[i].lat)
  if (closed.length === 0) index.add(0, 0)
  index.finish()
  const windowMs = windowDays * DAY_MS
  for (let i = 0; i < cases.length; i++) {
    const b = cases[i]
    if (b.linked) {
      out[i] = RECURRENT_LINKED
      continue
    }
    if (closed.length === 0) continue
    const { dLon, dLat } = degreeRadius(b.lat, radiusM)
    for (const k of index.range(b.lon - dLon, b.lat - dLat, b.lon + dLon, b.lat + dLat)) {
      const j = closed[k]
      if (j === i) continue
      const a = cases[j]
      if (a.category !== b.category) continue
      const gap = b.reportedAt - a.closedAt!
      if (gap < 0 || gap > windowMs) continue
      if (haversineLonLat(a.lon, a.lat, b.lon, b.lat) > radiusM) continue
      out[i] = RECURRENT_NEARBY
      break
    }
  }
  return out
}
