import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { haversineMeters, pointInPolygon } from '../../geo/index.ts'
import { call, openTestApp, type TestApp } from './harness.ts'

let t: TestApp
let buildings: { cx: number; cy: number; households: number }[]
let kiosks: { lon: number; lat: number }[]
beforeAll(async () => {
  t = await openTestApp()
  buildings = await t.handle.db.selectFrom('buildings').select(['cx', 'cy', 'households']).execute()
  kiosks = await t.handle.db.selectFrom('kiosks').select(['lon', 'lat']).execute()
})
afterAll(() => t?.close())

/** Households within R of any of the points, brute force over every pair. */
function coveredHouseholds(list: typeof buildings, points: { lon: number; lat: number }[], radius: number) {
  return list.reduce((s, b) => s + (points.some((p) => haversineMeters([b.cx, b.cy], [p.lon, p.lat]) <= radius) ? b.households : 0), 0)
}

const sitePoints = (body: any) => body.sites.features.map((f: any) => ({ lon: f.geometry.coordinates[0], lat: f.geometry.coordinates[1] }))

describe('GET /api/analysis/kiosk-siting', () => {
  it('ranks k road-side sites whose gains add up to a brute-force recount', async () => {
    const { status, body } = await call(t.app, '/api/analysis/kiosk-siting?k=8&radius=300&spacing=150')
    expect(status).toBe(200)
    expect(body.candidates.kind).toBe('road')
    expect(body.candidates.count).toBeGreaterThan(500)
    expect(body.existingKiosks).toBe(kiosks.length)
    const total = buildings.reduce((s, b) => s + b.households, 0)
    expect(body.households.total).toBe(total)
    expect(body.households.coveredBefore).toBe(coveredHouseholds(buildings, kiosks, 300))
    const features = body.sites.features
    expect(features).toHaveLength(8)
    let cumulative = body.households.coveredBefore
    features.forEach((f: any, i: number) => {
      expect(f.properties.rank).toBe(i + 1)
      expect(f.properties.gainHouseholds).toBeGreaterThan(0)
      if (i > 0) expect(f.properties.gainHouseholds).toBeLessThanOrEqual(features[i - 1].properties.gainHouseholds)
      cumulative += f.properties.gainHouseholds
      expect(f.properties.cumulativeHouseholds).toBe(cumulative)
    })
    expect(body.households.coveredAfter).toBe(coveredHouseholds(buildings, [...kiosks, ...sitePoints(body)], 300))
    expect(body.bound.greedy).toBe(body.households.coveredAfter - body.households.coveredBefore)
    expect(body.bound.online).toBeGreaterThanOrEqual(body.bound.greedy)
    expect(body.bound.classic).toBeGreaterThan(body.bound.greedy)
    expect(body.bound.classic).toBeLessThanOrEqual(body.bound.greedy / (1 - 1 / Math.E) + 1e-6)
    expect(body.bound.exact).toBeNull()
    expect(body.distanceModel).toMatch(/haversine/)
  })

  it('keeps a community scope: sites inside it, the exact optimum between greedy and the bound', async () => {
    const communities = (await call(t.app, '/api/grids?level=1')).body.features
    const community = communities[0]
    const { status, body } = await call(t.app, `/api/analysis/kiosk-siting?grid=${community.id}&k=3&candidates=building&spacing=60&exact=true`)
    expect(status).toBe(200)
    expect(body.grid).toBe(community.id)
    expect(body.candidates).toMatchObject({ kind: 'building', spacing: 60 })
    expect(body.households.total).toBeGreaterThan(0)
    expect(body.households.total).toBeLessThan(buildings.reduce((s, b) => s + b.households, 0))
    for (const f of body.sites.features) expect(pointInPolygon(f.geometry.coordinates, community.geometry)).toBe(true)
    expect(body.bound.exact.optimal).toBe(true)
    expect(body.bound.exact.value).toBeGreaterThanOrEqual(body.bound.greedy)
    expect(body.bound.exact.value).toBeLessThanOrEqual(body.bound.online)
    expect(body.bound.exact.gap).toBeGreaterThanOrEqual(0)
  })

  it('refuses bad k, radius, candidates, spacing and grid, naming the field', async () => {
    const bad = async (q: string) => (await call(t.app, `/api/analysis/kiosk-siting?${q}`))
    for (const [q, field] of [['k=0', 'k'], ['k=abc', 'k'], ['k=2.5', 'k'], ['radius=-1', 'radius'], ['candidates=roof', 'candidates'], ['spacing=1', 'spacing'], ['exact=maybe', 'exact']]) {
      const r = await bad(q)
      expect(r.status, q).toBe(400)
      expect(r.body.error.code).toBe('invalid_query')
      expect(r.body.error.details[0].path).toBe(field)
    }
    const missing = await bad('grid=999999')
    expect(missing.status).toBe(404)
    expect(missing.body.error.code).toBe('not_found')
    const tooMany = await bad('spacing=10')
    expect(tooMany.status).toBe(422)
    expect(tooMany.body.error.code).toBe('too_many_candidates')
  })
})

