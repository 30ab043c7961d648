/**
 * Boundary import and export in a real Chromium, as the planner (规划员) on /planner, through the
 * boundaries panel mounted in the planner's save panel:
 * - a real file (../shared/realdata, read in place at test time): CRS chosen and detected, attribute
 *   mapping, the dry-run table; applying 海淀区 as a street is refused with the topology reason
 *   (outside the district outline) and nothing changes;
 * - export → edit → re-import of a family: the dry-run table says which grids change, the apply's
 *   progress bar reaches 100 %, the API and the planner's map then hold exactly those changes and
 *   the topology check of the family is clean;
 * - refused files show their precise reason;
 * - a level exported as GeoJSON, Shapefile (.zip) and KML in WGS84 and GCJ-02, downloaded through the
 *   UI and parsed back: coordinates compared with the API's WGS84 grids (converted for GCJ-02).
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import type { Position } from 'geojson'
import { SCREENSHOTS, apiGet, launch, newAppContext, sessionCookie, settle } from './browser'
import { REALDATA } from '../support/realdata'
import { wgs84ToGcj02 } from '../../geo/crs/index'
import { readShapefileZip } from '../../geo/formats/shapefile'
// declares window.__planner
import type {} from '../../web/src/features/planner/plannerHook'

const baseUrl = inject('baseUrl')
let browser: Browser
let context: BrowserContext
let page: Page
const scratch = mkdtempSync(join(tmpdir(), 'gridsight-bounds-e2e-'))

interface GridFC { features: { id: number; geometry: { type: string; coordinates: Position[][] | Position[][][] }; properties: { id: number; name: string; parentId: number | null; level: number } }[] }

beforeAll(async () => {
  browser = await launch()
  context = await newAppContext(browser, baseUrl, { as: 'planner' })
  page = await context.newPage()
  await page.goto(`${baseUrl}/planner`)
  await page.locator('[data-test=boundaries-panel]').waitFor({ timeout: 90_000 })
  await settle(page)
}, 180_000)

afterAll(async () => {
  await browser?.close()
})

const shot = async (name: string, target = '[data-test=boundaries-panel]') => {
  await page.locator(target).first().scrollIntoViewIfNeeded()
  await page.screenshot({ path: join(SCREENSHOTS, name) })
}
const panel = (test: string) => page.locator(`[data-test=boundaries-panel] [data-test=${test}]`)
/** every exterior and interior ring of a Polygon or MultiPolygon */
const ringsOf = (g: { type: string; coordinates: unknown }): Position[][] => (g.type === 'Polygon' ? (g.coordinates as Position[][]) : (g.coordinates as Position[][][]).flat())

async function setImport(file: string, { level, parent, crs = 'auto' }: { level: number; parent: number | null; crs?: string }) {
  await panel('boundaries-file').setInputFiles(file)
  await panel('boundaries-level').fill(String(level))
  await panel('boundaries-parent').fill(parent === null ? '' : String(parent))
  await panel('boundaries-crs').selectOption(crs)
}

async function dryRun(): Promise<void> {
  await panel('boundaries-dry-run').click()
  await page.waitForFunction(() => {
    const p = document.querySelector('[data-test=boundaries-panel]')
    return !!p && !p.querySelector('[data-test=boundaries-dry-run]')!.hasAttribute('disabled') &&
      !!(p.querySelector('[data-test=boundaries-dry-result]') || p.querySelector('[data-test=boundaries-refused]') || p.querySelector('[data-test=boundaries-error]'))
  }, null, { timeout: 60_000 })
}

/** The dry-run table as rows: status, grid id (empty for new), name, code. */
async function planRows(): Promise<{ status: string; id: number | null; name: string; code: string }[]> {
  return page.$$eval('[data-test=boundaries-plan-row]', (rows) =>
    rows.map((r) => {
      const cells = [...r.querySelectorAll('td')].map((td) => td.textContent!.trim())
      const id = r.getAttribute('data-id')
      return { status: r.getAttribute('data-status')!, id: id ? Number(id) : null, name: cells[1], code: cells[2] }
    }),
  )
}

