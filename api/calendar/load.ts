/**
 * The working calendar from the database, cached per database handle. Edits through the calendar
 * routes invalidate the cache at once; another API process sharing the database picks an edit up
 * within CACHE_MS (calendar edits are rare and limits are minutes to weeks long).
 */
import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/database.ts'
import { createCalendar, type DayKind, type WorkingCalendar } from './model.ts'
import type { CaseLimits } from './clock.ts'

const CACHE_MS = 30_000

interface Cached {
  at: number
  calendar: Promise<WorkingCalendar>
}
const cache = new WeakMap<Kysely<Database>, Cached>()

export function loadCalendar(db: Kysely<Database>, now = Date.now()): Promise<WorkingCalendar> {
  const hit = cache.get(db)
  if (hit && now - hit.at < CACHE_MS) return hit.calendar
  const calendar = readCalendar(db)
  cache.set(db, { at: now, calendar })
  calendar.catch(() => cache.delete(db))
  return calendar
}

export function invalidateCalendar(db: Kysely<Database>): void {
  cache.delete(db)
}

async function readCalendar(db: Kysely<Database>): Promise<WorkingCalendar> {
  const [settings, days] = await Promise.all([
    db.selectFrom('calendar_settings').selectAll().where('id', '=', 1).executeTakeFirst(),
    db.selectFrom('calendar_days').select([sql<string>`date::text`.as('date'), 'kind']).execute(),
  ])
  return createCalendar({
    utcOffsetMinutes: settings?.utc_offset_minutes,
    periods: settings?.periods,
    restWeekdays: settings?.rest_weekdays,
    days: days.map((d) => ({ date: d.date, kind: d.kind as DayKind })),
  })
}

/** Dispatch and handling limits of every category, by code. */
export async function loadCategoryLimits(db: Kysely<Database>): Promise<Map<string, CaseLimits>> {
  const rows = await db.selectFrom('issue_categories').select(['code', 'limit_value', 'limit_unit', 'dispatch_limit_value', 'dispatch_limit_unit']).execute()
  return new Map(
    rows.map((r) => [
      r.code,
      {
        dispatchLimit: { value: r.dispatch_limit_value, unit: r.dispatch_limit_unit },
        handlingLimit: { value: r.limit_value, unit: r.limit_unit },
      },
    ]),
  )
}
