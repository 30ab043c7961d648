import { createRoute, z } from '@hono/zod-openapi'
import { sql } from 'kysely'
import { currentUser, inScope } from '../../auth/guard.ts'
import { clientIp } from '../../auth/request-info.ts'
import { ApiError, badRequest, notFound } from '../../errors.ts'
import { createRouter } from '../../http/router.ts'
import { errorResponse, IdParam, json } from '../../http/schemas.ts'
import { checklistItems } from '../standard/checklists.ts'
import { batchReport } from './report.ts'
import { createMockBatch, drawSample } from './mock.ts'
import { assessmentPoints, pointById, POINT_TYPES, scopeRoot } from './points.ts'
import { startInspection, submitInspection } from './submit.ts'
import { insertTasks, requireInspector, taskSummary, visibleTask } from './tasks.ts'

/**
 * Inspections (issue 7): scheduled inspections (定期督查) and unannounced visits (不定期暗访)
 * scored on the phone, and mock assessments (模拟测评) sampled across a scope. See
 * docs/inspections.md.
 */

const PointType = z.enum(['compound', 'street', 'market', 'practice_station'])
const Kind = z.enum(['scheduled', 'unannounced', 'mock'])
const Obj = z.record(z.string(), z.unknown())
const coord = { lon: z.number().min(-180).max(180), lat: z.number().min(-90).max(90) }

const TaskSchema = z
  .object({
    id: z.number().int(),
    kind: Kind,
    batchId: z.number().int().nullable(),
    pointType: PointType,
    compoundId: z.number().int().nullable(),
    facilityId: z.number().int().nullable(),
    roadId: z.number().int().nullable(),
    name: z.string(),
    lon: z.number(),
    lat: z.number(),
    gridId: z.number().int(),
    gridPath: z.array(z.number().int()),
    checklistId: z.number().int(),
    inspectorId: z.number().int(),
    status: z.enum(['assigned', 'in_progress', 'submitted']),
    due: z.string().nullable(),
    createdAt: z.string(),
    startedAt: z.string().nullable(),
    submittedAt: z.string().nullable(),
    score: z.number().nullable(),
    maxScore: z.number().nullable(),
    rate: z.number().nullable(),
    assessmentId: z.number().int().nullable(),
  })
  .openapi('InspectionTask')

const list = createRoute({
  method: 'get',
  path: '/civ/inspections',
  tags: ['inspections'],
  summary: 'Inspection tasks: an inspector’s own; other roles those in their scope',
  request: { query: z.object({ status: z.enum(['open', 'assigned', 'in_progress', 'submitted']).optional(), batch: z.coerce.number().int().positive().optional() }) },
  responses: { 200: json(z.object({ tasks: z.array(TaskSchema) }), 'Tasks, due first'), 400: errorResponse('Bad filter') },
})

const detail = createRoute({
  method: 'get',
  path: '/civ/inspections/{id}',
  tags: ['inspections'],
  summary: 'One task with its checklist items and, once submitted, its results and the cases they opened',
  request: { params: IdParam },
  responses: { 200: json(z.object({ task: TaskSchema, checklist: Obj, items: z.array(Obj), results: z.array(Obj) }), 'The task'), 404: errorResponse('No such task, or not visible') },
})

const CreateBody = z
  .object({
    kind: z.enum(['scheduled', 'unannounced']),
    pointType: PointType,
    pointId: z.number().int().positive().openapi({ description: 'compound id, facility id (market / practice station) or road id (street)' }),
    inspectorId: z.number().int().positive().optional().openapi({ description: 'default: the caller (an inspector)' }),
    due: z.string().datetime({ offset: true }).optional(),
  })
  .openapi('InspectionCreate')

const create = createRoute({
  method: 'post',
  path: '/civ/inspections',
  tags: ['inspections'],
  summary: 'Assign an inspection (定期督查) or start an unannounced visit (不定期暗访) at a point',
  request: { body: { content: { 'application/json': { schema: CreateBody } }, required: true } },
  responses: {
    201: json(z.object({ task: TaskSchema }), 'The task'),
    400: errorResponse('Bad input'),
    403: errorResponse('Role may not assign'),
    404: errorResponse('No such point'),
    422: errorResponse('Not an inspector, no active checklist, or the point is outside the inspector’s grids'),
  },
})

const start = createRoute({
  method: 'post',
  path: '/civ/inspections/{id}/start',
  tags: ['inspections'],
  summary: 'The inspector opens the task (assigned → in_progress)',
  request: { params: IdParam },
  responses: { 200: json(z.object({ task: TaskSchema }), 'The task'), 403: errorResponse('Another inspector’s task'), 404: errorResponse('No such task') },
})

