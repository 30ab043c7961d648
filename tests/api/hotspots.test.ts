/**
 * GET /api/hotspots/cases and /ranking: hand-made cases in February 2025 (before the demo's 12
 * months, so the period holds only them) with hand-worked answers, then the demo's months against
 * independent SQL (counts, reworks from the log, recurrences by a haversine self-join), scoped.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { call, openTestApp, type TestApp } from './harness.ts'
import { destinationPoint } from '../../geo/index.ts'
import { hexCellOf, hexCenter } from '../../geo/hotspots/index.ts'

let t: TestApp
let grid: { id: number; path: number[] }
let P: [number, number]
const ids: Record<string, number> = {}

const cn = (day: string, time = '10:00') => new Date(`${day}T${time}:00+08:00`)

beforeAll(async () => {
  t = await openTestApp()
  const db = t.handle.db
  const worker = await db.selectFrom('users').select('grid_ids').where('username', '=', 'worker.huayuan').executeTakeFirstOrThrow()
  const g = await db.selectFrom('grids').select(['id', 'path']).where('id', '=', worker.grid_ids[0]).executeTakeFirstOrThrow()
  grid = { id: g.id, path: g.path }
  const seed = await db.selectFrom('issues').select(['lon', 'lat']).where('grid_id', '=', grid.id).limit(1).executeTakeFirstOrThrow()
  // the centre of a res-9 cell (edge ≈ 175 m): the cases 5–10 m off it share the cell
  P = hexCenter(hexCellOf(seed.lon, seed.lat, 9))
  const near = (m: number, bearing = 90) => destinationPoint(P, bearing, m)
  const HAND: Array<[string, string, [number, number], string, string, string | null, Array<[string, string]>]> = [
    // key, category, where, reported, status, closed, log actions beyond the report
    ['F', 'clutter', P, '2025-01-20', 'closed', '2025-01-25', [['close', 'closed']]],
    ['G', 'clutter', near(5), '2025-02-01', 'reported', null, []],
    ['A', 'clutter', P, '2025-02-03', 'closed', '2025-02-05', [['rework', 'handling'], ['close', 'closed']]],
    ['B', 'clutter', near(10, 0), '2025-02-10', 'reported', null, []],
    ['C', 'flyposting', near(10, 0), '2025-02-10', 'reported', null, []],
    ['D', 'clutter', P, '2025-02-12', 'rejected', null, [['reject', 'rejected']]],
    ['E', 'clutter', near(2000), '2025-02-20', 'reported', null, []],
  ]
  for (const [key, category, [lon, lat], reported, status, closed, log] of HAND) {
    const row = await db
      .insertInto('issues')
      .values({ category, description: '热点测试', status, source: 'grid_worker', reporter: null, lon, lat, grid_id: grid.id, grid_path: grid.path, reported_at: cn(reported), closed_at: closed ? cn(closed) : null, recurrence_of: key === 'E' ? ids.A : null })
      .returning('id')
      .executeTakeFirstOrThrow()
    ids[key] = row.id
    const steps: Array<[string, string]> = [['report', 'reported'], ...log]
    await db
      .insertInto('issue_updates')
      .values(steps.map(([action, to], k) => ({ issue_id: row.id, seq: k + 1, actor_role: 'acceptor', actor_name: '测试员', at: cn(reported, `1${k}:00`), from_status: k ? steps[k - 1][1] : null, to_status: to, action })))
      .execute()
  }
})
afterAll(() => t?.close())

const FEB = 'from=2025-02-01&to=2025-02-28'

describe('hand-made February 2025', () => {
  it('cases: A B C E G (F before the period, D rejected), by local day, with recurrence and rework', async () => {
    const { status, body } = await call(t.app, `/api/hotspots/cases?${FEB}`)
    expect(status).toBe(200)
    expect(body).toMatchObject({ from: '2025-02-01', to: '2025-02-28', days: 28, utcOffsetMinutes: 480, count: 5, recurrence: { radiusM: 30, windowDays: 30 } })
    const c = body.cases
    const byId = new Map<number, number>(c.id.map((id: number, i: number) => [id, i]))
    const row = (key: string) => {
      const i = byId.get(ids[key])!
      return { day: c.day[i], category: body.categories[c.category[i]], recurrence: c.recurrence[i], rework: c.rework[i] }
    }
    expect([...byId.keys()].sort()).toEqual(['A', 'B', 'C', 'E', 'G'].map((k) => ids[k]).sort())
    // G repeats F (closed 7 days before, 5 m); A repeats F too (and was reworked: both at once);
    // B repeats A; C is another category; E is linked to A by 复发重开
    expect(row('G')).toEqual({ day: 0, category: 'clutter', recurrence: 1, rework: 0 })
    expect(row('A')).toEqual({ day: 2, category: 'clutter', recurrence: 1, rework: 1 })
    expect(row('B')).toEqual({ day: 9, category: 'clutter', recurrence: 1, rework: 0 })
    expect(row('C')).toEqual({ day: 9, category: 'flyposting', recurrence: 0, rework: 0 })
    expect(row('E')).toEqual({ day: 19, category: 'clutter', recurrence: 2, rework: 0 })
    expect(c.lon[byId.get(ids.A)!]).toBeCloseTo(P[0], 6)
  })

  it('ranking at res 9: P’s cell holds A B C G — 3 recurrences, 1 rework, clutter 3; E alone', async () => {
    const { status, body } = await call(t.app, `/api/hotspots/ranking?${FEB}&res=9`)
    expect(status).toBe(200)
    expect(body).toMatchObject({ res: 9, total: 5, cells: 2 })
    const cellP = hexCellOf(P[0], P[1], 9)
    expect(body.rows[0]).toMatchObject({ rank: 1, cell: cellP, count: 4, recurrences: 3, reworks: 1, topCategory: 'clutter', topCategoryCount: 3, gridId: grid.id })
    expect(body.rows[0].gridName).toEqual(expect.any(String))
    expect(body.rows[0].lon).toBeCloseTo(P[0], 9)
    expect(body.rows[1]).toMatchObject({ rank: 2, count: 1, recurrences: 1, reworks: 0 })
    // a shorter period and one category
    const part = await call(t.app, '/api/hotspots/ranking?from=2025-02-05&to=2025-02-28&res=9&category=flyposting')
    expect(part.body.rows.map((r: any) => [r.cell, r.count])).toEqual([[cellP, 1]])
    // a recurrence radius of 4 m: G (5 m from F) and B (10 m from A) no longer count; A (0 m from F) and E (linked) do
    const tight = await call(t.app, `/api/hotspots/ranking?${FEB}&res=9&recurrenceRadius=4`)
    expect(tight.body.rows.map((r: any) => r.recurrences)).toEqual([1, 1])
  })

  it('scope: the worker of these grids sees them, another community’s worker none', async () => {
    expect((await call(t.app, `/api/hotspots/cases?${FEB}`, { as: 'worker.huayuan' })).body.count).toBe(5)
    expect((await call(t.app, `/api/hotspots/cases?${FEB}`, { as: 'worker.fengming' })).body.count).toBe(0)
    // sanitation reads its categories: flyposting and clutter are both its own… enforcement too
    const dept = await call(t.app, `/api/hotspots/ranking?${FEB}&res=9`, { as: 'dept.greening' })
    expect(dept.body.total).toBe(0)
  })
})

describe('the demo months against independent SQL', () => {
  const FROM = '2026-06-01'
  const TO = '2026-10-31'
  const range = () => [cn(FROM, '00:00'), new Date(+cn(TO, '00:00') + 86_400_000)] as const

  /** `where(alias)` limits both the period's cases and the closed cases they may repeat. */
  async function sqlCounts(where: (alias: string) => ReturnType<typeof sql> = () => sql`true`) {
    const [from, to] = range()
    // the box (±0.0005°, > 50 m here) lets the GiST index on point(lon, lat) find the neighbours
    const { rows } = await sql<{ total: string; reworks: string; recurrences: string }>`
      with period as (
        select * from issues b where reported_at >= ${from} and reported_at < ${to} and status not in ('rejected', 'merged') and ${where('b')}
      )
      select
        (select count(*) from period) as total,
        (select count(*) from period b where exists (select 1 from issue_updates u where u.issue_id = b.id and u.action = 'rework')) as reworks,
        (select count(*) from period b where b.recurrence_of is not null or exists (
          select 1 from issues a
          where point(a.lon, a.lat) <@ box(point(b.lon - 0.0005, b.lat - 0.0005), point(b.lon + 0.0005, b.lat + 0.0005))
            and a.status = 'closed' and ${where('a')} and a.id <> b.id and a.category = b.category
            and a.closed_at <= b.reported_at and b.reported_at <= a.closed_at + interval '30 days'
            and 2 * 6371008.8 * asin(sqrt(power(sin(radians(b.lat - a.lat) / 2), 2) + cos(radians(a.lat)) * cos(radians(b.lat)) * power(sin(radians(b.lon - a.lon) / 2), 2))) <= 30
        )) as recurrences
    `.execute(t.handle.db)
    return { total: Number(rows[0].total), reworks: Number(rows[0].reworks), recurrences: Number(rows[0].recurrences) }
  }

  const sum = (rows: any[], key: string) => rows.reduce((s, r) => s + r[key], 0)

  it('whole district: cells add up to the SQL count, reworks and recurrences', async () => {
    const expected = await sqlCounts()
    expect(expected.total).toBeGreaterThan(1000)
    expect(expected.reworks).toBeGreaterThan(0)
    expect(expected.recurrences).toBeGreaterThan(0)
    const { body } = await call(t.app, `/api/hotspots/ranking?from=${FROM}&to=${TO}&res=8&limit=5000`)
    expect(body.total).toBe(expected.total)
    expect(body.rows).toHaveLength(body.cells)
    expect({ total: sum(body.rows, 'count'), reworks: sum(body.rows, 'reworks'), recurrences: sum(body.rows, 'recurrences') }).toEqual(expected)
    for (let i = 1; i < body.rows.length; i++) expect(body.rows[i].count).toBeLessThanOrEqual(body.rows[i - 1].count)
    const cases = (await call(t.app, `/api/hotspots/cases?from=${FROM}&to=${TO}`)).body
    expect(cases.count).toBe(expected.total)
    expect(cases.cases.rework.filter(Boolean).length).toBe(expected.reworks)
    expect(cases.cases.recurrence.filter(Boolean).length).toBe(expected.recurrences)
  })

  it('a category and a community head’s scope', async () => {
    const community = grid.path[1]
    const expected = await sqlCounts((x) => sql`${sql.ref(`${x}.category`)} = 'exposed_rubbish' and ${sql.ref(`${x}.grid_path`)} && array[${community}]::integer[]`)
    const { body } = await call(t.app, `/api/hotspots/ranking?from=${FROM}&to=${TO}&res=9&limit=5000&category=exposed_rubbish`, { as: 'head.huayuan' })
    expect({ total: sum(body.rows, 'count'), reworks: sum(body.rows, 'reworks'), recurrences: sum(body.rows, 'recurrences') }).toEqual(expected)
    expect(new Set(body.rows.map((r: any) => r.topCategory))).toEqual(new Set(expected.total ? ['exposed_rubbish'] : []))
  })

  it('the default period is the last 90 local days', async () => {
    const { body } = await call(t.app, '/api/hotspots/cases')
    expect(body.days).toBe(90)
    expect(Math.max(...body.cases.day)).toBeLessThanOrEqual(89)
  })
})

describe('bad requests', () => {
  it.each([
    ['from=2025-02-30&to=2025-03-01', 'invalid_period', /real dates/],
    ['from=2025-03-02&to=2025-03-01', 'invalid_period', /from ≤ to/],
    ['from=2020-01-01&to=2025-03-01', 'period_too_long', /at most 1096 days/],
    ['from=20250101', 'invalid_query', /from: expected YYYY-MM-DD/],
    ['category=clutter,nope', 'unknown_category', /"nope"/],
    ['res=3', 'invalid_query', /res/],
    ['limit=0', 'invalid_query', /limit/],
    ['recurrenceRadius=-1', 'invalid_query', /recurrenceRadius/],
  ])('%s → 400 %s', async (query, code, message) => {
    const { status, body } = await call(t.app, `/api/hotspots/ranking?${query}`)
    expect(status).toBe(400)
    expect(body.error.code).toBe(code)
    expect(body.error.message).toMatch(message)
    expect(body.error.details).toBeDefined()
  })

  it('needs a session', async () => {
    expect((await call(t.app, '/api/hotspots/cases', { anonymous: true })).status).toBe(401)
  })
})
