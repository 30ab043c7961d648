// Boundary import (dry run → apply by token, all or nothing, with progress) and export
// (GeoJSON, Shapefile zip, KML; WGS84 or GCJ-02), against the demo district.

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { wgs84ToGcj02 } from '../../geo/crs/index.ts'
import { readKml } from '../../geo/formats/kml.ts'
import { readShapefileZip } from '../../geo/formats/shapefile.ts'
import { MAX_IMPORT_BYTES } from '../../api/boundaries/routes.ts'
import { call, openTestApp, type TestApp } from './harness.ts'

let t: TestApp
beforeAll(async () => {
  t = await openTestApp()
})
afterAll(() => t?.close())

/** 花园社区 (grid 6) and its level-2 children: the target used below. */
const PARENT = 6
const LEVEL = 2

async function importFile(fileName: string, body: string | Uint8Array<ArrayBuffer>, fields: Record<string, string> = {}, as?: string) {
  const form = new FormData()
  form.set('file', new File([body], fileName))
  form.set('level', String(LEVEL))
  form.set('parentId', String(PARENT))
  for (const [k, v] of Object.entries(fields)) form.set(k, v)
  return call(t.app, '/api/boundaries/import', { method: 'POST', body: form, as })
}

async function waitForJob(jobId: string, as?: string) {
  const seen: number[] = []
  for (;;) {
    const { status, body } = await call(t.app, `/api/boundaries/jobs/${jobId}`, { as })
    expect(status).toBe(200)
    seen.push(body.progress)
    if (body.state !== 'running') return { job: body, seen }
    await new Promise((r) => setTimeout(r, 20))
  }
}

const exported = async (query: string) => {
  const res = await t.app.request(`/api/boundaries/export?${query}`, { headers: { cookie: await cookie() } })
  return { status: res.status, headers: res.headers, bytes: new Uint8Array(await res.arrayBuffer()) }
}
let admin = ''
const cookie = async () => {
  if (!admin) {
    const res = await t.app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'Lanhu#2026' }) })
    admin = res.headers.get('set-cookie')!.match(/gs_session=[^;]+/)![0]
  }
  return admin
}

