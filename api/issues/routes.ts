import { createRoute, z } from '@hono/zod-openapi'
import { bodyLimit } from 'hono/body-limit'
import { audit, currentUser, inScope, requireScope, scopeFilter } from '../auth/guard.ts'
import { ApiError, badRequest, errorBody, notFound, unprocessable } from '../errors.ts'
import { parseBbox, toFeature } from '../geojson.ts'
import { featureCollectionText, jsonText } from '../http/features.ts'
import { createRouter } from '../http/router.ts'
import { IdParam, errorResponse, featureCollectionSchema, featureSchema, json } from '../http/schemas.ts'
import { CATEGORY_CODES, CATEGORY_GROUPS, ISSUE_STATUSES, STATUS_LABELS } from './categories.ts'
import { locateGrid } from './locate.ts'
import type { Transaction } from 'kysely'
import type { Database } from '../db/database.ts'
import { startCase } from '../cases/transition.ts'
import { clientIp } from '../auth/request-info.ts'
import { findIssue, isOpen, issueFeatures, type IssueFilter, type IssueRow } from './repository.ts'
import { IssueDetailProperties, IssueProperties, IssueQuery, NewIssueSchema } from './schemas.ts'

/** Largest issue report accepted; a Point feature with a description is a few KB. */
export const MAX_ISSUE_BODY_BYTES = 64 * 1024

const iso = (d: Date | null) => (d ? d.toISOString() : null)

function issueProperties(row: IssueRow, now: Date) {
  const open = isOpen(row.status)
  return {
    id: row.id,
    category: row.category,
    status: row.status as (typeof ISSUE_STATUSES)[number],
    description: row.description,
    source: row.source,
    gridId: row.grid_id,
    gridPath: row.grid_path,
    reportedAt: row.reported_at.toISOString(),
    deadlineAt: iso(row.deadline_at),
    closedAt: iso(row.closed_at),
    open,
    overdue: open && row.deadline_at !== null && row.deadline_at < now,
  }
}

function issueDetail(row: IssueRow, now: Date) {
  return {
    ...issueProperties(row, now),
    acceptedAt: iso(row.accepted_at),
    openedAt: iso(row.opened_at),
    dispatchedAt: iso(row.dispatched_at),
    handledAt: iso(row.handled_at),
    department: row.department,
    reporter: row.reporter,
    reworkCount: row.rework_count,
  }
}

const point = (row: IssueRow) => ({ type: 'Point' as const, coordinates: [row.lon, row.lat] })

function parseDate(text: string, field: string): Date {
  const date = /^\d{4}-\d{2}-\d{2}/.test(text) ? new Date(text) : new Date(Number.NaN)
  if (Number.isNaN(date.getTime())) throw badRequest('invalid_date', `${field} must be an ISO date or date-time; got "${text}"`, { [field]: text })
  return date
}

export function parseFilter(query: z.infer<typeof IssueQuery>): IssueFilter {
  const filter: IssueFilter = { grid: query.grid, limit: query.limit }
  if (query.bbox) filter.bbox = parseBbox(query.bbox)
  if (query.category) {
    filter.categories = query.category.split(',').map((s) => s.trim())
    const unknown = filter.categories.filter((c) => !CATEGORY_CODES.has(c))
    if (unknown.length) throw badRequest('unknown_category', `unknown category ${unknown.join(', ')}`, { unknown })
  }
  if (query.status) {
    const wanted = query.status.split(',').map((s) => s.trim())
    const unknown = wanted.filter((s) => s !== 'open' && s !== 'overdue' && !(ISSUE_STATUSES as readonly string[]).includes(s))
    if (unknown.length) throw badRequest('unknown_status', `unknown status ${unknown.join(', ')}`, { unknown, expected: [...ISSUE_STATUSES, 'open', 'overdue'] })
    filter.statuses = wanted.filter((s) => s !== 'open' && s !== 'overdue')
    filter.open = wanted.includes('open')
    filter.overdue = wanted.includes('overdue')
  }
  if (query.from) filter.from = parseDate(query.from, 'from')
  if (query.to) filter.to = parseDate(query.to, 'to')
  if (filter.from && filter.to && filter.from > filter.to) throw badRequest('invalid_period', 'from is after to', { from: query.from, to: query.to })
  return filter
}

const categories = createRoute({
  method: 'get',
  path: '/categories',
  tags: ['issues'],
  summary: 'Issue categories with their time limits, category groups and case statuses',
  responses: {
    200: json(
      z.object({
        categories: z.array(
          z.object({
            code: z.string(),
            nameZh: z.string(),
            nameEn: z.string(),
            group: z.string(),
            limit: z.object({ value: z.number().int(), unit: z.enum(['working_hours', 'working_days']) }),
          }),
        ),
        groups: z.record(z.string(), z.object({ nameZh: z.string(), nameEn: z.string() })),
        statuses: z.array(z.object({ code: z.string(), zh: z.string(), en: z.string(), open: z.boolean() })),
      }),
      'Reference lists',
    ),
  },
})

