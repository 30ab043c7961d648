/**
 * The patrol compliance view in a real Chromium against the real API and the demo's patrol week:
 * the top-bar toggle, the week picker, the per-grid choropleth, patrolled and never-visited streets
 * and points, the per-worker 到位率, and a real GeoLife GPX uploaded through the panel.
 * Screenshots: tests/e2e/screenshots/patrol*.png.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import type { LineString } from 'geojson'
import { SCREENSHOTS, jumpTo, launch, openApp, renderedCounts, settle } from './browser'
import { REALDATA } from '../support/realdata'
import type { PatrolCompliance, PatrolWeek } from '../../web/src/features/patrol/model'

const baseUrl = inject('baseUrl')
let browser: Browser
let page: Page
let problems: string[]

beforeAll(async () => {
  browser = await launch()
  ;({ page, problems } = await openApp(browser, baseUrl))
})

afterAll(async () => {
  await browser?.close()
})

/** Same-origin fetch from the page, so it carries the page's session. */
const api = <T>(path: string) => page.evaluate(async (p) => (await fetch(p)).json(), path) as Promise<T>
const shot = (name: string) => page.screenshot({ path: join(SCREENSHOTS, name) })
const percent = (ratio: number) => new Intl.NumberFormat('zh-CN', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(ratio)

describe('patrol compliance view', () => {
  it('opens on the busiest week: share, workers, streets and points on the map', async () => {
    await page.click('[data-test=patrol-toggle]')
    await page.locator('[data-test=patrol-totals]').waitFor({ timeout: 90_000 })
    await settle(page)
    const weeks = await api<PatrolWeek[]>('/api/patrols/weeks')
    const busiest = weeks.reduce((a, b) => (b.tracks > a.tracks ? b : a))
    expect(await page.inputValue('[data-test=patrol-week]')).toBe(busiest.week)
    const level = await page.evaluate(() => document.querySelector('[data-test^=level-].active')?.getAttribute('data-test')?.slice(6))
    const expected = await api<PatrolCompliance>(`/api/analysis/patrol-compliance?week=${busiest.week}&level=${level}`)
    expect(await page.locator('[data-test=patrol-share]').textContent()).toBe(percent(expected.totals.share))
    expect(await page.locator('[data-test=patrol-workers] li').count()).toBe(expected.workers.length)
    expect(expected.workers.length).toBeGreaterThan(0)
    // the issue dots are put away while the view is open
    expect(await page.isChecked('[data-test=layer-issues]')).toBe(false)
    const withShare = await page.evaluate(() =>
      window.__gridsight!.map.queryRenderedFeatures({ layers: ['patrol-grid-fill'] }).filter((f) => typeof f.state.patrolShare === 'number').length,
    )
    expect(withShare).toBeGreaterThan(0)
    const counts = await renderedCounts(page, ['patrol-streets-visited', 'patrol-streets-never', 'patrol-points'])
    for (const [layer, n] of Object.entries(counts)) expect(n, layer).toBeGreaterThan(0)
    await shot('patrol.png')

    // close up on a patrolled street: green pieces beside red never-visited ones
    const street = expected.streets.features.find((f) => f.properties.visited && f.properties.lengthM > 60)!
    const mid = (street.geometry as LineString).coordinates[Math.floor(street.geometry.coordinates.length / 2)] as [number, number]
    await jumpTo(page, mid, 16)
    const close = await renderedCounts(page, ['patrol-streets-visited', 'patrol-streets-never'])
    expect(close['patrol-streets-visited']).toBeGreaterThan(0)
    await shot('patrol-close.png')
  })

  it('uploads a real GeoLife GPX through the panel and names a bad file', async () => {
    await page.fill('[data-test=patrol-upload-worker]', '王巡查')
    await page.setInputFiles('[data-test=patrol-upload-file]', join(REALDATA, 'gps', 'geolife_beijing_user009_20081025.gpx'))
    await page.click('[data-test=patrol-upload-send]')
    await page.waitForFunction(() => /996/.test(document.querySelector('[data-test=patrol-upload-message]')?.textContent ?? ''), null, { timeout: 60_000 })
    expect(await page.locator('[data-test=patrol-upload-message]').textContent()).toContain('GPX')
    const weeks = await api<PatrolWeek[]>('/api/patrols/weeks')
    expect(weeks.some((w) => w.week === '2008-W43')).toBe(true)

    await page.setInputFiles('[data-test=patrol-upload-file]', { name: 'broken.gpx', mimeType: 'application/gpx+xml', buffer: Buffer.from('<gpx><trk><trkseg><trkpt lat="24.3" lon="102.6"></trkseg></gpx>') })
    await page.click('[data-test=patrol-upload-send]')
    await page.waitForFunction(() => document.querySelector('[data-test=patrol-upload-message]')?.classList.contains('error'), null, { timeout: 60_000 })
    expect(await page.locator('[data-test=patrol-upload-message]').textContent()).toMatch(/上传失败.*XML/)
    await shot('patrol-upload.png')
  })

  it('closes back to the map with the issue dots', async () => {
    await page.click('[data-test=patrol-toggle]')
    await settle(page)
    expect(await page.locator('[data-test=patrol-panel]').count()).toBe(0)
    expect(await page.isChecked('[data-test=layer-issues]')).toBe(true)
    const counts = await renderedCounts(page, ['patrol-streets-visited', 'patrol-points'])
    expect(counts).toEqual({ 'patrol-streets-visited': -1, 'patrol-points': -1 })
    // the refused upload's 400 is the only failed request the browser may log
    expect(problems.filter((p) => !/status of 400/.test(p))).toEqual([])
  })
})