describe('POST /api/analysis/kiosk-siting', () => {
  it('takes a plan: custom existing kiosks and custom candidates', async () => {
    const some = buildings.filter((b) => b.households > 0).slice(0, 3)
    const candidates = some.map((b) => [b.cx, b.cy])
    const { status, body } = await call(t.app, '/api/analysis/kiosk-siting', { method: 'POST', json: { k: 2, radius: 200, existing: [], candidates } })
    expect(status).toBe(200)
    expect(body.existingKiosks).toBe(0)
    expect(body.households.coveredBefore).toBe(0)
    expect(body.candidates).toEqual({ kind: 'custom', spacing: null, count: 3 })
    expect(body.sites.features.length).toBeGreaterThan(0)
    for (const f of body.sites.features) expect(candidates).toContainEqual(f.geometry.coordinates)
    expect(body.households.coveredAfter).toBe(coveredHouseholds(buildings, sitePoints(body), 200))
  })

  it('an existing kiosk placed on a site takes that site off the list', async () => {
    const first = (await call(t.app, '/api/analysis/kiosk-siting?k=1&spacing=150')).body.sites.features[0]
    const [lon, lat] = first.geometry.coordinates
    const plan = [...kiosks.map((k) => [k.lon, k.lat]), [lon, lat]]
    const { body } = await call(t.app, '/api/analysis/kiosk-siting', { method: 'POST', json: { k: 1, spacing: 150, existing: plan } })
    expect(body.households.coveredBefore).toBe(first.properties.cumulativeHouseholds)
    expect(body.sites.features[0].geometry.coordinates).not.toEqual([lon, lat])
  })

  it('refuses bad positions and bodies', async () => {
    const post = (json: unknown) => call(t.app, '/api/analysis/kiosk-siting', { method: 'POST', json })
    const badPos = await post({ candidates: [[200, 24]] })
    expect(badPos.status).toBe(400)
    expect(badPos.body.error.code).toBe('invalid_body')
    expect(badPos.body.error.details[0].path).toMatch(/^candidates/)
    expect((await post({ existing: [[102.5]] })).status).toBe(400)
    expect((await post({ k: 0 })).status).toBe(400)
    const many = Array.from({ length: 2001 }, (_, i) => [102.5 + i * 1e-5, 24.3])
    const tooMany = await post({ candidates: many, exact: true })
    expect(tooMany.status).toBe(422)
    expect(tooMany.body.error).toMatchObject({ code: 'too_many_candidates_for_exact', details: { candidates: 2001, max: 2000 } })
    const malformed = await call(t.app, '/api/analysis/kiosk-siting', { method: 'POST', body: '{"k":', headers: { 'content-type': 'application/json' } })
    expect(malformed.status).toBe(400)
    expect(malformed.body.error.code).toBe('malformed_json')
  })
})
