/**
 * 创文 progress in real Chromium, checked by what is drawn against the API: the civ status layer's
 * rendered compounds by status equal GET /api/civ/compounds; the renovation layer's rendered
 * compounds by step equal GET /api/civ/renovations/map; the /civ screen's targets chart
 * (ECharts getOption through window.__civ) carries GET /api/civ/targets' series and targets; its
 * unit table and renovation list equal the API; the drill-down's renovation card lists the
 * region's projects. Screenshots: tests/e2e/screenshots/civ-*.png.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import type { FeatureCollection } from 'geojson'
import { SCREENSHOTS, apiGet, launch, newAppContext, settle } from './browser'
import type { Renovation, TargetsResult } from '../../web/src/features/civprogress/model'
// declares window.__civ for the page functions below
import type {} from '../../web/src/features/civprogress/testHook'

const baseUrl = inject('baseUrl')
const USER = 'leader'
let browser: Browser
let context: BrowserContext
let page: Page
const problems: string[] = []

beforeAll(async () => {
  browser = await launch()
  context = await newAppContext(browser, baseUrl, { as: USER })
  page = await context.newPage()
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`))
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console: ${msg.text()}`)
  })
})
afterAll(async () => {
  await page?.screenshot({ path: join(SCREENSHOTS, 'civ-last.png') }).catch(() => {})
  await context?.close()
  await browser?.close()
})

const shot = (name: string) => page.screenshot({ path: join(SCREENSHOTS, `civ-${name}.png`) })
const tally = (xs: string[]) => xs.reduce<Record<string, number>>((a, s) => ({ ...a, [s]: (a[s] ?? 0) + 1 }), {})

/** Rendered features of a layer, one per id (a polygon split across tiles counts once), by status. */
function renderedByStatus(layer: string): Promise<Record<string, number>> {
  return page.evaluate((id) => {
    const seen = new Map<number, string>()
    for (const f of window.__gridsight!.map.queryRenderedFeatures({ layers: [id] })) seen.set(Number(f.properties.id), String(f.properties.status))
    const out: Record<string, number> = {}
    for (const s of seen.values()) out[s] = (out[s] ?? 0) + 1
    return out
  }, layer)
}

/** Fits the map to the compounds so every one of them is drawn large enough to render. */
async function fitCompounds(): Promise<void> {
  const compounds = await apiGet<FeatureCollection>(baseUrl, '/api/compounds', USER)
  const box = [180, 90, -180, -90]
  for (const f of compounds.features) {
    const ring = (f.geometry.type === 'Polygon' ? f.geometry.coordinates : f.geometry.type === 'MultiPolygon' ? f.geometry.coordinates.flat() : []).flat() as number[][]
    for (const [x, y] of ring) {
      box[0] = Math.min(box[0], x)
      box[1] = Math.min(box[1], y)
      box[2] = Math.max(box[2], x)
      box[3] = Math.max(box[3], y)
    }
  }
  await page.evaluate((b) => {
    window.__gridsight!.map.fitBounds([[b[0], b[1]], [b[2], b[3]]], { padding: 10, duration: 0 })
  }, box)
  await settle(page)
}

describe('the 创文 layers on the one map', () => {
  it('draws every compound in its civ status, as GET /api/civ/compounds says, with a legend and a score popup', async () => {
    await page.goto(baseUrl)
    await settle(page)
    await page.locator('[data-test="layer-civStatus"]').check()
    await settle(page)
    await fitCompounds()
    const list = await apiGet<{ id: number; status: string }[]>(baseUrl, '/api/civ/compounds', USER)
    const want = tally(list.map((r) => r.status))
    expect(Object.keys(want).length).toBeGreaterThanOrEqual(2)
    expect(await renderedByStatus('civ-status-fill')).toEqual(want)
    await expect(page.locator('[data-test="layers-panel"]').getByText('示范小区').count()).resolves.toBeGreaterThan(0)

    // a click on a demonstration (or civilised) compound: the popup gives its score by group
    const target = list.find((r) => r.status === 'demonstration') ?? list.find((r) => r.status === 'civilised')!
    const at = await page.evaluate((id) => {
      const map = window.__gridsight!.map
      const f = map.queryRenderedFeatures({ layers: ['civ-status-fill'] }).find((x) => Number(x.properties.id) === id)!
      const ring = (f.geometry as GeoJSON.Polygon).coordinates[0]
      const c = ring.slice(0, -1).reduce((a, p) => [a[0] + p[0] / (ring.length - 1), a[1] + p[1] / (ring.length - 1)], [0, 0])
      map.jumpTo({ center: c as [number, number], zoom: 17 })
      return c
    }, target.id)
    await settle(page)
    const point = await page.evaluate((c) => {
      const map = window.__gridsight!.map
      const rect = map.getCanvas().getBoundingClientRect()
      const p = map.project(c as [number, number])
      return { x: rect.left + p.x, y: rect.top + p.y }
    }, at)
    await page.mouse.click(point.x, point.y)
    const popup = page.locator('[data-test="civ-popup"]')
    await popup.locator('tr[data-group]').first().waitFor({ timeout: 30_000 })
    expect(await popup.locator('tr[data-group]').count()).toBeGreaterThanOrEqual(5)
    await shot('status-popup')
  })

  it('outlines the compounds with a renovation project by step, as GET /api/civ/renovations/map says', async () => {
    await page.locator('[data-test="layer-civStatus"]').uncheck()
    await page.locator('[data-test="layer-renovation"]').check()
    await settle(page)
    await fitCompounds()
    const map = await apiGet<FeatureCollection>(baseUrl, '/api/civ/renovations/map', USER)
    expect(map.features.length).toBe(20)
    expect(await renderedByStatus('civ-renovation-line')).toEqual(tally(map.features.map((f) => String(f.properties!.status))))
    await shot('renovation-layer')
  })
})

