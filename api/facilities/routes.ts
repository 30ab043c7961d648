import { createRoute, z } from '@hono/zod-openapi'
import { sql } from 'kysely'
import { parseBbox } from '../geojson.ts'
import { featureCollectionText, jsonObject, jsonText, pointGeometry } from '../http/features.ts'
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
  const db = c.get('db')
  // Kind-specific fields (props) first, so the common keys always win.
  const properties = sql`props || ${jsonObject({ id: 'id', kind: 'kind', name: 'name', gridId: 'grid_id', compoundId: 'compound_id' })}::jsonb`
  let q = db.selectFrom('facilities').select(['id', pointGeometry.as('geometry'), properties.as('properties')])
  if (bbox) q = q.where(pointWithin(parseBbox(bbox)))
  if (grid) q = q.where(inGrid(grid))
  if (kind) q = q.where('kind', 'in', kind.split(','))
  return jsonText(await featureCollectionText(db, q))
})
