import { createRoute, z } from '@hono/zod-openapi'
import { sql } from 'kysely'
import { parseBbox } from '../geojson.ts'
import { featureCollectionText, jsonObject, jsonText } from '../http/features.ts'
import { createRouter } from '../http/router.ts'
import { BboxQuery, errorResponse, featureCollectionSchema, json } from '../http/schemas.ts'
import { bboxIntersects } from '../http/sql.ts'

/** The offline basemap's own layers: roads and footpaths, water, green and land use. */
const window = z.object({ bbox: BboxQuery })

const RoadProperties = z.object({ id: z.number().int(), name: z.string().nullable(), class: z.string(), lengthM: z.number() })
const WaterProperties = z.object({ id: z.number().int(), kind: z.string(), name: z.string().nullable() })
const GreenProperties = z.object({
  id: z.number().int(),
  kind: z.string(),
  name: z.string().nullable(),
  compoundId: z.number().int().nullable(),
  areaM2: z.number(),
})

const route = (path: string, name: string, properties: z.ZodTypeAny, summary: string) =>
  createRoute({
    method: 'get',
    path,
    tags: ['basemap'],
    summary,
    request: { query: window },
    responses: { 200: json(featureCollectionSchema(name, properties), summary), 400: errorResponse('Bad bbox') },
  })

export const basemapRoutes = createRouter()
  .openapi(route('/roads', 'RoadCollection', RoadProperties, 'Roads and footpaths'), async (c) => {
    const { bbox } = c.req.valid('query')
    const db = c.get('db')
    let q = db
      .selectFrom('roads')
      .select(['id', 'geom as geometry', jsonObject({ id: 'id', name: 'name', class: 'class', lengthM: sql`round(length_m)` }).as('properties')])
    if (bbox) q = q.where(bboxIntersects(parseBbox(bbox)))
    return jsonText(await featureCollectionText(db, q))
  })
  .openapi(route('/water', 'WaterCollection', WaterProperties, 'Rivers, lakes and ponds'), async (c) => {
    const { bbox } = c.req.valid('query')
    const db = c.get('db')
    let q = db.selectFrom('water').select(['id', 'geom as geometry', jsonObject({ id: 'id', kind: 'kind', name: 'name' }).as('properties')])
    if (bbox) q = q.where(bboxIntersects(parseBbox(bbox)))
    return jsonText(await featureCollectionText(db, q))
  })
  .openapi(route('/green', 'GreenCollection', GreenProperties, 'Green areas, fitness areas and rural land use'), async (c) => {
    const { bbox } = c.req.valid('query')
    const db = c.get('db')
    let q = db
      .selectFrom('green_areas')
      .select([
        'id',
        'geom as geometry',
        jsonObject({ id: 'id', kind: 'kind', name: 'name', compoundId: 'compound_id', areaM2: sql`round(area_m2)` }).as('properties'),
      ])
    if (bbox) q = q.where(bboxIntersects(parseBbox(bbox)))
    return jsonText(await featureCollectionText(db, q))
  })