const ItemResult = z.object({
  itemId: z.number().int().positive(),
  passed: z.boolean().nullable(),
  note: z.string().max(1000).nullable().optional(),
  photoIds: z.array(z.number().int().positive()).max(9).optional(),
  ...{ lon: coord.lon.nullable().optional(), lat: coord.lat.nullable().optional() },
})
const SubmitBody = z
  .object({
    position: z.object({ ...coord, source: z.enum(['gps', 'map']) }).nullable().optional(),
    results: z.array(ItemResult).min(1).max(200),
  })
  .openapi('InspectionSubmit')

const submit = createRoute({
  method: 'post',
  path: '/civ/inspections/{id}/submit',
  tags: ['inspections'],
  summary: 'Submit the scores: a compound’s assessment is recorded and every failed item opens a case — all or nothing',
  request: { params: IdParam, body: { content: { 'application/json': { schema: SubmitBody } }, required: true } },
  responses: {
    200: json(z.object({ task: TaskSchema, cases: z.array(Obj), compoundStatus: z.string().nullable() }), 'Submitted'),
    400: errorResponse('Bad results (unknown or missing item, failure without evidence, unknown photo)'),
    403: errorResponse('Another inspector’s task, or outside the caller’s grids'),
    404: errorResponse('No such task'),
    409: errorResponse('Already submitted'),
  },
})

const points = createRoute({
  method: 'get',
  path: '/civ/inspection-points',
  tags: ['inspections'],
  summary: 'Points an inspection can score (compounds, streets, markets, practice stations) under a grid; default the caller’s grids',
  request: { query: z.object({ scope: z.coerce.number().int().positive().optional(), type: PointType.optional() }) },
  responses: { 200: json(z.object({ type: z.literal('FeatureCollection'), features: z.array(Obj) }), 'Points'), 400: errorResponse('No scope') },
})

const SampleQuery = z.object({
  scope: z.coerce.number().int().positive(),
  n: z.coerce.number().int().min(1).max(500),
  seed: z.coerce.number().int().min(-2147483648).max(2147483647),
})

const sample = createRoute({
  method: 'get',
  path: '/civ/mock-batches/sample',
  tags: ['inspections'],
  summary: 'Preview a mock-assessment sample: n points stratified by community and point type (writes nothing)',
  request: { query: SampleQuery },
  responses: { 200: json(Obj, 'Candidates count, strata and the drawn points'), 400: errorResponse('Bad query'), 404: errorResponse('No such grid'), 422: errorResponse('n exceeds the candidates') },
})

const BatchBody = z
  .object({
    title: z.string().trim().min(2).max(100),
    scopeGridId: z.number().int().positive(),
    n: z.number().int().min(1).max(500),
    seed: z.number().int().min(-2147483648).max(2147483647).optional(),
    inspectorId: z.number().int().positive(),
    due: z.string().datetime({ offset: true }).optional(),
  })
  .openapi('MockBatchCreate')

const createBatch = createRoute({
  method: 'post',
  path: '/civ/mock-batches',
  tags: ['inspections'],
  summary: 'Start a mock assessment (模拟测评): draw the sample and assign one task per point',
  request: { body: { content: { 'application/json': { schema: BatchBody } }, required: true } },
  responses: {
    201: json(z.object({ batch: Obj, tasks: z.array(TaskSchema) }), 'The batch and its tasks'),
    400: errorResponse('Bad input'),
    403: errorResponse('Scope outside the caller’s grids'),
    404: errorResponse('No such grid'),
    422: errorResponse('n exceeds the candidates, not an inspector, or points outside the inspector’s grids'),
  },
})

const batches = createRoute({
  method: 'get',
  path: '/civ/mock-batches',
  tags: ['inspections'],
  summary: 'Mock assessments, newest first, with their progress',
  responses: { 200: json(z.object({ batches: z.array(Obj) }), 'Batches') },
})

const batch = createRoute({
  method: 'get',
  path: '/civ/mock-batches/{id}',
  tags: ['inspections'],
  summary: 'A mock assessment’s results: score rate per grid (level 0–3, default 2) and per item, failures as GeoJSON',
  request: { params: IdParam, query: z.object({ level: z.coerce.number().int().min(0).max(3).default(2) }) },
  responses: { 200: json(Obj, 'The report'), 404: errorResponse('No such batch') },
})

