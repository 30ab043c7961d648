/**
 * The map in a real Chromium against the real API and demo data: what renders, what a click
 * shows, the level switch, layer toggles, the coverage view, English, and failure messages.
 * Screenshots go to tests/e2e/screenshots/ (gitignored) for a human to look at.
 *
 * Software WebGL on a shared machine is slow, so one page serves the whole "one map" suite:
 * each test starts from the district view in Chinese and puts back whatever it changed.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import type { FeatureCollection, Point } from 'geojson'
import { decodePng, encodeIndexedPng } from './png'
import { SCREENSHOTS, apiGet, jumpTo, launch, newAppContext, openApp, pagePoint, renderedCounts, settle } from './browser'
import type { CategoriesResponse, GridDetailFeature, GridFeature, KioskCoverage } from '../../web/src/api/types'

const baseUrl = inject('baseUrl')
const DOCS_SCREENSHOT = new URL('../../docs/screenshot.png', import.meta.url).pathname
let browser: Browser

beforeAll(async () => {
  browser = await launch()
})

afterAll(async () => {
  await browser?.close()
})

const api = <T>(path: string): Promise<T> => apiGet<T>(baseUrl, path)

const shot = (page: Page, name: string) => page.screenshot({ path: join(SCREENSHOTS, name) })
const percent = (ratio: number) => `${(ratio * 100).toFixed(1)}%`

/** Layers a click can select, as the app ranks them. */
const CLICKABLE = ['issues-cluster', 'issues-point', 'kiosks', 'drop-points', 'facilities', 'facilities-other', 'patrols-line', 'compounds-fill', 'grids-fill']

/** A grid label whose point is clear of the panels and of anything that would win the click. */
function findClickableGrid(page: Page) {
  return page.evaluate((clickable) => {
    const map = window.__gridsight!.map
    const rect = map.getCanvas().getBoundingClientRect()
    for (const f of map.queryRenderedFeatures({ layers: ['grids-label'] })) {
      const p = map.project((f.geometry as Point).coordinates as [number, number])
      if (p.x < 340 || p.x > rect.width - 410 || p.y < 30 || p.y > rect.height - 30) continue
      const hits = map.queryRenderedFeatures([p.x, p.y + 14], { layers: clickable })
      if (hits.length > 0 && hits.every((h) => h.layer.id === 'grids-fill')) {
        return { id: Number(f.properties.id), name: String(f.properties.name), x: rect.left + p.x, y: rect.top + p.y + 14 }
      }
    }
    return null
  }, CLICKABLE)
}

async function fitDistrict(page: Page): Promise<void> {
  await page.click('[data-test=district-name]')
  await settle(page)
}