describe('the /civ progress screen', () => {
  it('charts GET /api/civ/targets: the series and the seed’s targets as markers', async () => {
    await page.goto(`${baseUrl}/civ`)
    await page.waitForFunction(() => window.__civ !== undefined && 'targets' in window.__civ.charts(), null, { timeout: 90_000 })
    const api = await apiGet<TargetsResult>(baseUrl, '/api/civ/targets', USER)
    const option = (await page.evaluate(() => window.__civ!.charts().targets)) as { series: { type: string; data: unknown[] }[] }
    const lines = option.series.filter((s) => s.type === 'line')
    expect(lines.map((s) => s.data)).toEqual([
      api.dates.map((d, i) => [d, api.total.series.demonstration[i]]),
      api.dates.map((d, i) => [d, api.total.series.civilised[i]]),
      api.dates.map((d, i) => [d, Math.round(api.total.series.civilisedShare[i] * 10_000) / 100]),
    ])
    const markers = option.series.filter((s) => s.type === 'scatter').map((s) => (s.data[0] as { value: [string, number] }).value)
    expect(markers).toEqual(api.total.targets.map((t) => [t.date, t.metric === 'civilisedShare' ? t.value * 100 : t.value]))
    expect(api.total.targets.map((t) => t.value)).toEqual([5, 50, 0.8])
    await expect(page.locator('[data-test="kpi-civilised"] .value').textContent()).resolves.toBe(String(api.total.current.civilised))
    // the unit table: every street and community, with the API's verdict
    const verdicts = await page.locator('[data-test="civ-units"] tbody tr').evaluateAll((trs) => trs.map((tr) => [Number(tr.getAttribute('data-test')!.replace('civ-unit-', '')), tr.getAttribute('data-verdict')]))
    expect(new Map(verdicts as [number, string][])).toEqual(new Map(api.units.map((u) => [u.gridId!, u.verdict])))
    // the renovation list
    const projects = await apiGet<Renovation[]>(baseUrl, '/api/civ/renovations', USER)
    const shown = await page.locator('[data-test="civ-renovations"] tbody tr').evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-test'), tr.getAttribute('data-status')]))
    expect(shown).toEqual(projects.map((p) => [`renovation-${p.id}`, p.status]))
    await shot('screen')
  })

  it('scopes to a community from the table, and the drill-down shows the region’s renovation projects', async () => {
    const projects = await apiGet<Renovation[]>(baseUrl, '/api/civ/renovations', USER)
    const community = projects[0]!.communityId
    await page.locator(`[data-test="civ-unit-${community}"] button`).click()
    await page.waitForFunction((id) => location.pathname === `/civ/${id}`, community)
    const api = await apiGet<TargetsResult>(baseUrl, `/api/civ/targets?grid=${community}`, USER)
    await page.waitForFunction((n) => document.querySelectorAll('[data-test="civ-units"] tbody tr').length === n, api.units.length, { timeout: 30_000 })
    const option = (await page.evaluate(() => window.__civ!.charts().targets)) as { series: { type: string; data: [string, number][] }[] }
    expect(option.series[1].data.map((d) => d[1])).toEqual(api.total.series.civilised)
    await shot('community')

    await page.goto(`${baseUrl}/drill/${community}`)
    const card = page.locator('[data-test="drill-renovations"]')
    await card.locator('tbody tr').first().waitFor({ timeout: 60_000 })
    const want = projects.filter((p) => p.communityId === community).map((p) => `renovation-${p.id}`)
    expect(await card.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-test')))).toEqual(want)
    await card.scrollIntoViewIfNeeded()
    await shot('drill')
    expect(problems).toEqual([])
  })
})