const inspectors = createRoute({
  method: 'get',
  path: '/civ/inspectors',
  tags: ['inspections'],
  summary: 'Inspectors whose grids lie in the caller’s scope, with the grid their grids share (for assigning tasks)',
  responses: { 200: json(z.object({ inspectors: z.array(Obj) }), 'Inspectors') },
})

export const inspectionRoutes = createRouter()
  .openapi(list, async (c) => {
    const user = currentUser(c)
    const { status, batch: batchId } = c.req.valid('query')
    let q = c.get('db').selectFrom('civ_inspections').selectAll()
    if (user.role === 'inspector') q = q.where('inspector_id', '=', user.id)
    else if (user.gridIds.length) q = q.where(sql<boolean>`grid_path && array[${sql.join(user.gridIds)}]::integer[]`)
    if (status === 'open') q = q.where('status', '!=', 'submitted')
    else if (status) q = q.where('status', '=', status)
    if (batchId) q = q.where('batch_id', '=', batchId)
    const rows = await q.orderBy(sql`status = 'submitted'`).orderBy(sql`due asc nulls last`).orderBy('id').limit(500).execute()
    return c.json({ tasks: rows.map(taskSummary) }, 200)
  })
  .openapi(inspectors, async (c) => {
    const user = currentUser(c)
    const db = c.get('db')
    const rows = await db.selectFrom('users').select(['id', 'username', 'name', 'grid_ids']).where('role', '=', 'inspector').where('disabled', '=', false).orderBy('id').execute()
    const out = []
    for (const r of rows) {
      const root = await scopeRoot(db, r.grid_ids)
      const path = root ? (await db.selectFrom('grids').select('path').where('id', '=', root).executeTakeFirst())?.path ?? [] : []
      if (user.gridIds.length === 0 || inScope(user, path)) out.push({ id: r.id, username: r.username, name: r.name, scopeGridId: root })
    }
    return c.json({ inspectors: out }, 200)
  })
  .openapi(points, async (c) => {
    const user = currentUser(c)
    const db = c.get('db')
    const { scope, type } = c.req.valid('query')
    const root = scope ?? (await scopeRoot(db, user.gridIds))
    if (!root) throw badRequest('scope_required', 'Name a grid: ?scope=<grid id>', null)
    const all = await assessmentPoints(db, root, type ? [type] : POINT_TYPES)
    const features = all.features.filter((f) => inScope(user, f.properties.gridPath))
    return c.json({ type: 'FeatureCollection' as const, features }, 200)
  })
  .openapi(detail, async (c) => {
    const user = currentUser(c)
    const db = c.get('db')
    const task = await visibleTask(db, c.req.valid('param').id, user)
    const checklist = await db.selectFrom('civ_checklists').selectAll().where('id', '=', task.checklist_id).executeTakeFirstOrThrow()
    const items = await checklistItems(db, task.checklist_id)
    const results = await db.selectFrom('civ_inspection_results').selectAll().where('inspection_id', '=', task.id).orderBy('item_id').execute()
    return c.json(
      {
        task: taskSummary(task),
        checklist: { id: checklist.id, kind: checklist.kind, version: checklist.version, title: checklist.title, titleEn: checklist.title_en },
        items: items.map((i) => ({
          id: i.id,
          group: i.groupKey,
          code: i.code,
          text: i.text,
          textEn: i.textEn,
          weight: i.weight,
          method: i.method,
          auto: i.autoSource !== null,
          caseCategory: i.caseCategory,
        })),
        results: results.map((r) => ({ itemId: r.item_id, passed: r.passed, note: r.note, photoIds: r.photo_ids, lon: r.lon, lat: r.lat, caseId: r.case_id })),
      },
      200,
    )
  })
  .openapi(create, async (c) => {
    const user = currentUser(c)
    const db = c.get('db')
    const body = c.req.valid('json')
    const inspectorId = body.inspectorId ?? user.id
    if (user.role === 'inspector' && inspectorId !== user.id) throw new ApiError(403, 'forbidden', 'An inspector assigns tasks only to themselves', { inspectorId })
    const point = await pointById(db, body.pointType, body.pointId)
    if (!inScope(user, point.properties.gridPath)) throw new ApiError(403, 'out_of_scope', `${point.properties.name} lies outside the grids of ${user.username}`, { gridId: point.properties.gridId })
    const [task] = await db.transaction().execute(async (trx) => {
      const inspector = await requireInspector(trx, inspectorId)
      return insertTasks(trx, [{ kind: body.kind, point, inspector, due: body.due ? new Date(body.due) : null, batchId: null, createdBy: user.id }], new Date())
    })
    return c.json({ task: taskSummary(task!) }, 201)
  })
  .openapi(start, async (c) => {
    const task = await startInspection(c.get('db'), c.req.valid('param').id, { user: currentUser(c), ip: clientIp(c) })
    return c.json({ task: taskSummary(task) }, 200)
  })
  .openapi(submit, async (c) => {
    const out = await submitInspection(c.get('db'), c.req.valid('param').id, c.req.valid('json'), { user: currentUser(c), ip: clientIp(c) })
    return c.json({ task: taskSummary(out.task), cases: out.cases, compoundStatus: out.compoundStatus }, 200)
  })
  .openapi(sample, async (c) => {
    const user = currentUser(c)
    const q = c.req.valid('query')
    const db = c.get('db')
    const grid = await db.selectFrom('grids').select('path').where('id', '=', q.scope).executeTakeFirst()
    if (grid && !inScope(user, grid.path)) throw new ApiError(403, 'out_of_scope', `Grid ${q.scope} lies outside the caller’s grids`, { scope: q.scope })
    const { candidates, sample: drawn } = await drawSample(db, { scopeGridId: q.scope, n: q.n, seed: q.seed })
    return c.json({ scope: q.scope, n: q.n, seed: q.seed, candidates, strata: drawn.strata, points: { type: 'FeatureCollection', features: drawn.features } }, 200)
  })
  .openapi(createBatch, async (c) => {
    const user = currentUser(c)
    const body = c.req.valid('json')
    const db = c.get('db')
    const grid = await db.selectFrom('grids').select('path').where('id', '=', body.scopeGridId).executeTakeFirst()
    if (grid && !inScope(user, grid.path)) throw new ApiError(403, 'out_of_scope', `Grid ${body.scopeGridId} lies outside the caller’s grids`, { scope: body.scopeGridId })
    // an unseeded batch still records the seed it drew with, so it can be drawn again
    const seed = body.seed ?? Math.floor(Math.random() * 2 ** 31)
    const { batch: row, tasks } = await createMockBatch(db, { ...body, seed, due: body.due ? new Date(body.due) : null }, user.id)
    return c.json({ batch: { id: row.id, title: row.title, scopeGridId: row.scope_grid_id, n: row.n, seed: row.seed, strata: row.strata, inspectorId: row.inspector_id }, tasks: tasks.map(taskSummary) }, 201)
  })
  .openapi(batches, async (c) => {
    const user = currentUser(c)
    const db = c.get('db')
    const rows = await db
      .selectFrom('civ_mock_batches as b')
      .leftJoin('grid_records as g', 'g.id', 'b.scope_grid_id')
      .select(['b.id', 'b.title', 'b.scope_grid_id', 'b.n', 'b.seed', 'b.inspector_id', 'b.due', 'b.created_at', 'g.name', 'g.name_en', 'g.path'])
      .select((eb) => [
        eb.selectFrom('civ_inspections as t').select(eb.fn.countAll<number>().as('k')).whereRef('t.batch_id', '=', 'b.id').where('t.status', '=', 'submitted').as('submitted'),
      ])
      .orderBy('b.id', 'desc')
      .execute()
    const visible = rows.filter((r) => user.role === 'inspector' ? r.inspector_id === user.id : inScope(user, r.path ?? []))
    return c.json(
      {
        batches: visible.map((r) => ({
          id: r.id,
          title: r.title,
          scopeGridId: r.scope_grid_id,
          scopeName: r.name,
          scopeNameEn: r.name_en,
          n: r.n,
          seed: r.seed,
          inspectorId: r.inspector_id,
          due: r.due?.toISOString() ?? null,
          createdAt: r.created_at.toISOString(),
          submitted: Number(r.submitted ?? 0),
        })),
      },
      200,
    )
  })
  .openapi(batch, async (c) => {
    const user = currentUser(c)
    const { id } = c.req.valid('param')
    const db = c.get('db')
    const row = await db.selectFrom('civ_mock_batches as b').leftJoin('grid_records as g', 'g.id', 'b.scope_grid_id').select(['b.inspector_id', 'g.path']).where('b.id', '=', id).executeTakeFirst()
    if (!row || !(row.inspector_id === user.id || (user.role !== 'inspector' && inScope(user, row.path ?? [])))) throw notFound('mock batch', id)
    return c.json(await batchReport(db, id, c.req.valid('query').level as 0 | 1 | 2 | 3), 200)
  })
