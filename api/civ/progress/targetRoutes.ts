import { createRoute, z } from '@hono/zod-openapi'
import { currentUser } from '../../auth/guard.ts'
import { createRouter } from '../../http/router.ts'
import { errorResponse, json } from '../../http/schemas.ts'
import { civTargets } from './targets.ts'

const Metric = z.enum(['demonstration', 'civilised', 'civilisedShare'])
const Target = z.object({ metric: Metric, date: z.string(), value: z.number(), source: z.string() })
const Values = z.object({ demonstration: z.number(), civilised: z.number(), civilisedShare: z.number() })
const Unit = z.object({
  gridId: z.number().int().nullable(),
  name: z.string(),
  nameEn: z.string(),
  level: z.number().int().nullable(),
  parentId: z.number().int().nullable(),
  compounds: z.number().int(),
  series: z.object({ demonstration: z.array(z.number()), civilised: z.array(z.number()), civilisedShare: z.array(z.number()) }).openapi({ description: 'one value per entry of dates' }),
  current: Values,
  targets: z.array(Target),
  expected: Values.openapi({ description: 'what the unit should have reached by asOf, on the line between targets' }),
  verdict: z.enum(['on_target', 'behind']),
})

const targets = createRoute({
  method: 'get',
  path: '/civ/targets',
  tags: ['civ'],
  summary: 'Progress against the county’s civilised-compound targets (seed 000): series over the year, per street and community',
  description:
    'Counts of demonstration compounds and civilised compounds (demonstration included) and the share civilised, from civ_compound_status history, ' +
    'weekly from 1 January to today (and on each target date), as of the end of each China day. Targets: 5 demonstration compounds by 31 August, ' +
    '50 civilised by 31 October, 80 % civilised by 31 December; per unit the counts are scaled by its share of the district’s compounds.',
  request: {
    query: z.object({
      grid: z.coerce.number().int().positive().optional().openapi({ description: 'a street, community or smaller grid; default the caller’s whole scope' }),
      year: z.coerce.number().int().min(2000).max(2100).optional(),
    }),
  },
  responses: {
    200: json(z.object({ year: z.number().int(), asOf: z.string(), districtCompounds: z.number().int(), targets: z.array(Target), dates: z.array(z.string()), total: Unit, units: z.array(Unit) }).openapi('CivTargets'), 'Series and targets'),
    400: errorResponse('Bad query'),
    404: errorResponse('No such grid'),
  },
})

export const targetRoutes = createRouter().openapi(targets, async (c) => {
  const { grid, year } = c.req.valid('query')
  return c.json(await civTargets(c.get('db'), currentUser(c), { grid, year }), 200)
})
