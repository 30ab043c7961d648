import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { call, openTestApp, type TestApp } from './harness.ts'

/**
 * GET /api/stats/cases against counts computed here in plain SQL (China dates written as
 * +08:00 instants), on the demo district, for an admin and for a worker limited to their grids.
 */
let t: TestApp
const CLOSED = ['closed', 'rejected', 'merged']
type Counts = { total: number; open: number; overdue: number; closed: number }

/** today's China date */
const cnToday = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10)
const shift = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)
const TO = cnToday()
const FROM = shift(TO, -89)

/** Counts grouped by a SQL expression, for reported_at in [from, to] China dates, with an extra condition. */
async function expected(groupBy: string, where = 'true', from = FROM, to = TO): Promise<Map<string, Counts>> {
  const closed = sql.join(CLOSED)
  const rows = (
    await sql<{ key: string } & Counts>`
      select (${sql.raw(groupBy)})::text as key, count(*)::int as total,
        count(*) filter (where status not in (${closed}))::int as open,
        count(*) filter (where status not in (${closed}) and deadline_at < now())::int as overdue,
        count(*) filter (where status in (${closed}))::int as closed
      from issues
      where reported_at >= ${`${from}T00:00:00+08:00`}::timestamptz and reported_at < ${`${shift(to, 1)}T00:00:00+08:00`}::timestamptz and ${sql.raw(where)}
      group by 1`.execute(t.handle.db)
  ).rows
  return new Map(rows.map(({ key, ...c }) => [key, c]))
}

const rowMap = (rows: ({ key: string } & Counts)[]) => new Map(rows.filter((r) => r.total > 0).map((r) => [r.key, { total: r.total, open: r.open, overdue: r.overdue, closed: r.closed }]))
const stats = (query: string, as?: string) => call(t.app, `/api/stats/cases?from=${FROM}&to=${TO}&${query}`, { as })

let community: { id: number; path: number[] }
let workerGrids: number[]

beforeAll(async () => {
  t = await openTestApp()
  community = await t.handle.db.selectFrom('grids').select(['id', 'path']).where('level', '=', 1).orderBy('id').limit(1).executeTakeFirstOrThrow()
  workerGrids = (await t.handle.db.selectFrom('users').select('grid_ids').where('username', '=', 'worker.huayuan').executeTakeFirstOrThrow()).grid_ids
})
afterAll(() => t?.close())

