/**
 * The main map drawing its cases from vector tiles (`?issues=tiles` forces what a large district
 * gets by itself): clusters from the API's tiles whose counts sum to the cases, cluster click
 * zooms in, a single case opens its details, and the overdue filter refetches the tiles.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { SCREENSHOTS, apiGet, launch, newAppContext, settle } from './browser'

const baseUrl = inject('baseUrl')
let browser: Browser
let page: Page
const problems: string[] = []
let start: { center: [number, number]; zoom: number }

beforeAll(async () => {
  browser = await launch()
  page = await (await newAppContext(browser, baseUrl)).newPage()
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`))
  await page.goto(`${baseUrl}/?issues=tiles`)
  await settle(page)
  start = await page.evaluate(() => {
    const map = window.__gridsight!.map
    return { center: map.getCenter().toArray() as [number, number], zoom: map.getZoom() }
  })
})

afterAll(async () => {
  await page?.context().close()
  await browser?.close()
})

interface Meta {
  total: number
  overdue: number
  mode: string
}

/** What the map holds from the case tiles: features per kind, and the cases they add up to. */
function tileFeatures(p: Page) {
  return p.evaluate(() => {
    const map = window.__gridsight!.map
    const held = map.querySourceFeatures('case-tiles', { sourceLayer: 'cases' })
    const rendered = map.queryRenderedFeatures({ layers: ['issues-cluster', 'issues-point'] })
    const sum = (fs: typeof held) => fs.reduce((n, f) => n + (typeof f.properties.count === 'number' ? f.properties.count : 1), 0)
    return {
      sources: [...new Set(rendered.map((f) => f.source))],
      clusters: rendered.filter((f) => f.layer.id === 'issues-cluster').length,
      points: rendered.filter((f) => f.layer.id === 'issues-point').length,
      heldCases: sum(held),
      renderedCases: sum(rendered),
    }
  })
}

const shot = (name: string) => page.screenshot({ path: join(SCREENSHOTS, name) })

describe('the main map from vector tiles', () => {
  it('draws case clusters from the tiles, their counts summing to every case of the district', async () => {
    const meta = await apiGet<Meta>(baseUrl, '/api/tiles/cases/meta', 'duty')
    const got = await tileFeatures(page)
    expect(got.sources).toEqual(['case-tiles'])
    expect(got.clusters).toBeGreaterThan(0)
    // the whole district is in view: the loaded tiles hold each case exactly once
    expect(got.heldCases).toBe(meta.total)
    expect(got.renderedCases).toBeGreaterThan(0)
    expect(got.renderedCases).toBeLessThanOrEqual(meta.total)
    await expect.poll(() => page.locator('[data-test=layers-panel]').textContent()).toContain(`共 ${meta.total.toLocaleString('zh-CN')} 条`)
    await shot('tiles-district.png')
    expect(problems).toEqual([])
  })

  it('zooms into a tile cluster on click, then opens a single case’s details', async () => {
    const target = await page.evaluate(() => {
      const map = window.__gridsight!.map
      const rect = map.getCanvas().getBoundingClientRect()
      const c = map
        .queryRenderedFeatures({ layers: ['issues-cluster'] })
        .map((f) => ({ f, p: map.project((f.geometry as GeoJSON.Point).coordinates as [number, number]) }))
        .filter(({ p }) => p.x > 360 && p.x < rect.width - 420 && p.y > 40 && p.y < rect.height - 40)
        .sort((a, b) => Number(b.f.properties.count) - Number(a.f.properties.count))[0]
      return c ? { x: rect.left + c.p.x, y: rect.top + c.p.y, zoom: map.getZoom() } : null
    })
    expect(target).not.toBeNull()
    await page.mouse.click(target!.x, target!.y)
    await page.waitForFunction((zoom) => window.__gridsight!.map.getZoom() > zoom + 1.5, target!.zoom)
    await settle(page)

    // close in, every case is its own dot: click one and read its details
    await page.evaluate(() => window.__gridsight!.map.jumpTo({ zoom: 16.5 }))
    await settle(page)
    const dot = await page.evaluate(() => {
      const map = window.__gridsight!.map
      const rect = map.getCanvas().getBoundingClientRect()
      const hit = map
        .queryRenderedFeatures({ layers: ['issues-point'] })
        .map((f) => ({ f, p: map.project((f.geometry as GeoJSON.Point).coordinates as [number, number]) }))
        .find(({ p }) => p.x > 360 && p.x < rect.width - 420 && p.y > 40 && p.y < rect.height - 40)
      return hit ? { x: rect.left + hit.p.x, y: rect.top + hit.p.y, id: Number(hit.f.id), category: String(hit.f.properties.category) } : null
    })
    expect(dot).not.toBeNull()
    await page.mouse.click(dot!.x, dot!.y)
    await page.locator('[data-test=issue-details]').waitFor()
    const detail = await apiGet<{ properties: { category: string } }>(baseUrl, `/api/issues/${dot!.id}`, 'duty')
    expect(detail.properties.category).toBe(dot!.category)
    await shot('tiles-case-details.png')
  })

  it('refetches the tiles for the overdue filter, the counts following', async () => {
    // back to the district view the page opened with
    await page.evaluate((cam) => window.__gridsight!.map.jumpTo(cam), start)
    await settle(page)
    const overdue = await apiGet<Meta>(baseUrl, '/api/tiles/cases/meta?status=overdue', 'duty')
    await page.click('[data-test=issue-filter-overdue]')
    await settle(page)
    await expect.poll(() => page.locator('[data-test=layers-panel]').textContent()).toContain(`共 ${overdue.total.toLocaleString('zh-CN')} 条`)
    await expect.poll(async () => (await tileFeatures(page)).heldCases, { timeout: 30_000 }).toBe(overdue.overdue)
    await shot('tiles-overdue.png')
    await page.click('[data-test=issue-filter-all]')
    await settle(page)
  })
})
