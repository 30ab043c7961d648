import { createRoute, z } from '@hono/zod-openapi'
import { createRouter } from '../http/router.ts'
import { errorResponse, json } from '../http/schemas.ts'
import { computeKioskSiting, MAX_CANDIDATES, MAX_EXACT_CANDIDATES, type SitingRequest } from './kiosk-siting.ts'

const DISTANCE_MODEL =
  'Straight-line (great-circle) metres on a sphere of radius 6,371,008.8 m (haversine), from each building centroid; a building at exactly the radius is covered — the model of /analysis/kiosk-coverage.'

const k = z.number().int().min(1).max(200).openapi({ example: 5, description: 'kiosks to add, 1–200' })
const radius = z.number().positive().max(5000).openapi({ example: 300, description: 'metres, > 0 and ≤ 5000' })
const grid = z.number().int().positive().openapi({ description: 'Scope: a grid id at any level; default the whole district' })
const kind = z.enum(['road', 'building']).openapi({ description: 'road: points every `spacing` m along the roads; building: residential building centroids, thinned to ≥ spacing / 2 apart' })
const spacing = z.number().min(10).max(5000).openapi({ example: 100, description: 'metres between candidates, 10–5000' })
const Position = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]).openapi({ description: '[longitude, latitude], WGS84' })

const Query = z.object({
  k: z.coerce.number().pipe(k).default(5),
  radius: z.coerce.number().pipe(radius).default(300),
  grid: z.coerce.number().pipe(grid).optional(),
  candidates: kind.default('road'),
  spacing: z.coerce.number().pipe(spacing).default(100),
  exact: z.enum(['true', 'false', '1', '0']).default('false').openapi({ description: `also solve exactly (≤ ${MAX_EXACT_CANDIDATES} candidates) and report the greedy's gap` }),
})

const Body = z
  .object({
    k: k.default(5),
    radius: radius.default(300),
    grid: grid.optional(),
    candidates: z.union([kind, z.array(Position).max(MAX_CANDIDATES)]).default('road').openapi({ description: 'a kind, or the candidate sites themselves' }),
    spacing: spacing.default(100),
    existing: z.array(Position).max(20_000).optional().openapi({ description: 'the existing kiosks of a plan; default the kiosks and drop points on record' }),
    exact: z.boolean().default(false),
  })
  .openapi('KioskSitingRequest')

const SiteProperties = z.object({
  rank: z.number().int(),
  gainHouseholds: z.number().int().openapi({ description: 'households newly covered by this kiosk, given the ones ranked before it' }),
  gainBuildings: z.number().int(),
  cumulativeHouseholds: z.number().int().openapi({ description: 'households covered by the existing kiosks and sites 1 … rank' }),
  cumulativeRatio: z.number(),
})

const SitingResponse = z
  .object({
    k: z.number().int(),
    radius: z.number(),
    grid: z.number().int().nullable(),
    distanceModel: z.string(),
    candidates: z.object({ kind: z.enum(['road', 'building', 'custom']), spacing: z.number().nullable(), count: z.number().int() }),
    existingKiosks: z.number().int(),
    households: z.object({ total: z.number().int(), coveredBefore: z.number().int(), coveredAfter: z.number().int() }),
    uncoveredBuildings: z.number().int().openapi({ description: 'buildings with households no existing kiosk covers' }),
    sites: z
      .object({
        type: z.literal('FeatureCollection'),
        features: z.array(z.object({ type: z.literal('Feature'), id: z.number().int(), geometry: z.object({ type: z.literal('Point'), coordinates: z.tuple([z.number(), z.number()]) }), properties: SiteProperties })),
      })
      .openapi('SitingSites'),
    bound: z
      .object({
        greedy: z.number().openapi({ description: 'households the greedy sites gain' }),
        classic: z.number().openapi({ description: 'greedy / (1 − (1 − 1/k)^k) ≥ the optimum (≤ greedy / (1 − 1/e))' }),
        online: z.number().openapi({ description: 'min over rounds of covered + the k largest marginal gains ≥ the optimum' }),
        ratio: z.number().openapi({ description: 'greedy / online: the greedy is at least this share of the optimum' }),
        exact: z
          .object({ value: z.number(), optimal: z.boolean(), gap: z.number().openapi({ description: '(exact − greedy) / exact' }), nodes: z.number().int(), elapsedMs: z.number() })
          .nullable(),
      })
      .openapi({ description: 'Bounds on the best possible gain with k new kiosks' }),
    elapsedMs: z.number(),
  })
  .openapi('KioskSiting')

const common = {
  tags: ['analysis'],
  summary: 'Kiosk siting: the k sites that bring the most uncovered households within R metres (greedy with lazy evaluation, with bounds)',
  description: DISTANCE_MODEL,
  responses: {
    200: json(SitingResponse, 'Ranked sites and bounds'),
    400: errorResponse('Bad k, radius, grid, candidates, spacing or positions'),
    404: errorResponse('No such grid'),
    422: errorResponse('Too many candidate sites (for the exact solver)'),
  },
}

const getSiting = createRoute({ method: 'get', path: '/analysis/kiosk-siting', request: { query: Query }, ...common })
const postSiting = createRoute({
  method: 'post',
  path: '/analysis/kiosk-siting',
  request: { body: { content: { 'application/json': { schema: Body } }, required: true } },
  ...common,
})

async function answer(db: Parameters<typeof computeKioskSiting>[0], req: SitingRequest) {
  const started = performance.now()
  const { result, candidateCount, existingCount, exact } = await computeKioskSiting(db, req)
  return {
    k: req.k,
    radius: req.radius,
    grid: req.grid ?? null,
    distanceModel: DISTANCE_MODEL,
    candidates: Array.isArray(req.candidates)
      ? { kind: 'custom' as const, spacing: null, count: candidateCount }
      : { kind: req.candidates, spacing: req.spacing, count: candidateCount },
    existingKiosks: existingCount,
    households: result.households,
    uncoveredBuildings: result.uncoveredBuildings,
    sites: {
      type: 'FeatureCollection' as const,
      features: result.sites.map((s) => ({
        type: 'Feature' as const,
        id: s.rank,
        geometry: { type: 'Point' as const, coordinates: [s.lon, s.lat] as [number, number] },
        properties: {
          rank: s.rank,
          gainHouseholds: s.gainHouseholds,
          gainBuildings: s.gainBuildings,
          cumulativeHouseholds: s.cumulativeHouseholds,
          cumulativeRatio: s.cumulativeRatio,
        },
      })),
    },
    bound: {
      greedy: result.bounds.greedy,
      classic: result.bounds.classic,
      online: result.bounds.online,
      ratio: result.bounds.online > 0 ? result.bounds.greedy / result.bounds.online : 1,
      exact,
    },
    elapsedMs: Math.round(performance.now() - started),
  }
}

export const sitingRoutes = createRouter()
  .openapi(getSiting, async (c) => {
    const q = c.req.valid('query')
    const req: SitingRequest = { ...q, exact: q.exact === 'true' || q.exact === '1' }
    return c.json(await answer(c.get('db'), req), 200)
  })
  .openapi(postSiting, async (c) => {
    const body = c.req.valid('json')
    return c.json(await answer(c.get('db'), body), 200)
  })
