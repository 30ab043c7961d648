import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LineString } from 'geojson'
import { geodesicMeters } from '../../geo/geodesic.ts'
import { buildWalkingNetwork, snapToNetwork, walkingCoveragePerKiosk } from '../../geo/walking-coverage.ts'
import { call, openTestApp, type TestApp } from './harness.ts'

let t: TestApp
beforeAll(async () => {
  t = await openTestApp()
})
afterAll(() => t?.close())

const URL = '/api/analysis/kiosk-coverage'

async function demo() {
  const buildings = await t.handle.db.selectFrom('buildings').select(['id', 'cx', 'cy', 'households', 'grid_path', 'compound_id']).orderBy('id').execute()
  const kiosks = await t.handle.db.selectFrom('kiosks').select(['lon', 'lat']).execute()
  return { buildings, kiosks }
}

describe('GET /api/analysis/kiosk-coverage — straight line', () => {
  it('agrees with a brute force on the WGS84 ellipsoid over every building and kiosk', async () => {
    const { status, body } = await call(t.app, `${URL}?radius=300&mode=straight`)
    expect(status).toBe(200)
    const { buildings, kiosks } = await demo()
    let covered = 0
    let households = 0
    let coveredHouseholds = 0
    for (const b of buildings) {
      households += b.households
      // |Δlat| > 0.003° is > 330 m: skip those pairs cheaply; the rest on the ellipsoid.
      if (kiosks.some((k) => Math.abs(k.lat - b.cy) < 0.003 && geodesicMeters(b.cx, b.cy, k.lon, k.lat) <= 300)) {
        covered++
        coveredHouseholds += b.households
      }
    }
    expect(body).toMatchObject({ radius: 300, mode: 'straight', scope: { kind: 'district', id: null }, kiosks: kiosks.length })
    expect(body.distanceModel).toMatch(/WGS84/)
    expect(body.straight.buildings).toEqual({ total: buildings.length, covered })
    expect(body.straight.households).toEqual({ total: households, covered: coveredHouseholds })
    expect(body.buildings).toEqual(body.straight.buildings)
    expect(body.walking).toBeUndefined()
    expect(body.uncovered.features).toHaveLength(buildings.length - covered)
    for (const f of body.uncovered.features) {
      expect(f.properties.straightCovered).toBe(false)
      expect(f.properties.walkingCovered).toBeNull()
      expect(f.properties.nearestKioskM).toBeGreaterThan(300) // rounded up
    }
    expect(covered).toBeGreaterThan(0)
    expect(covered).toBeLessThan(buildings.length)
  })

  it('counts exactly what PostGIS geography ST_DWithin counts (PostgreSQL engine)', async (ctx) => {
    if (t.engine !== 'postgres') return ctx.skip()
    // This test database is a private scratch copy (tests/support/scratch-db.ts), dropped afterwards.
    await sql`create extension if not exists postgis`.execute(t.handle.db)
    await sql`create temporary table k as select st_setsrid(st_makepoint(lon, lat), 4326)::geography as g from kiosks`.execute(t.handle.db)
    await sql`create index on k using gist (g)`.execute(t.handle.db)
    for (const radius of [100, 300, 1000]) {
      const { body } = await call(t.app, `${URL}?radius=${radius}&mode=straight`)
      const { rows } = await sql<{ n: number; h: number }>`
        select count(*)::int as n, coalesce(sum(households), 0)::int as h from buildings b
        where exists (select 1 from k where st_dwithin(k.g, st_setsrid(st_makepoint(b.cx, b.cy), 4326)::geography, ${radius}))`.execute(t.handle.db)
      expect({ radius, buildings: body.straight.buildings.covered, households: body.straight.households.covered }).toEqual({ radius, buildings: rows[0].n, households: rows[0].h })
    }
  })

  it('grows with the radius', async () => {
    const ratios = []
    for (const radius of [100, 300, 1000]) ratios.push((await call(t.app, `${URL}?radius=${radius}&mode=straight`)).body.ratio)
    expect(ratios[0]).toBeLessThanOrEqual(ratios[1])
    expect(ratios[1]).toBeLessThan(ratios[2])
  })
})

