import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { haversineMeters } from '../../geo/index.ts'
import { call, openTestApp, type TestApp } from './harness.ts'

let t: TestApp
beforeAll(async () => {
  t = await openTestApp()
})
afterAll(() => t?.close())

describe('GET /api/analysis/kiosk-coverage', () => {
  it('agrees with a brute-force straight-line count over every building and kiosk', async () => {
    const { status, body } = await call(t.app, '/api/analysis/kiosk-coverage?radius=300')
    expect(status).toBe(200)
    const buildings = await t.handle.db.selectFrom('buildings').select(['id', 'cx', 'cy', 'households']).execute()
    const kiosks = await t.handle.db.selectFrom('kiosks').select(['lon', 'lat']).execute()
    let covered = 0
    let households = 0
    let coveredHouseholds = 0
    for (const b of buildings) {
      households += b.households
      if (kiosks.some((k) => haversineMeters([b.cx, b.cy], [k.lon, k.lat]) <= 300)) {
        covered++
        coveredHouseholds += b.households
      }
    }
    expect(body.radius).toBe(300)
    expect(body.buildings).toEqual({ total: buildings.length, covered })
    expect(body.households).toEqual({ total: households, covered: coveredHouseholds })
    expect(body.ratio).toBeCloseTo(coveredHouseholds / households, 12)
    expect(body.uncovered.features).toHaveLength(buildings.length - covered)
    // Coverage gaps exist in the demo: neither nothing nor everything is covered.
    expect(covered).toBeGreaterThan(0)
    expect(covered).toBeLessThan(buildings.length)
  })

  it('grows with the radius', async () => {
    const ratios = []
    for (const radius of [100, 300, 1000]) {
      ratios.push((await call(t.app, `/api/analysis/kiosk-coverage?radius=${radius}`)).body.ratio)
    }
    expect(ratios[0]).toBeLessThanOrEqual(ratios[1])
    expect(ratios[1]).toBeLessThan(ratios[2])
  })

  it('breaks a grid scope down by child level, summing to the scope total', async () => {
    const street = (await call(t.app, '/api/grids?level=0')).body.features[0]
    const { status, body } = await call(t.app, `/api/analysis/kiosk-coverage?radius=300&grid=${street.id}&level=1`)
    expect(status).toBe(200)
    expect(body.byGrid.length).toBeGreaterThan(0)
    const sum = body.byGrid.reduce((s: number, g: any) => s + g.buildings.total, 0)
    expect(sum).toBe(body.buildings.total)
    const covered = body.byGrid.reduce((s: number, g: any) => s + g.households.covered, 0)
    expect(covered).toBe(body.households.covered)
    for (const f of body.uncovered.features) expect(f.properties.nearestKioskM === null || f.properties.nearestKioskM > 300).toBe(true) // rounded up
  })

  it('refuses bad radius, level and unknown grids', async () => {
    expect((await call(t.app, '/api/analysis/kiosk-coverage?radius=-5')).status).toBe(400)
    expect((await call(t.app, '/api/analysis/kiosk-coverage?radius=abc')).body.error.code).toBe('invalid_query')
    expect((await call(t.app, '/api/analysis/kiosk-coverage?level=9')).status).toBe(400)
    const missing = await call(t.app, '/api/analysis/kiosk-coverage?grid=999999')
    expect(missing.status).toBe(404)
    expect(missing.body.error.code).toBe('not_found')
  })
})
