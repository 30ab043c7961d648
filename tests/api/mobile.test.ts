/**
 * The phone screen's two reads: the caller's scope grids, and the pre-check of a report (grid at
 * the point, in scope or not, duplicates nearby) agreeing with what POST /api/cases then does.
 * Runs on PGlite and on PostgreSQL.
 */
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demoUsers, type Users } from './cases-support.ts'
import { openTestApp, type TestApp } from './harness.ts'

let t: TestApp
let u: Users
let spot: { lon: number; lat: number }
let elsewhere: { lon: number; lat: number }

beforeAll(async () => {
  t = await openTestApp()
  u = await demoUsers(t)
  const at = async (grids: number[]) =>
    (await sql<{ lon: number; lat: number }>`select lon, lat from issues where grid_id in (${sql.join(grids)}) order by id limit 1`.execute(t.handle.db)).rows[0]!
  spot = await at(u.gridsOf('worker.huayuan'))
  elsewhere = await at(u.gridsOf('worker.second'))
})
afterAll(() => t?.close())

describe('GET /api/mobile/scope', () => {
  it("outlines exactly the worker's scope grids", async () => {
    const r = await u.as('worker.huayuan', '/api/mobile/scope')
    expect(r.status).toBe(200)
    const ids = r.body.features.map((f: { id: number }) => f.id).sort((a: number, b: number) => a - b)
    expect(ids).toEqual([...u.gridsOf('worker.huayuan')].sort((a, b) => a - b))
    for (const f of r.body.features) {
      expect(f.properties.level).toBe(3)
      expect(['Polygon', 'MultiPolygon']).toContain(f.geometry.type)
    }
  })

  it('is empty for a district-wide user', async () => {
    const r = await u.as('duty', '/api/mobile/scope')
    expect(r.status).toBe(200)
    expect(r.body.features).toEqual([])
  })

  it('needs a session', async () => {
    const r = await t.app.request('/api/mobile/scope')
    expect(r.status).toBe(401)
  })
})

describe('GET /api/mobile/precheck', () => {
  const q = (p: { lon: number; lat: number }, category = 'exposed_rubbish') => `/api/mobile/precheck?category=${category}&lon=${p.lon}&lat=${p.lat}`

  it('names the grid, says it is in scope, and lists the duplicates POST /api/cases then suggests', async () => {
    const before = await u.as('worker.huayuan', q(spot))
    expect(before.status).toBe(200)
    expect(u.gridsOf('worker.huayuan')).toContain(before.body.grid.id)
    expect(before.body.inScope).toBe(true)
    expect(typeof before.body.grid.name).toBe('string')

    const first = await u.as('worker.huayuan', '/api/cases', { method: 'POST', json: { category: 'exposed_rubbish', description: '测试：预检重复', ...spot } })
    expect(first.status).toBe(201)
    const after = await u.as('worker.huayuan', q(spot))
    const ids = after.body.duplicates.map((d: { id: number }) => d.id)
    expect(ids).toContain(first.body.case.id)
    expect(after.body.duplicates[0].distanceM).toBeLessThanOrEqual(30)

    const second = await u.as('worker.huayuan', '/api/cases', { method: 'POST', json: { category: 'exposed_rubbish', description: '测试：预检重复 2', ...spot } })
    expect(second.status).toBe(201)
    expect(second.body.duplicates.map((d: { id: number }) => d.id)).toEqual(ids)
  })

  it('another category is no duplicate', async () => {
    const r = await u.as('worker.huayuan', q(spot, 'illegal_construction'))
    expect(r.body.duplicates.every((d: { category: string }) => d.category === 'illegal_construction')).toBe(true)
  })

  it("says out of scope in another worker's grid, as POST /api/cases refuses it", async () => {
    const r = await u.as('worker.huayuan', q(elsewhere))
    expect(r.status).toBe(200)
    expect(r.body.grid).not.toBeNull()
    expect(r.body.inScope).toBe(false)
    const post = await u.as('worker.huayuan', '/api/cases', { method: 'POST', json: { category: 'exposed_rubbish', description: '测试：越界', ...elsewhere } })
    expect(post.status).toBe(403)
  })

  it('says no grid outside the district, as POST /api/cases answers 422', async () => {
    const far = { lon: 100.0, lat: 20.0 }
    const r = await u.as('worker.huayuan', q(far))
    expect(r.body).toMatchObject({ grid: null, inScope: false })
    const post = await u.as('worker.huayuan', '/api/cases', { method: 'POST', json: { category: 'exposed_rubbish', description: '测试：区外', ...far } })
    expect(post.status).toBe(422)
    expect(post.body.error.code).toBe('outside_grids')
  })

  it('refuses a bad category or coordinate with 400 naming it', async () => {
    const bad = await u.as('worker.huayuan', `/api/mobile/precheck?category=nope&lon=${spot.lon}&lat=${spot.lat}`)
    expect(bad.status).toBe(400)
    expect(bad.body.error.code).toBe('unknown_category')
    const lat = await u.as('worker.huayuan', `/api/mobile/precheck?category=exposed_rubbish&lon=${spot.lon}&lat=95`)
    expect(lat.status).toBe(400)
    expect(JSON.stringify(lat.body.error.details)).toContain('lat')
  })
})
