import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readScope } from '../../api/cases/access.ts'
import { renderCasesTile } from '../../api/tiles/cases.ts'
import { tileBounds, type TileId } from '../../api/tiles/tile.ts'
import { tilerFor } from '../../api/tiles/version.ts'
import { caseCount, decodeTile, type DecodedFeature } from '../support/mvt.ts'
import { demoUsers, type Users } from './cases-support.ts'
import { call, openTestApp, sessionCookie, type TestApp } from './harness.ts'

let t: TestApp
let u: Users
let bbox: [number, number, number, number]
beforeAll(async () => {
  t = await openTestApp()
  u = await demoUsers(t)
  bbox = (await call(t.app, '/api/district')).body.properties.bbox
})
afterAll(() => t?.close())

async function tile(path: string, as = 'admin') {
  const res = await t.app.request(path, { headers: { cookie: await sessionCookie(t.app, as) } })
  const bytes = new Uint8Array(await res.arrayBuffer())
  return { status: res.status, bytes, headers: res.headers, cases: res.status === 200 ? (decodeTile(bytes).cases?.features ?? []) : [], text: () => new TextDecoder().decode(bytes) }
}

const lonToX = (lon: number, z: number) => Math.floor(((lon + 180) / 360) * 2 ** z)
const latToY = (lat: number, z: number) => {
  const r = (lat * Math.PI) / 180
  return Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * 2 ** z)
}
/** Every tile of zoom z over the district. */
function districtTiles(z: number): TileId[] {
  const out: TileId[] = []
  for (let x = lonToX(bbox[0], z); x <= lonToX(bbox[2], z); x++) for (let y = latToY(bbox[3], z); y <= latToY(bbox[1], z); y++) out.push({ z, x, y })
  return out
}

