import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { call, openTestApp, type TestApp } from './harness.ts'

let t: TestApp
beforeAll(async () => {
  t = await openTestApp()
})
afterAll(() => t?.close())

const countIssues = async () =>
  (await t.handle.db.selectFrom('issues').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()).n

const report = (coordinates: unknown, properties: Record<string, unknown> = {}) => ({
  type: 'Feature',
  geometry: { type: 'Point', coordinates },
  properties: { category: 'exposed_rubbish', description: '收集亭旁有暴露垃圾', ...properties },
})

describe('GET /api/issues', () => {
  it('holds at least 20,000 issues of the last 12 months', async () => {
    const { status, body } = await call(t.app, '/api/issues')
    expect(status).toBe(200)
    expect(body.features.length).toBeGreaterThanOrEqual(20_000)
    const yearAgo = Date.now() - 366 * 86_400_000
    for (const f of body.features.slice(0, 2000)) {
      expect(Date.parse(f.properties.reportedAt)).toBeGreaterThan(yearAgo)
      expect(f.properties.gridPath).toHaveLength(4)
      expect(f.properties.gridPath[3]).toBe(f.properties.gridId)
    }
    const open = body.features.filter((f: any) => f.properties.open)
    const overdue = body.features.filter((f: any) => f.properties.overdue)
    expect(open.length).toBeGreaterThan(0)
    expect(overdue.length).toBeGreaterThan(0)
    expect(overdue.every((f: any) => f.properties.open && Date.parse(f.properties.deadlineAt) < Date.now())).toBe(true)
  })

  it('combines category, status, period, bbox and grid filters', async () => {
    const community = (await call(t.app, '/api/grids?level=1')).body.features[0]
    const [minx, miny, maxx, maxy] = [102.45, 24.25, 102.65, 24.45]
    const from = new Date(Date.now() - 90 * 86_400_000).toISOString()
    const to = new Date().toISOString()
    const q = `category=exposed_rubbish,street_stall&status=closed,open&from=${from}&to=${to}&bbox=${minx},${miny},${maxx},${maxy}&grid=${community.id}`
    const { status, body } = await call(t.app, `/api/issues?${q}`)
    expect(status).toBe(200)
    expect(body.features.length).toBeGreaterThan(0)
    for (const f of body.features) {
      const p = f.properties
      expect(['exposed_rubbish', 'street_stall']).toContain(p.category)
      expect(p.status === 'closed' || p.open).toBe(true)
      expect(Date.parse(p.reportedAt)).toBeGreaterThanOrEqual(Date.parse(from))
      expect(Date.parse(p.reportedAt)).toBeLessThan(Date.parse(to))
      const [lon, lat] = f.geometry.coordinates
      expect(lon >= minx && lon <= maxx && lat >= miny && lat <= maxy).toBe(true)
      expect(p.gridPath).toContain(community.id)
    }
  })

  it('a list of categories is the union of each', async () => {
    const a = (await call(t.app, '/api/issues?category=clutter')).body.features.length
    const b = (await call(t.app, '/api/issues?category=flyposting')).body.features.length
    const both = (await call(t.app, '/api/issues?category=clutter,flyposting')).body.features.length
    expect(a).toBeGreaterThan(0)
    expect(b).toBeGreaterThan(0)
    expect(both).toBe(a + b)
  })

  it('refuses unknown categories, statuses and bad dates', async () => {
    expect((await call(t.app, '/api/issues?category=ufo')).body.error.code).toBe('unknown_category')
    expect((await call(t.app, '/api/issues?status=lost')).body.error.code).toBe('unknown_status')
    expect((await call(t.app, '/api/issues?from=yesterday')).body.error.code).toBe('invalid_date')
    expect((await call(t.app, '/api/issues/0')).status).toBe(400)
    expect((await call(t.app, '/api/issues/99999999')).status).toBe(404)
  })
})

