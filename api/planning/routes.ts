import { createRoute, z } from '@hono/zod-openapi'
import { audit, currentUser } from '../auth/guard.ts'
import { createRouter } from '../http/router.ts'
import { errorResponse, IdParam, json } from '../http/schemas.ts'
import { checkEdit } from './check.ts'
import { changeSet, history, rollbackChangeSet } from './history.ts'
import { impact } from './impact.ts'
import { ChangeSchema, EditSchema, RollbackSchema, ValidateResponse } from './schemas.ts'
import { applyGridChanges } from './service.ts'

const body = <S extends z.ZodTypeAny>(schema: S) => ({ body: { content: { 'application/json': { schema } }, required: true } })
const anyJson = (description: string) => json(z.any(), description)

const validate = createRoute({
  method: 'post',
  path: '/planning/validate',
  tags: ['planning'],
  summary: 'Problems of a grid edit: the parent’s children after it must tile the parent (全覆盖、无缝隙)',
  description:
    'Siblings = the children of parentId at level, with the edited grids replacing theirs, the removed ones dropped and the new ones (id null) added. ' +
    'Problems: empty, self_intersection, invalid_ring, outside_parent, overlap, gap, sliver (< 500 m² or mean width < 3 m), each with the grids at fault, ' +
    'a Chinese and an English message and the offending geometry. Writes nothing.',
  request: body(EditSchema),
  responses: {
    200: json(ValidateResponse, 'ok and the problems (empty when ok)'),
    400: errorResponse('Malformed edit'),
    404: errorResponse('No such parent grid'),
  },
})

const impactRoute = createRoute({
  method: 'post',
  path: '/planning/impact',
  tags: ['planning'],
  summary: 'What a grid edit would move: buildings, households, compounds, kiosks, facilities, open cases and patrol tracks, from which grid to which',
  description: 'moves (kind, fromGridId, toGridId, count, ids), persons (each grid’s leader with what they gain and lose), summary {zh, en}, features (the moved objects as points). Writes nothing.',
  request: body(EditSchema),
  responses: { 200: anyJson('The impact'), 400: errorResponse('Malformed edit'), 404: errorResponse('No such parent grid') },
})

const save = createRoute({
  method: 'post',
  path: '/planning/changes',
  tags: ['planning'],
  summary: 'Save a grid edit as a change set with an effective date (planner, admin)',
  description:
    'Validated again (422 topology_invalid with details.problems), checked against baseVersions (409 version_conflict with details.changed: who, when, why). ' +
    'Descendants of redrawn grids follow them. In force at once when effectiveDate is today or past (China date), else by the planning sweep on that date. Nothing is written on refusal.',
  request: body(ChangeSchema),
  responses: {
    201: anyJson('{ changeSetId, effectiveDate, applied, grids: [{id, version}] }'),
    400: errorResponse('Malformed edit'),
    404: errorResponse('No such parent grid'),
    409: errorResponse('version_conflict'),
    422: errorResponse('topology_invalid'),
  },
})

const historyRoute = createRoute({
  method: 'get',
  path: '/planning/history',
  tags: ['planning'],
  summary: 'Change sets touching a grid (or all), newest first: who, when, why, effective date, source',
  request: { query: z.object({ grid: z.coerce.number().int().positive().optional(), limit: z.coerce.number().int().min(1).max(1000).optional() }) },
  responses: { 200: anyJson('Change sets') },
})

const detail = createRoute({
  method: 'get',
  path: '/planning/changes/{id}',
  tags: ['planning'],
  summary: 'One change set with before and after FeatureCollections (visual diff)',
  request: { params: IdParam },
  responses: { 200: anyJson('The change set'), 404: errorResponse('No such change set') },
})

const rollback = createRoute({
  method: 'post',
  path: '/planning/changes/{id}/rollback',
  tags: ['planning'],
  summary: 'Roll a change set back: a new change set restoring what it replaced (validated and version-checked)',
  request: { params: IdParam, ...body(RollbackSchema) },
  responses: {
    201: anyJson('{ changeSetId, effectiveDate, applied, grids }'),
    404: errorResponse('No such change set'),
    409: errorResponse('version_conflict (a grid changed since) or not_in_force'),
    422: errorResponse('topology_invalid'),
  },
})

const actorOf = (c: Parameters<typeof currentUser>[0]) => {
  const u = currentUser(c)
  return { id: u.id, username: u.name ? `${u.name} (${u.username})` : u.username, role: u.role }
}

export const planningRoutes = createRouter()
  .openapi(validate, async (c) => {
    const { problems } = await checkEdit(c.get('db'), c.req.valid('json') as never)
    return c.json({ ok: problems.length === 0, problems } as never, 200)
  })
  .openapi(impactRoute, async (c) => c.json((await impact(c.get('db'), c.req.valid('json') as never)) as never, 200))
  .openapi(save, async (c) => {
    const input = c.req.valid('json')
    const db = c.get('db')
    const result = await applyGridChanges(db, { ...(input as never as Parameters<typeof applyGridChanges>[1]), source: 'editor' }, actorOf(c))
    await audit(db, c, 'planning.save', `change_set:${result.changeSetId}`, { parentId: input.parentId, level: input.level, effectiveDate: input.effectiveDate, reason: input.reason, grids: result.grids.map((g) => g.id) })
    return c.json(result as never, 201)
  })
  .openapi(historyRoute, async (c) => {
    const { grid, limit } = c.req.valid('query')
    return c.json((await history(c.get('db'), grid, limit)) as never, 200)
  })
  .openapi(detail, async (c) => c.json((await changeSet(c.get('db'), c.req.valid('param').id)) as never, 200))
  .openapi(rollback, async (c) => {
    const { id } = c.req.valid('param')
    const input = c.req.valid('json')
    const db = c.get('db')
    const result = await rollbackChangeSet(db, id, input, actorOf(c))
    await audit(db, c, 'planning.rollback', `change_set:${result.changeSetId}`, { rollbackOf: id, reason: input.reason, effectiveDate: input.effectiveDate })
    return c.json(result as never, 201)
  })
