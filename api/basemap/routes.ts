import { createRoute, z } from '@hono/zod-openapi'
import { parseBbox, toCollection, toFeature } from '../geojson.ts'
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
    let q = c.get('db').selectFrom('roads').select(['id', 'name', 'class', 'length_m', 'geom']).orderBy('id')
    if (bbox) q = q.where(bboxIntersects(parseBbox(bbox)))
    const rows = await q.execute()
    return c.json(toCollection(rows.map((r) => toFeature(r.id, r.geom, { id: r.id, name: r.name, class: r.class, lengthM: Math.round(r.length_m) }))), 200)
  })
  .openapi(route('/water', 'WaterCollection', WaterProperties, 'Rivers, lakes and ponds'), async (c) => {
    const { bbox } = c.req.valid('query')
    let q = c.get('db').selectFrom('water').select(['id', 'kind', 'name', 'geom']).orderBy('id')
    if (bbox) q = q.where(bboxIntersects(parseBbox(bbox)))
    const rows = await q.execute()
    return c.json(toCollection(rows.map((r) => toFeature(r.id, r.geom, { id: r.id, kind: r.kind, name: r.name }))), 200)
  })
  .openapi(route('/green', 'GreenCollection', GreenProperties, 'Green areas, fitness areas and rural land use'), async (c) => {
    const { bbox } = c.req.valid('query')
    let q = c.get('db').selectFrom('green_areas').select(['id', 'kind', 'name', 'compound_id', 'area_m2', 'geom']).orderBy('id')
    if (bbox) q = q.where(bboxIntersects(parseBbox(bbox)))
    const rows = await q.execute()
    return c.json(
      toCollection(rows.map((r) => toFeature(r.id, r.geom, { id: r.id, kind: r.kind, name: r.name, compoundId: r.compound_id, areaM2: Math.round(r.area_m2) }))),
      200,
    )
  })