/** Clicks apply and waits for the job to end; returns the progress bar's last value. */
async function apply(): Promise<{ state: 'done' | 'failed'; percent: number }> {
  await panel('boundaries-apply').click()
  await page.locator('[data-test=boundaries-applied], [data-test=boundaries-failed]').first().waitFor({ timeout: 90_000 })
  const bar = panel('boundaries-progress').locator('progress')
  const percent = (await bar.count()) ? Number(await bar.getAttribute('value')) : -1
  return { state: (await panel('boundaries-applied').count()) ? 'done' : 'failed', percent }
}

async function download(level: number, parent: number | null, format: 'geojson' | 'shapefile' | 'kml', crs: 'wgs84' | 'gcj02'): Promise<{ name: string; bytes: Buffer }> {
  await panel('boundaries-export-level').fill(String(level))
  await panel('boundaries-export-parent').fill(parent === null ? '' : String(parent))
  await panel('boundaries-export-format').selectOption(format)
  await panel('boundaries-export-crs').selectOption(crs)
  const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), panel('boundaries-export').click()])
  return { name: dl.suggestedFilename(), bytes: readFileSync((await dl.path())!) }
}

describe('a real file: 海淀区 (DataV, GCJ-02) as a street', () => {
  it('CRS chosen, then detected; attribute mapping; the dry-run table; the apply refused with the topology reason, nothing written', async () => {
    const file = join(REALDATA, 'boundaries/haidian_110108_datav_gcj02.geojson')
    // chosen: WGS84 overrides what the file says
    await setImport(file, { level: 0, parent: null, crs: 'wgs84' })
    await dryRun()
    expect(await panel('boundaries-detected').textContent()).toMatch(/wgs84.*gcj02/)
    // detected: GCJ-02 from the file name, with the evidence shown
    await panel('boundaries-crs').selectOption('auto')
    await dryRun()
    const detected = await panel('boundaries-detected').textContent()
    expect(detected).toMatch(/geojson/)
    expect(detected).toMatch(/gcj02/)
    expect(detected).toMatch(/haidian_110108_datav_gcj02/)
    // mapping: the name field was guessed; the code comes from adcode once chosen
    expect(await panel('boundaries-map-name').inputValue()).toBe('name')
    await panel('boundaries-map-code').selectOption('adcode')
    await dryRun()
    expect(await planRows()).toEqual([{ status: 'new', id: null, name: '海淀区', code: '110108' }])
    expect(await panel('boundaries-summary').textContent()).toMatch(/新增 1，修改 0，不变 0，删除 0/)
    await shot('boundaries-real-dry-run.png')

    const streets = await apiGet<GridFC>(baseUrl, '/api/grids?level=0')
    const result = await apply()
    expect(result.state).toBe('failed')
    const problems = await panel('boundaries-failed-problems').locator('li').allTextContents()
    expect(problems.length).toBeGreaterThan(0)
    expect(problems.join('\n')).toMatch(/海淀区/)
    expect(problems.join('\n')).toMatch(/岚湖区/)
    await shot('boundaries-real-refused-topology.png')
    const after = await apiGet<GridFC>(baseUrl, '/api/grids?level=0')
    expect(after.features.map((f) => [f.id, f.properties.name])).toEqual(streets.features.map((f) => [f.id, f.properties.name]))
  })
})

