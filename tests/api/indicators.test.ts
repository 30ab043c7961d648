import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { call, openTestApp, type TestApp } from './harness.ts'

let t: TestApp
let grid: { id: number; path: number[] }
let otherCommunity: number

const cn = (s: string) => new Date(`${s.replace(' ', 'T')}:00+08:00`)
type Step = [string, string, string, Record<string, unknown>?, string?]
const opened = (day: string): Step[] => [
  [`${day} 08:40`, 'report', 'reported'],
  [`${day} 08:50`, 'accept', 'accepted'],
  [`${day} 09:00`, 'open', 'opened'],
]
const sanitation = { department: 'sanitation' }
/**
 * The five histories of tests/unit/indicators-compute.test.ts (exposed_rubbish: dispatch 1 working
 * hour, handling 1 working day), stored through the update log in March 2025 — before the demo's
 * 12 months, so the period holds only these. Hand results: 立案 5, 结案 3, 按期 2, 超期 2, 返工 1,
 * 延期 1, 缓办 1; 结案率 60 %, 按期结案率 2/(5−1) = 50 %, 返工率 1/3, 延期率 20 %, 平均处置时长 9.5 h.
 */
const HISTORIES: Step[][] = [
  [...opened('2025-03-10'), ['2025-03-10 09:30', 'dispatch', 'dispatched', sanitation], ['2025-03-10 10:00', 'start', 'handling', undefined, '环卫甲'], ['2025-03-10 15:00', 'report_done', 'feedback', undefined, '环卫甲'], ['2025-03-10 16:00', 'verify', 'verified'], ['2025-03-10 17:00', 'close', 'closed']],
  [...opened('2025-03-10'), ['2025-03-10 09:30', 'dispatch', 'dispatched', sanitation], ['2025-03-10 10:00', 'start', 'handling'], ['2025-03-12 09:30', 'report_done', 'feedback'], ['2025-03-12 10:00', 'verify', 'verified'], ['2025-03-12 11:00', 'close', 'closed']],
  [
    ...opened('2025-03-11'),
    ['2025-03-11 09:30', 'dispatch', 'dispatched', { department: 'enforcement' }],
    ['2025-03-11 09:45', 'start', 'handling'],
    ['2025-03-11 10:00', 'request_extension', 'handling', { extension: { value: 1, unit: 'working_days' } }],
    ['2025-03-11 10:30', 'approve_extension', 'handling'],
    ['2025-03-12 12:00', 'report_done', 'feedback'],
    ['2025-03-12 15:00', 'rework', 'handling'],
    ['2025-03-12 17:00', 'report_done', 'feedback'],
    ['2025-03-13 09:00', 'verify', 'verified'],
    ['2025-03-13 10:00', 'close', 'closed'],
  ],
  [...opened('2025-03-12'), ['2025-03-12 10:00', 'dispatch', 'dispatched', sanitation], ['2025-03-12 10:30', 'start', 'handling', undefined, '环卫甲'], ['2025-03-12 11:00', 'park', 'parked']],
  [...opened('2025-03-13')],
]

beforeAll(async () => {
  t = await openTestApp()
  const g = await t.handle.db.selectFrom('grids').select(['id', 'path']).where('level', '=', 3).orderBy('id').limit(1).executeTakeFirstOrThrow()
  grid = { id: g.id, path: g.path }
  otherCommunity = (await t.handle.db.selectFrom('grids').select('id').where('level', '=', 1).where('id', '!=', g.path[1]).limit(1).executeTakeFirstOrThrow()).id
  for (const steps of HISTORIES) {
    const last = steps.at(-1)!
    const issue = await t.handle.db
      .insertInto('issues')
      .values({ category: 'exposed_rubbish', description: '指标测试', status: last[2], source: 'grid_worker', reporter: null, lon: 0, lat: 0, grid_id: grid.id, grid_path: grid.path, reported_at: cn(steps[0][0]) })
      .returning('id')
      .executeTakeFirstOrThrow()
    await t.handle.db
      .insertInto('issue_updates')
      .values(
        steps.map(([at, action, to], k) => ({
          issue_id: issue.id,
          seq: k + 1,
          actor_role: 'acceptor',
          actor_name: steps[k][4] ?? '测试员',
          at: cn(at),
          from_status: k ? steps[k - 1][2] : null,
          to_status: to,
          action,
          details: steps[k][3] ? JSON.stringify(steps[k][3]) : null,
        })),
      )
      .execute()
  }
})
afterAll(() => t?.close())

const HAND = { opened: 5, closed: 3, onTime: 2, overdue: 2, reworked: 1, extended: 1, deferred: 1, due: 5 }

