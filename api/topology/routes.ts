import { createRoute, z } from '@hono/zod-openapi'
import { DEFECT_CODES } from '../../geo/index.ts'
import { createRouter } from '../http/router.ts'
import { errorResponse, GeometrySchema, json } from '../http/schemas.ts'
import { checkTopology } from './check.ts'

const Id = z.union([z.number(), z.string()])
const Defect = z.object({
  type: z.literal('Feature'),
  id: z.number().int(),
  geometry: GeometrySchema.nullable(),
  properties: z.object({
    code: z.enum(DEFECT_CODES as [string, ...string[]]).openapi({ description: 'gap, overlap, outside_parent, sliver, invalid_ring or no_responsible_person' }),
    gridId: Id.nullable().openapi({ description: 'The grid at fault; null for a gap (see parentId)' }),
    otherGridId: Id.nullable().openapi({ description: 'The other grid of an overlap' }),
    parentId: Id.nullable(),
    level: z.number().int().nullable(),
    areaM2: z.number().nullable(),
    detail: z.string().nullable().openapi({ description: 'validateGeometry code of an invalid ring; area or width for a sliver' }),
    message: z.string(),
    messageZh: z.string(),
  }),
})

const TopologyResponse = z
  .object({
    type: z.literal('FeatureCollection'),
    features: z.array(Defect),
    summary: z.object({
      level: z.number().int().nullable(),
      parent: z.number().int().nullable(),
      gridsChecked: z.number().int(),
      counts: z.record(z.string(), z.number().int()),
      elapsedMs: z.number(),
    }),
  })
  .openapi('TopologyDefects')

const topology = createRoute({
  method: 'get',
  path: '/analysis/topology',
  tags: ['analysis'],
  summary: 'Grid topology check: gaps and overlaps between siblings, children outside the parent, slivers, invalid rings, grids without a responsible person',
  description:
    'Each defect is a GeoJSON feature with a reason code and English and Chinese text. Areas in m² on the sphere (R = 6,371,008.8 m). ' +
    'level checks that level against its parents (level 0 against the district outline); parent limits the check to one grid\'s descendants ' +
    '(level defaults to its children); with neither, the whole tree is checked.',
  request: {
    query: z.object({
      level: z.coerce.number().int().min(0).max(3).optional().openapi({ description: 'Grid level to check, 0–3' }),
      parent: z.coerce.number().int().positive().optional().openapi({ description: 'Only grids under this grid' }),
      sliver: z.coerce.number().min(0).max(1e7).optional().openapi({ description: 'Sliver area threshold in m² (default 500)' }),
      width: z.coerce.number().min(0).max(1000).optional().openapi({ description: 'Sliver mean-width threshold in m, 2 × area ÷ perimeter (default 3)' }),
    }),
  },
  responses: {
    200: json(TopologyResponse, 'Defects'),
    400: errorResponse('Bad level, parent or threshold'),
    404: errorResponse('No such parent grid'),
  },
})

export const topologyRoutes = createRouter().openapi(topology, async (c) => {
  const started = performance.now()
  const { level, parent, sliver, width } = c.req.valid('query')
  const result = await checkTopology(c.get('db'), { level, parent, sliverArea: sliver, sliverWidth: width })
  return c.json({ ...result, summary: { ...result.summary, elapsedMs: Math.round(performance.now() - started) } } as never, 200)
})
