/**
 * The hotspot screen in a real Chromium at 1600×1000: hex bins drawn equal the API's counts,
 * a row of the ranking flies the map to its cell, playback advances with a fixed colour scale,
 * the heat map, the CSV download's bytes and the exported PNG. Screenshots for a human.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { SCREENSHOTS, apiGet, launch, openApp, settle } from './browser'
import { decodePng } from './png'
import type { HotspotRankingResponse } from '../../web/src/features/hotspots/model'
import '../../web/src/features/hotspots/testHook'

const baseUrl = inject('baseUrl')
let browser: Browser
let page: Page
let problems: string[]

beforeAll(async () => {
  browser = await launch()
  ;({ page, problems } = await openApp(browser, baseUrl))
  await page.goto(`${baseUrl}/hotspots`)
  await page.locator('[data-test=hotspots-screen]').waitFor()
  await page.waitForFunction(() => window.__hotspots?.state().loaded === true, null, { timeout: 90_000 })
  await settle(page)
})

afterAll(async () => {
  await browser?.close()
})

const state = () => page.evaluate(() => window.__hotspots!.state())

/** Rendered hex features: cell → count, for the cells drawn in the current view. */
const renderedHex = () =>
  page.evaluate(() => {
    const out: Record<string, number> = {}
    for (const f of window.__gridsight!.map.queryRenderedFeatures({ layers: ['hotspots-hex'] })) out[f.properties.cell as string] = f.properties.count as number
    return out
  })

async function ranking(res: number): Promise<HotspotRankingResponse> {
  const s = await state()
  return apiGet<HotspotRankingResponse>(baseUrl, `/api/hotspots/ranking?from=${s.from}&to=${s.to}&res=${res}&limit=500`, 'duty')
}

