import { createRoute, z } from '@hono/zod-openapi'
import { parseBbox, toCollection, toFeature } from '../geojson.ts'
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
  let q = c.get('db').selectFrom('kiosks').selectAll().orderBy('id')
  if (bbox) q = q.where(pointWithin(parseBbox(bbox)))
  if (grid) q = q.where(inGrid(grid))
  if (kind) q = q.where('kind', '=', kind)
  const rows = await q.execute()
  return c.json(
    toCollection(
      rows.map((r) =>
        toFeature(r.id, { type: 'Point' as const, coordinates: [r.lon, r.lat] }, {
          id: r.id,
          kind: r.kind,
          name: r.name,
          streams: r.streams as ('recyclable' | 'hazardous' | 'kitchen' | 'other')[],
          compoundId: r.compound_id,
          buildingId: r.building_id,
          gridId: r.grid_id,
          supervisor: r.supervisor,
          openHours: r.open_hours,
        }),
      ),
    ),
    200,
  )
})
