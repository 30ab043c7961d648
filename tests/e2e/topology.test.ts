/**
 * The grid topology and compound metrics views in a real Chromium against the real API and demo:
 * no defect in the demo, slivers drawn with their reason once the threshold is raised, compounds
 * coloured by greening status with the fitness shortfalls, zoom from the lists, English.
 * Screenshots go to tests/e2e/screenshots/ for a human to look at.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { SCREENSHOTS, launch, openApp, renderedCounts, settle } from './browser'

const baseUrl = inject('baseUrl')
let browser: Browser
let page: Page
let problems: string[]

beforeAll(async () => {
  browser = await launch()
  ;({ page, problems } = await openApp(browser, baseUrl))
}, 120_000)

afterAll(async () => {
  await browser?.close()
})

const shot = (name: string) => page.screenshot({ path: join(SCREENSHOTS, name) })
const zoom = () => page.evaluate(() => window.__gridsight!.map.getZoom())

describe('grid topology view', () => {
  it('reports no defect in the demo district at the community level', async () => {
    await page.click('[data-test=topology-toggle]')
    await settle(page)
    await page.waitForSelector('[data-test=topology-none]', { timeout: 90_000 })
    expect(await page.textContent('[data-test=topology-none]')).toContain('未发现问题')
    expect(await page.textContent('[data-test=topology-count]')).toContain('发现 0 处问题')
    await shot('topology-none.png')
  }, 120_000)

  it('draws level-3 grids below a raised sliver threshold with their reason, and zooms to one from the list', async () => {
    await page.click('[data-test=level-3]')
    await settle(page)
    await page.fill('[data-test=topology-sliver]', '60000')
    await page.press('[data-test=topology-sliver]', 'Enter')
    await page.waitForSelector('[data-test=topology-list] li[data-code=sliver]', { timeout: 90_000 })
    await settle(page)
    const rows = await page.$$eval('[data-test=topology-list] li', (lis) => lis.map((li) => li.textContent ?? ''))
    expect(rows.length).toBeGreaterThan(0)
    expect(rows.every((r) => r.includes('碎片') && r.includes('小于碎片阈值 60000 m²'))).toBe(true)
    expect((await renderedCounts(page, ['topology-fill']))['topology-fill']).toBeGreaterThan(0)
    await shot('topology-slivers.png')
    const before = await zoom()
    await page.click('[data-test=topology-list] li')
    await settle(page)
    expect(await zoom()).toBeGreaterThan(before + 1)
    await shot('topology-sliver-zoomed.png')
    await page.click('[data-test=topology-toggle]')
    await settle(page)
    expect(await page.$('[data-test=topology-panel]')).toBeNull()
    expect((await renderedCounts(page, ['topology-fill']))['topology-fill']).toBe(0)
    await page.click('[data-test=district-name]')
    await page.click('[data-test=level-1]')
    await settle(page)
  }, 180_000)
})

describe('compound metrics view', () => {
  it('colours compounds by greening status, lists the lowest and their fitness ground, in both languages', async () => {
    await page.click('[data-test=compounds-toggle]')
    await page.waitForSelector('[data-test=compounds-rate]', { timeout: 120_000 })
    await settle(page)
    expect(await page.textContent('[data-test=compounds-rate]')).toMatch(/\d+(\.\d)?%/)
    const shorts = await page.textContent('[data-test=compounds-shortfalls]')
    expect(shorts).toContain('绿化率低于 20%')
    expect(shorts).toContain('未达 38% 目标')
    expect(shorts).toContain('健身场地不足 400 m²')
    expect((await renderedCounts(page, ['compound-metrics-fill']))['compound-metrics-fill']).toBeGreaterThan(0)
    await shot('compounds-district.png')
    await page.click('[data-test=compounds-list] li')
    await settle(page)
    expect(await zoom()).toBeGreaterThan(14)
    await shot('compounds-zoomed.png')
    await page.click('[data-test=language-toggle]')
    await settle(page)
    expect(await page.textContent('[data-test=compounds-shortfalls]')).toContain('short of the 38% goal')
    await shot('compounds-en.png')
    await page.click('[data-test=language-toggle]')
    await page.click('[data-test=compounds-toggle]')
    await settle(page)
    expect(await page.$('[data-test=compounds-panel]')).toBeNull()
    expect(problems).toEqual([])
  }, 240_000)
})
