/**
 * The map in a real Chromium against the real API and demo data: what renders, what a click
 * shows, the level switch, layer toggles, the coverage view, English, and failure messages.
 * Screenshots go to tests/e2e/screenshots/ (gitignored) for a human to look at.
 */
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import type { FeatureCollection, Point } from 'geojson'
import { SCREENSHOTS, jumpTo, launch, openApp, pagePoint, renderedCounts, settle } from './browser'
import type { CategoriesResponse, GridDetailFeature, GridFeature, KioskCoverage } from '../../web/src/api/types'

const baseUrl = inject('baseUrl')
let browser: Browser
const pages: Page[] = []

beforeAll(async () => {
  browser = await launch()
})

afterEach(async () => {
  for (const page of pages.splice(0)) await page.context().close()
})

afterAll(async () => {
  await browser?.close()
})

async function api<T>(path: string): Promise<T> {
  const response = await fetch(`${baseUrl}${path}`)
  if (!response.ok) throw new Error(`${path}: ${response.status}`)
  return (await response.json()) as T
}

async function open(options?: { locale?: string }) {
  const opened = await openApp(browser, baseUrl, options)
  pages.push(opened.page)
  return opened
}

const shot = (page: Page, name: string) => page.screenshot({ path: join(SCREENSHOTS, name) })

/** Layers a click can select, as the app ranks them. */
const CLICKABLE = ['issues-cluster', 'issues-point', 'kiosks', 'drop-points', 'facilities', 'patrols-line', 'compounds-fill', 'grids-fill']

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