describe('export', () => {
  it('GeoJSON in WGS84 and GCJ-02: same grids, GCJ-02 shifted by the offset', async () => {
    const wgs = await exported(`level=${LEVEL}&parent=${PARENT}&format=geojson&crs=wgs84`)
    const gcj = await exported(`level=${LEVEL}&parent=${PARENT}&format=geojson&crs=gcj02`)
    expect(wgs.status).toBe(200)
    expect(wgs.headers.get('content-disposition')).toMatch(/attachment; filename="grids-level2-parent6-wgs84.geojson"/)
    const a = JSON.parse(new TextDecoder().decode(wgs.bytes))
    const b = JSON.parse(new TextDecoder().decode(gcj.bytes))
    expect(a.features.map((f: any) => f.properties.name)).toEqual(['花园社区第1片区', '花园社区第2片区', '花园社区第3片区', '花园社区第4片区'])
    const [x, y] = a.features[0].geometry.coordinates[0][0]
    const [gx, gy] = wgs84ToGcj02(x, y)
    expect(b.features[0].geometry.coordinates[0][0][0]).toBeCloseTo(gx, 6)
    expect(b.features[0].geometry.coordinates[0][0][1]).toBeCloseTo(gy, 6)
  })
  it('a Shapefile zip with .prj and a UTF-8 .cpg that reads back to the same grids and names', async () => {
    const { status, bytes, headers } = await exported(`level=${LEVEL}&parent=${PARENT}&format=shapefile`)
    expect(status).toBe(200)
    expect(headers.get('content-type')).toBe('application/zip')
    const back = readShapefileZip(bytes)
    expect(back.prj).toMatch(/^GEOGCS\["GCS_WGS_1984"/)
    expect(back.notes).toContain('dbf encoding utf-8 (from .cpg)')
    expect(back.features.map((f) => f.properties.name)).toEqual(['花园社区第1片区', '花园社区第2片区', '花园社区第3片区', '花园社区第4片区'])
    expect(back.features[0].properties.code).toMatch(/^\d{15}$/)
  })
  it('KML with the names as Placemark names', async () => {
    const { bytes } = await exported(`level=${LEVEL}&parent=${PARENT}&format=kml&crs=gcj02`)
    const back = readKml(new TextDecoder().decode(bytes))
    expect(back.features.map((f) => f.properties.name)).toEqual(['花园社区第1片区', '花园社区第2片区', '花园社区第3片区', '花园社区第4片区'])
  })
  it('400 on a bad format or crs', async () => {
    expect((await call(t.app, '/api/boundaries/export?level=2&format=dwg')).status).toBe(400)
    expect((await call(t.app, '/api/boundaries/export?level=2&crs=bd09')).body.error.message).toMatch(/crs/)
  })
})

describe('import: dry run, then apply', () => {
  it('re-importing an export (Shapefile) changes nothing; every grid is matched by code and unchanged', async () => {
    const { bytes } = await exported(`level=${LEVEL}&parent=${PARENT}&format=shapefile`)
    const { status, body } = await importFile('export.zip', bytes)
    expect(status).toBe(200)
    expect(body.format).toBe('shapefile')
    expect(body.crs).toMatchObject({ used: 'wgs84', reason: 'prj' })
    expect(body.counts).toMatchObject({ accepted: 4, new: 0, changed: 0, unchanged: 4, removed: 0, refused: 0 })
    expect(body.repairs).toEqual([])
  })
  it('a GCJ-02 export re-imported with its own .prj comes back to the stored WGS84 geometry (unchanged)', async () => {
    const { bytes } = await exported(`level=${LEVEL}&parent=${PARENT}&format=shapefile&crs=gcj02`)
    const { body } = await importFile('export.zip', bytes)
    expect(body.crs).toMatchObject({ used: 'gcj02', reason: 'prj' })
    expect(body.counts).toMatchObject({ unchanged: 4 })
  })
  it('applies a renamed grid through a job whose progress reaches 1; the token is then spent', async () => {
    const { bytes } = await exported(`level=${LEVEL}&parent=${PARENT}&format=geojson`)
    const fc = JSON.parse(new TextDecoder().decode(bytes))
    fc.features[1].properties.name = '花园社区新片区'
    const dry = await importFile('renamed.geojson', JSON.stringify(fc), {}, 'planner')
    expect(dry.status).toBe(200)
    expect(dry.body.counts).toMatchObject({ changed: 1, unchanged: 3 })
    const apply = await call(t.app, `/api/boundaries/import/${dry.body.token}/apply`, { method: 'POST', json: { reason: 'rename test' }, as: 'planner' })
    expect(apply.status).toBe(202)
    const { job, seen } = await waitForJob(apply.body.jobId, 'planner')
    expect(job).toMatchObject({ state: 'done', progress: 1, stage: 'done' })
    expect(seen.every((p, i) => i === 0 || p >= seen[i - 1])).toBe(true)
    // another user cannot read the job
    expect((await call(t.app, `/api/boundaries/jobs/${apply.body.jobId}`)).status).toBe(404)
    const grid = await t.handle.db.selectFrom('grids').select('name').where('id', '=', fc.features[1].id).executeTakeFirstOrThrow()
    expect(grid.name).toBe('花园社区新片区')
    const again = await call(t.app, `/api/boundaries/import/${dry.body.token}/apply`, { method: 'POST', json: {}, as: 'planner' })
    expect(again.status).toBe(404)
  })
  it('all or nothing: an apply that fails part-way writes nothing and reports why', async () => {
    const { bytes } = await exported(`level=${LEVEL}&parent=${PARENT}&format=geojson`)
    const fc = JSON.parse(new TextDecoder().decode(bytes))
    const kept = fc.features[0]
    kept.properties.name = '不应写入的名称'
    // replace mode with only one grid in the file: the other three would be removed, but they hold
    // buildings and cases, so the delete fails and the rename must be rolled back with it
    const dry = await importFile('one.geojson', JSON.stringify({ type: 'FeatureCollection', features: [kept] }), { mode: 'replace' })
    expect(dry.body.counts).toMatchObject({ changed: 1, removed: 3 })
    const apply = await call(t.app, `/api/boundaries/import/${dry.body.token}/apply`, { method: 'POST', json: {} })
    const { job } = await waitForJob(apply.body.jobId)
    expect(job.state).toBe('failed')
    expect(job.error.message).toBeTruthy()
    const names = await t.handle.db.selectFrom('grids').select('name').where('parent_id', '=', PARENT).orderBy('id').execute()
    expect(names.map((n) => n.name)).not.toContain('不应写入的名称')
    expect(names).toHaveLength(4)
  })
})

describe('import: refusals', () => {
  it('413 above the size limit, 415 an unknown format, 400 a missing level', async () => {
    const big = new Uint8Array(MAX_IMPORT_BYTES + 10).fill(32)
    expect((await importFile('big.geojson', big)).status).toBe(413)
    const unknown = await importFile('notes.txt', 'hello')
    expect(unknown.status).toBe(415)
    expect(unknown.body.error.code).toBe('unknown_format')
    const form = new FormData()
    form.set('file', new File(['{}'], 'a.geojson'))
    expect((await call(t.app, '/api/boundaries/import', { method: 'POST', body: form })).body.error.code).toBe('missing_level')
  })
  it('422 for a target level without the right parent; 403 for a grid worker', async () => {
    const bad = await importFile('a.geojson', '{"type":"FeatureCollection","features":[]}', { level: '3' })
    expect(bad.status).toBe(422)
    expect(bad.body.error.code).toBe('bad_target')
    expect((await importFile('a.geojson', '{}', {}, 'worker.huayuan')).status).toBe(403)
  })
})

describe('import at level 0 (streets/towns: no parent grid, the district outline is what they tile)', () => {
  async function importLevel0(fileName: string, body: string | Uint8Array<ArrayBuffer>, as = 'planner') {
    const form = new FormData()
    form.set('file', new File([body], fileName))
    form.set('level', '0')
    return call(t.app, '/api/boundaries/import', { method: 'POST', body: form, as })
  }
  it('a renamed street re-imported without parentId goes through the planning service: versioned change set with no parent', async () => {
    const { bytes } = await exported('level=0&format=geojson')
    const fc = JSON.parse(new TextDecoder().decode(bytes))
    expect(fc.features).toHaveLength(5)
    const target = fc.features[2]
    const original = target.properties.name
    target.properties.name = '岚湖新街道'
    const dry = await importLevel0('streets.geojson', JSON.stringify(fc))
    expect(dry.status).toBe(200)
    expect(dry.body.target).toMatchObject({ level: 0, parentId: null })
    expect(dry.body.counts).toMatchObject({ accepted: 5, changed: 1, unchanged: 4, new: 0, removed: 0 })
    const apply = await call(t.app, `/api/boundaries/import/${dry.body.token}/apply`, { method: 'POST', json: { reason: 'street renamed' }, as: 'planner' })
    expect(apply.status).toBe(202)
    const { job } = await waitForJob(apply.body.jobId, 'planner')
    expect(job).toMatchObject({ state: 'done', progress: 1 })
    expect(job.result.via).toBe('planning')
    expect(job.result.grids).toEqual([{ id: target.id, version: 2 }])
    const grid = await t.handle.db.selectFrom('grids').select(['name', 'version', 'parent_id']).where('id', '=', target.id).executeTakeFirstOrThrow()
    expect(grid).toEqual({ name: '岚湖新街道', version: 2, parent_id: null })
    const hist = await call(t.app, `/api/planning/history?grid=${target.id}`)
    expect(hist.status).toBe(200)
    expect(hist.body[0]).toMatchObject({ source: 'import', parentId: null, level: 0, reason: 'street renamed' })
    const topo = await call(t.app, '/api/analysis/topology?level=0')
    expect(topo.body.features).toEqual([])
    // and the level-0 change set rolls back like any other (its family checked against the district outline)
    const back = await call(t.app, `/api/planning/changes/${hist.body[0].changeSetId}/rollback`, { method: 'POST', json: { reason: 'undo rename', effectiveDate: new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10) }, as: 'planner' })
    expect(back.status).toBe(201)
    const restored = await t.handle.db.selectFrom('grids').select(['name', 'version']).where('id', '=', target.id).executeTakeFirstOrThrow()
    expect(restored).toEqual({ name: original, version: 3 })
  })
  it('a real district boundary (海淀区) as a new street: the dry run lists it, the apply is refused outside the district outline, nothing written', async () => {
    const { readFileSync } = await import('node:fs')
    const { join } = await import('node:path')
    const { REALDATA } = await import('../support/realdata.ts')
    const before = await t.handle.db.selectFrom('grid_records').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
    const dry = await importLevel0('haidian_110108_datav_gcj02.geojson', new Uint8Array(readFileSync(join(REALDATA, 'boundaries/haidian_110108_datav_gcj02.geojson'))))
    expect(dry.status).toBe(200)
    expect(dry.body.counts).toMatchObject({ accepted: 1, new: 1, unchanged: 0 })
    const apply = await call(t.app, `/api/boundaries/import/${dry.body.token}/apply`, { method: 'POST', json: {}, as: 'planner' })
    const { job } = await waitForJob(apply.body.jobId, 'planner')
    expect(job.state).toBe('failed')
    expect(job.error.code).toBe('topology_invalid')
    const problems = job.error.details.problems as { code: string; message: string }[]
    expect(problems.map((p) => p.code)).toContain('outside_parent')
    expect(problems.find((p) => p.code === 'outside_parent')!.message).toMatch(/岚湖区/)
    const after = await t.handle.db.selectFrom('grid_records').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
    expect(Number(after.n)).toBe(Number(before.n))
  })
})