describe('GET /api/analysis/kiosk-coverage — walking and both', () => {
  it('walking equals one Dijkstra per kiosk over the roads, and is never more than straight', async () => {
    const { status, body } = await call(t.app, `${URL}?radius=300&mode=both&level=2`)
    expect(status).toBe(200)
    const { buildings, kiosks } = await demo()
    const roads = await t.handle.db.selectFrom('roads').select('geom').orderBy('id').execute()
    const net = buildWalkingNetwork(roads.map((r) => r.geom as LineString))
    const ref = walkingCoveragePerKiosk(net, snapToNetwork(net, { lon: buildings.map((b) => b.cx), lat: buildings.map((b) => b.cy) }), snapToNetwork(net, { lon: kiosks.map((k) => k.lon), lat: kiosks.map((k) => k.lat) }), { radius: 300 })
    let hh = 0
    buildings.forEach((b, i) => (hh += ref.covered[i] ? b.households : 0))
    expect(body.walking.buildings).toEqual({ total: buildings.length, covered: ref.coveredCount })
    expect(body.walking.households.covered).toBe(hh)
    expect(body.walking.offNetwork).toBe(ref.offNetwork)
    expect(body.walking.buildings.covered).toBeGreaterThan(0)
    expect(body.walking.buildings.covered).toBeLessThan(body.straight.buildings.covered)
    expect(body.difference).toEqual({
      buildings: body.straight.buildings.covered - body.walking.buildings.covered,
      households: body.straight.households.covered - body.walking.households.covered,
      ratio: body.straight.ratio - body.walking.ratio,
      straightOnly: { buildings: body.straight.buildings.covered - body.walking.buildings.covered, households: body.straight.households.covered - body.walking.households.covered },
      walkingOnly: { buildings: 0, households: 0 },
    })
    // Uncovered in either mode: straight-uncovered ∪ walking-uncovered = walking-uncovered here.
    expect(body.uncovered.features).toHaveLength(buildings.length - body.walking.buildings.covered)
    const straightUncovered = body.uncovered.features.filter((f: any) => f.properties.straightCovered === false)
    expect(straightUncovered).toHaveLength(buildings.length - body.straight.buildings.covered)
    // The per-grid choropleth sums to the scope, per mode.
    for (const mode of ['straight', 'walking'] as const) {
      expect(body.byGrid.reduce((s: number, g: any) => s + g[mode].households.covered, 0)).toBe(body[mode].households.covered)
      expect(body.byGrid.reduce((s: number, g: any) => s + g[mode].buildings.total, 0)).toBe(buildings.length)
    }
  })

  it('answers every scope kind, with totals that match the buildings in it', async () => {
    const { buildings } = await demo()
    const grids = await t.handle.db.selectFrom('grids').select(['id', 'level']).orderBy('id').execute()
    const pick = (level: number) => grids.find((g) => g.level === level)!.id
    const compound = buildings.find((b) => b.compound_id !== null)!.compound_id!
    const cases: [string, number, (b: (typeof buildings)[number]) => boolean][] = [
      ['street', pick(0), (b) => b.grid_path.includes(pick(0))],
      ['community', pick(1), (b) => b.grid_path.includes(pick(1))],
      ['grid', pick(2), (b) => b.grid_path.includes(pick(2))],
      ['grid', pick(3), (b) => b.grid_path.includes(pick(3))],
      ['compound', compound, (b) => b.compound_id === compound],
    ]
    for (const [scope, id, inside] of cases) {
      const { status, body } = await call(t.app, `${URL}?scope=${scope}&id=${id}&radius=300`)
      expect(status, `${scope} ${id}`).toBe(200)
      const mine = buildings.filter(inside)
      expect(body.scope).toMatchObject({ kind: scope, id })
      expect(body.straight.buildings.total, `${scope} ${id}`).toBe(mine.length)
      expect(body.walking.households.total).toBe(mine.reduce((s, b) => s + b.households, 0))
      expect(body.walking.buildings.covered).toBeLessThanOrEqual(body.straight.buildings.covered)
    }
    // The legacy grid parameter still works, at any level.
    const legacy = await call(t.app, `${URL}?grid=${pick(0)}&level=1&mode=straight`)
    expect(legacy.status).toBe(200)
    expect(legacy.body.grid).toBe(pick(0))
    expect(legacy.body.byGrid.reduce((s: number, g: any) => s + g.buildings.total, 0)).toBe(legacy.body.buildings.total)
  })

  it('refuses bad input with a named 4xx', async () => {
    const grids = await t.handle.db.selectFrom('grids').select(['id', 'level']).orderBy('id').execute()
    const street = grids.find((g) => g.level === 0)!.id
    const bad: [string, number, string][] = [
      ['radius=-5', 400, 'invalid_query'],
      ['radius=abc', 400, 'invalid_query'],
      ['radius=6000', 400, 'invalid_query'],
      ['mode=bicycle', 400, 'invalid_query'],
      ['scope=city&id=1', 400, 'invalid_query'],
      ['level=9', 400, 'invalid_query'],
      ['scope=street', 400, 'missing_id'],
      ['id=3', 400, 'missing_scope'],
      ['scope=district&id=3', 400, 'invalid_id'],
      [`scope=community&id=${street}`, 400, 'invalid_scope'],
      [`grid=${street}&scope=street&id=${street}`, 400, 'invalid_query'],
      ['scope=grid&id=999999', 404, 'not_found'],
      ['scope=compound&id=999999', 404, 'not_found'],
      ['grid=999999', 404, 'not_found'],
    ]
    for (const [query, status, code] of bad) {
      const res = await call(t.app, `${URL}?${query}`)
      expect({ query, status: res.status, code: res.body.error?.code }).toEqual({ query, status, code })
      expect(res.body.error.message).toBeTruthy()
    }
  })
})