describe('the one map', () => {
  it('draws the district offline: basemap, grids with Chinese names, issue clusters', async () => {
    const { page, problems } = await open()
    const counts = await renderedCounts(page, ['district-line', 'roads-fill', 'green-fill', 'grids-fill', 'grids-label', 'issues-cluster', 'issues-cluster-count'])
    for (const [layer, n] of Object.entries(counts)) expect(n, layer).toBeGreaterThan(0)

    const grids = await api<FeatureCollection<GridFeature['geometry'], GridFeature['properties']>>('/api/grids?level=1')
    const names = new Set(grids.features.map((f) => f.properties.name))
    const labels = await page.evaluate(() =>
      window.__gridsight!.map.queryRenderedFeatures({ layers: ['grids-label'] }).map((f) => String(f.properties.name)),
    )
    // symbols come back from queryRenderedFeatures only when they were placed on the map
    const drawn = labels.filter((name) => names.has(name) && /[\u4e00-\u9fff]/.test(name))
    expect(drawn.length).toBeGreaterThan(3)

    const style = await page.evaluate(() => window.__gridsight!.map.getStyle())
    expect(style.glyphs).toBeUndefined()
    expect(await page.locator('[data-test=notice]').count()).toBe(0)
    expect(problems).toEqual([])
    await shot(page, 'district.png')
  })

  it('shows kiosks, drop points and facilities close up', async () => {
    const { page } = await open()
    const kiosks = await api<FeatureCollection<Point>>('/api/kiosks?kind=kiosk')
    expect(kiosks.features.length).toBeGreaterThan(0)
    await jumpTo(page, kiosks.features[0].geometry.coordinates as [number, number], 16)
    const counts = await renderedCounts(page, ['kiosks', 'drop-points', 'buildings-fill', 'roads-fill'])
    for (const [layer, n] of Object.entries(counts)) expect(n, layer).toBeGreaterThan(0)
    await shot(page, 'close-up.png')
  })

  it('opens a grid’s details with its leader, unit and counts on click', async () => {
    const { page } = await open()
    const target = await findClickableGrid(page)
    expect(target).not.toBeNull()
    await page.mouse.click(target!.x, target!.y)
    await page.locator('[data-test=grid-stats]').waitFor({ timeout: 30_000 })
    const detail = await api<GridDetailFeature>(`/api/grids/${target!.id}`)
    expect(await page.locator('[data-test=grid-name]').textContent()).toBe(detail.properties.name)
    expect(await page.locator('[data-test=grid-leader]').textContent()).toContain(detail.properties.leader!.name)
    expect(await page.locator('[data-test=grid-code]').textContent()).toBe(detail.properties.code)
    await settle(page)
    const highlighted = await renderedCounts(page, ['selection-line'])
    expect(highlighted['selection-line']).toBeGreaterThan(0)
    await shot(page, 'grid-details.png')
  })

  it('switches the grid level', async () => {
    const { page } = await open()
    const before = await renderedCounts(page, ['grids-fill'])
    await page.click('[data-test=level-2]')
    await settle(page)
    const levels = await page.evaluate(() =>
      window.__gridsight!.map.queryRenderedFeatures({ layers: ['grids-fill'] }).map((f) => Number(f.properties.level)),
    )
    expect(new Set(levels)).toEqual(new Set([2]))
    expect(new Set(levels.map(String)).size).toBe(1)
    const level2 = await api<FeatureCollection>('/api/grids?level=2')
    const level1 = await api<FeatureCollection>('/api/grids?level=1')
    expect(level2.features.length).toBeGreaterThan(level1.features.length)
    expect(before['grids-fill']).toBeGreaterThan(0)
    expect(await page.locator('[data-test=level-2]').getAttribute('aria-pressed')).toBe('true')
    await shot(page, 'level-2.png')
  })

  it('hides a layer’s features when it is toggled off', async () => {
    const { page } = await open()
    const kiosks = await api<FeatureCollection<Point>>('/api/kiosks?kind=kiosk')
    await jumpTo(page, kiosks.features[0].geometry.coordinates as [number, number], 15)
    expect((await renderedCounts(page, ['kiosks'])).kiosks).toBeGreaterThan(0)
    await page.click('[data-test=layer-kiosks]')
    await settle(page)
    const after = await renderedCounts(page, ['kiosks', 'drop-points'])
    expect(after.kiosks).toBe(0)
    expect(after['drop-points']).toBeGreaterThan(0)
    await page.click('[data-test=layer-issues]')
    await settle(page)
    const issues = await renderedCounts(page, ['issues-cluster', 'issues-point'])
    expect(issues['issues-cluster'] + issues['issues-point']).toBe(0)
  })

  it('opens an issue’s details from a dot and zooms into a cluster on click', async () => {
    const { page } = await open()
    const categories = await api<CategoriesResponse>('/api/categories')
    const cluster = await page.evaluate(() => {
      const map = window.__gridsight!.map
      const rect = map.getCanvas().getBoundingClientRect()
      const f = map
        .queryRenderedFeatures({ layers: ['issues-cluster'] })
        .map((c) => ({ c, p: map.project((c.geometry as Point).coordinates as [number, number]) }))
        .find(({ p }) => p.x > 360 && p.x < rect.width - 420 && p.y > 40 && p.y < rect.height - 40)
      return f ? { x: rect.left + f.p.x, y: rect.top + f.p.y, zoom: map.getZoom() } : null
    })
    expect(cluster).not.toBeNull()
    await page.mouse.click(cluster!.x, cluster!.y)
    await page.waitForTimeout(700)
    await settle(page)
    expect(await page.evaluate(() => window.__gridsight!.map.getZoom())).toBeGreaterThan(cluster!.zoom)

    const overdue = await api<FeatureCollection<Point, { category: string }>>('/api/issues?status=overdue&limit=1')
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
  })

  it('shows kiosk coverage: totals, uncovered buildings and the per-grid choropleth', async () => {
    const { page } = await open()
    await page.click('[data-test=coverage-toggle]')
    await page.locator('[data-test=coverage-totals]').waitFor({ timeout: 60_000 })
    await settle(page)
    const expected = await api<KioskCoverage>('/api/analysis/kiosk-coverage?radius=300&level=1')
    expect(await page.locator('[data-test=coverage-households]').textContent()).toContain(expected.households.total.toLocaleString('zh-CN'))
    expect(await page.locator('[data-test=coverage-ratio]').textContent()).toBe(`${(expected.ratio * 100).toFixed(1)}%`)
    const state = await page.evaluate(() =>
      window.__gridsight!.map.queryRenderedFeatures({ layers: ['coverage-choropleth'] }).filter((f) => typeof f.state.ratio === 'number').length,
    )
    expect(state).toBeGreaterThan(0)
    const counts = await renderedCounts(page, ['coverage-uncovered-fill', 'grids-fill'])
    expect(counts['grids-fill']).toBe(0)
    if (expected.uncovered.features.length > 0) expect(counts['coverage-uncovered-fill']).toBeGreaterThan(0)
    await shot(page, 'coverage.png')

    // a wider radius covers at least as many households, after the debounced refetch
    const input = page.locator('[data-test=coverage-radius-input]')
    await input.fill('600')
    await input.press('Enter')
    const wider = await api<KioskCoverage>('/api/analysis/kiosk-coverage?radius=600&level=1')
    await page.waitForFunction(
      (text) => document.querySelector('[data-test=coverage-ratio]')?.textContent === text,
      `${(wider.ratio * 100).toFixed(1)}%`,
      { timeout: 60_000 },
    )
    expect(wider.households.covered).toBeGreaterThanOrEqual(expected.households.covered)
    if (expected.uncovered.features.length > 0) {
      const b = expected.uncovered.features[0].geometry
      const ring = b.type === 'Polygon' ? b.coordinates[0] : b.coordinates[0][0]
      await page.locator('[data-test=coverage-radius-input]').fill('300')
      await page.locator('[data-test=coverage-radius-input]').press('Enter')
      await page.waitForFunction((text) => document.querySelector('[data-test=coverage-ratio]')?.textContent === text, `${(expected.ratio * 100).toFixed(1)}%`)
      await jumpTo(page, ring[0] as [number, number], 16)
      expect((await renderedCounts(page, ['coverage-uncovered-fill', 'coverage-ring']))['coverage-uncovered-fill']).toBeGreaterThan(0)
      await shot(page, 'coverage-close-up.png')
    }
  })

  it('switches the interface and the map labels to English', async () => {
    const { page } = await open()
    await page.click('[data-test=language-toggle]')
    await settle(page)
    await expect.poll(() => page.locator('.topbar').textContent()).toContain('Grid level')
    expect(await page.locator('[data-test=layers-panel]').textContent()).toContain('Layers')
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en')
    const field = await page.evaluate(() => JSON.stringify(window.__gridsight!.map.getLayoutProperty('grids-label', 'text-field')))
    expect(field).toContain('nameEn')
    const labels = await page.evaluate(() =>
      window.__gridsight!.map.queryRenderedFeatures({ layers: ['grids-label'] }).map((f) => String(f.properties.nameEn ?? '')),
    )
    expect(labels.filter((l) => /^[\x20-\x7e’]+$/.test(l)).length).toBeGreaterThan(0)
    await shot(page, 'english.png')
  })

  it('says so when the API fails, keeps the rest of the map, and recovers on retry', async () => {
    const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } })
    const page = await context.newPage()
    pages.push(page)
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
  })

  it.runIf(process.env.GRIDSIGHT_DOCS_SCREENSHOT === '1')('saves the README screenshot', async () => {
    const { page } = await open()
    await page.screenshot({ path: join(SCREENSHOTS, '..', '..', '..', 'docs', 'screenshot.png') })
  })
})
