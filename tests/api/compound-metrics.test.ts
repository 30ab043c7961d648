import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inGrid } from '../../api/http/sql.ts'
import { call, openTestApp, type TestApp } from './harness.ts'

let t: TestApp
beforeAll(async () => {
  t = await openTestApp()
})
afterAll(() => t?.close())

describe('GET /api/analysis/compound-metrics', () => {
  it('gives every compound of the district its figures, and shortfalls that match them', async () => {
    const { status, body } = await call(t.app, '/api/analysis/compound-metrics')
    expect(status).toBe(200)
    const n = await t.handle.db.selectFrom('compounds').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()
    expect(body.compounds.features).toHaveLength(Number(n.n))
    expect(body.summary.options).toMatchObject({ greeningFloor: 0.2, greeningGoal: 0.38, fitnessMinimum: 400 })
    const props = body.compounds.features.map((f: any) => f.properties)
    expect(body.shortfalls.greeningBelowFloor).toEqual(props.filter((p: any) => p.greeningRate < 0.2).map((p: any) => p.id))
    expect(body.shortfalls.greeningBelowGoal).toEqual(props.filter((p: any) => p.greeningRate < 0.38).map((p: any) => p.id))
    expect(body.shortfalls.fitness).toEqual(props.filter((p: any) => p.fitnessAreaM2 < 400).map((p: any) => p.id))
    for (const p of props) {
      expect(p.greeningRate).toBeCloseTo(p.greenAreaM2 / p.areaM2, 12)
      expect(p.fitnessShortM2).toBeCloseTo(Math.max(0, 400 - p.fitnessAreaM2), 9)
    }
    // The district has compounds on both sides of each line.
    expect(body.summary.belowFloor).toBeGreaterThan(0)
    expect(body.summary.belowGoal).toBeLessThan(props.length)
    expect(body.shortfalls.fitness.length).toBeLessThan(props.length)
  }, 60_000)

  it('scopes to a grid and to one compound, with thresholds from the query', async () => {
    const c = await t.handle.db.selectFrom('compounds').select(['id', 'grid_path']).orderBy('id').executeTakeFirstOrThrow()
    const community = c.grid_path[1]
    const scoped = await call(t.app, `/api/analysis/compound-metrics?grid=${community}`)
    expect(scoped.status).toBe(200)
    const inCommunity = await t.handle.db.selectFrom('compounds').select('id').where(inGrid(community)).orderBy('id').execute()
    expect(scoped.body.compounds.features.map((f: any) => f.id)).toEqual(inCommunity.map((r) => r.id))
    const one = await call(t.app, `/api/analysis/compound-metrics?compound=${c.id}&floor=0&goal=0&fitness=0`)
    expect(one.body.compounds.features).toHaveLength(1)
    expect(one.body.compounds.features[0].properties).toMatchObject({ id: c.id, greeningStatus: 'meets_goal', fitnessShortM2: 0 })
    // The same compound's figures do not depend on the scope.
    const same = scoped.body.compounds.features.find((f: any) => f.id === c.id).properties
    expect(one.body.compounds.features[0].properties.greenAreaM2).toBeCloseTo(same.greenAreaM2, 6)
  }, 60_000)

  it('answers every logged-in role and nobody else', async () => {
    expect((await call(t.app, '/api/analysis/compound-metrics?compound=1', { anonymous: true })).status).toBe(401)
    expect((await call(t.app, '/api/analysis/topology?level=0', { anonymous: true })).status).toBe(401)
    expect((await call(t.app, '/api/analysis/compound-metrics?compound=1', { as: 'leader' })).status).toBe(200)
    expect((await call(t.app, '/api/analysis/topology?level=0', { as: 'planner' })).status).toBe(200)
  }, 60_000)

  it('refuses bad input with 4xx naming it', async () => {
    for (const [path, status] of [
      ['/api/analysis/compound-metrics?floor=1.5', 400],
      ['/api/analysis/compound-metrics?floor=0.5&goal=0.3', 400],
      ['/api/analysis/compound-metrics?fitness=abc', 400],
      ['/api/analysis/compound-metrics?grid=0', 400],
      ['/api/analysis/compound-metrics?grid=999999', 404],
      ['/api/analysis/compound-metrics?compound=999999', 404],
    ] as const) {
      const res = await call(t.app, path)
      expect([path, res.status, res.body]).toMatchObject([path, status, {}])
      expect(res.body.error.message.length).toBeGreaterThan(0)
    }
  })
})
