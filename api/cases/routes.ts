import { createRoute, z } from '@hono/zod-openapi'
import { clientIp } from '../auth/request-info.ts'
import { sql } from 'kysely'
import { badRequest, notFound } from '../errors.ts'
import { createRouter } from '../http/router.ts'
import { errorResponse, IdParam, json } from '../http/schemas.ts'
import { inGrid } from '../http/sql.ts'
import { CATEGORY_CODES } from '../issues/categories.ts'
import { canRead, currentUser, readScope } from './access.ts'
import { DEPARTMENTS } from './departments.ts'
import { ACTIONS, availableActions, CASE_STATUS_LABELS, CASE_STATUSES, CLOSED_STATUSES, deriveState, REJECT_REASONS, TRANSITION_ACTIONS, type CaseAction } from './lifecycle.ts'
import { caseDetail, caseLog, caseSummary, duplicateCandidates, findCase, timeline } from './repository.ts'
import { applyTransition, reportCase } from './transition.ts'

const CaseSummarySchema = z
  .object({
    id: z.number().int(),
    category: z.string(),
    status: z.enum(CASE_STATUSES),
    description: z.string(),
    lon: z.number(),
    lat: z.number(),
    gridId: z.number().int(),
    gridPath: z.array(z.number().int()),
    department: z.string().nullable(),
    reportedAt: z.string(),
    deadlineAt: z.string().nullable(),
    closedAt: z.string().nullable(),
    open: z.boolean(),
    overdue: z.boolean(),
    version: z.number().int(),
    recurrenceOf: z.number().int().nullable(),
    mergedInto: z.number().int().nullable(),
  })
  .openapi('CaseSummary')

const DuplicateSchema = CaseSummarySchema.extend({ distanceM: z.number() }).openapi('DuplicateCandidate')

const PhotoRef = z.object({ id: z.number().int(), url: z.string(), thumbUrl: z.string(), takenAt: z.string().nullable(), lon: z.number().nullable(), lat: z.number().nullable() }).passthrough()

const UpdateSchema = z
  .object({
    seq: z.number().int(),
    action: z.string(),
    fromStatus: z.string().nullable(),
    toStatus: z.string(),
    at: z.string(),
    actor: z.object({ id: z.number().int().nullable(), name: z.string().nullable(), role: z.string() }),
    note: z.string().nullable(),
    details: z.record(z.string(), z.unknown()).nullable(),
    photos: z.array(PhotoRef),
  })
  .openapi('CaseUpdate')

const CaseDetailSchema = CaseSummarySchema.extend({
  source: z.string(),
  reporter: z.unknown(),
  acceptedAt: z.string().nullable(),
  openedAt: z.string().nullable(),
  dispatchedAt: z.string().nullable(),
  handledAt: z.string().nullable(),
  verifiedAt: z.string().nullable(),
  reworkCount: z.number().int(),
  extensionPending: z.boolean(),
}).openapi('CaseDetail')

const ListQuery = z.object({
  status: z.string().optional().openapi({ description: `Comma list of ${CASE_STATUSES.join(', ')}, or open / overdue` }),
  category: z.string().optional(),
  grid: z.coerce.number().int().positive().optional(),
  department: z.string().optional(),
  from: z.string().optional().openapi({ description: 'reported at or after (ISO date)' }),
  to: z.string().optional().openapi({ description: 'reported before (ISO date)' }),
  q: z.string().max(100).optional().openapi({ description: 'description contains' }),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
})

const ReportBody = z
  .object({
    category: z.string().refine((c) => CATEGORY_CODES.has(c), { message: 'unknown category' }),
    description: z.string().trim().min(2).max(2000),
    lon: z.number().min(-180).max(180),
    lat: z.number().min(-90).max(90),
    photoIds: z.array(z.number().int().positive()).max(9).optional(),
    source: z.enum(['grid_worker', 'inspector', 'public', 'hotline']).optional(),
    reportedAt: z.string().datetime({ offset: true }).optional(),
  })
  .openapi('CaseReport')

const TransitionBody = z
  .object({
    action: z.enum(TRANSITION_ACTIONS as [CaseAction, ...CaseAction[]]),
    note: z.string().max(2000).optional(),
    photoIds: z.array(z.number().int().positive()).max(9).optional(),
    department: z.string().optional(),
    reason: z.string().max(500).optional(),
    extension: z.object({ value: z.number().int(), unit: z.enum(['working_hours', 'working_days']) }).optional(),
    mergeInto: z.number().int().optional(),
    expectedVersion: z.number().int().min(0).optional(),
  })
  .openapi('CaseTransition')

