/**
 * The planner's siting and what-if in a real Chromium: suggested sites drawn on the map, then a
 * kiosk dragged with Playwright mouse moves while the page records every update's duration
 * (window.__gridsight.whatif.updates, `gs-whatif-update` performance measures). The test asserts
 * the numbers really change during the drag; the durations go to BENCHMARKS.md, not to asserts.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { SCREENSHOTS, launch, openApp, renderedCounts, settle } from './browser'
// declares window.__gridsight.whatif (module augmentation of the test hook)
import type {} from '../../web/src/features/whatif/whatifMap'

const baseUrl = inject('baseUrl')
let browser: Browser
let page: Page

beforeAll(async () => {
  browser = await launch()
  page = (await openApp(browser, baseUrl)).page
}, 180_000)

afterAll(async () => {
  await browser?.close()
})

const shot = (name: string) => page.screenshot({ path: join(SCREENSHOTS, name) })
const totals = () => page.evaluate(() => window.__gridsight!.whatif!.totals())

describe('planner: siting and what-if', () => {
  it('ranks sites for a community and draws them', async () => {
    await page.click('[data-test=coverage-toggle]')
    await page.locator('[data-test=coverage-totals]').waitFor({ timeout: 90_000 })
    await page.click('[data-test=siting-open]')
    await page.locator('[data-test=siting-panel]').waitFor()
    // The first community in the list (options load once).
    await page.waitForFunction(() => document.querySelectorAll('[data-test=siting-scope] option').length > 1, null, { timeout: 60_000 })
    const scope = await page.$eval('[data-test=siting-scope] option:nth-child(2)', (o) => (o as HTMLOptionElement).value)
    await page.selectOption('[data-test=siting-scope]', scope)
    await page.fill('[data-test=siting-k]', '4')
    await page.dispatchEvent('[data-test=siting-k]', 'change')
    await page.click('[data-test=siting-run]')
    await page.locator('[data-test=siting-sites] li').first().waitFor({ timeout: 90_000 })
    const rows = await page.locator('[data-test=siting-sites] li').count()
    expect(rows).toBeGreaterThan(0)
    expect(rows).toBeLessThanOrEqual(4)
    // Asked from the page, with its session.
    const answer = await page.evaluate((url) => fetch(url).then((r) => r.json()), `/api/analysis/kiosk-siting?k=4&radius=300&candidates=road&spacing=100&grid=${scope}`)
    expect(rows).toBe(answer.sites.features.length)
    // Show the whole district's sites on the map: zoom to them.
    await page.evaluate((coords) => {
      const xs = coords.map((c: number[]) => c[0])
      const ys = coords.map((c: number[]) => c[1])
      window.__gridsight!.map.fitBounds([[Math.min(...xs), Math.min(...ys)], [Math.max(...xs), Math.max(...ys)]], { padding: 200, duration: 0, maxZoom: 15 })
    }, answer.sites.features.map((f: any) => f.geometry.coordinates))
    await settle(page)
    expect((await renderedCounts(page, ['siting-site']))['siting-site']).toBe(rows)
    await shot('siting.png')
  })

  it('updates the coverage numbers and the uncovered buildings while a kiosk is dragged', async () => {
    await page.click('[data-test=siting-to-whatif]')
    await page.locator('[data-test=whatif-panel]').waitFor()
    // The suggested sites arrive as added kiosks; the drag starts from the plan as it is on record.
    await page.waitForFunction(() => window.__gridsight?.whatif?.ready() && window.__gridsight.whatif.kiosks().some((k) => k.added), null, { timeout: 90_000 })
    await page.click('[data-test=whatif-reset]')
    await page.waitForFunction(() => !window.__gridsight!.whatif!.kiosks().some((k) => k.added))
    await settle(page)
    // A kiosk clear of the panels (the left layer panel, the right column).
    const start = await page.evaluate(() => {
      const hook = window.__gridsight!
      const map = hook.map
      const rect = map.getCanvas().getBoundingClientRect()
      for (const k of hook.whatif!.kiosks()) {
        const p = map.project([k.lon, k.lat])
        if (p.x > 360 && p.x < rect.width - 760 && p.y > 60 && p.y < rect.height - 60) return { id: k.id, x: rect.left + p.x, y: rect.top + p.y }
      }
      return null
    })
    expect(start).not.toBeNull()
    const before = await totals()
    const textBefore = await page.locator('[data-test=whatif-households]').textContent()
    const updatesBefore = await page.evaluate(() => window.__gridsight!.whatif!.updates.length)
    const seen = new Set<number>()
    const uncoveredSeen = new Set<number>()
    await page.mouse.move(start!.x, start!.y)
    await page.mouse.down()
    const steps = 24
    for (let i = 1; i <= steps; i++) {
      await page.mouse.move(start!.x + (i * 220) / steps, start!.y + (i * 200) / steps)
      if (i % 3 === 0) {
        seen.add((await totals())!.households.covered)
        uncoveredSeen.add(await page.evaluate(() => window.__gridsight!.whatif!.uncoveredCount()))
      }
      if (i === steps / 2) await shot('whatif-drag.png')
    }
    await page.mouse.up()
    const after = await totals()
    // The numbers moved during the drag, not just at the end, and the map's red set with them.
    expect(seen.size).toBeGreaterThan(2)
    expect(uncoveredSeen.size).toBeGreaterThan(2)
    expect(after!.households.covered).not.toBe(before!.households.covered)
    await page.waitForFunction((old) => document.querySelector('[data-test=whatif-households]')?.textContent !== old, textBefore)
    const record = await page.evaluate((from) => {
      const hook = window.__gridsight!.whatif!
      return {
        updates: hook.updates.slice(from),
        frames: hook.frames.slice(),
        measures: performance.getEntriesByName('gs-whatif-update').length,
        buildings: hook.totals()!.buildings.total,
      }
    }, updatesBefore)
    expect(record.updates.length).toBeGreaterThanOrEqual(steps / 2)
    expect(record.measures).toBeGreaterThanOrEqual(record.updates.length)
    const sorted = [...record.updates].sort((a, b) => a - b)
    const frames = [...record.frames].sort((a, b) => a - b)
    const q = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor(xs.length * p))]
    const summary = {
      buildings: record.buildings,
      updates: sorted.length,
      medianMs: q(sorted, 0.5),
      p95Ms: q(sorted, 0.95),
      maxMs: sorted[sorted.length - 1],
      frameMedianMs: q(frames, 0.5),
      frameP95Ms: q(frames, 0.95),
    }
    writeFileSync(join(SCREENSHOTS, 'whatif-timings.json'), `${JSON.stringify({ summary, updates: record.updates }, null, 1)}\n`)
    console.log(`[whatif] ${JSON.stringify(summary)}`)
    await settle(page)
    await shot('whatif-after-drag.png')
  }, 300_000)

  it('drops a new kiosk where the map is clicked', async () => {
    const before = await totals()
    const count = await page.evaluate(() => window.__gridsight!.whatif!.kiosks().length)
    await page.click('[data-test=whatif-add]')
    // An uncovered building of the scope, clear of the panels.
    const spot = await page.evaluate(() => {
      const map = window.__gridsight!.map
      const rect = map.getCanvas().getBoundingClientRect()
      for (const f of map.queryRenderedFeatures({ layers: ['whatif-buildings-fill'] })) {
        if (f.state.covered) continue
        const ring = (f.geometry as any).coordinates[0] as [number, number][]
        const p = map.project(ring[0])
        if (p.x > 360 && p.x < rect.width - 760 && p.y > 60 && p.y < rect.height - 60) return { x: rect.left + p.x, y: rect.top + p.y }
      }
      return null
    })
    expect(spot).not.toBeNull()
    await page.mouse.click(spot!.x, spot!.y)
    await page.waitForFunction((n) => window.__gridsight!.whatif!.kiosks().length === n + 1, count)
    const after = await totals()
    expect(after!.households.covered).toBeGreaterThan(before!.households.covered)
    await settle(page)
    await shot('whatif-added.png')
  }, 120_000)
})