describe('GET /api/stats/cases', () => {
  it('district by category: every category’s counts and the totals equal plain SQL', async () => {
    const { status, body } = await stats('by=category')
    expect(status).toBe(200)
    const want = await expected('category')
    expect(want.size).toBeGreaterThan(3)
    expect(rowMap(body.rows)).toEqual(want)
    const all = (await expected("'all'")).get('all')!
    expect(body.totals).toMatchObject(all)
    expect(body.totals.total).toBe(body.totals.open + body.totals.closed)
    expect(body.scope).toMatchObject({ kind: 'district', id: null, level: null })
    expect(body.rows.map((r: Counts) => r.total)).toEqual(body.rows.map((r: Counts) => r.total).sort((a: number, b: number) => b - a))
    expect(body.rows.every((r: { label: string }) => r.label && r.label !== '')).toBe(true)
  })

  it('by child: the district’s streets, then a street’s communities, each equal to SQL; zero children listed', async () => {
    const streets = await t.handle.db.selectFrom('grids').select('id').where('level', '=', 0).execute()
    const { body } = await stats('by=child')
    expect(body.rows.map((r: { gridId: number }) => r.gridId).sort()).toEqual(streets.map((s) => s.id).sort())
    expect(rowMap(body.rows)).toEqual(await expected('grid_path[1]'))
    const street = community.path[0]
    const res = await stats(`scope=grid:${street}&by=child`)
    expect(res.body.scope).toMatchObject({ kind: 'grid', id: street, level: 0 })
    expect(rowMap(res.body.rows)).toEqual(await expected('grid_path[2]', `grid_path @> array[${street}]`))
    const children = await t.handle.db.selectFrom('grids').select('id').where('parent_id', '=', street).execute()
    expect(res.body.rows).toHaveLength(children.length)
    expect(res.body.rows.every((r: { key: string; gridId: number }) => r.key === String(r.gridId))).toBe(true)
  })

  it('a community by grid3 and by state equals SQL; a level-3 grid has no children', async () => {
    const { body } = await stats(`scope=grid:${community.id}&by=grid3`)
    const want = await expected('grid_id', `grid_path @> array[${community.id}]`)
    expect(rowMap(body.rows)).toEqual(want)
    expect(body.rows.every((r: { total: number }) => r.total > 0)).toBe(true)
    const byState = await stats(`scope=grid:${community.id}&by=state`)
    expect(rowMap(byState.body.rows)).toEqual(await expected('status', `grid_path @> array[${community.id}]`))
    const point = body.rows[0].gridId
    const leaf = await stats(`scope=grid:${point}&by=child`)
    expect(leaf.status).toBe(200)
    expect(leaf.body.rows).toEqual([])
    expect(leaf.body.scope.level).toBe(3)
  })

  it('by day fills every day with zeros; by week keys are Mondays; by month; sums equal the totals', async () => {
    const day = await stats('by=day')
    expect(day.body.rows).toHaveLength(90)
    expect(day.body.rows[0].key).toBe(FROM)
    expect(day.body.rows.at(-1).key).toBe(TO)
    expect(rowMap(day.body.rows)).toEqual(await expected(`to_char(reported_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD')`))
    const week = await stats('by=week')
    expect(week.body.rows.every((r: { key: string }) => new Date(`${r.key}T00:00:00Z`).getUTCDay() === 1)).toBe(true)
    expect(rowMap(week.body.rows)).toEqual(await expected(`to_char(date_trunc('week', reported_at at time zone 'Asia/Shanghai'), 'YYYY-MM-DD')`))
    const month = await stats('by=month')
    expect(month.body.rows.reduce((s: number, r: Counts) => s + r.total, 0)).toBe(day.body.totals.total)
    expect(rowMap(month.body.rows)).toEqual(await expected(`to_char(reported_at at time zone 'Asia/Shanghai', 'YYYY-MM')`))
  })

  it('by department and filtered by categories equal SQL', async () => {
    const dept = await stats('by=department')
    expect(rowMap(dept.body.rows)).toEqual(await expected(`coalesce(department, '')`))
    const cats = await stats('by=child&category=exposed_rubbish,street_stall')
    expect(rowMap(cats.body.rows)).toEqual(await expected('grid_path[1]', `category in ('exposed_rubbish', 'street_stall')`))
    expect(cats.body.totals.total).toBeGreaterThan(0)
  })

  it('defaults to the last 30 days ending today; reportedToday counts today’s reports in scope', async () => {
    const { body } = await call(t.app, '/api/stats/cases')
    expect(body).toMatchObject({ from: shift(TO, -29), to: TO, by: 'day' })
    const grid = await t.handle.db.selectFrom('grids').select(['id', 'path']).where('level', '=', 3).where('path', '@>', sql<number[]>`array[${community.id}]::integer[]`).limit(1).executeTakeFirstOrThrow()
    const before = (await call(t.app, `/api/stats/cases?scope=grid:${community.id}`)).body.totals.reportedToday
    await t.handle.db
      .insertInto('issues')
      .values({ category: 'exposed_rubbish', description: '统计测试', status: 'reported', source: 'grid_worker', reporter: null, lon: 0, lat: 0, grid_id: grid.id, grid_path: grid.path, reported_at: new Date() })
      .execute()
    const after = (await call(t.app, `/api/stats/cases?scope=grid:${community.id}`)).body.totals
    expect(after.reportedToday).toBe(before + 1)
    const want = (await expected("'all'", `grid_path @> array[${community.id}]`, TO, TO)).get('all')!
    expect(after.reportedToday).toBe(want.total)
  })

  it('a worker counts only the cases of their grids', async () => {
    const scope = `grid_path && array[${workerGrids.join(',')}]::integer[]`
    const { status, body } = await stats('by=grid3', 'worker.huayuan')
    expect(status).toBe(200)
    expect(rowMap(body.rows)).toEqual(await expected('grid_id', scope))
    expect(body.rows.every((r: { gridId: number }) => workerGrids.includes(r.gridId))).toBe(true)
    const all = (await stats('by=category')).body.totals.total
    expect(body.totals.total).toBeGreaterThan(0)
    expect(body.totals.total).toBeLessThan(all)
    expect(body.totals).toMatchObject((await expected("'all'", scope)).get('all')!)
    // a community the worker does not work in: listed, but nothing readable in it
    const other = await t.handle.db.selectFrom('grids').select('id').where('level', '=', 1).where('id', '!=', community.id).limit(1).executeTakeFirstOrThrow()
    const outside = await stats(`scope=grid:${other.id}&by=category`, 'worker.huayuan')
    expect(outside.status).toBe(200)
    expect(outside.body.totals.total).toBe(0)
  })

  it('bad scope, dates, range, category or breakdown → 400; an unknown grid → 404', async () => {
    const cases: [string, number, string][] = [
      ['scope=street:1', 400, 'invalid_scope'],
      ['scope=grid:abc', 400, 'invalid_scope'],
      ['scope=grid:0', 400, 'invalid_scope'],
      ['from=2026-13-01', 400, 'invalid_date'],
      ['to=yesterday', 400, 'invalid_date'],
      ['from=2026-11-10&to=2026-11-01', 400, 'invalid_range'],
      ['from=2000-01-01&to=2026-01-01', 400, 'invalid_range'],
      ['category=nonsense', 400, 'unknown_category'],
      ['by=street', 400, 'invalid_query'],
      ['scope=grid:987654', 404, 'not_found'],
    ]
    for (const [query, code, errorCode] of cases) {
      const res = await call(t.app, `/api/stats/cases?${query}`)
      expect([query, res.status, res.body.error?.code]).toEqual([query, code, errorCode])
      expect(res.body.error.message).toEqual(expect.any(String))
    }
  })
})
