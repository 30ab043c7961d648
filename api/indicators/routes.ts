import { createRoute, z } from '@hono/zod-openapi'
import { departmentByCode } from '../cases/departments.ts'
import { loadCalendar } from '../calendar/load.ts'
import { badRequest, notFound } from '../errors.ts'
import { createRouter } from '../http/router.ts'
import { errorResponse, json } from '../http/schemas.ts'
import { addFacts, emptyCounts, indicatorsOf, type Indicators } from './compute.ts'
import { COUNT_KEYS, DEFAULT_INDICATOR_CONFIG, RATE_KEYS } from './config.ts'
import { currentMonth, parsePeriod, type Period } from './period.ts'
import { loadCohort, type CohortCase } from './repository.ts'

const config = DEFAULT_INDICATOR_CONFIG

const PeriodParam = z.string().optional().openapi({ description: "'2026', '2026-Q3', '2026-10' or '2026-10-01..2026-10-31' (China dates); default: this month", example: '2026-10' })
const nullable = z.number().nullable()
const IndicatorsSchema = z.object({
  counts: z.object(Object.fromEntries(COUNT_KEYS.map((k) => [k, z.number().int()])) as Record<(typeof COUNT_KEYS)[number], z.ZodNumber>),
  rates: z.object(Object.fromEntries(RATE_KEYS.map((k) => [k, nullable])) as Record<(typeof RATE_KEYS)[number], typeof nullable>),
  avgHandlingHours: nullable,
  score: nullable,
  components: z.record(z.string(), nullable),
})
const PeriodSchema = z.object({ label: z.string(), from: z.string(), to: z.string(), asOf: z.string() })

const get = createRoute({
  method: 'get',
  path: '/indicators',
  tags: ['indicators'],
  summary: '考核指标 for a scope and period: counts, rates, 平均处置时长 and the composite score',
  request: {
    query: z.object({
      scope: z.string().optional().openapi({ description: "'district' (default), 'grid:<id>', 'department:<code>', 'person:<user id or name>'", example: 'grid:12' }),
      period: PeriodParam,
    }),
  },
  responses: {
    200: json(IndicatorsSchema.extend({ scope: z.object({ type: z.string(), id: z.string().nullable(), name: z.string().nullable() }), period: PeriodSchema }).openapi('Indicators'), 'Indicators'),
    400: errorResponse('Bad scope or period'),
    404: errorResponse('No such grid or department'),
  },
})

const RankingRow = IndicatorsSchema.extend({ key: z.string(), name: z.string(), rank: z.number().int().nullable() })
const ranking = createRoute({
  method: 'get',
  path: '/indicators/ranking',
  tags: ['indicators'],
  summary: '红黑榜: grids of a level or departments ranked by composite score for a period',
  request: {
    query: z.object({
      by: z.enum(['grid', 'department']).default('grid'),
      level: z.coerce.number().int().min(1).max(3).default(1).openapi({ description: 'grid level to rank (1 community, 2, 3 grid)' }),
      period: PeriodParam,
    }),
  },
  responses: {
    200: json(
      z.object({ by: z.string(), level: z.number().nullable(), period: PeriodSchema, minCases: z.number(), red: z.array(RankingRow), black: z.array(RankingRow), rows: z.array(RankingRow) }).openapi('Ranking'),
      '红榜 (best first), 黑榜 (worst first), and every row',
    ),
    400: errorResponse('Bad period'),
  },
})

async function periodOf(db: Parameters<typeof loadCalendar>[0], text: string | undefined, now: Date): Promise<Period> {
  const cal = await loadCalendar(db)
  const label = text ?? currentMonth(now, cal.utcOffsetMinutes)
  const period = parsePeriod(label, cal.utcOffsetMinutes)
  if (!period) throw badRequest('invalid_period', `period must be YYYY, YYYY-Qn, YYYY-MM or YYYY-MM-DD..YYYY-MM-DD; got "${label}"`, { period: label })
  return period
}

