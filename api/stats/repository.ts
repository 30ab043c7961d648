/**
 * Case counts grouped one way, in one SQL pass: total, open, overdue (open past its deadline)
 * and closed per group, within the caller's read scope. Served by the issues' reported_at and
 * grid_path indexes, so the cost follows the cases in range and scope, not the table.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely'
import { CLOSED_STATUSES } from '../cases/lifecycle.ts'
import type { Database } from '../db/database.ts'
import { inGrid, pointWithin } from '../http/sql.ts'
import type { Area, Breakdown } from './query.ts'

export interface Counts {
  total: number
  open: number
  overdue: number
  closed: number
}

export interface CountFilter {
  /** the caller's read scope (api/cases/access.ts readScope) */
  readable: RawBuilder<boolean>
  /** only cases under this grid; none: the whole district */
  gridId: number | null
  categories: string[] | null
  /** only cases whose point lies in this box or polygon (its boundary included) */
  area: Area | null
  start: Date
  end: Date
  now: Date
}

/** The group key of a case for a breakdown; `level` is the scope grid's level (-1 for the district). */
function keyOf(by: Breakdown, level: number, offsetMinutes: number): RawBuilder<string> {
  const local = sql`(reported_at at time zone 'UTC' + ${offsetMinutes}::int * interval '1 minute')`
  switch (by) {
    case 'day':
      return sql<string>`to_char(${local}, 'YYYY-MM-DD')`
    case 'week':
      return sql<string>`to_char(date_trunc('week', ${local}), 'YYYY-MM-DD')`
    case 'month':
      return sql<string>`to_char(${local}, 'YYYY-MM')`
    case 'category':
      return sql<string>`category`
    case 'state':
      return sql<string>`status`
    case 'child':
      // grid_path holds levels 0..3 and SQL arrays start at 1: the child of a level-L grid is at L + 2
      return sql<string>`(grid_path[${level + 2}::int])::text`
    case 'grid3':
      return sql<string>`grid_id::text`
    case 'department':
      return sql<string>`coalesce(department, '')`
  }
}

function counts(now: Date) {
  const closed = sql.join(CLOSED_STATUSES as string[])
  return [
    sql<number>`count(*)::int`.as('total'),
    sql<number>`(count(*) filter (where status not in (${closed})))::int`.as('open'),
    sql<number>`(count(*) filter (where status not in (${closed}) and deadline_at < ${now}))::int`.as('overdue'),
    sql<number>`(count(*) filter (where status in (${closed})))::int`.as('closed'),
  ] as const
}

/** The case's point lies in the polygon or on its boundary (PostgreSQL's built-in polygon type). */
function inPolygon(ring: [number, number][]): RawBuilder<boolean> {
  const text = `(${ring.map(([x, y]) => `(${x},${y})`).join(',')})`
  return sql<boolean>`point(lon, lat) <@ ${text}::polygon`
}

function filtered(db: Kysely<Database>, f: Omit<CountFilter, 'now'>) {
  let q = db.selectFrom('issues').where(f.readable).where('reported_at', '>=', f.start).where('reported_at', '<', f.end)
  if (f.gridId !== null) q = q.where(inGrid(f.gridId))
  if (f.categories) q = q.where('category', 'in', f.categories)
  if (f.area) q = q.where(pointWithin(f.area.bbox))
  if (f.area?.kind === 'polygon') q = q.where(inPolygon(f.area.ring))
  return q
}

export async function countTotals(db: Kysely<Database>, f: CountFilter): Promise<Counts> {
  return filtered(db, f).select(counts(f.now)).executeTakeFirstOrThrow()
}

/** Counts per group key; groups without cases are absent. */
export async function countBy(db: Kysely<Database>, f: CountFilter, by: Breakdown, level: number, offsetMinutes: number): Promise<Map<string, Counts>> {
  const key = keyOf(by, level, offsetMinutes)
  // group by the first column: the key's bound parameters would make a repeated expression differ
  const rows = await filtered(db, f).select([key.as('key'), ...counts(f.now)]).groupBy(sql`1`).execute()
  return new Map(rows.filter((r) => r.key !== null).map(({ key: k, ...c }) => [k, c]))
}
