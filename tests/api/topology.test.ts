import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { call, openTestApp, type TestApp } from './harness.ts'

let t: TestApp
beforeAll(async () => {
  t = await openTestApp()
})
afterAll(() => t?.close())

describe('GET /api/analysis/topology', () => {
  it('finds no defect in the demo district, whole tree and level by level', async () => {
    const whole = await call(t.app, '/api/analysis/topology')
    expect(whole.status).toBe(200)
    expect(whole.body.type).toBe('FeatureCollection')
    expect(whole.body.features).toEqual([])
    const grids = await t.handle.db.selectFrom('grids').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()
    expect(whole.body.summary.gridsChecked).toBe(Number(grids.n))
    for (const level of [0, 3]) {
      const { status, body } = await call(t.app, `/api/analysis/topology?level=${level}`)
      expect(status).toBe(200)
      expect(body.features).toEqual([])
    }
  }, 60_000)

  it('reports a level-3 grid pushed into its neighbour as an overlap and the hole it leaves as a gap, then a missing leader', async () => {
    const db = t.handle.db
    // a level-3 grid whose sibling shares an edge with it
    const victim = await db.selectFrom('grids').select(['id', 'parent_id', 'geom']).where('level', '=', 3).orderBy('id').executeTakeFirstOrThrow()
    const ring = (victim.geom.type === 'Polygon' ? victim.geom.coordinates[0] : victim.geom.coordinates[0][0]).map(([x, y]) => [x + 0.0004, y])
    await db.updateTable('grids').set({ geom: JSON.stringify({ type: 'Polygon', coordinates: [ring] }) as never }).where('id', '=', victim.id).execute()
    const { status, body } = await call(t.app, `/api/analysis/topology?parent=${victim.parent_id}`)
    expect(status).toBe(200)
    const codes = new Set(body.features.map((f: any) => f.properties.code))
    expect(codes.has('gap')).toBe(true)
    expect(body.features.some((f: any) => f.properties.code === 'gap' && f.properties.parentId === victim.parent_id)).toBe(true)
    expect(body.features.some((f: any) => ['overlap', 'outside_parent'].includes(f.properties.code) && f.properties.gridId === victim.id)).toBe(true)
    for (const f of body.features) {
      expect(f.geometry?.type).toMatch(/Polygon/)
      expect(f.properties.messageZh).toMatch(/[\u4e00-\u9fff]/)
      expect(f.properties.areaM2).toBeGreaterThan(1)
    }
    expect(body.summary.counts.gap).toBeGreaterThan(0)

    await db.updateTable('grids').set({ leader: sql`'null'::jsonb` as never, persons: sql`'[]'::jsonb` as never }).where('id', '=', victim.id).execute()
    const again = await call(t.app, `/api/analysis/topology?level=3&parent=${victim.parent_id}`)
    expect(again.body.features.filter((f: any) => f.properties.code === 'no_responsible_person').map((f: any) => f.properties.gridId)).toEqual([victim.id])
  }, 60_000)

  it('sees a tiny grid as a sliver once the threshold is raised', async () => {
    const smallest = await t.handle.db.selectFrom('grids').select(['id', 'parent_id', 'area_m2']).where('level', '=', 1).orderBy('area_m2').executeTakeFirstOrThrow()
    const { body } = await call(t.app, `/api/analysis/topology?level=1&sliver=${Math.ceil(smallest.area_m2) + 1}`)
    expect(body.features.filter((f: any) => f.properties.code === 'sliver').map((f: any) => f.properties.gridId)).toContain(smallest.id)
  }, 60_000)

  it('refuses bad input with 4xx naming it', async () => {
    const leaf = await t.handle.db.selectFrom('grids').select('id').where('level', '=', 3).executeTakeFirstOrThrow()
    const street = await t.handle.db.selectFrom('grids').select('id').where('level', '=', 1).executeTakeFirstOrThrow()
    for (const [path, status, code] of [
      ['/api/analysis/topology?level=4', 400, 'invalid_query'],
      ['/api/analysis/topology?level=x', 400, 'invalid_query'],
      ['/api/analysis/topology?sliver=-1', 400, 'invalid_query'],
      ['/api/analysis/topology?parent=999999', 404, 'not_found'],
      [`/api/analysis/topology?parent=${leaf.id}`, 400, 'invalid_level'],
      [`/api/analysis/topology?parent=${street.id}&level=1`, 400, 'invalid_level'],
    ] as const) {
      const res = await call(t.app, path)
      expect([path, res.status]).toEqual([path, status])
      expect(res.body.error.code).toBe(code)
      expect(res.body.error.message.length).toBeGreaterThan(0)
    }
  })
})
