import { createRoute, z } from '@hono/zod-openapi'
import { sql } from 'kysely'
import { canActOn, currentUser, readScope } from '../cases/access.ts'
import { caseSummary, duplicateCandidates } from '../cases/repository.ts'
import { featureCollectionText, jsonText } from '../http/features.ts'
import { createRouter } from '../http/router.ts'
import { errorResponse, json } from '../http/schemas.ts'
import { CATEGORY_CODES } from '../issues/categories.ts'
import { locateGrid } from '../issues/locate.ts'
import { gridFeatures } from '../grids/repository.ts'

/**
 * What the grid worker's phone screen asks before it acts: the grids of the caller's scope as
 * features (to outline "my grid"), and a pre-check of a report (which grid holds the point, is it
 * mine, which open cases of the same category nearby look like the same problem) so the worker
 * sees duplicates and "outside your grids" before submitting — POST /api/cases decides the same
 * way (locateGrid, canActOn, duplicateCandidates), so the answer cannot disagree with it.
 */

const scope = createRoute({
  method: 'get',
  path: '/mobile/scope',
  tags: ['mobile'],
  summary: 'The grids of the caller’s scope (their scope roots) as GeoJSON; empty for district-wide users',
  responses: { 200: json(z.object({ type: z.literal('FeatureCollection'), features: z.array(z.unknown()) }), 'Scope grids') },
})

const PrecheckQuery = z.object({
  category: z.string().refine((c) => CATEGORY_CODES.has(c), { message: 'unknown category' }),
  lon: z.coerce.number().min(-180).max(180),
  lat: z.coerce.number().min(-90).max(90),
})

const precheck = createRoute({
  method: 'get',
  path: '/mobile/precheck',
  tags: ['mobile'],
  summary: 'Before reporting: the level-3 grid at a point, whether the caller may report there, and likely duplicates',
  request: { query: PrecheckQuery },
  responses: {
    200: json(
      z.object({
        grid: z.object({ id: z.number().int(), name: z.string(), nameEn: z.string() }).nullable(),
        inScope: z.boolean(),
        duplicates: z.array(z.record(z.string(), z.unknown())),
      }),
      'The pre-check',
    ),
    400: errorResponse('Bad query'),
  },
})

export const mobileRoutes = createRouter()
  .openapi(scope, async (c) => {
    const user = currentUser(c)
    const db = c.get('db')
    if (user.gridIds.length === 0) return jsonText('{"type":"FeatureCollection","features":[]}')
    const q = gridFeatures(db, {}).where(sql<boolean>`id = any(${sql.val(user.gridIds)}::integer[])`)
    return jsonText(await featureCollectionText(db, q))
  })
  .openapi(precheck, async (c) => {
    const user = currentUser(c)
    const { category, lon, lat } = c.req.valid('query')
    const db = c.get('db')
    const now = new Date()
    const grid = await locateGrid(db, lon, lat)
    const inScope = grid !== null && canActOn(user, { grid_path: grid.path, department: null })
    const names = grid ? await db.selectFrom('grids').select(['name', 'name_en']).where('id', '=', grid.id).executeTakeFirstOrThrow() : null
    const duplicates = await duplicateCandidates(db, { category, lon, lat, at: now }, readScope(user))
    return c.json(
      {
        grid: grid && names ? { id: grid.id, name: names.name, nameEn: names.name_en } : null,
        inScope,
        duplicates: duplicates.map((d) => ({ ...caseSummary(d.row, now), distanceM: Math.round(d.distanceM * 10) / 10 })),
      },
      200,
    )
  })