const list = createRoute({
  method: 'get',
  path: '/issues',
  tags: ['issues'],
  summary: 'Issue points as GeoJSON; filters combine',
  request: { query: IssueQuery },
  responses: { 200: json(featureCollectionSchema('IssueCollection', IssueProperties), 'Issues'), 400: errorResponse('Bad filter') },
})

const detail = createRoute({
  method: 'get',
  path: '/issues/{id}',
  tags: ['issues'],
  summary: 'One issue with all its timestamps',
  request: { params: IdParam },
  responses: { 200: json(featureSchema('IssueDetail', IssueDetailProperties), 'The issue'), 404: errorResponse('No such issue') },
})

const create = createRoute({
  method: 'post',
  path: '/issues',
  tags: ['issues'],
  summary: 'Report an issue at a point; it is assigned to the level-3 grid containing it',
  middleware: [
    bodyLimit({
      maxSize: MAX_ISSUE_BODY_BYTES,
      onError: (c) => c.json(errorBody('payload_too_large', `An issue report may be at most ${MAX_ISSUE_BODY_BYTES} bytes`), 413),
    }),
  ] as const,
  request: { body: { content: { 'application/json': { schema: NewIssueSchema } }, required: true } },
  responses: {
    201: json(featureSchema('CreatedIssue', IssueDetailProperties), 'The stored issue'),
    400: errorResponse('Malformed JSON, not a Point Feature, coordinates out of range, unknown category'),
    413: errorResponse('Body too large'),
    422: errorResponse('The point lies outside every grid'),
  },
})

export const issueRoutes = createRouter()
  .openapi(categories, async (c) => {
    const rows = await c.get('db').selectFrom('issue_categories').selectAll().orderBy('sort').execute()
    return c.json(
      {
        categories: rows.map((r) => ({ code: r.code, nameZh: r.name_zh, nameEn: r.name_en, group: r.group_code, limit: { value: r.limit_value, unit: r.limit_unit } })),
        groups: CATEGORY_GROUPS,
        statuses: ISSUE_STATUSES.map((code) => ({ code, ...STATUS_LABELS[code] })),
      },
      200,
    )
  })
  .openapi(list, async (c) => {
    const filter = parseFilter(c.req.valid('query'))
    const db = c.get('db')
    // scoped roles read only their grids' issues (and a department, its categories)
    const query = issueFeatures(db, filter, new Date()).where(scopeFilter(currentUser(c)))
    return jsonText(await featureCollectionText(db, query))
  })
  .openapi(detail, async (c) => {
    const { id } = c.req.valid('param')
    const row = await findIssue(c.get('db'), id)
    // out of scope reads the same as missing: a scoped user learns nothing about other grids
    if (!row || !inScope(currentUser(c), row.grid_path, row.category)) throw notFound('issue', id)
    return c.json(toFeature(row.id, point(row), issueDetail(row, new Date())), 200)
  })
  .openapi(create, async (c) => {
    const body = c.req.valid('json')
    const [lon, lat] = body.geometry.coordinates
    const now = new Date()
    const reportedAt = body.properties.reportedAt ? new Date(body.properties.reportedAt) : now
    if (reportedAt.getTime() > now.getTime() + 5 * 60_000) {
      throw badRequest('reported_in_future', `reportedAt ${body.properties.reportedAt} is in the future`, { reportedAt: body.properties.reportedAt })
    }
    const db = c.get('db')
    const grid = await locateGrid(db, lon, lat)
    if (!grid) {
      throw unprocessable('outside_grids', `The point ${lon}, ${lat} lies outside every grid of this district`, { coordinates: [lon, lat] })
    }
    requireScope(currentUser(c), grid.path, body.properties.category, `The point ${lon}, ${lat} (grid ${grid.id})`)
    // through the case workflow's start, so the report has its log and its live event
    const row = await db.transaction().execute((trx: Transaction<Database>) =>
      startCase(
        trx,
        {
          category: body.properties.category,
          description: body.properties.description,
          source: body.properties.source ?? 'public',
          reporter: body.properties.reporter ? JSON.stringify(body.properties.reporter) : null,
          lon,
          lat,
          grid_id: grid.id,
          grid_path: grid.path,
          reported_at: reportedAt,
        },
        { user: currentUser(c), ip: clientIp(c) },
      ),
    )
    await audit(db, c, 'issue.report', `issue:${row.id}`, { category: row.category, gridId: row.grid_id })
    return c.json(toFeature(row.id, point(row), issueDetail(row, now)), 201)
  })

