import { createRoute, z } from '@hono/zod-openapi'
import { parseBbox, toCollection, toFeature } from '../geojson.ts'
import { createRouter } from '../http/router.ts'
import { BboxQuery, errorResponse, featureCollectionSchema, json } from '../http/schemas.ts'
import { inGrid, pointWithin } from '../http/sql.ts'

const FacilityProperties = z
  .object({
    id: z.number().int(),
    kind: z.string().openapi({ example: 'practice_station' }),
    name: z.string(),
    gridId: z.number().int(),
    compoundId: z.number().int().nullable(),
  })
  .catchall(z.unknown())

const list = createRoute({
  method: 'get',
  path: '/facilities',
  tags: ['facilities'],
  summary: 'Civilisation practice stations, volunteer stations, activity rooms, publicity boards, markets…',
  request: {
    query: z.object({
      bbox: BboxQuery,
      grid: z.coerce.number().int().positive().optional(),
      kind: z.string().optional().openapi({ description: 'Comma-separated kinds' }),
    }),
  },
  responses: { 200: json(featureCollectionSchema('FacilityCollection', FacilityProperties), 'Facilities'), 400: errorResponse('Bad query') },
})

export const facilityRoutes = createRouter().openapi(list, async (c) => {
  const { bbox, grid, kind } = c.req.valid('query')
  let q = c.get('db').selectFrom('facilities').selectAll().orderBy('id')
  if (bbox) q = q.where(pointWithin(parseBbox(bbox)))
  if (grid) q = q.where(inGrid(grid))
  if (kind) q = q.where('kind', 'in', kind.split(','))
  const rows = await q.execute()
  return c.json(
    toCollection(
      rows.map((r) =>
        toFeature(r.id, { type: 'Point' as const, coordinates: [r.lon, r.lat] }, {
          ...r.props,
          id: r.id,
          kind: r.kind,
          name: r.name,
          gridId: r.grid_id,
          compoundId: r.compound_id,
        }),
      ),
    ),
    200,
  )
})
