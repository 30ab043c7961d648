import { createRoute, z } from '@hono/zod-openapi'
import { jsonText } from '../http/features.ts'
import { createRouter } from '../http/router.ts'
import { errorResponse, featureCollectionSchema, json } from '../http/schemas.ts'
import { computeKioskCoverage } from './kiosk-coverage.ts'

const Counts = z.object({ total: z.number().int(), covered: z.number().int() })

const CoverageResponse = z
  .object({
    radius: z.number(),
    grid: z.number().int().nullable(),
    buildings: Counts,
    households: Counts,
    ratio: z.number().openapi({ description: 'covered households ÷ households (0 when there are none)' }),
    uncovered: featureCollectionSchema(
      'UncoveredBuildings',
      z.object({ id: z.number().int(), name: z.string(), households: z.number().int(), gridId: z.number().int(), compoundId: z.number().int().nullable(), nearestKioskM: z.number().nullable() }),
    ),
    byGrid: z.array(z.object({ gridId: z.number().int(), name: z.string(), nameEn: z.string(), buildings: Counts, households: Counts, ratio: z.number() })),
    elapsedMs: z.number(),
  })
  .openapi('KioskCoverage')

const coverage = createRoute({
  method: 'get',
  path: '/analysis/kiosk-coverage',
  tags: ['analysis'],
  summary: 'Buildings and households within R metres (straight line) of a waste-sorting kiosk or drop point',
  request: {
    query: z.object({
      radius: z.coerce.number().positive().max(5000).default(300).openapi({ example: 300, description: 'metres, > 0 and ≤ 5000' }),
      grid: z.coerce.number().int().positive().optional().openapi({ description: 'Scope: a grid id at any level; default the whole district' }),
      level: z.coerce.number().int().min(0).max(3).default(1).openapi({ description: 'Grid level of the per-grid breakdown' }),
    }),
  },
  responses: {
    200: json(CoverageResponse, 'Coverage'),
    400: errorResponse('Bad radius, grid or level'),
    404: errorResponse('No such grid'),
  },
})

export const analysisRoutes = createRouter().openapi(coverage, async (c) => {
  const started = performance.now()
  const { radius, grid, level } = c.req.valid('query')
  const { result, uncoveredText, byGrid } = await computeKioskCoverage(c.get('db'), { radius, grid, level })
  const summary = {
    radius,
    grid: grid ?? null,
    buildings: result.buildings,
    households: result.households,
    ratio: result.ratio,
    byGrid,
    elapsedMs: Math.round(performance.now() - started),
  }
  // The uncovered buildings arrive serialised from the database; splice them in as they are.
  const text = JSON.stringify(summary)
  return jsonText(`${text.slice(0, -1)},"uncovered":${uncoveredText}}`)
})