describe('hotspots screen', () => {
  it('draws hex bins whose counts equal the API ranking, and a row flies the map there', async () => {
    await page.selectOption('[data-test=hotspots-res]', '8')
    await page.waitForFunction(() => window.__hotspots!.state().res === 8)
    await settle(page)
    const s = await state()
    expect(s.frameIndex).toBe(s.frames - 1) // the whole period, cumulative
    const api = await ranking(8)
    expect(s.frameTotal).toBe(api.total)
    const drawn = await renderedHex()
    const byCell = new Map(api.rows.map((r) => [r.cell, r.count]))
    const shared = Object.keys(drawn).filter((cell) => byCell.has(cell))
    expect(shared.length).toBeGreaterThan(20)
    for (const cell of shared) expect(drawn[cell], cell).toBe(byCell.get(cell))
    expect(Object.keys(drawn)).toContain(api.rows[0].cell)
    await page.screenshot({ path: join(SCREENSHOTS, 'hotspots-hex.png') })

    // the third row: the map centres on its cell and outlines it
    const row = api.rows[2]
    await page.click(`[data-test=hotspots-row][data-cell="${row.cell}"]`)
    await settle(page)
    const centre = await page.evaluate(() => window.__gridsight!.map.getCenter().toArray())
    expect(centre[0]).toBeCloseTo(row.lon, 4)
    expect(centre[1]).toBeCloseTo(row.lat, 4)
    const selected = await page.evaluate(() => window.__gridsight!.map.queryRenderedFeatures({ layers: ['hotspots-hex-selected'] }).map((f) => f.properties.cell))
    expect(new Set(selected)).toEqual(new Set([row.cell]))
    expect((await renderedHex())[row.cell]).toBe(row.count)
    await page.screenshot({ path: join(SCREENSHOTS, 'hotspots-row.png') })
  })

  // a hang guard only: every frame is drawn by SwiftShader on a shared CPU
  it('plays a sliding window: frames advance, the date range moves, the colour scale stays put', { timeout: 240_000 }, async () => {
    await page.evaluate(() => window.__gridsight!.map.jumpTo({ zoom: 11.2, center: window.__gridsight!.map.getCenter() }))
    await page.selectOption('[data-test=hotspots-mode]', 'window')
    await page.selectOption('[data-test=hotspots-window]', '30')
    await page.selectOption('[data-test=hotspots-step]', '7')
    await settle(page)
    const before = await state()
    expect(before.mode).toBe('window')
    const fill = () => page.evaluate(() => JSON.stringify(window.__gridsight!.map.getPaintProperty('hotspots-hex', 'fill-color')))
    const fillBefore = await fill()
    await page.click('[data-test=hotspots-play]')
    await page.waitForFunction(() => window.__hotspots!.state().frameIndex >= 3, null, { timeout: 60_000 })
    const mid = await state()
    expect(mid.playing).toBe(true)
    expect(mid.range!.from > before.range!.from || mid.frameIndex < before.frameIndex).toBe(true)
    expect(mid.frame!.end - mid.frame!.start).toBe(29)
    expect([mid.peak, mid.breaks]).toEqual([before.peak, before.breaks])
    expect(await fill()).toBe(fillBefore)
    await page.screenshot({ path: join(SCREENSHOTS, 'hotspots-playback.png') })
    await page.waitForFunction((i) => window.__hotspots!.state().frameIndex >= i + 2, mid.frameIndex, { timeout: 60_000 })
    await page.click('[data-test=hotspots-pause]')
    const later = await state()
    expect(later.playing).toBe(false)
    // paused: the title box shows the frame's dates
    await page.waitForFunction((text) => document.querySelector('[data-test=hotspots-range]')?.textContent === text, `${later.range!.from} — ${later.range!.to}`)
    expect([later.peak, later.breaks]).toEqual([before.peak, before.breaks])
    expect(await fill()).toBe(fillBefore)
    // step back and forth by hand
    await page.click('[data-test=hotspots-back]')
    expect((await state()).frameIndex).toBe(later.frameIndex - 1)
    await page.click('[data-test=hotspots-forward]')
    expect((await state()).frameIndex).toBe(later.frameIndex)
    // the frame's hex counts are the cases of its 30 days: the cells drawn add up to at most the frame total
    await settle(page)
    const drawn = Object.values(await renderedHex()).reduce((a, b) => a + b, 0)
    expect(drawn).toBeGreaterThan(0)
    expect(drawn).toBeLessThanOrEqual(later.frameTotal)
  })

  it('switches to the heat map, its intensity fixed while stepping', async () => {
    await page.click('[data-test=hotspots-view-heat]')
    await settle(page)
    const heat = () => page.evaluate(() => ({ visibility: window.__gridsight!.map.getLayoutProperty('hotspots-heat', 'visibility'), intensity: window.__gridsight!.map.getPaintProperty('hotspots-heat', 'heatmap-intensity'), hex: window.__gridsight!.map.getLayoutProperty('hotspots-hex', 'visibility') }))
    const first = await heat()
    expect(first).toMatchObject({ visibility: 'visible', hex: 'none' })
    await page.click('[data-test=hotspots-back]')
    await settle(page)
    expect(await heat()).toEqual(first)
    await page.screenshot({ path: join(SCREENSHOTS, 'hotspots-heat.png') })
    await page.click('[data-test=hotspots-view-hex]')
  })

  it('downloads the ranking as CSV: BOM, header, the API rows', async () => {
    await page.selectOption('[data-test=hotspots-res]', '9')
    await page.waitForFunction(() => window.__hotspots!.state().res === 9)
    await settle(page)
    const api = await ranking(9)
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-test=hotspots-export-csv]')])
    const s = await state()
    expect(download.suggestedFilename()).toBe(`hotspots_${s.from}_${s.to}_res9.csv`)
    const bytes = readFileSync((await download.path())!)
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const lines = bytes.toString('utf8').slice(1).split('\r\n')
    expect(lines.at(-1)).toBe('')
    expect(lines[0]).toBe('名次,六边形编号,经度,纬度,所在网格,案件,复发,返工,主要类别,主要类别件数')
    expect(lines.length - 2).toBe(api.rows.length)
    const top = api.rows[0]
    const cells = lines[1].split(',')
    expect(cells.slice(0, 2)).toEqual(['1', top.cell])
    expect(cells.slice(5, 8).map(Number)).toEqual([top.count, top.recurrences, top.reworks])
    expect(cells[8]).toMatch(/[\u4e00-\u9fff]/) // the category's Chinese name
  })

  it('exports the view as a non-blank PNG with the legend drawn on', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-test=hotspots-export-png]')])
    expect(download.suggestedFilename()).toMatch(/^hotspots_.*\.png$/)
    const bytes = readFileSync((await download.path())!)
    writeFileSync(join(SCREENSHOTS, 'hotspots-export.png'), bytes)
    const image = decodePng(bytes)
    const size = await page.evaluate(() => {
      const c = window.__gridsight!.map.getCanvas()
      return [c.width, c.height]
    })
    expect([image.width, image.height]).toEqual(size)
    const colours = new Set<number>()
    for (let i = 0; i < image.rgb.length; i += 3 * 7) colours.add((image.rgb[i] << 16) | (image.rgb[i + 1] << 8) | image.rgb[i + 2])
    expect(colours.size).toBeGreaterThan(200)
    // the legend's top class colour (#bd0026) is in the picture
    let red = 0
    for (let i = 0; i < image.rgb.length; i += 3) if (Math.abs(image.rgb[i] - 0xbd) < 4 && image.rgb[i + 1] < 6 && Math.abs(image.rgb[i + 2] - 0x26) < 4) red++
    expect(red).toBeGreaterThan(100)
    expect(problems).toEqual([])
  })
})
