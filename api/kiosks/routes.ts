import { createRoute, z } from '@hono/zod-openapi'
import { parseBbox } from '../geojson.ts'
import { featureCollectionText, jsonObject, jsonText, pointGeometry } from '../http/features.ts'
import { createRouter } from '../http/router.ts'
import { BboxQuery, errorResponse, featureCollectionSchema, json } from '../http/schemas.ts'
import { inGrid, pointWithin } from '../http/sql.ts'

const KioskProperties = z.object({
  id: z.number().int(),
  kind: z.enum(['kiosk', 'drop_point']),
  name: z.string(),
  streams: z.array(z.enum(['recyclable', 'hazardous', 'kitchen', 'other'])),
  compoundId: z.number().int().nullable(),
  buildingId: z.number().int().nullable(),
  gridId: z.number().int(),
  supervisor: z.object({ name: z.string(), phone: z.string() }).nullable(),
  openHours: z.string().nullable(),
})

const list = createRoute({
  method: 'get',
  path: '/kiosks',
  tags: ['waste sorting'],
  summary: 'Waste-sorting collection kiosks (收集亭) and temporary drop points (临时投放点)',
  request: {
    query: z.object({
      bbox: BboxQuery,
      grid: z.coerce.number().int().positive().optional(),
      kind: z.enum(['kiosk', 'drop_point']).optional(),
    }),
  },
  responses: { 200: json(featureCollectionSchema('KioskCollection', KioskProperties), 'Kiosks'), 400: errorResponse('Bad query') },
})

export const kioskRoutes = createRouter().openapi(list, async (c) => {
  const { bbox, grid, kind } = c.req.valid('query')
  const db = c.get('db')
  let q = db.selectFrom('kiosks').select([
    'id',
    pointGeometry.as('geometry'),
    jsonObject({
      id: 'id',
      kind: 'kind',
      name: 'name',
      streams: 'streams',
      compoundId: 'compound_id',
      buildingId: 'building_id',
      gridId: 'grid_id',
      supervisor: 'supervisor',
      openHours: 'open_hours',
    }).as('properties'),
  ])
  if (bbox) q = q.where(pointWithin(parseBbox(bbox)))
  if (grid) q = q.where(inGrid(grid))
  if (kind) q = q.where('kind', '=', kind)
  return jsonText(await featureCollectionText(db, q))
})
