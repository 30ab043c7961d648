import { createRoute, z } from '@hono/zod-openapi'
import { sql } from 'kysely'
import { currentUser, scopeFilter } from '../../auth/guard.ts'
import { RENOVATION_SCOPE, RENOVATION_STATUSES } from '../../db/tables/renovation.table.ts'
import { featureCollectionText, jsonObject, jsonText } from '../../http/features.ts'
import { createRouter } from '../../http/router.ts'
import { IdParam, errorResponse, featureCollectionSchema, json } from '../../http/schemas.ts'
import { changeStatus, createRenovation, getRenovation, listRenovations } from './renovations.ts'

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date like 2026-05-01').refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'not a calendar date')
const Status = z.enum(RENOVATION_STATUSES)
const ScopeItem = z.enum(RENOVATION_SCOPE)

const RenovationSchema = z
  .object({
    id: z.number().int(),
    compoundId: z.number().int(),
    compoundName: z.string(),
    gridId: z.number().int(),
    streetId: z.number().int(),
    communityId: z.number().int(),
    name: z.string(),
    year: z.number().int(),
    status: Status,
    scope: z.array(ScopeItem),
    plannedStart: z.string(),
    plannedEnd: z.string(),
    startedAt: z.string().nullable(),
    completedAt: z.string().nullable(),
    acceptedAt: z.string().nullable(),
    budget: z.number().nullable().openapi({ description: 'yuan' }),
    note: z.string().nullable(),
    households: z.number().int(),
    old: z.boolean(),
  })
  .openapi('Renovation')

const Filter = z.object({
  grid: z.coerce.number().int().positive().optional().openapi({ description: 'Only projects in this grid (any level)' }),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  status: Status.optional(),
})

const list = createRoute({
  method: 'get',
  path: '/civ/renovations',
  tags: ['civ'],
  summary: 'Old-compound renovation projects (老旧小区综合整治) in the caller’s grids',
  request: { query: Filter },
  responses: { 200: json(z.array(RenovationSchema), 'Projects by planned start'), 400: errorResponse('Bad query') },
})

const map = createRoute({
  method: 'get',
  path: '/civ/renovations/map',
  tags: ['civ'],
  summary: 'Compounds with a renovation project, as GeoJSON (feature id = compound id), for the map layer',
  request: { query: Filter },
  responses: {
    200: json(
      featureCollectionSchema(
        'RenovationCollection',
        z.object({ id: z.number().int(), renovationId: z.number().int(), name: z.string(), compoundName: z.string(), status: Status, year: z.number().int(), scope: z.array(ScopeItem) }),
      ),
      'Compounds with a project',
    ),
    400: errorResponse('Bad query'),
  },
})

const detail = createRoute({
  method: 'get',
  path: '/civ/renovations/{id}',
  tags: ['civ'],
  summary: 'One renovation project',
  request: { params: IdParam },
  responses: { 200: json(RenovationSchema, 'The project'), 404: errorResponse('No such project in the caller’s grids') },
})

const create = createRoute({
  method: 'post',
  path: '/civ/renovations',
  tags: ['civ'],
  summary: 'Plan a renovation project for a compound (one per compound and year)',
  request: {
    body: {
      content: {
        'application/json': {
          schema: z.object({
            compoundId: z.number().int().positive(),
            name: z.string().trim().max(200).optional(),
            year: z.number().int().min(2000).max(2100).optional().openapi({ description: 'default: the planned start’s year' }),
            scope: z.array(ScopeItem).min(1, 'at least one scope item'),
            plannedStart: Day,
            plannedEnd: Day,
            budget: z.number().nonnegative().nullable().optional(),
            note: z.string().max(2000).nullable().optional(),
          }),
        },
      },
    },
  },
  responses: {
    201: json(RenovationSchema, 'The new project'),
    400: errorResponse('Invalid body'),
    403: errorResponse('Compound outside the caller’s grids'),
    409: errorResponse('The compound already has a project that year (duplicate_project)'),
    422: errorResponse('unknown_compound, invalid_dates'),
  },
})

const status = createRoute({
  method: 'post',
  path: '/civ/renovations/{id}/status',
  tags: ['civ'],
  summary: 'Move a project one step forward: planned → design → construction → completed → accepted',
  description: 'construction records started_at, completed completed_at, accepted accepted_at (the given date, default today; never in the future, never before the previous step).',
  request: {
    params: IdParam,
    body: { content: { 'application/json': { schema: z.object({ status: Status, date: Day.optional(), note: z.string().max(2000).nullable().optional() }) } } },
  },
  responses: {
    200: json(RenovationSchema, 'The project after the step'),
    400: errorResponse('Invalid body'),
    403: errorResponse('Outside the caller’s grids'),
    404: errorResponse('No such project'),
    409: errorResponse('Not the next step (invalid_transition)'),
    422: errorResponse('future_date, invalid_dates'),
  },
})

export const renovationRoutes = createRouter()
  .openapi(list, async (c) => c.json(await listRenovations(c.get('db'), currentUser(c), c.req.valid('query')), 200))
  .openapi(map, async (c) => {
    const { grid, year, status: st } = c.req.valid('query')
    const db = c.get('db')
    const user = currentUser(c)
    let q = db
      .selectFrom('civ_renovations as r')
      .innerJoin('compounds as c', 'c.id', 'r.compound_id')
      .select([
        'c.id as id',
        'c.geom as geometry',
        jsonObject({ id: 'c.id', renovationId: 'r.id', name: 'r.name', compoundName: 'c.name', status: 'r.status', year: 'r.year', scope: sql`to_json(r.scope)` }).as('properties'),
      ])
      .where(scopeFilter({ ...user, categories: null }, { path: 'c.grid_path' }))
    if (grid) q = q.where(sql<boolean>`c.grid_path @> array[${grid}]::integer[]`)
    // one feature per compound: the latest year's project unless a year is asked for
    q = year ? q.where('r.year', '=', year) : q.where(sql<boolean>`r.year = (select max(r2.year) from civ_renovations r2 where r2.compound_id = r.compound_id)`)
    if (st) q = q.where('r.status', '=', st)
    return jsonText(await featureCollectionText(db, q))
  })
  .openapi(detail, async (c) => c.json(await getRenovation(c.get('db'), currentUser(c), c.req.valid('param').id), 200))
  .openapi(create, async (c) => c.json(await createRenovation(c.get('db'), currentUser(c), c.req.valid('json')), 201))
  .openapi(status, async (c) => c.json(await changeStatus(c.get('db'), currentUser(c), c.req.valid('param').id, c.req.valid('json')), 200))