describe('the one map', () => {
  let page: Page
  let problems: string[]

  beforeAll(async () => {
    ;({ page, problems } = await openApp(browser, baseUrl))
  })

  afterAll(async () => {
    await page?.context().close()
  })

  it('draws the district offline: basemap, grids with Chinese names, kiosks, issue clusters', async () => {
    const counts = await renderedCounts(page, ['district-line', 'roads-fill', 'green-fill', 'grids-fill', 'grids-label', 'kiosks', 'facilities', 'issues-cluster', 'issues-cluster-count'])
    for (const [layer, n] of Object.entries(counts)) expect(n, layer).toBeGreaterThan(0)

    const grids = await api<FeatureCollection<GridFeature['geometry'], GridFeature['properties']>>('/api/grids?level=1')
    const names = new Set(grids.features.map((f) => f.properties.name))
    const labels = await page.evaluate(() =>
      window.__gridsight!.map.queryRenderedFeatures({ layers: ['grids-label'] }).map((f) => String(f.properties.name)),
    )
    // symbols come back from queryRenderedFeatures only when they were placed on the map
    const drawn = labels.filter((name) => names.has(name) && /[\u4e00-\u9fff]/.test(name))
    expect(drawn.length).toBeGreaterThan(3)

    const style = await page.evaluate(() => {
      const { glyphs, sprite } = window.__gridsight!.map.getStyle()
      return { glyphs: glyphs ?? null, sprite: sprite ?? null }
    })
    expect(style).toEqual({ glyphs: null, sprite: null })
    expect(await page.locator('[data-test=notice]').count()).toBe(0)
    expect(await page.locator('[data-test=summary-grids]').textContent()).toContain(String(grids.features.length))
    expect(problems).toEqual([])
    await shot(page, 'district.png')
    if (process.env.GRIDSIGHT_DOCS_SCREENSHOT === '1') {
      // README image: same view, reduced to 256 colours to stay well under 600 KB
      writeFileSync(DOCS_SCREENSHOT, encodeIndexedPng(decodePng(await page.screenshot())))
    }
  })

  it('opens a grid’s details with its leader, unit and counts on click', async () => {
    const target = await findClickableGrid(page)
    expect(target).not.toBeNull()
    await page.mouse.click(target!.x, target!.y)
    await page.locator('[data-test=grid-stats]').waitFor({ timeout: 30_000 })
    const detail = await api<GridDetailFeature>(`/api/grids/${target!.id}`)
    expect(await page.locator('[data-test=grid-name]').textContent()).toBe(detail.properties.name)
    expect(await page.locator('[data-test=grid-leader]').textContent()).toContain(detail.properties.leader!.name)
    expect(await page.locator('[data-test=grid-code]').textContent()).toBe(detail.properties.code)
    await settle(page)
    expect((await renderedCounts(page, ['selection-line']))['selection-line']).toBeGreaterThan(0)
    await shot(page, 'grid-details.png')

    await page.click('[data-test=details-close]')
    await settle(page)
    expect(await page.locator('[data-test=details-panel]').getAttribute('data-kind')).toBe('none')
  })

  it('switches the grid level', async () => {
    await page.click('[data-test=level-2]')
    await settle(page)
    const levels = await page.evaluate(() =>
      window.__gridsight!.map.queryRenderedFeatures({ layers: ['grids-fill'] }).map((f) => Number(f.properties.level)),
    )
    expect(levels.length).toBeGreaterThan(0)
    expect(new Set(levels)).toEqual(new Set([2]))
    const level2 = await api<FeatureCollection>('/api/grids?level=2')
    expect(await page.locator('[data-test=summary-grids]').textContent()).toContain(String(level2.features.length))
    expect(await page.locator('[data-test=level-2]').getAttribute('aria-pressed')).toBe('true')
    await shot(page, 'level-2.png')

    await page.click('[data-test=level-1]')
    await settle(page)
  })

  it('switches the interface and the map labels to English and back', async () => {
    await page.click('[data-test=language-toggle]')
    await settle(page)
    expect(await page.locator('.topbar').textContent()).toContain('Grid level')
    expect(await page.locator('[data-test=layers-panel]').textContent()).toContain('Layers')
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en')
    const field = await page.evaluate(() => JSON.stringify(window.__gridsight!.map.getLayoutProperty('grids-label', 'text-field')))
    expect(field).toContain('nameEn')
    const labels = await page.evaluate(() =>
      window.__gridsight!.map.queryRenderedFeatures({ layers: ['grids-label'] }).map((f) => String(f.properties.nameEn ?? '')),
    )
    expect(labels.filter((l) => /^[\x20-\x7e’]+$/.test(l)).length).toBeGreaterThan(0)
    await shot(page, 'english.png')

    await page.click('[data-test=language-toggle]')
    await settle(page)
    expect(await page.locator('.topbar').textContent()).toContain('网格层级')
  })

  it('shows kiosk coverage: totals, the per-grid choropleth and uncovered buildings', async () => {
    await page.click('[data-test=coverage-toggle]')
    await page.locator('[data-test=coverage-totals]').waitFor({ timeout: 60_000 })
    await settle(page)
    // the view puts the issue dots away (and back afterwards) so the red buildings read
    expect(await page.isChecked('[data-test=layer-issues]')).toBe(false)
    const expected = await api<KioskCoverage>('/api/analysis/kiosk-coverage?radius=300&level=1')
    expect(await page.locator('[data-test=coverage-ratio]').textContent()).toBe(percent(expected.ratio))
    expect(await page.locator('[data-test=coverage-households]').textContent()).toContain(expected.households.total.toLocaleString('zh-CN'))
    const withRatio = await page.evaluate(() =>
      window.__gridsight!.map.queryRenderedFeatures({ layers: ['coverage-choropleth'] }).filter((f) => typeof f.state.ratio === 'number').length,
    )
    expect(withRatio).toBeGreaterThan(0)
    const counts = await renderedCounts(page, ['coverage-uncovered-fill', 'coverage-ring', 'grids-fill'])
    expect(counts['grids-fill']).toBe(0)
    expect(counts['coverage-ring']).toBeGreaterThan(0)
    expect(expected.uncovered.features.length).toBeGreaterThan(0)
    expect(counts['coverage-uncovered-fill']).toBeGreaterThan(0)
    await shot(page, 'coverage.png')

    // a wider radius covers at least as many households, after the debounced refetch
    const wider = await api<KioskCoverage>('/api/analysis/kiosk-coverage?radius=600&level=1')
    expect(wider.households.covered).toBeGreaterThanOrEqual(expected.households.covered)
    const input = page.locator('[data-test=coverage-radius-input]')
    await input.fill('600')
    await input.press('Enter')
    await page.waitForFunction((text) => document.querySelector('[data-test=coverage-ratio]')?.textContent === text, percent(wider.ratio), { timeout: 60_000 })
    await input.fill('300')
    await input.press('Enter')
    await page.waitForFunction((text) => document.querySelector('[data-test=coverage-ratio]')?.textContent === text, percent(expected.ratio), { timeout: 60_000 })

    const b = expected.uncovered.features[0].geometry
    const corner = (b.type === 'Polygon' ? b.coordinates[0][0] : b.coordinates[0][0][0]) as [number, number]
    await jumpTo(page, corner, 16)
    expect((await renderedCounts(page, ['coverage-uncovered-fill']))['coverage-uncovered-fill']).toBeGreaterThan(0)
    await shot(page, 'coverage-close-up.png')

    await page.click('[data-test=coverage-toggle]')
    await fitDistrict(page)
    expect(await page.isChecked('[data-test=layer-issues]')).toBe(true)
    const after = await renderedCounts(page, ['coverage-choropleth', 'grids-fill', 'issues-cluster'])
    expect(after['grids-fill']).toBeGreaterThan(0)
    expect(after['coverage-choropleth']).toBe(0)
    expect(after['issues-cluster']).toBeGreaterThan(0)
  })

  it('shows kiosks, drop points and facilities close up, and hides a layer toggled off', async () => {
    const kiosks = await api<FeatureCollection<Point>>('/api/kiosks?kind=kiosk')
    expect(kiosks.features.length).toBeGreaterThan(0)
    await jumpTo(page, kiosks.features[0].geometry.coordinates as [number, number], 16)
    const counts = await renderedCounts(page, ['kiosks', 'drop-points', 'buildings-fill', 'roads-fill', 'compounds-fill'])
    for (const [layer, n] of Object.entries(counts)) expect(n, layer).toBeGreaterThan(0)
    await shot(page, 'close-up.png')

    await page.click('[data-test=layer-kiosks]')
    await settle(page)
    const after = await renderedCounts(page, ['kiosks', 'drop-points'])
    expect(after.kiosks).toBe(0)
    expect(after['drop-points']).toBeGreaterThan(0)
    await page.click('[data-test=layer-kiosks]')
    await settle(page)
    expect((await renderedCounts(page, ['kiosks'])).kiosks).toBeGreaterThan(0)
  })

  it('zooms into a cluster on click and opens an issue’s details from its dot', async () => {
    await fitDistrict(page)
    const cluster = await page.evaluate(() => {
      const map = window.__gridsight!.map
      const rect = map.getCanvas().getBoundingClientRect()
      const hit = map
        .queryRenderedFeatures({ layers: ['issues-cluster'] })
        .map((c) => ({ p: map.project((c.geometry as Point).coordinates as [number, number]) }))
        .find(({ p }) => p.x > 360 && p.x < rect.width - 420 && p.y > 40 && p.y < rect.height - 40)
      return hit ? { x: rect.left + hit.p.x, y: rect.top + hit.p.y, zoom: map.getZoom() } : null
    })
    expect(cluster).not.toBeNull()
    await page.mouse.click(cluster!.x, cluster!.y)
    await page.waitForFunction((zoom) => window.__gridsight!.map.getZoom() > zoom, cluster!.zoom)
    await settle(page)
    expect(await page.evaluate(() => window.__gridsight!.map.getZoom())).toBeGreaterThan(cluster!.zoom)

    // the overdue filter reloads just those; the district summary keeps the year's totals
    const overdue = await api<FeatureCollection<Point, { category: string }>>('/api/issues?status=overdue')
    const summary = await page.locator('[data-test=summary-overdue]').textContent()
    await page.click('[data-test=issue-filter-overdue]')
    await settle(page)
    await expect.poll(() => page.locator('[data-test=layers-panel]').textContent()).toContain(`共 ${overdue.features.length.toLocaleString('zh-CN')} 条`)
    expect(await page.locator('[data-test=summary-overdue]').textContent()).toBe(summary)

    const categories = await api<CategoriesResponse>('/api/categories')
    const issue = overdue.features[0]
    await jumpTo(page, issue.geometry.coordinates as [number, number], 18)
    const point = await pagePoint(page, issue.geometry.coordinates as [number, number])
    await page.mouse.click(point.x, point.y)
    await page.locator('[data-test=issue-details]').waitFor({ timeout: 10_000 })
    const category = categories.categories.find((c) => c.code === issue.properties.category)!
    expect(await page.locator('[data-test=issue-category]').textContent()).toBe(category.nameZh)
    expect(await page.locator('[data-test=issue-overdue]').textContent()).toBe('是')
    await settle(page)
    await shot(page, 'issue-details.png')
    await page.click('[data-test=issue-filter-all]')
    await settle(page)
  })
})

describe('when the API fails', () => {
  it('says so, keeps the rest of the map, and recovers on retry', async () => {
    const context = await newAppContext(browser, baseUrl)
    const page = await context.newPage()
    await page.route('**/api/issues', (route) =>
      route.fulfill({ status: 500, contentType: 'application/json', body: JSON.stringify({ error: { code: 'boom', message: 'issue store offline' } }) }),
    )
    await page.goto(baseUrl)
    await settle(page)
    const notice = page.locator('[data-test=notice]')
    await notice.waitFor()
    expect(await notice.textContent()).toContain('issue store offline')
    expect((await renderedCounts(page, ['grids-fill']))['grids-fill']).toBeGreaterThan(0)
    await shot(page, 'api-failure.png')
    await page.unroute('**/api/issues')
    await notice.getByRole('button', { name: '重试' }).click()
    await settle(page)
    await expect.poll(() => notice.count()).toBe(0)
    expect((await renderedCounts(page, ['issues-cluster']))['issues-cluster']).toBeGreaterThan(0)
    await context.close()
  })
})
