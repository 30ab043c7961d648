import { createRoute, z } from '@hono/zod-openapi'
import { loadCalendar } from '../calendar/load.ts'
import { currentUser, readScope } from '../cases/access.ts'
import { departmentByCode } from '../cases/departments.ts'
import { CASE_STATUS_LABELS, type CaseStatus } from '../cases/lifecycle.ts'
import { badRequest, notFound } from '../errors.ts'
import { createRouter } from '../http/router.ts'
import { errorResponse, json } from '../http/schemas.ts'
import { CATEGORY_CODES } from '../issues/categories.ts'
import { addDays, BREAKDOWNS, localDate, localMidnight, MAX_POLYGON_VERTICES, parseArea, parseRange, parseScope, timeKeys } from './query.ts'
import { countBy, countTotals, type Counts } from './repository.ts'

const CountsSchema = { total: z.number().int(), open: z.number().int(), overdue: z.number().int(), closed: z.number().int() }

const StatsSchema = z
  .object({
    scope: z.object({ kind: z.enum(['district', 'grid']), id: z.number().int().nullable(), name: z.string(), level: z.number().int().nullable() }),
    from: z.string(),
    to: z.string(),
    by: z.enum(BREAKDOWNS),
    totals: z.object({ ...CountsSchema, reportedToday: z.number().int() }),
    rows: z.array(z.object({ key: z.string(), label: z.string(), labelEn: z.string(), gridId: z.number().int().optional(), ...CountsSchema })),
  })
  .openapi('CaseStats')

const stats = createRoute({
  method: 'get',
  path: '/stats/cases',
  tags: ['stats'],
  summary: 'Case counts (total, open, overdue, closed) reported in a date range, in the caller’s scope, broken down one way',
  request: {
    query: z.object({
      scope: z.string().default('district').openapi({ description: "'district' or 'grid:<id>'", example: 'grid:12' }),
      from: z.string().optional().openapi({ description: 'first China date reported, YYYY-MM-DD (default: 29 days before `to`)' }),
      to: z.string().optional().openapi({ description: 'last China date reported, inclusive (default: today)' }),
      category: z.string().optional().openapi({ description: 'comma list of category codes' }),
      bbox: z.string().optional().openapi({ description: 'only cases in this box: minLon,minLat,maxLon,maxLat', example: '120.1,30.2,120.2,30.3' }),
      polygon: z.string().optional().openapi({ description: `only cases in this simple polygon: lon,lat,lon,lat,… (3 to ${MAX_POLYGON_VERTICES} vertices; not with bbox)` }),
      by: z.enum(BREAKDOWNS).default('day').openapi({ description: 'child = the scope’s direct children (district → level 0); grid3 = level-3 grids with cases' }),
    }),
  },
  responses: {
    200: json(StatsSchema, 'Totals and one row per group'),
    400: errorResponse('Bad scope, date, range, category, breakdown, bbox or polygon'),
    404: errorResponse('No such grid'),
  },
})

const DISTRICT_LABEL = { zh: '全区', en: 'District' }
const UNDISPATCHED = { zh: '未派遣', en: 'Not dispatched' }

export const statsRoutes = createRouter().openapi(stats, async (c) => {
  const user = currentUser(c)
  const query = c.req.valid('query')
  const db = c.get('db')
  const now = new Date()
  const scope = parseScope(query.scope)
  const categories = query.category ? query.category.split(',').map((s) => s.trim()) : null
  const unknown = categories?.filter((s) => !CATEGORY_CODES.has(s)) ?? []
  if (unknown.length) throw badRequest('unknown_category', `unknown category ${unknown.join(', ')}`, { unknown })
  const { utcOffsetMinutes: offset } = await loadCalendar(db)
  const range = parseRange(query.from, query.to, now, offset)
  const area = parseArea(query.bbox, query.polygon)

  let grid: { id: number; name: string; name_en: string; level: number } | null = null
  if (scope.kind === 'grid') {
    grid = (await db.selectFrom('grids').select(['id', 'name', 'name_en', 'level']).where('id', '=', scope.id).executeTakeFirst()) ?? null
    if (!grid) throw notFound('grid', scope.id)
  }
  const district = grid ? null : await db.selectFrom('districts').select(['name']).executeTakeFirst()
  const level = grid?.level ?? -1
  const filter = { readable: readScope(user), gridId: grid?.id ?? null, categories, area, start: range.start, end: range.end, now }
  const today = localDate(now, offset)
  const [totals, todayTotals, groups] = await Promise.all([
    countTotals(db, filter),
    countTotals(db, { ...filter, start: localMidnight(today, offset), end: localMidnight(addDays(today, 1), offset) }),
    countBy(db, filter, query.by, level, offset),
  ])

  const zero: Counts = { total: 0, open: 0, overdue: 0, closed: 0 }
  type Row = { key: string; label: string; labelEn: string; gridId?: number } & Counts
  let rows: Row[]
  const by = query.by
  if (by === 'day' || by === 'week' || by === 'month') {
    rows = timeKeys(by, range.from, range.to).map((key) => ({ key, label: key, labelEn: key, ...(groups.get(key) ?? zero) }))
  } else if (by === 'child' || by === 'grid3') {
    // children are listed even without cases (a comparison shows the quiet ones); level-3 grids only with cases
    let q = db.selectFrom('grids').select(['id', 'name', 'name_en'])
    q = by === 'child' ? (grid ? q.where('parent_id', '=', grid.id) : q.where('level', '=', 0)) : q.where('id', 'in', [0, ...[...groups.keys()].map(Number)])
    const grids = await q.execute()
    rows = grids.map((g) => ({ key: String(g.id), gridId: g.id, label: g.name, labelEn: g.name_en, ...(groups.get(String(g.id)) ?? zero) }))
  } else {
    const names = by === 'category' ? await categoryNames(db) : null
    rows = [...groups].map(([key, counts]) => {
      const label =
        by === 'category'
          ? (names!.get(key) ?? { zh: key, en: key })
          : by === 'state'
            ? (CASE_STATUS_LABELS[key as CaseStatus] ?? { zh: key, en: key })
            : key === ''
              ? UNDISPATCHED
              : { zh: departmentByCode.get(key)?.nameZh ?? key, en: departmentByCode.get(key)?.nameEn ?? key }
      return { key, label: label.zh, labelEn: label.en, ...counts }
    })
  }
  if (!(by === 'day' || by === 'week' || by === 'month')) rows.sort((a, b) => b.total - a.total || a.key.localeCompare(b.key, 'en', { numeric: true }))

  return c.json(
    {
      scope: grid ? { kind: 'grid' as const, id: grid.id, name: grid.name, level: grid.level } : { kind: 'district' as const, id: null, name: district?.name ?? DISTRICT_LABEL.zh, level: null },
      from: range.from,
      to: range.to,
      by,
      totals: { ...totals, reportedToday: todayTotals.total },
      rows,
    },
    200,
  )
})

async function categoryNames(db: Parameters<typeof loadCalendar>[0]) {
  const rows = await db.selectFrom('issue_categories').select(['code', 'name_zh', 'name_en']).execute()
  return new Map(rows.map((r) => [r.code, { zh: r.name_zh, en: r.name_en }]))
}
