import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { call, openTestApp, type TestApp } from './harness.ts'

let t: TestApp
beforeAll(async () => {
  t = await openTestApp()
})
afterAll(() => t?.close())


function bboxOf(geometry: any): number[] {
  const b = [Infinity, Infinity, -Infinity, -Infinity]
  const visit = (c: any) => {
    if (typeof c[0] === 'number') {
      b[0] = Math.min(b[0], c[0]); b[1] = Math.min(b[1], c[1]); b[2] = Math.max(b[2], c[0]); b[3] = Math.max(b[3], c[1])
    } else c.forEach(visit)
  }
  visit(geometry.coordinates)
  return b
}

describe('map layers', () => {
  it('serves the district with its bbox and centre', async () => {
    const { status, body } = await call(t.app, '/api/district')
    expect(status).toBe(200)
    expect(body.properties.name).toContain('演示')
    const [minx, miny, maxx, maxy] = body.properties.bbox
    expect(minx).toBeLessThan(102.54)
    expect(maxx).toBeGreaterThan(102.54)
    expect(miny).toBeLessThan(24.35)
    expect(maxy).toBeGreaterThan(24.35)
  })

  it('kiosks and drop points carry kind, streams, compound and grid', async () => {
    const { body } = await call(t.app, '/api/kiosks')
    const kiosks = body.features.filter((f: any) => f.properties.kind === 'kiosk')
    const drops = body.features.filter((f: any) => f.properties.kind === 'drop_point')
    expect(kiosks.length).toBeGreaterThanOrEqual(15)
    expect(drops.length).toBeGreaterThan(kiosks.length)
    for (const f of body.features) {
      expect(f.geometry.type).toBe('Point')
      expect(f.properties.streams.length).toBeGreaterThan(0)
      expect(Number.isInteger(f.properties.gridId)).toBe(true)
    }
    const onlyDrops = await call(t.app, '/api/kiosks?kind=drop_point')
    expect(onlyDrops.body.features).toHaveLength(drops.length)
  })

  it('buildings in a bbox are exactly those whose box meets the window', async () => {
    const all = (await call(t.app, '/api/buildings')).body.features
    expect(all.length).toBeGreaterThan(5000)
    const b = bboxOf(all[Math.floor(all.length / 2)].geometry)
    const win = [b[0] - 0.004, b[1] - 0.003, b[2] + 0.004, b[3] + 0.003]
    const { status, body } = await call(t.app, `/api/buildings?bbox=${win.join(',')}`)
    expect(status).toBe(200)
    const expected = all.filter((f: any) => {
      const fb = bboxOf(f.geometry)
      return fb[0] <= win[2] && fb[2] >= win[0] && fb[1] <= win[3] && fb[3] >= win[1]
    })
    expect(body.features.length).toBe(expected.length)
    expect(body.features.length).toBeGreaterThan(0)
    expect(body.features.length).toBeLessThan(all.length)
  })

  it('compounds, facilities, roads, water, green and patrols are served', async () => {
    const compounds = (await call(t.app, '/api/compounds')).body.features
    expect(compounds.length).toBeGreaterThanOrEqual(150)
    expect(compounds.filter((f: any) => f.properties.old).length).toBeGreaterThanOrEqual(20)
    expect(compounds.filter((f: any) => f.properties.pilot)).toHaveLength(15)
    const stations = (await call(t.app, '/api/facilities?kind=practice_station')).body.features
    expect(stations).toHaveLength(37)
    expect((await call(t.app, '/api/roads')).body.features.length).toBeGreaterThan(100)
    expect((await call(t.app, '/api/water')).body.features.length).toBeGreaterThan(0)
    expect((await call(t.app, '/api/green')).body.features.length).toBeGreaterThan(0)
    const patrols = (await call(t.app, '/api/patrols')).body.features
    expect(patrols.length).toBeGreaterThan(0)
    for (const p of patrols) {
      expect(p.geometry.type).toBe('LineString')
      expect(p.properties.fixes).toBe(p.geometry.coordinates.length)
      expect(Date.parse(p.properties.endedAt)).toBeGreaterThan(Date.parse(p.properties.startedAt))
    }
  })

  it('scopes point layers to a grid subtree', async () => {
    const community = (await call(t.app, '/api/grids?level=1')).body.features[0]
    const scoped = (await call(t.app, `/api/facilities?grid=${community.id}`)).body.features
    expect(scoped.length).toBeGreaterThan(0)
    const children = new Set<number>()
    const walk = async (id: number) => {
      const kids = (await call(t.app, `/api/grids?parent=${id}`)).body.features
      for (const k of kids) {
        children.add(k.id)
        await walk(k.id)
      }
    }
    await walk(community.id)
    for (const f of scoped) expect(children.has(f.properties.gridId)).toBe(true)
  })

  it('refuses a malformed bbox without touching anything', async () => {
    for (const bad of ['1,2,3', 'a,b,c,d', '103,24,102,25', '200,0,201,1']) {
      const { status, body } = await call(t.app, `/api/buildings?bbox=${bad}`)
      expect(status).toBe(400)
      expect(body.error.code).toBe('invalid_bbox')
      expect(body.error.message).toContain(bad.split(',')[0])
    }
  })
})

