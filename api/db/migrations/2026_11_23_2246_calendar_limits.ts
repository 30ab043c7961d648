import { sql, type Kysely } from 'kysely'
import { chinaHolidayDays } from '../../calendar/holidays-cn.ts'

/**
 * The working calendar and time limits (helper "calendar"). Frozen once landed.
 * - calendar_days: explicit days (holiday / adjusted_workday / workday) overriding the weekday rule;
 *   seeded with 2025 and 2026 from the State Council's notices (api/calendar/holidays-cn.ts).
 * - calendar_settings: one row — working periods (minutes after local midnight), rest weekdays, UTC offset.
 * - issue_categories gains a dispatch limit (the existing limit_value/limit_unit is the handling limit).
 * - issues gains overdue_at (set by the overdue sweep) and a partial index the sweep reads.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    sql`create table calendar_days (
      date date primary key,
      kind text not null check (kind in ('workday', 'holiday', 'adjusted_workday')),
      name text not null default '',
      source text not null default '',
      updated_at timestamptz not null default now()
    )`,
    sql`create table calendar_settings (
      id integer primary key check (id = 1),
      utc_offset_minutes integer not null default 480 check (utc_offset_minutes between -840 and 840),
      periods jsonb not null,
      rest_weekdays integer[] not null default '{0,6}',
      updated_at timestamptz not null default now()
    )`,
    sql`insert into calendar_settings (id, periods) values (1, ${JSON.stringify([
      { start: 510, end: 720 },
      { start: 870, end: 1080 },
    ])}::jsonb)`,
    sql`alter table issue_categories add column dispatch_limit_value integer not null default 1 check (dispatch_limit_value > 0)`,
    sql`alter table issue_categories add column dispatch_limit_unit text not null default 'working_hours' check (dispatch_limit_unit in ('working_hours', 'working_days'))`,
    sql`alter table issues add column overdue_at timestamptz`,
    sql`create index issues_deadline_live_idx on issues (deadline_at) where overdue_at is null and deadline_at is not null`,
  ]
  for (const statement of statements) await statement.execute(db)
  const days = chinaHolidayDays()
  await db
    .insertInto('calendar_days')
    .values(days.map((d) => ({ date: d.date, kind: d.kind, name: d.name ?? '', source: d.source })))
    .onConflict((oc) => oc.column('date').doNothing())
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists issues_deadline_live_idx`.execute(db)
  await sql`alter table issues drop column if exists overdue_at`.execute(db)
  await sql`alter table issue_categories drop column if exists dispatch_limit_unit`.execute(db)
  await sql`alter table issue_categories drop column if exists dispatch_limit_value`.execute(db)
  await sql`drop table if exists calendar_settings`.execute(db)
  await sql`drop table if exists calendar_days`.execute(db)
}
