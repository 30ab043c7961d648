import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { call, openTestApp, type TestApp } from './harness.ts'

let t: TestApp
beforeAll(async () => {
  t = await openTestApp()
})
afterAll(() => t?.close())

const statusCounts = async (where = sql`true`) =>
  Object.fromEntries(
    (await sql<{ status: string; n: number }>`select r.status, count(*)::int as n from civ_renovations r join compounds c on c.id = r.compound_id where ${where} group by r.status`.execute(t.handle.db)).rows.map((r) => [r.status, r.n]),
  )
const tally = (list: { status: string }[]) => list.reduce<Record<string, number>>((a, r) => ({ ...a, [r.status]: (a[r.status] ?? 0) + 1 }), {})

describe('renovation projects on the demo district', () => {
  it('has the 20 projects of seed 001 on old compounds, this year, with scope, statuses and consistent dates', async () => {
    const { status, body } = await call(t.app, '/api/civ/renovations')
    expect(status).toBe(200)
    expect(body).toHaveLength(20)
    const year = new Date().getUTCFullYear()
    for (const r of body) {
      expect(r.old).toBe(true)
      expect(r.year).toBe(year)
      expect(r.scope).toContain('rain_sewage')
      expect(r.plannedEnd >= r.plannedStart).toBe(true)
      if (['construction', 'completed', 'accepted'].includes(r.status)) expect(r.startedAt).not.toBeNull()
      else expect(r.startedAt).toBeNull()
      if (['completed', 'accepted'].includes(r.status)) expect(r.completedAt >= r.startedAt).toBe(true)
      if (r.status === 'accepted') expect(r.acceptedAt >= r.completedAt).toBe(true)
    }
    expect(tally(body)).toEqual(await statusCounts())
    // spread over the year, so whatever the day there are projects in different steps
    expect(new Set(body.map((r: any) => r.status)).size).toBeGreaterThanOrEqual(2)
    expect(new Set(body.flatMap((r: any) => r.scope)).size).toBeGreaterThanOrEqual(6)
  })

  it('filters by grid, status and year as plain SQL does, and the map layer has one compound per project', async () => {
    const all = (await call(t.app, '/api/civ/renovations')).body
    const community = all[0].communityId
    const inCommunity = (await call(t.app, `/api/civ/renovations?grid=${community}`)).body
    expect(tally(inCommunity)).toEqual(await statusCounts(sql`c.grid_path @> array[${community}]::integer[]`))
    const construction = (await call(t.app, '/api/civ/renovations?status=construction')).body
    expect(construction.length).toBe((await statusCounts()).construction ?? 0)
    expect((await call(t.app, '/api/civ/renovations?year=2001')).body).toEqual([])
    const map = (await call(t.app, '/api/civ/renovations/map')).body
    expect(map.type).toBe('FeatureCollection')
    expect(map.features.map((f: any) => f.id).sort()).toEqual(all.map((r: any) => r.compoundId).sort())
    for (const f of map.features) expect(f.properties.status).toBe(all.find((r: any) => r.compoundId === f.id).status)
    expect((await call(t.app, '/api/civ/renovations?status=done')).status).toBe(400)
  })

  it('scopes reads to the caller’s grids: a community head sees only their community’s projects', async () => {
    const head = await t.handle.db.selectFrom('users').select('grid_ids').where('username', '=', 'head.huayuan').executeTakeFirstOrThrow()
    const mine = (await call(t.app, '/api/civ/renovations', { as: 'head.huayuan' })).body
    const expected = await statusCounts(sql`c.grid_path && array[${sql.join(head.grid_ids)}]::integer[]`)
    expect(tally(mine)).toEqual(expected)
    const outside = (await call(t.app, '/api/civ/renovations')).body.find((r: any) => !head.grid_ids.includes(r.communityId))
    expect((await call(t.app, `/api/civ/renovations/${outside.id}`, { as: 'head.huayuan' })).status).toBe(404)
    expect((await call(t.app, `/api/civ/renovations/${outside.id}`)).body.id).toBe(outside.id)
  })

  it('creates a project with validation, and moves it forward one step at a time with dates', async () => {
    const free = await sql<{ id: number }>`select id from compounds where old and id not in (select compound_id from civ_renovations) order by id limit 1`.execute(t.handle.db)
    const compoundId = free.rows[0]!.id
    const body = { compoundId, scope: ['lighting', 'corridor'], plannedStart: '2026-03-01', plannedEnd: '2026-06-30', budget: 120000 }
    const before = await statusCounts()
    expect((await call(t.app, '/api/civ/renovations', { method: 'POST', json: { ...body, scope: [] } })).status).toBe(400)
    expect((await call(t.app, '/api/civ/renovations', { method: 'POST', json: { ...body, scope: ['swimming_pool'] } })).status).toBe(400)
    expect((await call(t.app, '/api/civ/renovations', { method: 'POST', json: { ...body, plannedStart: '2026-02-30' } })).status).toBe(400)
    const backwards = await call(t.app, '/api/civ/renovations', { method: 'POST', json: { ...body, plannedEnd: '2026-01-01' } })
    expect([backwards.status, backwards.body.error.code]).toEqual([422, 'invalid_dates'])
    const unknown = await call(t.app, '/api/civ/renovations', { method: 'POST', json: { ...body, compoundId: 999999 } })
    expect([unknown.status, unknown.body.error.code]).toEqual([422, 'unknown_compound'])
    expect(await statusCounts()).toEqual(before)

    const made = await call(t.app, '/api/civ/renovations', { method: 'POST', json: body })
    expect(made.status).toBe(201)
    expect(made.body).toMatchObject({ compoundId, year: 2026, status: 'planned', scope: ['lighting', 'corridor'], budget: 120000, startedAt: null })
    const dup = await call(t.app, '/api/civ/renovations', { method: 'POST', json: body })
    expect([dup.status, dup.body.error.code]).toEqual([409, 'duplicate_project'])

    const step = (status: string, date?: string) => call(t.app, `/api/civ/renovations/${made.body.id}/status`, { method: 'POST', json: { status, ...(date ? { date } : {}) } })
    const skip = await step('completed', '2026-05-01')
    expect([skip.status, skip.body.error.code, skip.body.error.details.allowed]).toEqual([409, 'invalid_transition', 'design'])
    expect((await step('design')).body.status).toBe('design')
    expect((await step('construction', '2026-03-10')).body).toMatchObject({ status: 'construction', startedAt: '2026-03-10' })
    const early = await step('completed', '2026-03-01')
    expect([early.status, early.body.error.code]).toEqual([422, 'invalid_dates'])
    expect((await step('completed', '2099-01-01')).body.error.code).toBe('future_date')
    expect((await step('completed', '2026-06-20')).body).toMatchObject({ status: 'completed', completedAt: '2026-06-20' })
    expect((await step('accepted', '2026-07-01')).body).toMatchObject({ status: 'accepted', acceptedAt: '2026-07-01' })
    const final = await step('accepted')
    expect([final.status, final.body.error.details.allowed]).toEqual([409, null])
    expect((await call(t.app, '/api/civ/renovations/999999/status', { method: 'POST', json: { status: 'design' } })).status).toBe(404)
  })

  it('lets only renovators in scope write: a worker is refused, a community head outside their community too', async () => {
    const any = (await call(t.app, '/api/civ/renovations')).body[0]
    const worker = await call(t.app, `/api/civ/renovations/${any.id}/status`, { method: 'POST', as: 'worker.huayuan', json: { status: 'construction' } })
    expect(worker.status).toBe(403)
    const head = await t.handle.db.selectFrom('users').select('grid_ids').where('username', '=', 'head.huayuan').executeTakeFirstOrThrow()
    const foreign = (await call(t.app, '/api/civ/renovations')).body.find((r: any) => !head.grid_ids.includes(r.communityId) && r.status !== 'accepted')
    const refused = await call(t.app, `/api/civ/renovations/${foreign.id}/status`, { method: 'POST', as: 'head.huayuan', json: { status: 'design' } })
    expect([refused.status, refused.body.error.code]).toEqual([403, 'out_of_scope'])
    expect((await call(t.app, `/api/civ/renovations/${foreign.id}`)).body.status).toBe(foreign.status)
  })
})
