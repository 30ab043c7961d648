import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { destinationPoint, haversineMeters, isoWeek } from '../../geo/index.ts'
import { REALDATA } from '../support/realdata.ts'
import { call, openTestApp, type TestApp } from './harness.ts'

let t: TestApp
let week: string
beforeAll(async () => {
  t = await openTestApp()
  // The demo's patrols cover the seven days before load, which straddle an ISO week boundary on
  // most days: test on the week holding most of them (the latest one may have just begun).
  const starts = await t.handle.db.selectFrom('patrols').select('started_at').execute()
  const perWeek = new Map<string, number>()
  for (const r of starts) {
    const w = isoWeek(new Date(r.started_at as unknown as string).getTime())
    perWeek.set(w, (perWeek.get(w) ?? 0) + 1)
  }
  week = [...perWeek].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? 1 : -1))[0][0]
})
afterAll(() => t?.close())

const real = (name: string) => readFileSync(join(REALDATA, 'gps', name), 'utf8')
const count = async () => Number((await t.handle.db.selectFrom('patrols').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)
const upload = (query: string, body: BodyInit, headers: Record<string, string> = {}) => call(t.app, `/api/patrols/upload?${query}`, { method: 'POST', body, headers })

describe('GET /api/analysis/patrol-compliance on the demo week', () => {
  it('gives per-grid and per-worker figures that add up, and the streets and points as GeoJSON', async () => {
    const { status, body } = await call(t.app, `/api/analysis/patrol-compliance?week=${week}`)
    expect(status).toBe(200)
    expect(body.week).toBe(week)
    expect(body.corridorM).toBe(30)
    expect(body.tracks).toBeGreaterThan(20)
    expect(body.workers.length).toBeGreaterThan(5)
    expect(body.totals.share).toBeGreaterThan(0.02)
    expect(body.totals.share).toBeLessThan(1)
    const sum = (k: 'streetM' | 'visitedM') => body.byGrid.reduce((a: number, g: any) => a + g[k], 0)
    // each figure is rounded to 0.1 m
    expect(Math.abs(sum('streetM') - body.totals.streetM)).toBeLessThan(0.05 * body.byGrid.length + 0.1)
    expect(Math.abs(sum('visitedM') - body.totals.visitedM)).toBeLessThan(0.05 * body.byGrid.length + 0.1)
    expect(body.byGrid[0].name).toMatch(/点位|组|网格|\S/)
    // the GeoJSON pieces carry the same lengths
    const visited = body.streets.features.filter((f: any) => f.properties.visited).reduce((a: number, f: any) => a + f.properties.lengthM, 0)
    expect(Math.abs(visited - body.totals.visitedM)).toBeLessThan(0.05 * body.streets.features.length + 0.1)
    expect(body.streets.features.some((f: any) => !f.properties.visited)).toBe(true)
    const neverPoints = body.points.features.filter((f: any) => !f.properties.visited && f.properties.kind === 'point').length
    expect(neverPoints).toBe(body.totals.points.total - body.totals.points.visited)
    for (const w of body.workers) {
      expect(w.rate).toBeGreaterThanOrEqual(0)
      expect(w.rate).toBeLessThanOrEqual(1)
      expect(w.area.length).toBeGreaterThan(0)
    }
    // demo workers walk their area on working days: most of them reach a good part of it
    expect(body.workers.filter((w: any) => w.rate > 0.3).length).toBeGreaterThan(body.workers.length / 2)
    expect(body.cleaning.received).toBeGreaterThan(body.cleaning.removed.stationary)
    expect(body.cleaning.removed.duplicate + body.cleaning.removed.jump).toBeGreaterThan(0)
  })
  it('scopes to a grid and breaks down by level; a wider corridor never visits less', async () => {
    const all = (await call(t.app, `/api/analysis/patrol-compliance?week=${week}&level=1`)).body
    const community = all.byGrid.find((g: any) => g.visitedM > 0)
    const scoped = (await call(t.app, `/api/analysis/patrol-compliance?week=${week}&grid=${community.gridId}&level=3`)).body
    expect(scoped.totals.streetM).toBeCloseTo(community.streetM, 0)
    expect(scoped.totals.visitedM).toBeCloseTo(community.visitedM, 0)
    const narrow = (await call(t.app, `/api/analysis/patrol-compliance?week=${week}&corridor=10`)).body
    const wide = (await call(t.app, `/api/analysis/patrol-compliance?week=${week}&corridor=60`)).body
    expect(narrow.totals.visitedM).toBeLessThan(all.totals.visitedM)
    expect(wide.totals.visitedM).toBeGreaterThan(all.totals.visitedM)
  })
  it('lists the weeks with tracks, newest first', async () => {
    const { status, body } = await call(t.app, '/api/patrols/weeks')
    expect(status).toBe(200)
    expect(body[0].week >= week).toBe(true)
    expect(body.find((w: any) => w.week === week).tracks).toBeGreaterThan(0)
  })
  it('refuses a bad week, level, corridor or grid, naming it', async () => {
    expect((await call(t.app, '/api/analysis/patrol-compliance?week=2026-W60')).body.error.code).toBe('invalid_week')
    expect((await call(t.app, '/api/analysis/patrol-compliance?week=last')).status).toBe(400)
    expect((await call(t.app, '/api/analysis/patrol-compliance?level=4')).status).toBe(400)
    expect((await call(t.app, '/api/analysis/patrol-compliance?corridor=0')).status).toBe(400)
    const missing = await call(t.app, '/api/analysis/patrol-compliance?grid=987654')
    expect(missing.status).toBe(404)
    expect(missing.body.error.message).toMatch(/987654/)
  })
})

describe('POST /api/patrols/upload', () => {
  it('imports the real GeoLife days as GPX, PLT and GeoJSON, raw or multipart', async () => {
    const before = await count()
    const gpx = await upload('worker=王巡查&phone=13800000000', real('geolife_beijing_user009_20081025.gpx'), { 'content-type': 'application/gpx+xml' })
    expect(gpx.status).toBe(201)
    expect(gpx.body).toMatchObject({ format: 'gpx', fixes: 996, gridId: null, name: 'geolife_beijing_user009_20081025', startedAt: '2008-10-25T04:39:04.000Z' })
    const plt = await upload('worker=李巡查', real('geolife_beijing_user008_20081101.plt'))
    expect(plt.body).toMatchObject({ format: 'plt', fixes: 3812 })
    const form = new FormData()
    form.set('file', new File([real('geolife_beijing_user008_20081101.geojson')], 'user008.geojson'))
    form.set('worker', '李巡查')
    const geojson = await call(t.app, '/api/patrols/upload', { method: 'POST', body: form })
    expect(geojson.status).toBe(201)
    expect(geojson.body).toMatchObject({ format: 'geojson', fixes: 3812, worker: { name: '李巡查', phone: '' } })
    expect(geojson.body.lengthM).toBe(plt.body.lengthM)
    expect(await count()).toBe(before + 3)
    const listed = await call(t.app, '/api/patrols?from=2008-10-01T00:00:00Z&to=2008-12-01T00:00:00Z')
    expect(listed.body.features.map((f: any) => f.properties.source).sort()).toEqual(['geojson', 'gpx', 'plt'])
    expect(listed.body.features.find((f: any) => f.properties.source === 'gpx').geometry.coordinates).toHaveLength(996)
    // the Beijing days lie outside the demo district: that week visits nothing here
    const c = await call(t.app, `/api/analysis/patrol-compliance?week=${isoWeek(Date.UTC(2008, 9, 25, 6))}`)
    expect(c.body.tracks).toBe(1)
    expect(c.body.totals.visitedM).toBe(0)
  })

  it('refuses bad files and fields with 4xx naming the problem, storing nothing', async () => {
    const before = await count()
    const cases: [string, BodyInit, number, string][] = [
      ['worker=a', '<gpx><trk><trkseg><trkpt lat="24.3" lon="102.6"><time>2026-11-17T01:00:00Z</time></trkpt></trkseg></trk>', 400, 'malformed_xml'],
      ['worker=a', '<gpx version="1.1"></gpx>', 422, 'no_points'],
      ['worker=a', '<gpx><trk><trkseg><trkpt lat="2693000" lon="765000"><time>2026-11-17T01:00:00Z</time></trkpt></trkseg></trk></gpx>', 422, 'projected_coordinates'],
      ['worker=a', '<gpx><wpt lat="95" lon="102"><time>2026-11-17T01:00:00Z</time></wpt></gpx>', 422, 'coordinates_out_of_range'],
      ['worker=a', readFileSync(join(REALDATA, 'messy', 'tsinghua_area_epsg32649.geojson'), 'utf8'), 422, 'projected_coordinates'],
      ['worker=a', '{"type":"FeatureCollection","features":[{"type":"Feature"', 400, 'malformed_json'],
      ['worker=a', 'just some text', 400, 'unknown_format'],
      ['worker=a', '<gpx><wpt lat="24.3" lon="102.6"><time>2026-11-17T01:00:00Z</time></wpt></gpx>', 422, 'too_few_points'],
      ['', real('geolife_beijing_user009_20081025.gpx'), 400, 'missing_worker'],
      ['worker=a&grid=987654', real('geolife_beijing_user009_20081025.gpx'), 422, 'unknown_grid'],
      ['worker=a&format=kml', real('geolife_beijing_user009_20081025.gpx'), 400, 'invalid_request'],
    ]
    for (const [query, body, status, code] of cases) {
      const res = await upload(query, body)
      expect({ query, status: res.status, code: res.body?.error?.code }).toMatchObject({ query, status, ...(code === 'invalid_request' ? {} : { code }) })
      expect(res.body.error.message.length).toBeGreaterThan(5)
    }
    const huge = await upload('worker=a', `<gpx>${' '.repeat(20_000_001)}</gpx>`)
    expect(huge.status).toBe(413)
    expect(huge.body.error.code).toBe('too_large')
    const noFile = new FormData()
    noFile.set('worker', 'a')
    expect((await call(t.app, '/api/patrols/upload', { method: 'POST', body: noFile })).body.error.code).toBe('missing_file')
    expect(await count()).toBe(before)
  })

  it('an uploaded walk along a demo street counts for its worker and grid that week', async () => {
    // the longest straight-ish road of a level-3 grid with streets
    const road = await t.handle.db.selectFrom('roads').select(['id', 'geom']).where('class', '=', 'residential').orderBy('length_m', 'desc').limit(1).executeTakeFirstOrThrow()
    const line = (road.geom.type === 'LineString' ? road.geom.coordinates : road.geom.coordinates[0]) as [number, number][]
    const [from] = await t.handle.db.selectFrom('patrols').select('started_at').orderBy('started_at', 'desc').limit(1).execute().then((r) => r.map((x) => new Date(x.started_at as unknown as string).getTime()))
    const fixes: { lon: number; lat: number; t: number }[] = []
    let time = from + 8 * 86_400_000 // a week with no demo patrol
    for (let i = 1; i < line.length; i++) {
      const d = haversineMeters(line[i - 1], line[i])
      for (let s = 0; s < d; s += 12) {
        const p = destinationPoint(line[i - 1], bearing(line[i - 1], line[i]), s)
        fixes.push({ lon: p[0], lat: p[1], t: time })
        time += 10_000
      }
    }
    const gpx = `<?xml version="1.0"?><gpx version="1.1"><trk><name>walk</name><trkseg>${fixes.map((f) => `<trkpt lat="${f.lat}" lon="${f.lon}"><time>${new Date(f.t).toISOString()}</time></trkpt>`).join('')}</trkseg></trk></gpx>`
    const res = await upload('worker=测试员&phone=13900000000', gpx)
    expect(res.status).toBe(201)
    expect(res.body.gridId).not.toBeNull()
    const w = isoWeek(fixes[0].t)
    const c = (await call(t.app, `/api/analysis/patrol-compliance?week=${w}`)).body
    const me = c.workers.find((x: any) => x.name === '测试员')
    expect(me.area).toEqual([res.body.gridId])
    expect(c.tracks).toBe(1)
    expect(c.totals.visitedM).toBeGreaterThan(0.95 * res.body.lengthM)
    expect(me.visitedM).toBeGreaterThan(0)
    expect(me.visitedM).toBeLessThanOrEqual(c.totals.visitedM)
    expect(me.rate).toBeCloseTo(me.visitedM / me.streetM, 3)
  })
})

function bearing(a: [number, number], b: [number, number]): number {
  const r = Math.PI / 180
  const y = Math.sin((b[0] - a[0]) * r) * Math.cos(b[1] * r)
  const x = Math.cos(a[1] * r) * Math.sin(b[1] * r) - Math.sin(a[1] * r) * Math.cos(b[1] * r) * Math.cos((b[0] - a[0]) * r)
  return Math.atan2(y, x) / r
}
