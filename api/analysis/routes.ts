import { createRoute, z } from '@hono/zod-openapi'
import { badRequest } from '../errors.ts'
import { jsonText } from '../http/features.ts'
import { createRouter } from '../http/router.ts'
import { errorResponse, featureCollectionSchema, json } from '../http/schemas.ts'
import { COVERAGE_MODES, computeCoverage, DISTANCE_MODEL, SCOPE_KINDS } from './kiosk-coverage.ts'

const Counts = z.object({ total: z.number().int(), covered: z.number().int() })
const ModeSummary = z
  .object({
    buildings: Counts,
    households: Counts,
    ratio: z.number().openapi({ description: 'covered households ÷ households (0 when there are none)' }),
    offNetwork: z.number().int().optional().openapi({ description: 'walking only: buildings with no road or footway within 250 m (never covered on foot)' }),
  })
  .openapi('CoverageSummary')

const CoverageResponse = z
  .object({
    radius: z.number(),
    mode: z.enum(COVERAGE_MODES),
    distanceModel: z.string(),
    scope: z.object({ kind: z.enum(SCOPE_KINDS), id: z.number().int().nullable(), name: z.string().nullable(), nameEn: z.string().nullable(), level: z.number().int().nullable() }),
    grid: z.number().int().nullable().openapi({ description: 'the scope grid id (legacy; see scope)' }),
    level: z.number().int(),
    kiosks: z.number().int().openapi({ description: 'kiosks and drop points that can reach the scope (its box grown by the radius)' }),
    buildings: Counts.openapi({ description: 'straight-line figures, or walking ones when mode=walking' }),
    households: Counts,
    ratio: z.number(),
    straight: ModeSummary.optional(),
    walking: ModeSummary.optional(),
    difference: z
      .object({
        buildings: z.number().int().openapi({ description: 'covered straight − covered walking' }),
        households: z.number().int(),
        ratio: z.number(),
        straightOnly: z.object({ buildings: z.number().int(), households: z.number().int() }).openapi({ description: 'within R in a straight line, beyond R on foot' }),
        walkingOnly: z.object({ buildings: z.number().int(), households: z.number().int() }).openapi({ description: 'always 0: walking is never shorter than the straight line' }),
      })
      .optional(),
    uncovered: featureCollectionSchema(
      'UncoveredBuildings',
      z.object({
        id: z.number().int(),
        name: z.string(),
        households: z.number().int(),
        gridId: z.number().int(),
        compoundId: z.number().int().nullable(),
        nearestKioskM: z.number().nullable().openapi({ description: 'straight metres to the nearest kiosk, rounded up; null without straight mode or kiosks' }),
        straightCovered: z.boolean().nullable().openapi({ description: 'null when straight mode was not asked for' }),
        walkingCovered: z.boolean().nullable(),
        walkingM: z.number().nullable().openapi({ description: 'walking metres when covered on foot' }),
      }),
    ),
    byGrid: z.array(
      z.object({
        gridId: z.number().int(),
        name: z.string(),
        nameEn: z.string(),
        buildings: Counts,
        households: Counts,
        ratio: z.number(),
        straight: ModeSummary.optional(),
        walking: ModeSummary.optional(),
      }),
    ),
    elapsedMs: z.number(),
  })
  .openapi('KioskCoverage')

const coverage = createRoute({
  method: 'get',
  path: '/analysis/kiosk-coverage',
  tags: ['analysis'],
  summary: 'Buildings and households within R metres of a waste-sorting kiosk or drop point, in a straight line and on foot',
  description: `Distance model — ${DISTANCE_MODEL} Uncovered buildings (in at least one requested mode) come back as GeoJSON; byGrid breaks the scope down by the grid level \`level\` for a choropleth.`,
  request: {
    query: z.object({
      radius: z.coerce.number().positive().max(5000).default(300).openapi({ example: 300, description: 'metres, > 0 and ≤ 5000' }),
      mode: z.enum(COVERAGE_MODES).default('both').openapi({ description: 'straight line, walking distance, or both side by side (default)' }),
      scope: z.enum(SCOPE_KINDS).optional().openapi({ description: 'district (default), street (level-0 grid), community (level 1), grid (level 2 or 3) or compound; with `id`' }),
      id: z.coerce.number().int().positive().optional().openapi({ description: 'id of the street, community, grid or compound' }),
      grid: z.coerce.number().int().positive().optional().openapi({ description: 'Legacy scope: a grid id at any level (use scope + id)' }),
      level: z.coerce.number().int().min(0).max(3).default(1).openapi({ description: 'Grid level of the per-grid breakdown' }),
    }),
  },
  responses: {
    200: json(CoverageResponse, 'Coverage'),
    400: errorResponse('Bad radius, mode, scope, id or level'),
    404: errorResponse('No such grid or compound'),
  },
})

export const analysisRoutes = createRouter().openapi(coverage, async (c) => {
  const started = performance.now()
  const q = c.req.valid('query')
  if (q.grid !== undefined && (q.scope !== undefined || q.id !== undefined)) {
    throw badRequest('invalid_query', 'give either grid (legacy) or scope and id, not both', { grid: q.grid, scope: q.scope ?? null, id: q.id ?? null })
  }
  const scope = q.grid !== undefined ? 'any-grid' : (q.scope ?? (q.id !== undefined ? undefined : 'district'))
  if (!scope) throw badRequest('missing_scope', 'id needs a scope: street, community, grid or compound', { id: q.id })
  const answer = await computeCoverage(c.get('db'), { radius: q.radius, mode: q.mode, scope, id: q.grid ?? q.id, level: q.level })
  const main = answer.straight ?? answer.walking!
  const body = {
    radius: q.radius,
    mode: q.mode,
    distanceModel: DISTANCE_MODEL,
    scope: answer.scope,
    grid: answer.scope.level !== null ? answer.scope.id : null,
    level: q.level,
    kiosks: answer.kiosks,
    buildings: main.buildings,
    households: main.households,
    ratio: main.ratio,
    straight: answer.straight,
    walking: answer.walking,
    difference: answer.difference,
    byGrid: answer.byGrid,
    elapsedMs: Math.round(performance.now() - started),
  }
  // The uncovered buildings arrive serialised from the database; splice them in as they are.
  const text = JSON.stringify(body)
  return jsonText(`${text.slice(0, -1)},"uncovered":${answer.uncoveredText}}`)
})
