import { createRoute, z } from '@hono/zod-openapi'
import { notFound } from '../errors.ts'
import { toFeature } from '../geojson.ts'
import { featureCollectionText, jsonText } from '../http/features.ts'
import { createRouter } from '../http/router.ts'
import { IdParam, PersonSchema, errorResponse, featureCollectionSchema, featureSchema, json } from '../http/schemas.ts'
import { findGrid, gridAncestors, gridFeatures, gridStats, type GridRow } from './repository.ts'

const GridProperties = z.object({
  id: z.number().int(),
  code: z.string().openapi({ example: '990102002011304', description: '6 district + 3 street + 3 community + 3 sequence' }),
  name: z.string(),
  nameEn: z.string(),
  level: z.number().int().min(0).max(3).openapi({ description: '0 street/town, 1 community/village, 2 area, 3 point' }),
  kind: z.string(),
  parentId: z.number().int().nullable(),
  leader: PersonSchema,
  persons: z.array(PersonSchema),
  unit: z.object({ name: z.string(), phone: z.string() }),
  households: z.number().int(),
  population: z.number().int(),
  areaM2: z.number(),
  version: z.number().int().openapi({ description: 'bumped by every planning change set touching the grid (send it back as baseVersions)' }),
})

const GridStats = z.object({
  children: z.number().int(),
  buildings: z.number().int(),
  compounds: z.number().int(),
  kiosks: z.number().int(),
  dropPoints: z.number().int(),
  facilities: z.number().int(),
  openIssues: z.number().int(),
  overdueIssues: z.number().int(),
  issuesLast30Days: z.number().int(),
})

const GridDetailProperties = GridProperties.extend({
  stats: GridStats,
  ancestors: z.array(z.object({ id: z.number().int(), name: z.string(), nameEn: z.string(), level: z.number().int() })),
})

export function gridProperties(row: GridRow) {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    nameEn: row.name_en,
    level: row.level,
    kind: row.kind,
    parentId: row.parent_id,
    leader: row.leader,
    persons: row.persons,
    unit: row.unit,
    households: row.households,
    population: row.population,
    areaM2: Math.round(row.area_m2),
    version: row.version,
  }
}

const list = createRoute({
  method: 'get',
  path: '/grids',
  tags: ['grids'],
  summary: 'Grids of one level (and optionally one parent) as GeoJSON',
  request: {
    query: z.object({
      level: z.coerce.number().int().min(0).max(3).optional().openapi({ example: 1 }),
      parent: z.coerce.number().int().positive().optional(),
    }),
  },
  responses: {
    200: json(featureCollectionSchema('GridCollection', GridProperties), 'Grids'),
    400: errorResponse('Bad query'),
  },
})

const detail = createRoute({
  method: 'get',
  path: '/grids/{id}',
  tags: ['grids'],
  summary: 'One grid with its responsible persons, ancestors and counts',
  request: { params: IdParam },
  responses: {
    200: json(featureSchema('GridDetail', GridDetailProperties), 'The grid'),
    404: errorResponse('No such grid'),
  },
})

export const gridRoutes = createRouter()
  .openapi(list, async (c) => {
    const { level, parent } = c.req.valid('query')
    const db = c.get('db')
    return jsonText(await featureCollectionText(db, gridFeatures(db, { level, parent })))
  })
  .openapi(detail, async (c) => {
    const { id } = c.req.valid('param')
    const db = c.get('db')
    const row = await findGrid(db, id)
    if (!row) throw notFound('grid', id)
    const [stats, ancestors] = await Promise.all([gridStats(db, id, new Date()), gridAncestors(db, row.path)])
    const properties = {
      ...gridProperties(row),
      stats,
      ancestors: ancestors.map((a) => ({ id: a.id, name: a.name, nameEn: a.name_en, level: a.level })),
    }
    return c.json(toFeature(row.id, row.geom, properties), 200)
  })