/** Plain SQL: the cases in the tile's bounds (west and north edges in, east and south out). */
async function sqlCount(id: TileId, where = sql<boolean>`true`) {
  const [w, s, e, n] = tileBounds(id)
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from issues
    where lon >= ${w} and lon < ${e} and lat > ${s} and lat <= ${n} and ${where}`.execute(t.handle.db)
  return rows[0].n
}

const path = ({ z, x, y }: TileId, query = '') => `/api/tiles/cases/${z}/${x}/${y}.mvt${query}`

describe('GET /api/tiles/cases/{z}/{x}/{y}.mvt', () => {
  it('counts every case of a tile exactly once, at every zoom (sums of clusters = plain SQL counts)', async () => {
    let total = 0
    for (const z of [10, 11, 12, 13]) {
      let sum = 0
      for (const id of districtTiles(z)) {
        const got = await tile(path(id))
        expect(got.status).toBe(200)
        const n = caseCount(got.cases)
        expect(n, `${id.z}/${id.x}/${id.y}`).toBe(await sqlCount(id))
        sum += n
      }
      if (z === 10) total = sum
      // the tiles of each zoom partition the cases
      expect(sum, `z ${z}`).toBe(total)
    }
    const all = (await sql<{ n: number }>`select count(*)::int as n from issues`.execute(t.handle.db)).rows[0].n
    expect(total).toBe(all)
  })

  it('draws clusters below z16 and single cases from z16, with their properties', async () => {
    const z12 = districtTiles(12)
    const busiest = (await Promise.all(z12.map(async (id) => ({ id, got: await tile(path(id)) })))).sort((a, b) => b.got.cases.length - a.got.cases.length)[0]
    const clusters = busiest.got.cases.filter((f) => typeof f.properties.count === 'number')
    expect(clusters.length).toBeGreaterThan(0)
    for (const c of clusters) {
      expect(c.type).toBe('point')
      expect(c.properties.count).toBeGreaterThanOrEqual(2)
      expect(c.properties.overdue).toBeLessThanOrEqual(c.properties.count as number)
      expect(c.properties.open).toBeLessThanOrEqual(c.properties.count as number)
      expect(typeof c.properties.status).toBe('string')
      expect(c.id).toBeUndefined()
    }
    // from z16 on: singles, with id (also the feature id), status, category, overdue
    const one = (await sql<{ id: number; lon: number; lat: number; status: string; category: string }>`select id, lon, lat, status, category from issues order by id limit 1`.execute(t.handle.db)).rows[0]
    const id16 = { z: 16, x: lonToX(one.lon, 16), y: latToY(one.lat, 16) }
    const got = await tile(path(id16))
    expect(got.cases.every((f) => f.properties.count === undefined && typeof f.properties.id === 'number')).toBe(true)
    const mine = got.cases.find((f) => f.id === one.id)!
    expect(mine.properties).toMatchObject({ id: one.id, status: one.status, category: one.category })
    expect([0, 1]).toContain(mine.properties.overdue)
    expect(got.cases.length).toBe(await sqlCount(id16))
  })

  it('filters by status, category and period like /api/issues', async () => {
    const z = 11
    const now = new Date()
    for (const [query, where] of [
      ['?status=overdue', sql<boolean>`status not in ('closed', 'rejected', 'merged') and deadline_at < ${now}`],
      ['?category=exposed_rubbish,clutter', sql<boolean>`category in ('exposed_rubbish', 'clutter')`],
      ['?from=2026-09-01&to=2026-10-01', sql<boolean>`reported_at >= '2026-09-01' and reported_at < '2026-10-01'`],
    ] as const) {
      let sum = 0
      let expected = 0
      for (const id of districtTiles(z)) {
        sum += caseCount((await tile(path(id, query))).cases)
        expected += await sqlCount(id, where)
      }
      expect(sum, query).toBe(expected)
    }
    expect((await tile(path({ z: 10, x: 0, y: 0 }, '?status=nonsense'))).status).toBe(400)
  })

  it('shows a worker only the cases of their grids', async () => {
    const grids = u.gridsOf('worker.huayuan')
    let mine = 0
    let expected = 0
    for (const id of districtTiles(12)) {
      mine += caseCount((await tile(path(id), 'worker.huayuan')).cases)
      expected += await sqlCount(id, sql<boolean>`grid_path && array[${sql.join(grids)}]::integer[]`)
    }
    expect(expected).toBeGreaterThan(0)
    expect(mine).toBe(expected)
  })

  it('answers 400 invalid_tile for a tile that does not exist', async () => {
    for (const bad of ['/api/tiles/cases/23/0/0.mvt', '/api/tiles/cases/3/8/0.mvt', '/api/tiles/cases/3/0/8.mvt', '/api/tiles/cases/a/0/0.mvt', '/api/tiles/cases/3/0/0.png', '/api/tiles/cases/3/-1/0.mvt']) {
      const got = await tile(bad)
      expect(got.status, bad).toBe(400)
      expect(JSON.parse(got.text()).error.code).toBe('invalid_tile')
    }
    expect((await tile('/api/tiles/grids/12/0/0.mvt?level=7')).status).toBe(400)
  })

  it('serves the cache until a case changes, then the new case', async () => {
    const spot = (await sql<{ lon: number; lat: number }>`select lon, lat from issues where grid_path && array[${sql.join(u.gridsOf('worker.huayuan'))}]::integer[] limit 1`.execute(t.handle.db)).rows[0]
    const id = { z: 14, x: lonToX(spot.lon, 14), y: latToY(spot.lat, 14) }
    const first = await tile(path(id))
    const again = await tile(path(id))
    expect(again.headers.get('x-tile-cache')).toBe('hit')
    expect(caseCount(again.cases)).toBe(caseCount(first.cases))
    const created = await u.as('worker.huayuan', '/api/cases', { method: 'POST', json: { category: 'clutter', description: '测试：瓦片缓存', lon: spot.lon, lat: spot.lat } })
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    const after = await tile(path(id))
    expect(after.headers.get('x-tile-cache')).toBe('miss')
    expect(caseCount(after.cases)).toBe(caseCount(first.cases) + 1)
  })

  it('gives the same features from ST_AsMVT and from the JS encoder', async (ctx) => {
    const tiler = await tilerFor(t.handle.db, t.engine)
    if (t.engine === 'pglite') expect(tiler).toBe('js')
    if (tiler !== 'postgis') return ctx.skip()
    const sorted = (fs: DecodedFeature[]) => fs.map((f) => JSON.stringify([f.geometry, f.id, Object.entries(f.properties).sort()])).sort()
    const scope = readScope({ role: 'admin', gridIds: [], categories: null, department: null } as never)
    const now = new Date()
    for (const id of [...districtTiles(11), ...districtTiles(13).slice(0, 6), districtTiles(16)[0]]) {
      const [a, b] = await Promise.all(['postgis', 'js'].map((k) => renderCasesTile(t.handle.db, k as 'js', id, {}, scope, now)))
      expect(sorted(decodeTile(a).cases?.features ?? []), `${id.z}/${id.x}/${id.y}`).toEqual(sorted(decodeTile(b).cases?.features ?? []))
    }
  })
})

describe('GET /api/tiles/grids/{z}/{x}/{y}.mvt', () => {
  it('draws the grids of a level clipped to the tile', async () => {
    const level3 = (await call(t.app, '/api/grids?level=3')).body.features.length
    const ids = new Set<number>()
    for (const id of districtTiles(12)) {
      const got = await tile(`/api/tiles/grids/${id.z}/${id.x}/${id.y}.mvt?level=3`)
      expect(got.status).toBe(200)
      for (const f of decodeTile(got.bytes).grids?.features ?? []) {
        expect(f.type).toBe('polygon')
        expect(f.properties.level).toBe(3)
        ids.add(f.id!)
      }
    }
    expect(ids.size).toBe(level3)
  })
})
