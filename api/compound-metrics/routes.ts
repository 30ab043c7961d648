import { createRoute, z } from '@hono/zod-openapi'
import { createRouter } from '../http/router.ts'
import { errorResponse, GeometrySchema, json } from '../http/schemas.ts'
import { computeCompoundMetrics } from './compute.ts'

const Figures = z.object({
  id: z.number().int(),
  name: z.string(),
  gridId: z.number().int(),
  old: z.boolean(),
  hasProperty: z.boolean(),
  households: z.number().int(),
  areaM2: z.number(),
  greenAreaM2: z.number(),
  greeningRate: z.number().openapi({ description: 'green area inside the compound ÷ compound area' }),
  greeningStatus: z.enum(['below_floor', 'below_goal', 'meets_goal']),
  greenShortOfFloorM2: z.number(),
  greenShortOfGoalM2: z.number(),
  fitnessAreaM2: z.number(),
  fitnessShortM2: z.number(),
})

const CompoundMetricsResponse = z
  .object({
    summary: z.object({
      compounds: z.number().int(),
      areaM2: z.number(),
      greenAreaM2: z.number(),
      greeningRate: z.number(),
      belowFloor: z.number().int(),
      belowGoal: z.number().int(),
      fitnessShort: z.number().int(),
      options: z.object({ greeningFloor: z.number(), greeningGoal: z.number(), fitnessMinimum: z.number(), greenKinds: z.array(z.string()), fitnessKinds: z.array(z.string()) }),
      elapsedMs: z.number(),
    }),
    shortfalls: z.object({ greeningBelowFloor: z.array(z.number().int()), greeningBelowGoal: z.array(z.number().int()), fitness: z.array(z.number().int()) }),
    compounds: z.object({
      type: z.literal('FeatureCollection'),
      features: z.array(z.object({ type: z.literal('Feature'), id: z.number().int(), geometry: GeometrySchema, properties: Figures })),
    }),
  })
  .openapi('CompoundMetrics')

const rate = (what: string, fallback: number) => z.coerce.number().min(0).max(1).optional().openapi({ description: `${what}, a share 0–1 (default ${fallback})` })

const metrics = createRoute({
  method: 'get',
  path: '/analysis/compound-metrics',
  tags: ['analysis'],
  summary: 'Seed 002 compound figures: greening rate against the 20 % floor and 38 % goal, fitness ground against 400 m², and who falls short',
  description:
    'Green = compound_green, park and forest areas; fitness = fitness grounds; both clipped to the compound and counted once where they overlap. ' +
    'Areas in m² on the sphere (R = 6,371,008.8 m).',
  request: {
    query: z.object({
      grid: z.coerce.number().int().positive().optional().openapi({ description: 'Scope: compounds in this grid (any level); default the whole district' }),
      compound: z.coerce.number().int().positive().optional().openapi({ description: 'One compound' }),
      floor: rate('Greening floor', 0.2),
      goal: rate('Greening goal', 0.38),
      fitness: z.coerce.number().min(0).max(1e6).optional().openapi({ description: 'Fitness-ground minimum in m² (default 400)' }),
    }).refine((q) => q.floor === undefined || q.goal === undefined || q.floor <= q.goal, { message: 'floor must not exceed goal', path: ['floor'] }),
  },
  responses: {
    200: json(CompoundMetricsResponse, 'Per-compound figures and shortfalls'),
    400: errorResponse('Bad scope or threshold'),
    404: errorResponse('No such grid or compound'),
  },
})

export const compoundMetricsRoutes = createRouter().openapi(metrics, async (c) => {
  const started = performance.now()
  const { grid, compound, floor, goal, fitness } = c.req.valid('query')
  const result = await computeCompoundMetrics(c.get('db'), { grid, compound, greeningFloor: floor, greeningGoal: goal, fitnessMinimum: fitness })
  return c.json({ ...result, summary: { ...result.summary, elapsedMs: Math.round(performance.now() - started) } } as never, 200)
})
