import { sql, type Kysely, type SelectQueryBuilder } from 'kysely'
import type { Database } from '../db/database.ts'
import type { Bbox } from '../geojson.ts'
import { jsonObject, pointGeometry } from '../http/features.ts'
import { CLOSED_STATUSES } from '../cases/lifecycle.ts'
import { inGrid, pointWithin } from '../http/sql.ts'

export interface IssueFilter {
  bbox?: Bbox
  categories?: string[]
  statuses?: string[]
  /** pseudo-statuses: open = not closed/rejected; overdue = open and past its deadline */
  open?: boolean
  overdue?: boolean
  from?: Date
  to?: Date
  grid?: number
  limit?: number
}

const CLOSED: readonly string[] = CLOSED_STATUSES

const OPEN = sql<boolean>`status not in (${sql.join(CLOSED)})`

/** Issues as features; the properties are those of issueProperties() in routes.ts. */
export function issueFeatures(db: Kysely<Database>, filter: IssueFilter, now: Date) {
  let q = db.selectFrom('issues').select([
    'id',
    pointGeometry.as('geometry'),
    jsonObject({
      id: 'id',
      category: 'category',
      status: 'status',
      description: 'description',
      source: 'source',
      gridId: 'grid_id',
      gridPath: 'grid_path',
      reportedAt: 'reported_at',
      deadlineAt: 'deadline_at',
      closedAt: 'closed_at',
      open: OPEN,
      overdue: sql`(${OPEN} and deadline_at is not null and deadline_at < ${now})`,
    }).as('properties'),
  ])
  q = filterIssues(q, filter, now)
  if (filter.limit) q = q.orderBy('id').limit(filter.limit)
  return q
}

/** The filter's conditions (all but limit) on any query over issues: the map's list and its tiles. */
export function filterIssues<O>(q: SelectQueryBuilder<Database, 'issues', O>, filter: IssueFilter, now: Date): SelectQueryBuilder<Database, 'issues', O> {
  if (filter.bbox) q = q.where(pointWithin(filter.bbox))
  if (filter.categories?.length) q = q.where('category', 'in', filter.categories)
  if (filter.from) q = q.where('reported_at', '>=', filter.from)
  if (filter.to) q = q.where('reported_at', '<', filter.to)
  if (filter.grid) q = q.where(inGrid(filter.grid))
  // Listed statuses, open and overdue are alternatives: status=closed,overdue means either.
  const alternatives = []
  if (filter.statuses?.length) alternatives.push(sql<boolean>`status in (${sql.join(filter.statuses)})`)
  if (filter.open) alternatives.push(sql<boolean>`status not in (${sql.join(CLOSED)})`)
  if (filter.overdue) alternatives.push(sql<boolean>`(status not in (${sql.join(CLOSED)}) and deadline_at < ${now})`)
  if (alternatives.length) q = q.where(sql<boolean>`(${sql.join(alternatives, sql` or `)})`)
  return q
}

export function findIssue(db: Kysely<Database>, id: number) {
  return db.selectFrom('issues').selectAll().where('id', '=', id).executeTakeFirst()
}

export type IssueRow = NonNullable<Awaited<ReturnType<typeof findIssue>>>

export const isOpen = (status: string) => !CLOSED.includes(status)
