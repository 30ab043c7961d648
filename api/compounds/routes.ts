import { createRoute, z } from '@hono/zod-openapi'
import { sql } from 'kysely'
import { parseBbox } from '../geojson.ts'
import { featureCollectionText, jsonObject, jsonText } from '../http/features.ts'
import { createRouter } from '../http/router.ts'
import { BboxQuery, errorResponse, featureCollectionSchema, json } from '../http/schemas.ts'
import { bboxIntersects, inGrid } from '../http/sql.ts'

const scope = z.object({
  bbox: BboxQuery,
  grid: z.coerce.number().int().positive().optional().openapi({ description: 'Only what lies in this grid (any level)' }),
})

const CompoundProperties = z.object({
  id: z.number().int(),
  name: z.string(),
  gridId: z.number().int(),
  hasProperty: z.boolean(),
  propertyCompany: z.string().nullable(),
  old: z.boolean(),
  renovation: z.object({ planned: z.boolean(), year: z.number(), status: z.string() }).nullable(),
  builtYear: z.number().int().nullable(),
  buildingCount: z.number().int(),
  households: z.number().int(),
  pilot: z.boolean(),
  areaM2: z.number(),
})

const BuildingProperties = z.object({
  id: z.number().int(),
  name: z.string(),
  use: z.string(),
  floors: z.number().int(),
  households: z.number().int(),
  compoundId: z.number().int().nullable(),
  gridId: z.number().int(),
})

const compounds = createRoute({
  method: 'get',
  path: '/compounds',
  tags: ['compounds'],
  summary: 'Residential compounds (小区)',
  request: { query: scope },
  responses: { 200: json(featureCollectionSchema('CompoundCollection', CompoundProperties), 'Compounds'), 400: errorResponse('Bad query') },
})

const buildings = createRoute({
  method: 'get',
  path: '/buildings',
  tags: ['compounds'],
  summary: 'Buildings with household counts; use bbox for a window',
  request: { query: scope },
  responses: { 200: json(featureCollectionSchema('BuildingCollection', BuildingProperties), 'Buildings'), 400: errorResponse('Bad query') },
})

export const compoundRoutes = createRouter()
  .openapi(compounds, async (c) => {
    const { bbox, grid } = c.req.valid('query')
    const db = c.get('db')
    let q = db.selectFrom('compounds').select([
      'id',
      'geom as geometry',
      jsonObject({
        id: 'id',
        name: 'name',
        gridId: 'grid_id',
        hasProperty: 'has_property',
        propertyCompany: 'property_company',
        old: 'old',
        renovation: 'renovation',
        builtYear: 'built_year',
        buildingCount: 'building_count',
        households: 'households',
        pilot: 'pilot',
        areaM2: sql`round(area_m2)`,
      }).as('properties'),
    ])
    if (bbox) q = q.where(bboxIntersects(parseBbox(bbox)))
    if (grid) q = q.where(inGrid(grid))
    return jsonText(await featureCollectionText(db, q))
  })
  .openapi(buildings, async (c) => {
    const { bbox, grid } = c.req.valid('query')
    const db = c.get('db')
    let q = db.selectFrom('buildings').select([
      'id',
      'geom as geometry',
      jsonObject({
        id: 'id',
        name: 'name',
        use: 'use',
        floors: 'floors',
        households: 'households',
        compoundId: 'compound_id',
        gridId: 'grid_id',
      }).as('properties'),
    ])
    if (bbox) q = q.where(bboxIntersects(parseBbox(bbox)))
    if (grid) q = q.where(inGrid(grid))
    return jsonText(await featureCollectionText(db, q))
  })
