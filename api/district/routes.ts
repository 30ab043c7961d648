import { createRoute, z } from '@hono/zod-openapi'
import { ApiError } from '../errors.ts'
import { toFeature } from '../geojson.ts'
import { createRouter } from '../http/router.ts'
import { errorResponse, featureSchema, json } from '../http/schemas.ts'

const DistrictProperties = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  nameEn: z.string(),
  bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]),
  center: z.tuple([z.number(), z.number()]),
})

const get = createRoute({
  method: 'get',
  path: '/district',
  tags: ['district'],
  summary: 'The district this instance manages: outline, bounding box and centre',
  responses: {
    200: json(featureSchema('District', DistrictProperties), 'The district'),
    503: errorResponse('No district loaded yet'),
  },
})

export const districtRoutes = createRouter().openapi(get, async (c) => {
  const row = await c.get('db').selectFrom('districts').selectAll().orderBy('id').executeTakeFirst()
  if (!row) throw new ApiError(503, 'no_district', 'No district has been loaded into this database yet')
  const bbox: [number, number, number, number] = [row.minx, row.miny, row.maxx, row.maxy]
  const center: [number, number] = [(row.minx + row.maxx) / 2, (row.miny + row.maxy) / 2]
  return c.json(toFeature(row.id, row.geom, { id: row.id, code: row.code, name: row.name, nameEn: row.name_en, bbox, center }), 200)
})
