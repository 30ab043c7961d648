import { sql, type RawBuilder } from 'kysely'
import { STORED_LEDGER_TYPES, type StoredLedgerType } from '../db/tables/ledgers.table.ts'

/**
 * Ledger (台账) types, their labels and the rules of seed 001 the compliance views check.
 * Times: ledgers are kept in China Standard Time (UTC+8, no daylight saving); months, ISO weeks
 * and quarters are counted on CST calendar days.
 */
export { STORED_LEDGER_TYPES, type StoredLedgerType }
export const LEDGER_TYPES = [...STORED_LEDGER_TYPES, 'patrol'] as const
export type LedgerType = (typeof LEDGER_TYPES)[number]

export const TYPE_LABELS: Record<LedgerType, { zh: string; en: string }> = {
  station_activity: { zh: '新时代文明实践站活动', en: 'Practice station activities' },
  volunteer_activity: { zh: '志愿服务活动', en: 'Volunteer activities' },
  good_person: { zh: '好人推荐', en: 'Good-person recommendations' },
  kiosk_clearance: { zh: '垃圾分类清运', en: 'Waste clearance' },
  training: { zh: '培训记录', en: 'Training' },
  compound_meeting: { zh: '小区例会', en: 'Compound meetings' },
  patrol: { zh: '巡查记录', en: 'Patrol records' },
}

/** The rules of seed 001 (§一, §四, §六, §十). */
export const RULES = {
  /** 每月不少于4次 activities per practice station and month … */
  stationActivitiesPerMonth: 4,
  /** … 其中有1次为理论宣讲 */
  theoryLecturesPerMonth: 1,
  /** 村(居)至少要成立6支队伍 */
  teamsPerVillage: 6,
  /** 每季度至少推报1名好人 */
  goodPersonsPerQuarter: 1,
  /** a kiosk's clearance schedule: at least this many clearances every ISO week (our reading of 定时定点; documented in docs/ledgers.md) */
  clearancesPerWeek: 3,
} as const

export const WASTE_STREAMS = ['recyclable', 'hazardous', 'kitchen', 'other'] as const
export const STREAM_LABELS: Record<(typeof WASTE_STREAMS)[number], string> = { recyclable: '可回收物', hazardous: '有害垃圾', kitchen: '厨余垃圾', other: '其他垃圾' }

const CST_MS = 8 * 3600_000

/** The CST calendar day of an instant: YYYY-MM-DD. */
export function cstDay(d: Date): string {
  return new Date(d.getTime() + CST_MS).toISOString().slice(0, 10)
}

/** The instant a CST day starts. */
export function cstStart(day: string): Date {
  return new Date(`${day}T00:00:00+08:00`)
}

/** The day after YYYY-MM-DD. */
export function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86400_000).toISOString().slice(0, 10)
}

/** A period of whole CST days, `to` inclusive; default the twelve months up to `now` (from the 1st of the month eleven months back). */
export function resolvePeriod(from: string | undefined, to: string | undefined, now: Date): { from: string; to: string; start: Date; end: Date } {
  const today = cstDay(now)
  const t = to ?? today
  let f = from
  if (!f) {
    const [y, m] = t.split('-').map(Number) as [number, number]
    const back = new Date(Date.UTC(y, m - 1 - 11, 1))
    f = back.toISOString().slice(0, 10)
  }
  return { from: f, to: t, start: cstStart(f), end: cstStart(nextDay(t)) }
}

/** SQL: a timestamptz column as CST wall-clock time (timestamp without time zone), on either engine whatever the session time zone. */
export function cstLocal(column: string): RawBuilder<Date> {
  return sql<Date>`(${sql.ref(column)} at time zone 'UTC' + interval '8 hours')`
}

