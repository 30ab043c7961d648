/**
 * Hotspot analysis (热点分析): the cases of a period as compact columns for the browser's heat
 * map, hex bins and playback, and the ranking of hex cells with recurrences told apart from
 * reworks. Scoped to the caller's read scope; see docs/hotspots.md.
 */
import { createRoute, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { currentUser, readScope } from '../cases/access.ts'
import { loadCalendar } from '../calendar/load.ts'
import { MINUTE_MS } from '../calendar/model.ts'
import { badRequest } from '../errors.ts'
import { createRouter } from '../http/router.ts'
import type { AppEnv } from '../http/env.ts'
import { errorResponse, json } from '../http/schemas.ts'
import { parsePeriod } from '../indicators/period.ts'
import { CATEGORIES, CATEGORY_CODES } from '../issues/categories.ts'
import { hexCellOf, hexCenter, MAX_HEX_RESOLUTION, MIN_HEX_RESOLUTION, rankHotspots, RECURRENCE_DEFAULTS } from '../../geo/hotspots/index.ts'
import { loadHotspotCases, type HotspotCase } from './repository.ts'

const DAY_MS = 86_400_000
/** The default period: the last 90 local days, today included. */
export const DEFAULT_DAYS = 90
/** The longest period one request may ask for. */
export const MAX_DAYS = 1096

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD')
const Query = z.object({
  from: Day.optional().openapi({ description: 'first local (China) day, inclusive; default: 89 days before `to`', example: '2026-09-01' }),
  to: Day.optional().openapi({ description: 'last local day, inclusive; default: today', example: '2026-11-23' }),
  category: z.string().optional().openapi({ description: 'comma-separated category codes (GET /api/categories); default: all', example: 'clutter,flyposting' }),
  recurrenceRadius: z.coerce.number().min(0).max(500).default(RECURRENCE_DEFAULTS.radiusM).openapi({ description: 'metres: a case repeats a closed case of its category this close (default 30)' }),
  recurrenceDays: z.coerce.number().int().min(1).max(365).default(RECURRENCE_DEFAULTS.windowDays).openapi({ description: 'days after the closing within which a new case counts as a recurrence (default 30)' }),
})

const RecurrenceSchema = z.object({ radiusM: z.number(), windowDays: z.number() })
const PeriodFields = { from: z.string(), to: z.string(), days: z.number().int(), utcOffsetMinutes: z.number().int(), recurrence: RecurrenceSchema }

const casesRoute = createRoute({
  method: 'get',
  path: '/hotspots/cases',
  tags: ['hotspots'],
  summary: 'Cases of a period as parallel arrays (lon, lat, local day, category index, recurrence, rework), for heat maps and playback',
  request: { query: Query },
  responses: {
    200: json(
      z
        .object({
          ...PeriodFields,
          categories: z.array(z.string()).openapi({ description: 'category codes; cases.category holds indices into this list' }),
          count: z.number().int(),
          cases: z.object({
            id: z.array(z.number().int()),
            lon: z.array(z.number()),
            lat: z.array(z.number()),
            day: z.array(z.number().int()).openapi({ description: 'local day index, 0 = `from`' }),
            category: z.array(z.number().int()),
            recurrence: z.array(z.number().int()).openapi({ description: '0 no, 1 a closed case of the category within the radius and window before it, 2 linked by 复发重开' }),
            rework: z.array(z.number().int()).openapi({ description: '1 when the case failed verification (返工) at least once' }),
          }),
        })
        .openapi('HotspotCases'),
      'The cases, columnar',
    ),
    400: errorResponse('Bad period, category or parameter'),
  },
})

const RankingRow = z.object({
  rank: z.number().int(),
  cell: z.string().openapi({ description: 'H3 cell id' }),
  lon: z.number(),
  lat: z.number(),
  count: z.number().int(),
  recurrences: z.number().int(),
  reworks: z.number().int(),
  topCategory: z.string(),
  topCategoryCount: z.number().int(),
  gridId: z.number().int().nullable(),
  gridName: z.string().nullable(),
})
const rankingRoute = createRoute({
  method: 'get',
  path: '/hotspots/ranking',
  tags: ['hotspots'],
  summary: 'Hex cells (H3) ranked by case count, with recurrences (复发), reworks (返工) and the commonest category',
  request: {
    query: Query.extend({
      res: z.coerce.number().int().min(MIN_HEX_RESOLUTION).max(MAX_HEX_RESOLUTION).default(8).openapi({ description: `H3 resolution ${MIN_HEX_RESOLUTION}–${MAX_HEX_RESOLUTION} (8: cells ≈ 0.7 km²)` }),
      limit: z.coerce.number().int().min(1).max(5000).default(100),
    }),
  },
  responses: {
    200: json(z.object({ ...PeriodFields, res: z.number().int(), total: z.number().int(), cells: z.number().int(), rows: z.array(RankingRow) }).openapi('HotspotRanking'), 'Cells, hottest first'),
    400: errorResponse('Bad period, category or parameter'),
  },
})

const localDay = (ms: number, offsetMinutes: number) => new Date(ms + offsetMinutes * MINUTE_MS).toISOString().slice(0, 10)

/** The period, categories and recurrence options of a request, validated. */
async function readQuery(c: Context<AppEnv>, query: z.infer<typeof Query>) {
  const db = c.get('db')
  const { utcOffsetMinutes } = await loadCalendar(db)
  const to = query.to ?? localDay(Date.now(), utcOffsetMinutes)
  const from = query.from ?? localDay(Date.parse(`${to}T00:00:00Z`) - (DEFAULT_DAYS - 1) * DAY_MS, 0)
  const period = parsePeriod(`${from}..${to}`, utcOffsetMinutes)
  if (!period) throw badRequest('invalid_period', `from and to must be real dates with from ≤ to; got ${from}..${to}`, { from, to })
  const days = Math.round((+period.to - +period.from) / DAY_MS)
  if (days > MAX_DAYS) throw badRequest('period_too_long', `a period holds at most ${MAX_DAYS} days; ${from}..${to} holds ${days}`, { from, to, days, max: MAX_DAYS })
  let categories: string[] | null = null
  if (query.category) {
    categories = [...new Set(query.category.split(',').map((s) => s.trim()).filter(Boolean))]
    const unknown = categories.filter((code) => !CATEGORY_CODES.has(code))
    if (unknown.length) throw badRequest('unknown_category', `unknown category ${unknown.map((u) => `"${u}"`).join(', ')}; see GET /api/categories`, { unknown })
  }
  const recurrence = { radiusM: query.recurrenceRadius, windowDays: query.recurrenceDays }
  const cases = await loadHotspotCases(db, { from: period.from, to: period.to, categories, scope: readScope(currentUser(c)), recurrence })
  return { head: { from, to, days, utcOffsetMinutes, recurrence }, period, cases }
}

export const hotspotRoutes = createRouter()
  .openapi(casesRoute, async (c) => {
    const { head, period, cases } = await readQuery(c, c.req.valid('query'))
    const codes = CATEGORIES.map((x) => x.code)
    const index = new Map(codes.map((code, i) => [code, i]))
    const col = <T>(f: (x: HotspotCase) => T) => cases.map(f)
    const round = (x: number) => Math.round(x * 1e6) / 1e6
    return c.json(
      {
        ...head,
        categories: codes,
        count: cases.length,
        cases: {
          id: col((x) => x.id),
          lon: col((x) => round(x.lon)),
          lat: col((x) => round(x.lat)),
          day: col((x) => Math.floor((x.reportedAt - +period.from) / DAY_MS)),
          category: col((x) => index.get(x.category) ?? -1),
          recurrence: col((x) => x.recurrence),
          rework: col((x) => (x.reworked ? 1 : 0)),
        },
      },
      200,
    )
  })
  .openapi(rankingRoute, async (c) => {
    const query = c.req.valid('query')
    const { head, cases } = await readQuery(c, query)
    const ranked = rankHotspots(cases.map((x) => ({ cell: hexCellOf(x.lon, x.lat, query.res), category: x.category, recurrent: x.recurrence > 0, reworked: x.reworked, gridId: x.gridId })))
    const rows = ranked.slice(0, query.limit)
    const gridIds = [...new Set(rows.map((r) => r.gridId).filter((id): id is number => id !== null))]
    const names = new Map<number, string>()
    if (gridIds.length) for (const g of await c.get('db').selectFrom('grids').select(['id', 'name']).where('id', 'in', gridIds).execute()) names.set(g.id, g.name)
    return c.json(
      {
        ...head,
        res: query.res,
        total: cases.length,
        cells: ranked.length,
        rows: rows.map((r) => {
          const [lon, lat] = hexCenter(r.cell)
          return { ...r, lon, lat, gridName: r.gridId === null ? null : (names.get(r.gridId) ?? null) }
        }),
      },
      200,
    )
  })