const STATUS_OR_PSEUDO = new Set<string>([...CASE_STATUSES, 'open', 'overdue'])

function parseDate(text: string, field: string): Date {
  const d = /^\d{4}-\d{2}-\d{2}/.test(text) ? new Date(text) : new Date(Number.NaN)
  if (Number.isNaN(d.getTime())) throw badRequest('invalid_date', `${field} must be an ISO date or date-time; got "${text}"`, { [field]: text })
  return d
}

const workflow = createRoute({
  method: 'get',
  path: '/cases/workflow',
  tags: ['cases'],
  summary: 'The workflow: statuses, actions (from, to, roles, needs), departments, reject reasons',
  responses: { 200: json(z.record(z.string(), z.unknown()), 'The workflow tables') },
})

const list = createRoute({
  method: 'get',
  path: '/cases',
  tags: ['cases'],
  summary: 'Cases in the caller’s scope, newest first',
  request: { query: ListQuery },
  responses: { 200: json(z.object({ total: z.number().int(), cases: z.array(CaseSummarySchema) }), 'A page of cases'), 400: errorResponse('Bad filter') },
})

const detail = createRoute({
  method: 'get',
  path: '/cases/{id}',
  tags: ['cases'],
  summary: 'One case with its timeline and the actions the caller may take now',
  request: { params: IdParam },
  responses: {
    200: json(
      z.object({
        case: CaseDetailSchema,
        timeline: z.array(UpdateSchema),
        actions: z.array(z.string()),
        recurrences: z.array(z.number().int()),
        duplicates: z.array(z.number().int()),
        duplicateCandidates: z.array(DuplicateSchema),
      }),
      'The case',
    ),
    404: errorResponse('No such case, or not visible to the caller'),
  },
})

const report = createRoute({
  method: 'post',
  path: '/cases',
  tags: ['cases'],
  summary: 'Report a case at a point (上报); suggests open duplicates nearby',
  request: { body: { content: { 'application/json': { schema: ReportBody } }, required: true } },
  responses: {
    201: json(z.object({ case: CaseDetailSchema, duplicates: z.array(DuplicateSchema) }), 'The new case and likely duplicates'),
    400: errorResponse('Bad input'),
    403: errorResponse('Role may not report, or the point is outside the caller’s grids'),
    422: errorResponse('The point lies outside every grid'),
  },
})

const move = createRoute({
  method: 'post',
  path: '/cases/{id}/transitions',
  tags: ['cases'],
  summary: 'Take an action on a case (受理, 立案, 派遣, …): see docs/cases-api.md',
  request: { params: IdParam, body: { content: { 'application/json': { schema: TransitionBody } }, required: true } },
  responses: {
    200: json(z.object({ case: CaseDetailSchema, update: UpdateSchema }), 'The case after the action'),
    201: json(z.object({ case: CaseDetailSchema, update: UpdateSchema, original: CaseDetailSchema }), 'reopen: the new recurrence case'),
    400: errorResponse('Missing or bad input for the action'),
    403: errorResponse('Role may not take the action, or the case is out of scope'),
    404: errorResponse('No such case'),
    409: errorResponse('illegal_transition, version_conflict or merge_target_invalid'),
  },
})

