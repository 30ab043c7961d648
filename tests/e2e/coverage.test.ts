/**
 * The coverage view in a real Chromium: straight line and walking side by side, the difference,
 * the map switching its choropleth and red buildings between the two. Screenshots for a human.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { SCREENSHOTS, apiGet, launch, openApp, renderedCounts, settle } from './browser'
import type { KioskCoverage } from '../../web/src/api/types'

const baseUrl = inject('baseUrl')
let browser: Browser
let page: Page

beforeAll(async () => {
  browser = await launch()
  page = (await openApp(browser, baseUrl)).page
})

afterAll(async () => {
  await browser?.close()
})

const percent = (ratio: number) => `${(ratio * 100).toFixed(1)}%`

describe('kiosk coverage view', () => {
  it('shows straight and walking side by side with the difference, and maps either', async () => {
    await page.click('[data-test=coverage-toggle]')
    await page.locator('[data-test=coverage-compare]').waitFor({ timeout: 120_000 })
    await settle(page)
    const expected = await apiGet<KioskCoverage>(baseUrl, '/api/analysis/kiosk-coverage?radius=300&level=1&mode=both')
    const s = expected.straight!
    const w = expected.walking!
    expect(await page.locator('[data-test=coverage-ratio]').textContent()).toBe(percent(s.ratio))
    expect(await page.locator('[data-test=coverage-ratio-walking]').textContent()).toBe(percent(w.ratio))
    const households = await page.locator('[data-test=coverage-row-households] td').allTextContents()
    expect(households[0]).toBe(s.households.covered.toLocaleString('zh-CN'))
    expect(households[1]).toBe(w.households.covered.toLocaleString('zh-CN'))
    expect(households[2]).toBe(`−${(s.households.covered - w.households.covered).toLocaleString('zh-CN')}`)
    expect(await page.locator('[data-test=coverage-compare] thead').textContent()).toContain('步行距离')

    // Straight on the map first: its uncovered buildings.
    expect(Number((await page.locator('[data-test=coverage-uncovered]').textContent())!.replace(/\D/g, ''))).toBe(s.buildings.total - s.buildings.covered)
    await page.waitForFunction(() => window.__gridsight!.map.queryRenderedFeatures({ layers: ['coverage-choropleth'] }).some((f) => typeof f.state.ratio === 'number'), null, { timeout: 60_000 })
    const straightRed = (await renderedCounts(page, ['coverage-uncovered-fill']))['coverage-uncovered-fill']
    expect(straightRed).toBeGreaterThan(0)
    await page.screenshot({ path: join(SCREENSHOTS, 'coverage-straight.png') })

    // Walking: more red buildings, the choropleth follows.
    await page.click('[data-test=coverage-mode-walking]')
    await page.waitForFunction((n) => document.querySelector('[data-test=coverage-uncovered]')?.textContent?.replace(/\D/g, '') === String(n), w.buildings.total - w.buildings.covered, { timeout: 30_000 })
    await settle(page)
    const row = expected.byGrid[0]
    const state = await page.evaluate((id) => window.__gridsight!.map.getFeatureState({ source: 'grids', id }).ratio, row.gridId)
    expect(state).toBeCloseTo(row.walking!.ratio, 12)
    const counts = await renderedCounts(page, ['coverage-uncovered-fill', 'coverage-choropleth'])
    expect(counts['coverage-uncovered-fill']).toBeGreaterThan(straightRed) // more buildings are far on foot
    await page.screenshot({ path: join(SCREENSHOTS, 'coverage-walking.png') })
    await page.click('[data-test=coverage-mode-straight]')
  })
})
