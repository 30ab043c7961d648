// Every real file in ../shared/realdata/boundaries and ../shared/realdata/messy through the
// import dry run: what it is detected as, what is converted and repaired, what is refused and why.
// The files are read from ../shared (never copied into the repo).

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { gcj02ToWgs84 } from '../../geo/crs/index.ts'
import { haversineLonLat } from '../../geo/index.ts'
import { REALDATA } from '../support/realdata.ts'
import { call, openTestApp, type TestApp } from './harness.ts'

let t: TestApp
beforeAll(async () => {
  t = await openTestApp()
})
afterAll(async () => {
  // the per-file outcome, for docs/boundaries.md's table
  console.log(`[realdata] ${t.engine}\n${outcomes.join('\n')}`)
  await t?.close()
})

/** One line per dry run: file | format | crs (reason) | features/accepted/refused | repairs by kind | refusal codes. */
const outcomes: string[] = []
function record(label: string, status: number, body: any) {
  if (status !== 200) return outcomes.push(`${label} | ${status} ${body.error.code} | ${body.error.message.slice(0, 160)}`)
  const kinds: Record<string, number> = {}
  for (const r of body.repairs) kinds[r.kind] = (kinds[r.kind] ?? 0) + 1
  const codes: Record<string, number> = {}
  for (const r of body.refusals) codes[r.code] = (codes[r.code] ?? 0) + 1
  outcomes.push(`${label} | ${body.format} | ${body.crs.used} (${body.crs.reason}) | ${body.counts.features}/${body.counts.accepted}/${body.counts.refused} | ${JSON.stringify(kinds)} | ${JSON.stringify(codes)}`)
}

/** A dry run of `bytes` as level-1 grids under 岚城街道 (grid 1), the way the import dialog sends it. */
async function dryRun(fileName: string, bytes: Uint8Array<ArrayBuffer> | string, fields: Record<string, string> = {}) {
  const form = new FormData()
  form.set('file', new File([bytes], fileName))
  form.set('level', '1')
  form.set('parentId', '1')
  for (const [k, v] of Object.entries(fields)) form.set(k, v)
  const res = await call(t.app, '/api/boundaries/import', { method: 'POST', body: form })
  record(`${fileName}${Object.keys(fields).length ? ` ${JSON.stringify(fields)}` : ''}`, res.status, res.body)
  return res
}
const real = (path: string) => new Uint8Array(readFileSync(join(REALDATA, path)))
/** The first exterior ring of a Polygon or MultiPolygon. */
const outerRing = (g: any): number[][] => (g.type === 'Polygon' ? g.coordinates[0] : g.coordinates[0][0])
const centroidOf = (fc: any, i = 0) => {
  const ring = outerRing(fc.features[i].geometry)
  const n = ring.length - 1
  return [ring.slice(0, n).reduce((s: number, p: number[]) => s + p[0], 0) / n, ring.slice(0, n).reduce((s: number, p: number[]) => s + p[1], 0) / n]
}

