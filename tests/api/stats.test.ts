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

  it('a bbox and a polygon narrow every count to the cases inside, equal to plain SQL', async () => {
    // a box over the middle of the district's cases (not the test row at 0,0 above), and the triangle of its lower-left half
    const ext = (
      await sql<{ x0: number; y0: number; x1: number; y1: number }>`select min(lon) as x0, min(lat) as y0, max(lon) as x1, max(lat) as y1 from issues where lon > 1`.execute(t.handle.db)
    ).rows[0]
    const [w, h] = [ext.x1 - ext.x0, ext.y1 - ext.y0]
    const [a, b, c, d] = [ext.x0 + w * 0.25, ext.y0 + h * 0.25, ext.x0 + w * 0.75, ext.y0 + h * 0.75].map((v) => Math.round(v * 1e6) / 1e6)
    const inBox = `lon between ${a} and ${c} and lat between ${b} and ${d}`
    const box = await stats(`by=category&bbox=${a},${b},${c},${d}`)
    expect(box.status).toBe(200)
    const wantBox = await expected('category', inBox)
    expect(rowMap(box.body.rows)).toEqual(wantBox)
    expect(box.body.totals).toMatchObject((await expected("'all'", inBox)).get('all')!)
    const all = (await stats('by=category')).body.totals.total
    expect(box.body.totals.total).toBeGreaterThan(0)
    expect(box.body.totals.total).toBeLessThan(all)

    // the triangle (a,b) (c,b) (a,d): inside when on the inner side of the hypotenuse
    const inTriangle = `lon >= ${a} and lat >= ${b} and (lon - ${a}) / ${c - a} + (lat - ${b}) / ${d - b} <= 1`
    const poly = `${a},${b},${c},${b},${a},${d}`
    const tri = await stats(`by=child&polygon=${poly}`)
    expect(tri.status).toBe(200)
    expect(rowMap(tri.body.rows)).toEqual(await expected('grid_path[1]', inTriangle))
    expect(tri.body.totals.total).toBeGreaterThan(0)
    expect(tri.body.totals.total).toBeLessThan(box.body.totals.total)
    // closed ring, a scope and a category combine with it
    const street = community.path[0]
    const closedRing = await stats(`scope=grid:${street}&by=day&category=exposed_rubbish&polygon=${poly},${a},${b}`)
    expect(closedRing.status).toBe(200)
    expect(rowMap(closedRing.body.rows)).toEqual(
      await expected(`to_char(reported_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD')`, `${inTriangle} and grid_path @> array[${street}] and category = 'exposed_rubbish'`),
    )
    // a worker's box counts only their grids
    const worker = await stats(`by=grid3&bbox=${ext.x0},${ext.y0},${ext.x1},${ext.y1}`, 'worker.huayuan')
    expect(rowMap(worker.body.rows)).toEqual(await expected('grid_id', `grid_path && array[${workerGrids.join(',')}]::integer[]`))
  })

  it('a bad polygon or bbox → 400 with code, message and details', async () => {
    const cases: [string, string][] = [
      ['polygon=120.1,30.2,120.2', 'invalid_polygon'],
      ['polygon=120.1,30.2,120.2,30.3', 'invalid_polygon'],
      ['polygon=120.1,30.2,120.2,30.3,120.2,30.2,120.1,30.3', 'invalid_polygon'],
      ['polygon=120.1,30.2,120.2,30.3,120.3,30.4', 'invalid_polygon'],
      ['polygon=120.1,30.2,220.2,30.2,120.1,30.3', 'invalid_polygon'],
      ['polygon=120.1,30.2,abc,30.2,120.1,30.3', 'invalid_polygon'],
      ['polygon=', 'invalid_polygon'],
      [`polygon=${Array.from({ length: 501 }, (_, i) => `${120 + Math.cos(i / 80) / 100},${30 + Math.sin(i / 80) / 100}`).join(',')}`, 'invalid_polygon'],
      ['bbox=120.2,30.2,120.1,30.3', 'invalid_bbox'],
      ['bbox=1,2,3', 'invalid_bbox'],
      ['bbox=120.1,30.2,120.2,30.3&polygon=120.1,30.2,120.2,30.2,120.1,30.3', 'invalid_query'],
    ]
    for (const [query, errorCode] of cases) {
      const res = await call(t.app, `/api/stats/cases?${query}`)
      expect([query.slice(0, 60), res.status, res.body.error?.code]).toEqual([query.slice(0, 60), 400, errorCode])
      expect(res.body.error.message).toEqual(expect.any(String))
      expect(res.body.error).toHaveProperty('details')
    }
    const crossing = await call(t.app, '/api/stats/cases?polygon=120.1,30.2,120.2,30.3,120.2,30.2,120.1,30.3')
    expect(crossing.body.error.details.errors[0].code).toBe('self_intersection')
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
