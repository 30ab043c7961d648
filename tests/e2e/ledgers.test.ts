/**
 * The ledgers view (台账) in a real Chromium against the real API and the demo's year of ledgers:
 * the top-bar toggle, the compliance lists and the map layer equal to GET /api/ledgers/compliance,
 * the Excel and CSV exports downloaded through the panel and parsed, and a bad import file whose
 * rows are listed with nothing written. Screenshots: tests/e2e/screenshots/ledgers*.png.
 */
import ExcelJS from 'exceljs'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { SCREENSHOTS, launch, openApp, renderedCounts, settle } from './browser'
import type { Compliance } from '../../web/src/features/ledgers/model'

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
const keysOf = (tab: string) => page.$$eval(`[data-test=ledgers-list-${tab}] li`, (items) => items.map((li) => li.getAttribute('data-key')!))

describe('ledgers view', () => {
  let expected: Compliance

  it('lists the same misses as the API, tab by tab, and draws them on the map', async () => {
    await page.click('[data-test=ledgers-toggle]')
    await page.locator('[data-test=ledgers-judged]').waitFor({ timeout: 90_000 })
    await settle(page)
    const from = await page.inputValue('[data-test=ledgers-from]')
    const to = await page.inputValue('[data-test=ledgers-to]')
    expected = await api<Compliance>(`/api/ledgers/compliance?from=${from}&to=${to}`)
    expect(expected.stations.length).toBeGreaterThan(0)
    expect(expected.kiosks.length).toBeGreaterThan(0)
    expect(expected.teams.length).toBeGreaterThan(0)

    const want: Record<string, string[]> = {
      stations: expected.stations.map((s) => `${s.facilityId}/${s.month}`),
      teams: expected.teams.map((g) => `${g.gridId}`),
      kiosks: expected.kiosks.map((k) => `${k.kioskId}/${k.weekStart}`),
      goodPersons: expected.goodPersons.map((g) => `${g.gridId}/${g.quarter}`),
    }
    for (const tab of ['stations', 'teams', 'kiosks', 'goodPersons']) {
      expect(Number(await page.locator(`[data-test=ledgers-count-${tab}]`).textContent()), tab).toBe(want[tab]!.length)
      await page.click(`[data-test=ledgers-tab-${tab}]`)
      expect(await keysOf(tab), tab).toEqual(want[tab])
    }
    await page.click('[data-test=ledgers-tab-stations]')

    // the map layer: one point per place that missed, with the number of buckets missed
    const points = await page.evaluate(async () => {
      const source = window.__gridsight!.map.getSource('ledger-misses') as unknown as { getData(): Promise<GeoJSON.FeatureCollection> }
      return (await source.getData()).features.map((f) => f.properties as { kind: string; id: number; misses: number })
    })
    const tally = new Map<string, number>()
    const add = (key: string, n = 1) => tally.set(key, (tally.get(key) ?? 0) + n)
    for (const s of expected.stations) add(`station:${s.facilityId}`)
    for (const k of expected.kiosks) add(`kiosk:${k.kioskId}`)
    for (const g of expected.teams) add(`teams:${g.gridId}`, g.required - g.teams)
    for (const g of expected.goodPersons) add(`goodPerson:${g.gridId}`)
    expect(new Map(points.map((p) => [`${p.kind}:${p.id}`, p.misses]))).toEqual(tally)
    // the issue dots are put away while the view is open
    expect(await page.isChecked('[data-test=layer-issues]')).toBe(false)
    const rendered = await renderedCounts(page, ['ledger-misses'])
    expect(rendered['ledger-misses']).toBeGreaterThan(10)
    await shot('ledgers.png')

    // the English interface shows the same lists
    await page.click('[data-test=language-toggle]')
    await settle(page)
    expect(await page.locator('[data-test=ledgers-panel] .gs-card-title').textContent()).toContain('Ledgers and compliance')
    await shot('ledgers-en.png')
    await page.click('[data-test=language-toggle]')
    await settle(page)
  })

  it('downloads the Excel workbook and a CSV through the panel', async () => {
    const from = await page.inputValue('[data-test=ledgers-from]')
    const to = await page.inputValue('[data-test=ledgers-to]')
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-test=ledgers-export-xlsx]')])
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/)
    const file = await download.path()
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(new Uint8Array(readFileSync(file)).buffer)
    expect(wb.worksheets.map((w) => w.name)).toEqual(['新时代文明实践站活动', '志愿服务活动', '好人推荐', '垃圾分类清运', '培训记录', '小区例会', '巡查记录'])
    const ws = wb.getWorksheet('新时代文明实践站活动')!
    expect(String(ws.getCell('A2').value)).toContain(`${from} 至 ${to}`)
    expect((ws.getRow(3).values as unknown[]).slice(1, 8)).toEqual(['序号', '日期', '街道(镇)', '村(居)', '实践站', '实践站编号', '活动名称'])
    const list = await api<{ total: number }>(`/api/ledgers/entries?type=station_activity&from=${from}&to=${to}&limit=1`)
    expect(ws.rowCount - 3).toBe(list.total)
    expect(ws.getCell('B4').type).toBe(ExcelJS.ValueType.Date)
    expect(ws.getCell('B4').numFmt).toBe('yyyy-mm-dd hh:mm')

    await page.selectOption('[data-test=ledgers-csv-type]', 'kiosk_clearance')
    const [csv] = await Promise.all([page.waitForEvent('download'), page.click('[data-test=ledgers-export-csv]')])
    const bytes = readFileSync(await csv.path())
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const lines = bytes.toString('utf8').replace(/^\uFEFF/, '').trim().split('\r\n')
    expect(lines[0]!.startsWith('序号,日期,街道(镇),村(居),收集亭')).toBe(true)
    const clearances = await api<{ total: number }>(`/api/ledgers/entries?type=kiosk_clearance&from=${from}&to=${to}&limit=1`)
    expect(lines.length - 1).toBe(clearances.total)
  })

  it('a bad import file lists its rows and writes nothing', async () => {
    expect(problems).toEqual([])
    const before = await api<{ total: number }>('/api/ledgers/entries?type=station_activity&from=2000-01-01&limit=1')
    const csv = '\uFEFF序号,日期,实践站编号,活动名称,理论宣讲,人员\r\n1,2026-03-02,999999,好行吗,是,张三\r\n2,不是日期,999999,,也许,李四\r\n'
    await page.setInputFiles('[data-test=ledgers-import-file]', { name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) })
    await page.click('[data-test=ledgers-dry-run]')
    const message = page.locator('[data-test=ledgers-import-message]')
    await message.waitFor()
    await expect.poll(() => message.locator('li').count()).toBeGreaterThanOrEqual(3)
    const text = await message.textContent()
    expect(text).toContain('2 行有问题（共 3 处），未写入任何记录')
    expect(text).toContain('第 2 行 实践站编号')
    expect(text).toContain('第 3 行 日期')
    expect(text).toContain('第 3 行 理论宣讲')
    const after = await api<{ total: number }>('/api/ledgers/entries?type=station_activity&from=2000-01-01&limit=1')
    expect(after.total).toBe(before.total)
    await page.locator('[data-test=ledgers-panel]').screenshot({ path: join(SCREENSHOTS, 'ledgers-import.png') })
    // the refused upload is the one failed request the browser reports
    expect(problems).toEqual(['console: Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)'])
  })
})