export const caseRoutes = createRouter()
  .openapi(workflow, (c) => {
    currentUser(c)
    return c.json(
      {
        statuses: CASE_STATUSES.map((code) => ({ code, ...CASE_STATUS_LABELS[code] })),
        actions: Object.entries(ACTIONS).map(([code, a]) => ({ code, zh: a.zh, en: a.en, from: [...a.from], to: a.to, roles: [...a.roles], needs: [...a.needs] })),
        departments: DEPARTMENTS.map((d) => ({ ...d, categories: [...d.categories] })),
        rejectReasons: [...REJECT_REASONS],
      },
      200,
    )
  })
  .openapi(list, async (c) => {
    const user = currentUser(c)
    const query = c.req.valid('query')
    const db = c.get('db')
    const now = new Date()
    let q = db.selectFrom('issues').where(readScope(user))
    if (query.status) {
      const wanted = query.status.split(',').map((s) => s.trim())
      const unknown = wanted.filter((s) => !STATUS_OR_PSEUDO.has(s))
      if (unknown.length) throw badRequest('unknown_status', `unknown status ${unknown.join(', ')}`, { unknown, expected: [...STATUS_OR_PSEUDO] })
      const statuses = wanted.filter((s) => s !== 'open' && s !== 'overdue')
      const closed = sql.join(CLOSED_STATUSES as string[])
      const alternatives = [
        ...(statuses.length ? [sql<boolean>`status in (${sql.join(statuses)})`] : []),
        ...(wanted.includes('open') ? [sql<boolean>`status not in (${closed})`] : []),
        ...(wanted.includes('overdue') ? [sql<boolean>`(status not in (${closed}) and deadline_at < ${now})`] : []),
      ]
      q = q.where(sql<boolean>`(${sql.join(alternatives, sql` or `)})`)
    }
    if (query.category) {
      const cats = query.category.split(',').map((s) => s.trim())
      const unknown = cats.filter((s) => !CATEGORY_CODES.has(s))
      if (unknown.length) throw badRequest('unknown_category', `unknown category ${unknown.join(', ')}`, { unknown })
      q = q.where('category', 'in', cats)
    }
    if (query.grid) q = q.where(inGrid(query.grid))
    if (query.department) q = q.where('department', '=', query.department)
    if (query.from) q = q.where('reported_at', '>=', parseDate(query.from, 'from'))
    if (query.to) q = q.where('reported_at', '<', parseDate(query.to, 'to'))
    if (query.q) q = q.where('description', 'like', `%${query.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`)
    const [{ total }, rows] = await Promise.all([
      q.select(sql<number>`count(*)::int`.as('total')).executeTakeFirstOrThrow(),
      q.selectAll().orderBy('reported_at', 'desc').orderBy('id', 'desc').limit(query.limit).offset(query.offset).execute(),
    ])
    return c.json({ total, cases: rows.map((r) => caseSummary(r, now)) }, 200)
  })
  .openapi(detail, async (c) => {
    const user = currentUser(c)
    const { id } = c.req.valid('param')
    const db = c.get('db')
    const row = await findCase(db, id)
    if (!row || !canRead(user, row)) throw notFound('case', id)
    const now = new Date()
    const log = await caseLog(db, id)
    const state = deriveState(log)
    const linked = await db.selectFrom('issues').select(['id', 'recurrence_of', 'merged_into']).where((eb) => eb.or([eb('recurrence_of', '=', id), eb('merged_into', '=', id)])).execute()
    const candidates =
      row.status === 'reported' || row.status === 'accepted'
        ? await duplicateCandidates(db, { id, category: row.category, lon: row.lon, lat: row.lat, at: row.reported_at }, readScope(user))
        : []
    return c.json(
      {
        case: caseDetail(row, now),
        timeline: await timeline(db, log),
        actions: availableActions(state, user.role),
        recurrences: linked.filter((r) => r.recurrence_of === id).map((r) => r.id),
        duplicates: linked.filter((r) => r.merged_into === id).map((r) => r.id),
        duplicateCandidates: candidates.map((d) => ({ ...caseSummary(d.row, now), distanceM: Math.round(d.distanceM * 10) / 10 })),
      },
      200,
    )
  })
  .openapi(report, async (c) => {
    const user = currentUser(c)
    const body = c.req.valid('json')
    const now = new Date()
    const reportedAt = body.reportedAt ? new Date(body.reportedAt) : now
    if (reportedAt.getTime() > now.getTime() + 5 * 60_000) throw badRequest('reported_in_future', `reportedAt ${body.reportedAt} is in the future`, { reportedAt: body.reportedAt })
    const db = c.get('db')
    const row = await reportCase(db, { ...body, reportedAt }, { user, ip: clientIp(c) }, now)
    const duplicates = await duplicateCandidates(db, { id: row.id, category: row.category, lon: row.lon, lat: row.lat, at: row.reported_at }, readScope(user))
    return c.json({ case: caseDetail(row, now), duplicates: duplicates.map((d) => ({ ...caseSummary(d.row, now), distanceM: Math.round(d.distanceM * 10) / 10 })) }, 201)
  })
  .openapi(move, async (c) => {
    const user = currentUser(c)
    const { id } = c.req.valid('param')
    const body = c.req.valid('json')
    const now = new Date()
    const db = c.get('db')
    const { row, update, created } = await applyTransition(db, id, body, { user, ip: clientIp(c) }, now)
    const [entry] = await timeline(db, [update])
    if (created) return c.json({ case: caseDetail(created, now), update: entry, original: caseDetail(row, now) }, 201)
    return c.json({ case: caseDetail(row, now), update: entry }, 200)
  })

