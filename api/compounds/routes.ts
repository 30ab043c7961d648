import { createRoute, z } from '@hono/zod-openapi'
import { parseBbox, toCollection, toFeature } from '../geojson.ts'
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
    let q = c.get('db').selectFrom('compounds').selectAll().orderBy('id')
    if (bbox) q = q.where(bboxIntersects(parseBbox(bbox)))
    if (grid) q = q.where(inGrid(grid))
    const rows = await q.execute()
    return c.json(
      toCollection(
        rows.map((r) =>
          toFeature(r.id, r.geom, {
            id: r.id,
            name: r.name,
            gridId: r.grid_id,
            hasProperty: r.has_property,
            propertyCompany: r.property_company,
            old: r.old,
            renovation: r.renovation,
            builtYear: r.built_year,
            buildingCount: r.building_count,
            households: r.households,
            pilot: r.pilot,
            areaM2: Math.round(r.area_m2),
          }),
        ),
      ),
      200,
    )
  })
  .openapi(buildings, async (c) => {
    const { bbox, grid } = c.req.valid('query')
    let q = c
      .get('db')
      .selectFrom('buildings')
      .select(['id', 'name', 'use', 'floors', 'households', 'compound_id', 'grid_id', 'geom'])
      .orderBy('id')
    if (bbox) q = q.where(bboxIntersects(parseBbox(bbox)))
    if (grid) q = q.where(inGrid(grid))
    const rows = await q.execute()
    return c.json(
      toCollection(
        rows.map((r) =>
          toFeature(r.id, r.geom, {
            id: r.id,
            name: r.name,
            use: r.use,
            floors: r.floors,
            households: r.households,
            compoundId: r.compound_id,
            gridId: r.grid_id,
          }),
        ),
      ),
      200,
    )
  })