describe('GET /api/indicators on hand-made histories', () => {
  it('district, March 2025: the hand-computed figures', async () => {
    const { status, body } = await call(t.app, '/api/indicators?period=2025-03')
    expect(status).toBe(200)
    expect(body.counts).toEqual(HAND)
    expect(body.rates.closeRate).toBeCloseTo(0.6, 12)
    expect(body.rates.onTimeRate).toBeCloseTo(0.5, 12)
    expect(body.rates.reworkRate).toBeCloseTo(1 / 3, 12)
    expect(body.rates.extensionRate).toBeCloseTo(0.2, 12)
    expect(body.avgHandlingHours).toBeCloseTo(9.5, 12)
    expect(body.score).toBeCloseTo((1500 + 1750 + 1000 + 800 + (15 * 700) / 9.5) / 100, 9)
    expect(body.period).toMatchObject({ label: '2025-03', from: '2025-02-28T16:00:00.000Z', to: '2025-03-31T16:00:00.000Z' })
  })

  it('grid subtree: the level-1 ancestor has them all, another community none', async () => {
    expect((await call(t.app, `/api/indicators?scope=grid:${grid.path[1]}&period=2025-03`)).body.counts).toEqual(HAND)
    const other = await call(t.app, `/api/indicators?scope=grid:${otherCommunity}&period=2025-03`)
    expect(other.body.counts.opened).toBe(0)
    expect(other.body.score).toBeNull()
  })

  it('department: sanitation got A, B, D (enforcement C; E never dispatched)', async () => {
    const { body } = await call(t.app, '/api/indicators?scope=department:sanitation&period=2025-03')
    expect(body.scope).toMatchObject({ type: 'department', id: 'sanitation', name: '区环卫站' })
    expect(body.counts).toEqual({ opened: 3, closed: 2, onTime: 1, overdue: 1, reworked: 0, extended: 0, deferred: 1, due: 3 })
    expect(body.rates.onTimeRate).toBeCloseTo(1 / 2, 12) // 1 ÷ (3 − 1)
    expect(body.avgHandlingHours).toBeCloseTo(8.5, 12) // (3 + 14) / 2
  })

  it('person: 环卫甲 acted on A and D', async () => {
    const { body } = await call(t.app, `/api/indicators?scope=person:${encodeURIComponent('环卫甲')}&period=2025-03`)
    expect(body.counts).toMatchObject({ opened: 2, closed: 1, onTime: 1, deferred: 1 })
  })

  it('a period judged at its end: 2025-03-10..2025-03-10 holds A and B, B still open and overdue at Tue 00:00', async () => {
    const { body } = await call(t.app, '/api/indicators?period=2025-03-10..2025-03-10')
    expect(body.counts).toMatchObject({ opened: 2, closed: 1, onTime: 1, overdue: 0 })
  })

  it('红黑榜 by level-3 grid ranks the fixture grid (5 立案 ≥ the minimum of 5)', async () => {
    const { status, body } = await call(t.app, '/api/indicators/ranking?by=grid&level=3&period=2025-03')
    expect(status).toBe(200)
    expect(body.red.map((r: any) => r.key)).toEqual([String(grid.id)])
    expect(body.red[0].rank).toBe(1)
    expect(body.black).toEqual([])
    expect(body.rows.length).toBeGreaterThan(400) // every level-3 grid, unranked ones with rank null
  })

  it('bad input is 400/404 with the error shape', async () => {
    for (const [url, code] of [
      ['/api/indicators?period=2025-13', 'invalid_period'],
      ['/api/indicators?period=2025-03-31..2025-03-01', 'invalid_period'],
      ['/api/indicators?scope=planet:1', 'invalid_scope'],
      ['/api/indicators?scope=grid:abc', 'invalid_scope'],
    ]) {
      const r = await call(t.app, url)
      expect(r.status, url).toBe(400)
      expect(r.body.error.code).toBe(code)
    }
    expect((await call(t.app, '/api/indicators?scope=grid:999999999')).status).toBe(404)
    expect((await call(t.app, '/api/indicators?scope=department:nope')).status).toBe(404)
    expect((await call(t.app, '/api/indicators/ranking?by=street')).status).toBe(400)
  })
})

describe('indicators on the demo histories', () => {
  const year = String(new Date().getUTCFullYear())
  it('district: realistic counts, rates within 0–1, score within 0–100', async () => {
    const { status, body } = await call(t.app, `/api/indicators?period=${year}`)
    expect(status).toBe(200)
    expect(body.counts.opened).toBeGreaterThan(10_000)
    for (const key of ['closed', 'onTime', 'overdue', 'reworked', 'extended', 'deferred']) expect(body.counts[key], key).toBeGreaterThan(0)
    for (const r of Object.values(body.rates) as number[]) expect(r).toBeGreaterThanOrEqual(0), expect(r).toBeLessThanOrEqual(1)
    expect(body.score).toBeGreaterThan(0)
    expect(body.score).toBeLessThanOrEqual(100)
    expect(body.avgHandlingHours).toBeGreaterThan(0)
  })
  it('红黑榜 of communities and of departments: red best-first, black worst-first, disjoint', async () => {
    for (const url of [`/api/indicators/ranking?by=grid&level=1&period=${year}`, `/api/indicators/ranking?by=department&period=${year}`]) {
      const { body } = await call(t.app, url)
      expect(body.red.length, url).toBeGreaterThan(0)
      expect(body.black.length, url).toBeGreaterThan(0)
      const red = body.red.map((r: any) => r.score)
      const black = body.black.map((r: any) => r.score)
      expect(red).toEqual([...red].sort((a, b) => b - a))
      expect(black).toEqual([...black].sort((a, b) => a - b))
      expect(Math.min(...red)).toBeGreaterThanOrEqual(Math.max(...black))
      expect(body.red.filter((r: any) => body.black.some((b: any) => b.key === r.key))).toEqual([])
      for (const r of body.red) expect(r.name).toBeTruthy()
    }
  })
  it('the communities partition the district: their 立案 sum to the district’s', async () => {
    const district = (await call(t.app, `/api/indicators?period=${year}`)).body.counts.opened
    const { body } = await call(t.app, `/api/indicators/ranking?by=grid&level=1&period=${year}`)
    expect(body.rows.reduce((s: number, r: any) => s + r.counts.opened, 0)).toBe(district)
  })
})

describe('who may read indicators', () => {
  it('every logged-in role (aggregate data); no session → 401', async () => {
    expect((await call(t.app, '/api/indicators?period=2025-03', { anonymous: true })).status).toBe(401)
    expect((await call(t.app, '/api/indicators/ranking?period=2025-03', { anonymous: true })).status).toBe(401)
    expect((await call(t.app, '/api/indicators?period=2025-03', { as: 'leader' })).body.counts.opened).toBe(5)
  })
})
