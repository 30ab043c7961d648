import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { call, openTestApp, type TestApp } from './harness.ts'

let t: TestApp
beforeAll(async () => {
  t = await openTestApp()
})
afterAll(() => t?.close())

describe('GET /api/grids', () => {
  it('lists the 37 level-1 grids with their responsible persons', async () => {
    const { status, body } = await call(t.app, '/api/grids?level=1')
    expect(status).toBe(200)
    expect(body.type).toBe('FeatureCollection')
    expect(body.features).toHaveLength(37)
    const kinds = body.features.map((f: any) => f.properties.kind)
    expect(kinds.filter((k: string) => k === 'community')).toHaveLength(14)
    expect(kinds.filter((k: string) => k === 'village')).toHaveLength(23)
    for (const f of body.features) {
      expect(typeof f.id).toBe('number')
      expect(f.id).toBe(f.properties.id)
      expect(['Polygon', 'MultiPolygon']).toContain(f.geometry.type)
      expect(f.properties.code).toMatch(/^\d{12}000$/)
      expect(f.properties.level).toBe(1)
      expect(f.properties.leader.name).toBeTruthy()
      expect(f.properties.leader.phone).toMatch(/^\d{11}$/)
      expect(f.properties.unit.name).toBeTruthy()
      expect(f.properties.households).toBeGreaterThan(0)
      expect(f.properties.population).toBeGreaterThan(0)
    }
  })

  it('filters by parent, and children carry their parent code prefix', async () => {
    const streets = (await call(t.app, '/api/grids?level=0')).body.features
    expect(streets).toHaveLength(5)
    let total = 0
    for (const street of streets) {
      const { body } = await call(t.app, `/api/grids?parent=${street.id}`)
      expect(body.features.length).toBeGreaterThan(0)
      for (const f of body.features) {
        expect(f.properties.parentId).toBe(street.id)
        expect(f.properties.code.slice(0, 9)).toBe(street.properties.code.slice(0, 9))
      }
      total += body.features.length
    }
    expect(total).toBe(37)
  })

  it('returns one grid with counts and ancestors', async () => {
    const level3 = (await call(t.app, '/api/grids?level=3')).body.features
    expect(level3.length).toBeGreaterThan(37)
    const { status, body } = await call(t.app, `/api/grids/${level3[0].id}`)
    expect(status).toBe(200)
    expect(body.properties.ancestors.map((a: any) => a.level)).toEqual([0, 1, 2])
    const s = body.properties.stats
    for (const key of ['children', 'buildings', 'compounds', 'kiosks', 'dropPoints', 'facilities', 'openIssues', 'overdueIssues', 'issuesLast30Days']) {
      expect(Number.isInteger(s[key])).toBe(true)
    }
    expect(s.children).toBe(0)
  })

  it('counts in a parent equal the sum over its children', async () => {
    const community = (await call(t.app, '/api/grids?level=1')).body.features[0]
    const parent = (await call(t.app, `/api/grids/${community.id}`)).body.properties.stats
    const children = (await call(t.app, `/api/grids?parent=${community.id}`)).body.features
    let buildings = 0
    let openIssues = 0
    for (const child of children) {
      const s = (await call(t.app, `/api/grids/${child.id}`)).body.properties.stats
      buildings += s.buildings
      openIssues += s.openIssues
    }
    expect(parent.children).toBe(children.length)
    expect(buildings).toBe(parent.buildings)
    expect(openIssues).toBe(parent.openIssues)
  })

  it('refuses bad levels and unknown ids with the error shape', async () => {
    const bad = await call(t.app, '/api/grids?level=7')
    expect(bad.status).toBe(400)
    expect(bad.body.error.code).toBe('invalid_query')
    expect(bad.body.error.details[0].path).toBe('level')
    const missing = await call(t.app, '/api/grids/999999')
    expect(missing.status).toBe(404)
    expect(missing.body.error).toMatchObject({ code: 'not_found' })
    const word = await call(t.app, '/api/grids/abc')
    expect(word.status).toBe(400)
  })
})