describe('export → edit → import of one family', () => {
  it('the dry-run table names the changed grids; the apply reaches 100 %; API and map hold exactly those changes; topology clean', async () => {
    // a level-2 area with at least three points
    const points = await apiGet<GridFC>(baseUrl, '/api/grids?level=3')
    const byParent = new Map<number, GridFC['features']>()
    for (const f of points.features) byParent.set(f.properties.parentId!, [...(byParent.get(f.properties.parentId!) ?? []), f])
    const [parent, family] = [...byParent.entries()].find(([, fs]) => fs.length >= 3)!
    const area = (await apiGet<GridFC>(baseUrl, `/api/grids?level=2`)).features.find((f) => f.id === parent)!
    const parentRing = new Set(ringsOf(area.geometry).flat().map((p) => `${p[0]},${p[1]}`))

    const { name, bytes } = await download(3, parent, 'geojson', 'wgs84')
    expect(name).toBe(`grids-level3-parent${parent}-wgs84.geojson`)
    const fc = JSON.parse(bytes.toString('utf8'))
    expect(fc.features.map((f: any) => f.id).sort()).toEqual(family.map((f) => f.id).sort())

    // a vertex held by exactly two points and not on the area's boundary: moved ~1.5 m in both
    const holders = new Map<string, number[]>()
    for (const f of fc.features) for (const ring of ringsOf(f.geometry)) for (const p of ring.slice(0, -1)) holders.set(`${p[0]},${p[1]}`, [...new Set([...(holders.get(`${p[0]},${p[1]}`) ?? []), f.id])])
    const [key, pair] = [...holders.entries()].find(([k, ids]) => ids.length === 2 && !parentRing.has(k))!
    const [vx, vy] = key.split(',').map(Number)
    const moved: Position = [Math.round((vx + 0.00001) * 1e6) / 1e6, Math.round((vy + 0.00001) * 1e6) / 1e6]
    for (const f of fc.features) for (const ring of ringsOf(f.geometry)) for (const p of ring) if (p[0] === vx && p[1] === vy) [p[0], p[1]] = moved
    const renamed = fc.features.find((f: any) => !pair.includes(f.id))
    renamed.properties.name = `${renamed.properties.name}（导入改名）`
    const edited = join(scratch, name)
    writeFileSync(edited, JSON.stringify(fc))

    await setImport(edited, { level: 3, parent, crs: 'wgs84' })
    await dryRun()
    const rows = await planRows()
    const expected = [...pair, renamed.id]
    expect(rows.filter((r) => r.status === 'changed').map((r) => r.id).sort()).toEqual(expected.sort())
    expect(rows.filter((r) => r.status === 'unchanged').map((r) => r.id).sort()).toEqual(family.map((f) => f.id).filter((id) => !expected.includes(id)).sort())
    expect(rows.filter((r) => r.status === 'new' || r.status === 'removed')).toEqual([])
    await shot('boundaries-family-dry-run.png')

    const result = await apply()
    expect(result).toEqual({ state: 'done', percent: 100 })
    expect(await panel('boundaries-progress').textContent()).toMatch(/100%/)
    await shot('boundaries-family-applied.png')

    // the API: exactly the dry run's changes
    const now = await apiGet<GridFC>(baseUrl, `/api/grids?level=3&parent=${parent}`)
    const before = new Map(family.map((f) => [f.id, f]))
    for (const f of now.features) {
      const has = ringsOf(f.geometry).flat().some((p) => p[0] === moved[0] && p[1] === moved[1])
      expect(has).toBe(pair.includes(f.id))
      if (f.id === renamed.id) expect(f.properties.name).toBe(renamed.properties.name)
      else expect(f.properties.name).toBe(before.get(f.id)!.properties.name)
      if (!expected.includes(f.id)) expect(f.geometry).toEqual(before.get(f.id)!.geometry)
    }
    const topo = await apiGet<{ features: unknown[] }>(baseUrl, `/api/analysis/topology?level=3&parent=${parent}`)
    expect(topo.features).toEqual([])

    // the planner's map, reloaded on one of the moved points, draws the new boundary and name
    await page.goto(`${baseUrl}/planner/${pair[0]}`)
    await page.locator('[data-test=planner-selected]').waitFor({ timeout: 90_000 })
    await page.waitForFunction(() => (window.__planner?.store.levelGrids.length ?? 0) > 0, null, { timeout: 60_000 })
    await settle(page)
    const onMap = await page.evaluate(([ids]) => window.__planner!.store.levelGrids.filter((g) => (ids as number[]).includes(g.properties.id)).map((g) => ({ id: g.properties.id, name: g.properties.name, coords: JSON.stringify(g.geometry) })), [[...pair, renamed.id]])
    for (const g of onMap) {
      expect(g.coords.includes(`[${moved[0]},${moved[1]}]`)).toBe(pair.includes(g.id))
      if (g.id === renamed.id) expect(g.name).toBe(renamed.properties.name)
    }
    await page.evaluate(([lon, lat]) => window.__gridsight!.map.jumpTo({ center: [lon, lat], zoom: 17 }), moved)
    await settle(page)
    await page.screenshot({ path: join(SCREENSHOTS, 'boundaries-family-on-map.png') })
    await page.locator('[data-test=boundaries-panel]').waitFor({ timeout: 60_000 })

    // leave the demo as found for the other browser tests on this server: roll the import back
    const [entry] = await apiGet<{ changeSetId: number; source: string }[]>(baseUrl, `/api/planning/history?grid=${renamed.id}`)
    expect(entry.source).toBe('import')
    const res = await fetch(`${baseUrl}/api/planning/changes/${entry.changeSetId}/rollback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: await sessionCookie(baseUrl, 'planner') },
      body: JSON.stringify({ reason: 'e2e: undo the import', effectiveDate: new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10) }),
    })
    expect(res.status).toBe(201)
    const restored = await apiGet<GridFC>(baseUrl, `/api/grids?level=3&parent=${parent}`)
    expect(restored.features.map((f) => [f.id, f.properties.name, f.geometry])).toEqual(family.map((f) => [f.id, f.properties.name, f.geometry]))
  }, 300_000)
})

describe('refused files show their precise reason', () => {
  it('bupt_campus (points and lines only): no_boundaries with the geometry types; tsinghua forced to WGS84: not lon/lat', async () => {
    await setImport(join(REALDATA, 'messy/bupt_campus_gcj02_mixed_3d.geojson'), { level: 0, parent: null })
    await dryRun()
    expect(await panel('boundaries-refused').textContent()).toMatch(/文件被拒绝：没有可作为网格边界的面要素/)
    expect(await panel('boundaries-refused-reason').textContent()).toMatch(/78 Point, 106 LineString/)
    expect(await panel('boundaries-dry-result').count()).toBe(0)
    await shot('boundaries-refused-bupt.png')

    await setImport(join(REALDATA, 'messy/tsinghua_area_epsg32649.geojson'), { level: 0, parent: null, crs: 'wgs84' })
    await dryRun()
    expect(await panel('boundaries-refused-reason').textContent()).toMatch(/1 Polygon.*(longitude|lon\/lat|range)/i)
  })
})

describe('export through the UI, parsed back', () => {
  it('level 1 as GeoJSON, Shapefile (.zip) and KML in WGS84 and GCJ-02: coordinates match the API’s WGS84 grids (converted for GCJ-02)', async () => {
    await page.goto(`${baseUrl}/planner`)
    await page.locator('[data-test=boundaries-panel]').waitFor({ timeout: 90_000 })
    const api = await apiGet<GridFC>(baseUrl, '/api/grids?level=1')
    const byId = new Map(api.features.map((f) => [f.id, f]))
    const byName = new Map(api.features.map((f) => [f.properties.name, f]))
    expect(api.features.length).toBeGreaterThan(30)
    /** the largest gap between a file's first ring and the API ring (converted), in degrees */
    const compare = (ring: Position[], apiRing: Position[], crs: 'wgs84' | 'gcj02') => {
      expect(ring.length).toBe(apiRing.length)
      let worst = 0
      ring.forEach((p, i) => {
        const [x, y] = crs === 'gcj02' ? wgs84ToGcj02(apiRing[i][0], apiRing[i][1]) : apiRing[i]
        worst = Math.max(worst, Math.abs(p[0] - x), Math.abs(p[1] - y))
      })
      return worst
    }
    const report: string[] = []
    for (const crs of ['wgs84', 'gcj02'] as const) {
      // GeoJSON
      const gj = await download(1, null, 'geojson', crs)
      expect(gj.name).toBe(`grids-level1-${crs}.geojson`)
      const fc = JSON.parse(gj.bytes.toString('utf8'))
      expect(fc.features).toHaveLength(api.features.length)
      let worst = 0
      for (const f of fc.features) worst = Math.max(worst, compare(ringsOf(f.geometry)[0], ringsOf(byId.get(f.properties.id)!.geometry)[0], crs))
      expect(worst).toBeLessThan(2e-7)
      // the GCJ-02 file really is shifted: hundreds of metres here are ~0.002-0.006°
      if (crs === 'gcj02') {
        const p = ringsOf(fc.features[0].geometry)[0][0]
        const q = ringsOf(byId.get(fc.features[0].properties.id)!.geometry)[0][0]
        expect(Math.abs(p[0] - q[0]) + Math.abs(p[1] - q[1])).toBeGreaterThan(0.001)
      }
      report.push(`geojson ${crs}: ${fc.features.length} grids, worst ${worst.toExponential(1)}°`)

      // Shapefile .zip
      const shp = await download(1, null, 'shapefile', crs)
      expect(shp.name).toBe(`grids-level1-${crs}.zip`)
      const back = readShapefileZip(new Uint8Array(shp.bytes))
      expect(back.features).toHaveLength(api.features.length)
      expect(back.prj).toMatch(crs === 'gcj02' ? /GCJ/i : /WGS_1984/)
      worst = 0
      for (const f of back.features) {
        const a = byId.get(Number(f.properties.id))!
        expect(f.properties.name).toBe(a.properties.name)
        const ring = ringsOf(f.geometry as never)[0]
        // a shapefile stores outer rings clockwise: compare as a set of positions
        const apiRing = ringsOf(a.geometry)[0]
        const conv = apiRing.map((p) => (crs === 'gcj02' ? wgs84ToGcj02(p[0], p[1]) : p))
        for (const p of ring) worst = Math.max(worst, Math.min(...conv.map((q) => Math.max(Math.abs(p[0] - q[0]), Math.abs(p[1] - q[1])))))
      }
      expect(worst).toBeLessThan(2e-7)
      report.push(`shapefile ${crs}: ${back.features.length} grids, worst ${worst.toExponential(1)}°`)

      // KML, parsed without the app's reader: Placemark names and coordinate strings
      const kml = await download(1, null, 'kml', crs)
      expect(kml.name).toBe(`grids-level1-${crs}.kml`)
      const text = kml.bytes.toString('utf8')
      const placemarks = [...text.matchAll(/<Placemark>([\s\S]*?)<\/Placemark>/g)].map((m) => m[1])
      expect(placemarks).toHaveLength(api.features.length)
      worst = 0
      for (const pm of placemarks) {
        const name = pm.match(/<name>([^<]*)<\/name>/)![1]
        const a = byName.get(name)!
        expect(a).toBeDefined()
        const coords = pm.match(/<outerBoundaryIs>\s*<LinearRing>\s*<coordinates>([^<]*)<\/coordinates>/)![1].trim().split(/\s+/).map((c) => c.split(',').map(Number))
        worst = Math.max(worst, compare(coords, ringsOf(a.geometry)[0], crs))
      }
      expect(worst).toBeLessThan(2e-7)
      report.push(`kml ${crs}: ${placemarks.length} placemarks, worst ${worst.toExponential(1)}°`)
    }
    console.log(`[boundaries e2e] export parsed back:\n  ${report.join('\n  ')}`)
    await shot('boundaries-export.png')
  })
})
