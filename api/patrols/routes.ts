import { createRoute, z } from '@hono/zod-openapi'
import { parseBbox, toCollection, toFeature } from '../geojson.ts'
import { createRouter } from '../http/router.ts'
import { BboxQuery, errorResponse, featureCollectionSchema, json } from '../http/schemas.ts'
import { bboxIntersects, inGrid } from '../http/sql.ts'

const PatrolProperties = z.object({
  id: z.number().int(),
  worker: z.object({ name: z.string(), phone: z.string() }),
  gridId: z.number().int(),
  startedAt: z.string().datetime(),
  endedAt: z.string().datetime(),
  lengthM: z.number(),
  fixes: z.number().int(),
})

const list = createRoute({
  method: 'get',
  path: '/patrols',
  tags: ['patrols'],
  summary: 'Recorded GPS patrol tracks of grid workers',
  request: {
    query: z.object({
      bbox: BboxQuery,
      grid: z.coerce.number().int().positive().optional(),
      from: z.string().datetime({ offset: true }).optional(),
      to: z.string().datetime({ offset: true }).optional(),
      times: z.enum(['true', 'false']).optional().openapi({ description: 'Include the per-fix epoch-ms times array' }),
    }),
  },
  responses: { 200: json(featureCollectionSchema('PatrolCollection', PatrolProperties), 'Patrol tracks'), 400: errorResponse('Bad query') },
})

export const patrolRoutes = createRouter().openapi(list, async (c) => {
  const { bbox, grid, from, to, times } = c.req.valid('query')
  let q = c.get('db').selectFrom('patrols').selectAll().orderBy('started_at').orderBy('id')
  if (bbox) q = q.where(bboxIntersects(parseBbox(bbox)))
  if (grid) q = q.where(inGrid(grid))
  if (from) q = q.where('started_at', '>=', new Date(from))
  if (to) q = q.where('started_at', '<', new Date(to))
  const rows = await q.execute()
  return c.json(
    toCollection(
      rows.map((r) =>
        toFeature(r.id, r.geom, {
          id: r.id,
          worker: r.worker,
          gridId: r.grid_id,
          startedAt: r.started_at.toISOString(),
          endedAt: r.ended_at.toISOString(),
          lengthM: Math.round(r.length_m),
          fixes: r.times.length,
          ...(times === 'true' ? { times: r.times } : {}),
        }),
      ),
    ),
    200,
  )
})
