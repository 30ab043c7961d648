import { createRoute, z } from '@hono/zod-openapi'
import { sql } from 'kysely'
import { parseBbox } from '../geojson.ts'
import { featureCollectionText, jsonObject, jsonText } from '../http/features.ts'
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
  const db = c.get('db')
  const fields = {
    id: 'id',
    worker: 'worker',
    gridId: 'grid_id',
    startedAt: 'started_at',
    endedAt: 'ended_at',
    lengthM: sql`round(length_m)`,
    fixes: sql`jsonb_array_length(times)`,
    ...(times === 'true' ? { times: 'times' } : {}),
  }
  let q = db.selectFrom('patrols').select(['id', 'geom as geometry', jsonObject(fields).as('properties')])
  if (bbox) q = q.where(bboxIntersects(parseBbox(bbox)))
  if (grid) q = q.where(inGrid(grid))
  if (from) q = q.where('started_at', '>=', new Date(from))
  if (to) q = q.where('started_at', '<', new Date(to))
  return jsonText(await featureCollectionText(db, q))
})
