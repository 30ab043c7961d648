/**
 * Inspections on the phone (/m/inspections, 390×844, touch) in real Chromium: inspector.huayuan
 * sees their tasks (the demo's open mock assessment), starts an unannounced visit (不定期暗访) at a
 * compound of their grids, fails one item with a camera photo and a note, passes the rest, sets the
 * position by GPS and submits; the case the failure opened exists in the API with the item's
 * category and the compound's level-3 grid, carries the photo, and is in the inspector's case list
 * on the phone. Touch targets measured (≥ 44 px). Screenshots: tests/e2e/screenshots/inspections-*.png.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { join } from 'node:path'
import sharp from 'sharp'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { caseCategoryFor } from '../../api/civ/inspections/submit.ts'
import { SCREENSHOTS, VIEWPORT, apiGet, launch, logIn, renderedCounts, settle } from './browser'

const baseUrl = inject('baseUrl')
const INSPECTOR = 'inspector.huayuan'
const PHONE = { width: 390, height: 844 }
const MIN_TARGET = 44

interface Point {
  id: string
  geometry: { coordinates: [number, number] }
  properties: { name: string; pointType: string; compoundId: number | null; gridId: number; gridPath: number[] }
}

let browser: Browser
let context: BrowserContext
let page: Page
const problems: string[] = []
let compound: Point

function cameraJpeg(seed: number): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="600"><rect width="800" height="600" fill="hsl(${seed * 53},30%,70%)"/>
    <rect x="120" y="140" width="520" height="300" fill="#6b7280"/><rect x="160" y="180" width="440" height="220" fill="#e5e7eb"/></svg>`
  return sharp(Buffer.from(svg)).jpeg({ quality: 80 }).toBuffer()
}

async function smallTargets(p: Page) {
  return p.evaluate((min) => {
    const out: string[] = []
    const seen = new Set<Element>()
    for (const el of document.querySelectorAll('button, a[href], select, textarea, input, [role=button]')) {
      let target: Element = el
      if (el instanceof HTMLInputElement && ['checkbox', 'radio', 'file'].includes(el.type)) target = el.closest('label') ?? el
      if (seen.has(target)) continue
      seen.add(target)
      const r = target.getBoundingClientRect()
      if (r.width === 0 || r.height === 0 || getComputedStyle(target).visibility === 'hidden') continue
      if (r.width < min || r.height < min) out.push(`${target.tagName}[${target.getAttribute('data-test') ?? ''}] ${Math.round(r.width)}×${Math.round(r.height)}`)
    }
    return out
  }, MIN_TARGET)
}

const shot = (name: string) => page.screenshot({ path: join(SCREENSHOTS, `inspections-${name}.png`) })

beforeAll(async () => {
  browser = await launch()
  const points = await apiGet<{ features: Point[] }>(baseUrl, '/api/civ/inspection-points?type=compound', INSPECTOR)
  const tasks = await apiGet<{ tasks: { compoundId: number | null }[] }>(baseUrl, '/api/civ/inspections', INSPECTOR)
  const visited = new Set(tasks.tasks.map((t) => t.compoundId))
  compound = points.features.find((f) => !visited.has(f.properties.compoundId))!
  const [lon, lat] = compound.geometry.coordinates
  context = await browser.newContext({
    viewport: PHONE,
    isMobile: true,
    hasTouch: true,
    deviceScaleFactor: 1,
    locale: 'zh-CN',
    reducedMotion: 'reduce',
    geolocation: { longitude: lon, latitude: lat, accuracy: 10 },
    permissions: ['geolocation'],
  })
  await logIn(context, baseUrl, INSPECTOR)
  page = await context.newPage()
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`))
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !msg.text().includes('net::ERR_')) problems.push(`console: ${msg.text()}`)
  })
  await page.goto(`${baseUrl}/m`)
  await settle(page)
})

afterAll(async () => {
  await page?.screenshot({ path: join(SCREENSHOTS, 'inspections-last.png') }).catch(() => {})
  await context?.close().catch(() => {})
  await browser?.close()
})

describe('an inspector on a phone (/m/inspections)', () => {
  let caseId = 0
  let failedItem: { id: number; code: string; group: string; caseCategory: string | null }

  it('lists my tasks as the API does, open ones first', async () => {
    await page.tap('[data-test=mobile-inspections-open]')
    await page.locator('[data-test=inspections-screen][data-view=list]').waitFor()
    const api = await apiGet<{ tasks: { id: number; status: string }[] }>(baseUrl, '/api/civ/inspections', INSPECTOR)
    expect(api.tasks.some((t) => t.status !== 'submitted')).toBe(true)
    await expect.poll(() => page.locator('[data-test^=inspection-task-]').count()).toBe(api.tasks.length)
    const first = await page.locator('[data-test^=inspection-task-]').first().getAttribute('class')
    expect(first).not.toContain('submitted')
    await shot('list')
    expect(await smallTargets(page)).toEqual([])
  })

  it('runs an unannounced visit: one item failed with a photo and a note, the rest passed, GPS position, submit', async () => {
    await page.tap('[data-test=inspection-new]')
    await page.locator('[data-test=inspection-picker]').waitFor()
    await page.fill('[data-test=inspection-search]', compound.properties.name)
    await page.tap(`[data-test="inspection-point-${compound.id}"]`)
    await page.locator('[data-test=inspection-form][data-status=in_progress]').waitFor({ timeout: 20_000 })
    expect(await page.locator('[data-test=inspection-name]').textContent()).toBe(compound.properties.name)
    await settle(page)

    const taskId = Number(new URL(page.url()).pathname.split('/').pop())
    const detail = await apiGet<{ task: { kind: string; status: string }; items: { id: number; code: string; group: string; auto: boolean; caseCategory: string | null }[] }>(baseUrl, `/api/civ/inspections/${taskId}`, INSPECTOR)
    expect(detail.task).toMatchObject({ kind: 'unannounced', status: 'in_progress' })
    failedItem = detail.items.find((i) => !i.auto)!

    await page.tap(`[data-test="item-${failedItem.code}-fail"]`)
    await page.fill(`[data-test="item-${failedItem.code}-note"]`, '测试：宣传栏破损，内容过期')
    await page.setInputFiles(`[data-test="item-${failedItem.code}-photo"]`, { name: 'camera.jpg', mimeType: 'image/jpeg', buffer: await cameraJpeg(5) })
    await page.locator(`[data-test="item-${failedItem.code}-thumb"]`).waitFor({ timeout: 20_000 })
    await page.locator(`[data-test="item-${failedItem.code}"]`).scrollIntoViewIfNeeded()
    await shot('item-failed')

    // submitting too early names what is missing
    await page.tap('[data-test=inspection-submit]')
    await expect.poll(() => page.locator('[data-test=inspection-error]').textContent()).toMatch(/未评分/)

    await page.tap('[data-test=inspection-pass-rest]')
    const total = detail.items.filter((i) => !i.auto).length
    await expect.poll(() => page.locator('[data-test=inspection-progress]').textContent()).toContain(`${total}/${total}`)
    await page.tap('[data-test=inspection-gps]')
    await expect.poll(() => page.locator('[data-test=inspection-position]').getAttribute('data-source')).toBe('gps')
    await shot('ready')
    expect(await smallTargets(page)).toEqual([])

    await page.tap('[data-test=inspection-submit]')
    await page.locator('[data-test=inspection-outcome]').waitFor({ timeout: 30_000 })
    const links = await page.locator('[data-test^=inspection-case-]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-test')!.replace('inspection-case-', ''))))
    expect(links).toHaveLength(1)
    caseId = links[0]!
    await page.locator('[data-test=inspection-outcome]').scrollIntoViewIfNeeded()
    await shot('submitted')
  })

  it('the new case exists with the item’s category and the compound’s grid, and is in my case list', async () => {
    expect(caseId).toBeGreaterThan(0)
    const c = await apiGet<{ case: { category: string; gridId: number; gridPath: number[]; status: string; description: string }; timeline: { action: string; photos: { id: number }[] }[] }>(baseUrl, `/api/cases/${caseId}`, INSPECTOR)
    expect(c.case.category).toBe(caseCategoryFor({ caseCategory: failedItem.caseCategory, groupKey: failedItem.group }))
    expect(c.case.gridId).toBe(compound.properties.gridId)
    expect(c.case.gridPath).toEqual(compound.properties.gridPath)
    expect(c.case.status).toBe('reported')
    expect(c.case.description).toContain(failedItem.code)
    expect(c.timeline[0]!.photos).toHaveLength(1)

    const list = await apiGet<{ cases: { id: number }[] }>(baseUrl, '/api/cases?status=open&limit=500', INSPECTOR)
    expect(list.cases.map((x) => x.id)).toContain(caseId)
    await page.tap(`[data-test=inspection-case-${caseId}]`)
    await page.locator('[data-test=mobile-screen][data-view=case]').waitFor()
    await page.tap('[data-test=mobile-back]')
    await page.locator(`[data-test=mobile-case-${caseId}]`).waitFor({ timeout: 20_000 })
    await page.locator(`[data-test=mobile-case-${caseId}]`).scrollIntoViewIfNeeded()
    await settle(page)
    await shot('case-in-list')
    expect(problems).toEqual([])
  })

  it('on a desktop, the mock assessment shows score rates per grid and item and its failures on the map', async () => {
    const { batches } = await apiGet<{ batches: { id: number; submitted: number }[] }>(baseUrl, '/api/civ/mock-batches', 'duty')
    const batch = batches.find((b) => b.submitted > 0)!
    const report = await apiGet<{ byGrid: { gridId: number }[]; byItem: { itemId: number }[]; failures: { features: unknown[] }; tasks: unknown[] }>(baseUrl, `/api/civ/mock-batches/${batch.id}?level=2`, 'duty')
    const desk = await browser.newContext({ viewport: VIEWPORT, locale: 'zh-CN', reducedMotion: 'reduce' })
    await logIn(desk, baseUrl, 'duty')
    const p = await desk.newPage()
    p.on('pageerror', (err) => problems.push(`desk pageerror: ${err.message}`))
    await p.goto(`${baseUrl}/inspections/${batch.id}`)
    await p.locator('[data-test=batch-report]').waitFor({ timeout: 30_000 })
    await settle(p)
    expect(await p.locator('[data-test^=batch-grid-]').count()).toBe(report.byGrid.length)
    expect(await p.locator('[data-test^=batch-item-]').count()).toBe(report.byItem.length)
    const drawn = await renderedCounts(p, ['batch-points', 'batch-failures'])
    expect(drawn['batch-points']).toBe(report.tasks.length)
    expect(drawn['batch-failures']).toBeGreaterThan(0)
    await p.screenshot({ path: join(SCREENSHOTS, 'inspections-desk.png') })
    await desk.close()
    expect(problems).toEqual([])
  })
})