describe('boundaries/ (DataV, GCJ-02, clockwise rings)', () => {
  it('haidian_110108: detected GCJ-02 (file name), converted to WGS84, its clockwise ring reversed, imported', async () => {
    const { status, body } = await dryRun('haidian_110108_datav_gcj02.geojson', real('boundaries/haidian_110108_datav_gcj02.geojson'))
    expect(status).toBe(200)
    expect(body.crs).toMatchObject({ used: 'gcj02', reason: 'file_name' })
    expect(body.counts).toMatchObject({ features: 1, accepted: 1, refused: 0, new: 1 })
    expect(body.repairs.map((r: any) => r.kind)).toEqual(['reoriented'])
    expect(body.grids[0].name).toBe('海淀区')
    expect(body.grids[0].areaM2 / 1e6).toBeGreaterThan(420)
    expect(body.grids[0].areaM2 / 1e6).toBeLessThan(440)
    // the whole boundary moved by the GCJ-02 offset (~550 m towards the south-west)
    const raw = JSON.parse(Buffer.from(real('boundaries/haidian_110108_datav_gcj02.geojson')).toString())
    const [x0, y0] = raw.features[0].geometry.coordinates[0][0][0]
    const converted = outerRing(body.preview.features[0].geometry)
    const [wx, wy] = gcj02ToWgs84(x0, y0)
    expect(Math.min(...converted.map((p: number[]) => haversineLonLat(wx, wy, p[0], p[1])))).toBeLessThan(0.01)
    expect(haversineLonLat(x0, y0, wx, wy)).toBeGreaterThan(450)
    expect(haversineLonLat(x0, y0, wx, wy)).toBeLessThan(650)
  })
  it('the same file renamed: detected from the DataV properties instead; crs=wgs84 overrides (no shift)', async () => {
    const bytes = real('boundaries/haidian_110108_datav_gcj02.geojson')
    const auto = await dryRun('haidian.json', bytes)
    expect(auto.body.crs).toMatchObject({ used: 'gcj02', reason: 'datav_properties', overridden: false })
    const forced = await dryRun('haidian.json', bytes, { crs: 'wgs84' })
    expect(forced.body.crs).toMatchObject({ used: 'wgs84', detected: 'gcj02', overridden: true })
    const raw = JSON.parse(Buffer.from(bytes).toString())
    const [x0, y0] = raw.features[0].geometry.coordinates[0][0][0]
    expect(outerRing(forced.body.preview.features[0].geometry).some((p: number[]) => p[0] === x0 && p[1] === y0)).toBe(true)
  })
  it('beijing_districts_110000: 16 districts; 顺义区’s two parts sharing a stretch of boundary merged (zero area, reported); all rings reoriented', async () => {
    const { status, body } = await dryRun('beijing_districts_110000_full_datav_gcj02.geojson', real('boundaries/beijing_districts_110000_full_datav_gcj02.geojson'))
    expect(status).toBe(200)
    expect(body.counts).toMatchObject({ features: 16, accepted: 16, refused: 0, new: 16 })
    const merged = body.repairs.filter((r: any) => r.kind === 'zero_area_self_intersection')
    expect(merged).toHaveLength(1)
    expect(body.grids.find((g: any) => g.feature === merged[0].feature).name).toBe('顺义区')
    expect(body.repairs.filter((r: any) => r.kind === 'reoriented')).toHaveLength(16)
  })
  it('china_provinces_100000: 29 imported (15 repaired where the self-intersections have zero area), 6 refused naming ring and place', async () => {
    const { status, body } = await dryRun('china_provinces_100000_full_datav_gcj02.geojson', real('boundaries/china_provinces_100000_full_datav_gcj02.geojson'))
    expect(status).toBe(200)
    expect(body.counts).toMatchObject({ features: 35, accepted: 29, refused: 6 })
    const refusedNames = [...new Set(body.refusals.map((r: any) => r.name))].sort()
    expect(refusedNames).toEqual(['河北省', '浙江省', '福建省', '山东省', '湖北省', '广东省'].sort())
    for (const r of body.refusals) {
      expect(r.code).toMatch(/self_intersection|invalid_geometry/)
      expect(r.path).toMatch(/^coordinates\[\d+\]/)
      expect(r.location).toHaveLength(2)
    }
    expect(body.refusals.filter((r: any) => r.name === '河北省').map((r: any) => r.message).join('\n')).toMatch(/Ring coordinates\[1\]\[0\] crosses itself at \[117\.19/)
    expect(body.repairs.filter((r: any) => r.kind === 'zero_area_self_intersection').length).toBe(15)
    // 湖北省's parts 'share a stretch' but overlap by 0.17 km² there: refused, with both areas
    expect(body.refusals.find((r: any) => r.name === '湖北省').message).toMatch(/union covers \d+ m², the rings' signed areas sum to \d+ m²/)
  })
})

describe('messy/', () => {
  it('bupt_campus_gcj02_mixed_3d: refused — 78 points and 106 lines, no polygon to be a boundary', async () => {
    const { status, body } = await dryRun('bupt_campus_gcj02_mixed_3d.geojson', real('messy/bupt_campus_gcj02_mixed_3d.geojson'))
    expect(status).toBe(422)
    expect(body.error.code).toBe('no_boundaries')
    expect(body.error.message).toMatch(/78 Point, 106 LineString/)
    expect(body.error.details.geometryTypes).toEqual({ Point: 78, LineString: 106 })
    expect(body.error.details.refusals).toEqual({ not_a_polygon: 184 })
  })
  it('tsinghua_area_epsg32649: the old-style crs member names UTM 49N; converted to lon/lat in Tsinghua, ring reversed', async () => {
    const { status, body } = await dryRun('tsinghua_area_epsg32649.geojson', real('messy/tsinghua_area_epsg32649.geojson'))
    expect(status).toBe(200)
    expect(body.crs).toMatchObject({ used: 'EPSG:32649', reason: 'crs_member' })
    expect(body.counts).toMatchObject({ accepted: 1, refused: 0 })
    expect(body.repairs.map((r: any) => r.kind)).toEqual(['reoriented'])
    const [lon, lat] = centroidOf(body.preview)
    // Tsinghua University's campus: ~116.32°E 40.00°N
    expect(haversineLonLat(lon, lat, 116.322, 40.003)).toBeLessThan(1500)
    expect(body.grids[0].areaM2 / 1e6).toBeGreaterThan(2)
    expect(body.grids[0].areaM2 / 1e6).toBeLessThan(5)
  })
  it('tsinghua with its crs member stripped: 422 crs_unknown (metres, no system named); with crs=EPSG:32649 it imports', async () => {
    const doc = JSON.parse(Buffer.from(real('messy/tsinghua_area_epsg32649.geojson')).toString())
    delete doc.crs
    const stripped = await dryRun('area.geojson', JSON.stringify(doc))
    expect(stripped.status).toBe(422)
    expect(stripped.body.error.code).toBe('crs_unknown')
    expect(stripped.body.error.message).toMatch(/metres/)
    const chosen = await dryRun('area.geojson', JSON.stringify(doc), { crs: 'EPSG:32649' })
    expect(chosen.status).toBe(200)
    expect(chosen.body.crs).toMatchObject({ used: 'EPSG:32649', overridden: true })
  })
  it('tsinghua forced to wgs84: refused, positions are not lon/lat', async () => {
    const { status, body } = await dryRun('tsinghua_area_epsg32649.geojson', real('messy/tsinghua_area_epsg32649.geojson'), { crs: 'wgs84' })
    expect(status).toBe(422)
    expect(body.error.details.refusals).toEqual({ out_of_range: 1 })
  })
  it('hongta_530402_bare_feature_array: a bare array of Features, DataV → GCJ-02, imported with its ring reversed', async () => {
    const { status, body } = await dryRun('hongta_530402_bare_feature_array.json', real('messy/hongta_530402_bare_feature_array.json'))
    expect(status).toBe(200)
    expect(body.notes).toContain('bare feature array')
    expect(body.crs).toMatchObject({ used: 'gcj02', reason: 'datav_properties' })
    expect(body.counts).toMatchObject({ features: 1, accepted: 1, refused: 0 })
    expect(body.grids[0].name).toBe('红塔区')
  })
})

describe('osm/ (OSM XML, WGS84)', () => {
  it('beijing_haidian_bupt.osm: every landuse/boundary area read, closed ways and multipolygons', async () => {
    const { status, body } = await dryRun('beijing_haidian_bupt.osm', real('osm/beijing_haidian_bupt.osm'))
    expect(status).toBe(200)
    expect(body.format).toBe('osm')
    expect(body.crs).toMatchObject({ used: 'wgs84', reason: 'format' })
    expect(body.counts).toMatchObject({ features: 31, accepted: 31, refused: 0 })
  })
  it('beijing_haidian_cau.osm: 26 areas; 2 multipolygon relations refused, naming the member way missing from the extract', async () => {
    const { status, body } = await dryRun('beijing_haidian_cau.osm', real('osm/beijing_haidian_cau.osm'))
    expect(status).toBe(200)
    expect(body.counts).toMatchObject({ features: 28, accepted: 26, refused: 2 })
    for (const r of body.refusals) expect(r.message).toMatch(/relation \d+: member way \d+ is not in the file/)
  })
})

/**
 * Applying what the dry run accepted, as streets (level 0, no parent grid): the planning service
 * checks the streets against the demo district's outline (岚湖区, fictional, near 24.35°N 102.54°E),
 * so a real boundary is refused with the topology problems named — nothing is written.
 */
async function applyAsStreets(path: string) {
  const form = new FormData()
  form.set('file', new File([real(path)], path.split('/').pop()!))
  form.set('level', '0')
  const dry = await call(t.app, '/api/boundaries/import', { method: 'POST', body: form, as: 'planner' })
  expect(dry.status).toBe(200)
  const apply = await call(t.app, `/api/boundaries/import/${dry.body.token}/apply`, { method: 'POST', json: {}, as: 'planner' })
  expect(apply.status).toBe(202)
  for (;;) {
    const { body: job } = await call(t.app, `/api/boundaries/jobs/${apply.body.jobId}`, { as: 'planner' })
    if (job.state !== 'running') {
      const codes: Record<string, number> = {}
      for (const p of job.error?.details?.problems ?? []) codes[p.code] = (codes[p.code] ?? 0) + 1
      outcomes.push(`apply ${path} at level 0 | ${job.state} ${job.error?.code ?? ''} | ${JSON.stringify(codes)} | ${(job.error?.details?.problems ?? []).slice(0, 2).map((p: any) => p.message).join(' / ')}`)
      return { dry: dry.body, job, codes }
    }
    await new Promise((r) => setTimeout(r, 50))
  }
}

describe('applying an accepted real file into the demo district (level 0) is refused by the topology check', () => {
  const streets = async () => (await t.handle.db.selectFrom('grid_records').select(['id', 'name', 'version']).where('level', '=', 0).orderBy('id').execute())
  it.each([
    ['boundaries/haidian_110108_datav_gcj02.geojson', 1],
    ['boundaries/beijing_districts_110000_full_datav_gcj02.geojson', 16],
    ['messy/tsinghua_area_epsg32649.geojson', 1],
  ])('%s: every grid outside 岚湖区, nothing written', async (path, n) => {
    const before = await streets()
    const { dry, job, codes } = await applyAsStreets(path)
    expect(dry.counts).toMatchObject({ accepted: n, new: n })
    expect(job.state).toBe('failed')
    expect(job.error.code).toBe('topology_invalid')
    // only outside the district (the DataV districts do not overlap one another once converted); a
    // MultiPolygon can stick out in more than one piece, so grids are counted, not problems
    expect(Object.keys(codes)).toEqual(['outside_parent'])
    expect(new Set(job.error.details.problems.flatMap((p: any) => p.gridIds)).size).toBe(n)
    expect(job.error.details.problems.find((p: any) => p.code === 'outside_parent').message).toMatch(/岚湖区/)
    expect(await streets()).toEqual(before)
  })
  it('hongta_530402 (红塔区, where the fictional demo district is placed): outside the district and overlapping its streets', async () => {
    const before = await streets()
    const { job, codes } = await applyAsStreets('messy/hongta_530402_bare_feature_array.json')
    expect(job.error.code).toBe('topology_invalid')
    expect(codes.outside_parent).toBe(1)
    expect(codes.overlap).toBeGreaterThanOrEqual(1)
    expect(await streets()).toEqual(before)
  })
})