const periodJson = (p: Period, now: Date) => ({ label: p.label, from: p.from.toISOString(), to: p.to.toISOString(), asOf: new Date(Math.min(+p.to, +now)).toISOString() })

function summarise(cases: readonly CohortCase[]): Indicators {
  const acc = { counts: emptyCounts(), handlingMs: 0, handled: 0 }
  for (const c of cases) addFacts(acc, c.facts, config)
  return indicatorsOf(acc, config)
}

export const indicatorRoutes = createRouter()
  .openapi(get, async (c) => {
    const { scope = 'district', period: periodText } = c.req.valid('query')
    const db = c.get('db')
    const now = new Date()
    const period = await periodOf(db, periodText, now)
    const m = scope.match(/^(district|grid|department|person)(?::(.+))?$/)
    if (!m || (m[1] !== 'district' && !m[2])) throw badRequest('invalid_scope', `scope must be district, grid:<id>, department:<code> or person:<id or name>; got "${scope}"`, { scope })
    const [, type, id = null] = m
    let name: string | null = null
    let cases: CohortCase[]
    if (type === 'grid') {
      const gridId = Number(id)
      if (!Number.isInteger(gridId) || gridId <= 0) throw badRequest('invalid_scope', `grid id must be a positive integer; got "${id}"`, { scope })
      const grid = await db.selectFrom('grids').select(['name']).where('id', '=', gridId).executeTakeFirst()
      if (!grid) throw notFound('grid', gridId)
      name = grid.name
      cases = await loadCohort(db, period, now, gridId)
    } else {
      cases = await loadCohort(db, period, now)
      if (type === 'department') {
        const dept = departmentByCode.get(id!)
        if (!dept) throw notFound('department', id)
        name = dept.nameZh
        cases = cases.filter((x) => x.department === id)
      } else if (type === 'person') {
        cases = cases.filter((x) => x.actors.has(id!))
        name = id
      }
    }
    return c.json({ scope: { type, id, name }, period: periodJson(period, now), ...summarise(cases) }, 200)
  })
  .openapi(ranking, async (c) => {
    const { by, level, period: periodText } = c.req.valid('query')
    const db = c.get('db')
    const now = new Date()
    const period = await periodOf(db, periodText, now)
    const cases = await loadCohort(db, period, now)
    const groups = new Map<string, CohortCase[]>()
    for (const x of cases) {
      const key = by === 'grid' ? String(x.gridPath[level]) : x.department
      if (key === null || key === 'undefined') continue
      const list = groups.get(key)
      if (list) list.push(x)
      else groups.set(key, [x])
    }
    const names = new Map<string, string>()
    if (by === 'grid') {
      for (const g of await db.selectFrom('grids').select(['id', 'name']).where('level', '=', level).execute()) names.set(String(g.id), g.name)
    } else for (const [code, d] of departmentByCode) names.set(code, d.nameZh)
    const rows = [...names.keys()].map((key) => ({ key, name: names.get(key)!, ...summarise(groups.get(key) ?? []) }))
    const rankable = rows.filter((r) => r.counts.opened >= config.rankingMinCases && r.score !== null)
    rankable.sort((a, b) => b.score! - a.score! || b.counts.opened - a.counts.opened || a.key.localeCompare(b.key))
    const rank = new Map(rankable.map((r, i) => [r.key, i + 1]))
    const all = rows.map((r) => ({ ...r, rank: rank.get(r.key) ?? null })).sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.key.localeCompare(b.key))
    const ranked = all.filter((r) => r.rank !== null)
    const n = config.rankingSize
    const red = ranked.slice(0, n)
    const black = ranked.slice(Math.max(red.length, ranked.length - n)).reverse()
    return c.json({ by, level: by === 'grid' ? level : null, period: periodJson(period, now), minCases: config.rankingMinCases, red, black, rows: all }, 200)
  })