describe('POST /api/issues', () => {
  it('stores a report in the level-3 grid that contains it, with its ancestors', async () => {
    const kiosk = (await call(t.app, '/api/kiosks?kind=kiosk')).body.features[0]
    const before = await countIssues()
    const { status, body } = await call(t.app, '/api/issues', { method: 'POST', json: report(kiosk.geometry.coordinates) })
    expect(status).toBe(201)
    expect(body.id).toBeGreaterThan(0)
    expect(body.properties.gridId).toBe(kiosk.properties.gridId)
    expect(body.properties.status).toBe('reported')
    const grid = (await call(t.app, `/api/grids/${body.properties.gridId}`)).body
    expect(grid.properties.level).toBe(3)
    expect(body.properties.gridPath).toEqual([...grid.properties.ancestors.map((a: any) => a.id), grid.id])
    expect(await countIssues()).toBe(before + 1)
    const stored = await call(t.app, `/api/issues/${body.id}`)
    expect(stored.body.properties.description).toBe('收集亭旁有暴露垃圾')
  })

  it('starts the case log, so the report can go through the workflow (a bare row answered 500 on its first transition)', async () => {
    const kiosk = (await call(t.app, '/api/kiosks?kind=kiosk')).body.features[1]
    const { status, body } = await call(t.app, '/api/issues', { method: 'POST', json: report(kiosk.geometry.coordinates) })
    expect(status).toBe(201)
    const log = await t.handle.db.selectFrom('issue_updates').select(['seq', 'action', 'to_status']).where('issue_id', '=', body.id).execute()
    expect(log).toEqual([{ seq: 1, action: 'report', to_status: 'reported' }])
    const accepted = await call(t.app, `/api/cases/${body.id}/transitions`, { method: 'POST', json: { action: 'accept' }, as: 'acceptor' })
    expect(accepted.status).toBe(200)
    expect(accepted.body.case?.status ?? accepted.body.status).toBe('accepted')
  })

  it('assigns reports at facilities to the facility grid', async () => {
    const facilities = (await call(t.app, '/api/facilities?kind=practice_station')).body.features.slice(0, 5)
    for (const f of facilities) {
      const { status, body } = await call(t.app, '/api/issues', { method: 'POST', json: report(f.geometry.coordinates, { category: 'flyposting' }) })
      expect(status).toBe(201)
      expect(body.properties.gridId).toBe(f.properties.gridId)
    }
  })

  it('answers 422 for a point outside every grid, writing nothing', async () => {
    const before = await countIssues()
    const { status, body } = await call(t.app, '/api/issues', { method: 'POST', json: report([100.0, 30.0]) })
    expect(status).toBe(422)
    expect(body.error.code).toBe('outside_grids')
    expect(await countIssues()).toBe(before)
  })

  const bad: [string, unknown, number, string][] = [
    ['a LineString', { ...report([102.54, 24.35]), geometry: { type: 'LineString', coordinates: [[102.54, 24.35], [102.55, 24.36]] } }, 400, 'invalid_geometry_type'],
    ['longitude out of range', report([202.54, 24.35]), 400, 'invalid_coordinates'],
    ['latitude out of range', report([102.54, -124.35]), 400, 'invalid_coordinates'],
    ['text coordinates', report(['102.54', '24.35']), 400, 'invalid_coordinates'],
    ['an unknown category', report([102.54, 24.35], { category: 'ufo_sighting' }), 400, 'unknown_category'],
    ['no description', report([102.54, 24.35], { description: '' }), 400, 'invalid_body'],
    ['not a Feature', { type: 'FeatureCollection', features: [] }, 400, 'not_a_feature'],
    ['an array', [], 400, 'invalid_body'],
    ['a future report time', report([102.54, 24.35], { reportedAt: '2999-01-01T00:00:00Z' }), 400, 'reported_in_future'],
  ]
  for (const [what, json, status, code] of bad) {
    it(`refuses ${what} with ${status} ${code}, writing nothing`, async () => {
      const before = await countIssues()
      const res = await call(t.app, '/api/issues', { method: 'POST', json })
      expect(res.status).toBe(status)
      expect(res.body.error.code).toBe(code)
      expect(res.body.error.message.length).toBeGreaterThan(10)
      expect(res.body.error).toHaveProperty('details')
      expect(await countIssues()).toBe(before)
    })
  }

  it('refuses malformed JSON and oversized bodies', async () => {
    const before = await countIssues()
    const malformed = await call(t.app, '/api/issues', { method: 'POST', body: '{"type": "Feature", ', headers: { 'content-type': 'application/json' } })
    expect(malformed.status).toBe(400)
    expect(malformed.body.error.code).toBe('malformed_json')
    const huge = report([102.54, 24.35], { description: 'x'.repeat(100_000) })
    const oversized = await call(t.app, '/api/issues', { method: 'POST', json: huge })
    expect(oversized.status).toBe(413)
    expect(oversized.body.error.code).toBe('payload_too_large')
    expect(await countIssues()).toBe(before)
  })
})
