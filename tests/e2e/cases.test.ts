/**
 * One case through the whole lifecycle in the browser, by different roles in separate browser
 * contexts, each screen updating live (no reload) as the others act:
 *   worker (phone 390×844, GPS) reports with a photo → duty chief accepts, opens, dispatches →
 *   the department returns it (wrong dispatch) → re-dispatched → the department signs for it and
 *   reports done with a photo → the worker verifies with an after-photo → the duty chief closes.
 * A leader's map shows the case's dot change colour with each step. Screenshots in
 * tests/e2e/screenshots/cases-*.png.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { SCREENSHOTS, apiGet, jumpTo, launch, logIn, settle } from './browser'

const baseUrl = inject('baseUrl')
const WORKER = 'worker.huayuan'
const PHONE = { width: 390, height: 844 }
const DESKTOP = { width: 1440, height: 900 }
let browser: Browser
const contexts: BrowserContext[] = []
const pages: Page[] = []

beforeAll(async () => {
  browser = await launch()
})
afterAll(async () => {
  // the last state of every screen, to look at when something failed
  for (const [i, p] of pages.entries()) await p.screenshot({ path: join(SCREENSHOTS, `cases-last-${i}.png`) }).catch(() => {})
  for (const c of contexts) await c.close().catch(() => {})
  await browser?.close()
})

async function context(username: string, options: Parameters<Browser['newContext']>[0] = {}) {
  const c = await browser.newContext({ viewport: DESKTOP, locale: 'zh-CN', reducedMotion: 'reduce', ...options })
  contexts.push(c)
  await logIn(c, baseUrl, username)
  return c
}

/** A page that must never reload: a marker on window survives only if it does not. */
async function openPage(c: BrowserContext, path: string): Promise<Page & { problems: string[] }> {
  const page = (await c.newPage()) as Page & { problems: string[] }
  page.problems = []
  pages.push(page)
  page.on('pageerror', (err) => page.problems.push(`pageerror: ${err.message}`))
  await page.goto(`${baseUrl}${path}`)
  await page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true))
  return page
}
const notReloaded = (page: Page) => page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload === true)

/** Waits until the page shows the case in `state` (list row or detail chip). */
async function seesState(page: Page, selector: string, state: string, timeout = 20_000) {
  await page.locator(`${selector} [data-test=case-state][data-state=${state}]`).first().waitFor({ timeout })
}

async function act(page: Page, action: string, fill?: (page: Page) => Promise<unknown>) {
  await page.click(`[data-test=action-${action}]`)
  if (fill) {
    await page.locator(`[data-test=form-${action}]`).waitFor()
    await fill(page)
    await page.click('[data-test=submit-action]')
  }
  await page.locator('[data-test=action-message]').filter({ hasText: '已' }).waitFor({ timeout: 20_000 })
}

async function photo(page: Page, label: string): Promise<{ name: string; mimeType: string; buffer: Buffer }> {
  return { name: `${label}.jpg`, mimeType: 'image/jpeg', buffer: await page.screenshot({ type: 'jpeg', quality: 70 }) }
}

async function uploadInto(page: Page, selector: string, file: { name: string; mimeType: string; buffer: Buffer }, thumb: string) {
  const before = await page.locator(thumb).count()
  await page.setInputFiles(selector, file)
  await expect.poll(() => page.locator(thumb).count(), { timeout: 20_000 }).toBe(before + 1)
}

/** The case's dot on the leader's map: its status as rendered, or null when not drawn. */
function mapStatus(page: Page, id: number) {
  return page.evaluate((caseId) => {
    const map = window.__gridsight!.map
    const hit = map.queryRenderedFeatures({ layers: ['issues-point'] }).find((f) => Number(f.properties.id) === caseId)
    return hit ? String(hit.properties.status) : null
  }, id)
}

const t0 = Date.now()
const step = (what: string) => console.log(`[cases e2e] ${((Date.now() - t0) / 1000).toFixed(1)} s ${what}`)

describe('a case through its whole lifecycle, live on every screen', () => {
  it('worker reports → duty accepts, opens, dispatches → department returns → re-dispatch → handled → verified → closed', async () => {
    // a point inside the worker's grids: where one of their cases is
    const mine = await apiGet<{ cases: { lon: number; lat: number }[] }>(baseUrl, '/api/cases?limit=1', WORKER)
    const at = { longitude: mine.cases[0]!.lon, latitude: mine.cases[0]!.lat }

    const worker = await openPage(await context(WORKER, { viewport: PHONE, isMobile: true, hasTouch: true, geolocation: at, permissions: ['geolocation'] }), '/cases')
    const duty = await openPage(await context('duty'), '/cases')
    const dept = await openPage(await context('dept.sanitation'), '/cases')
    const leader = await openPage(await context('leader'), '/')
    await settle(leader)
    await jumpTo(leader, [at.longitude, at.latitude], 17.5)
    for (const p of [worker, duty, dept]) await p.locator('[data-test=live-indicator][data-state=live]').waitFor({ timeout: 30_000 })

    step('1. the worker reports on the phone, with a photo and the GPS position')
    // 1. the worker reports on the phone, with a photo and the GPS position
    await worker.click('[data-test=report-open]')
    await worker.selectOption('[data-test=report-category]', 'exposed_rubbish')
    await worker.fill('[data-test=report-description]', '小区东门垃圾暴露（端到端测试）')
    await worker.click('[data-test=report-locate]')
    await expect.poll(() => worker.inputValue('[data-test=report-lon]')).not.toBe('')
    await uploadInto(worker, '[data-test=report-photo]', await photo(duty, 'before'), '[data-test=report-thumb]')
    await worker.click('[data-test=report-submit]')
    const title = worker.locator('[data-test^=case-title-]')
    await title.waitFor({ timeout: 20_000 })
    const id = Number((await title.getAttribute('data-test'))!.replace('case-title-', ''))
    expect(id).toBeGreaterThan(0)
    await seesState(worker, '[data-test=case-detail]', 'reported')
    await worker.screenshot({ path: join(SCREENSHOTS, 'cases-phone-reported.png') })

    // the duty chief's list and the leader's map show it without a reload
    await seesState(duty, `[data-test=case-row-${id}]`, 'reported')
    await expect.poll(() => mapStatus(leader, id), { timeout: 20_000 }).toBe('reported')

    step('2. duty chief: accept, open, dispatch to sanitation')
    // 2. duty chief: accept, open, dispatch to sanitation
    await duty.click(`[data-test=case-row-${id}]`)
    await duty.locator(`[data-test=case-title-${id}]`).waitFor()
    await act(duty, 'accept')
    await seesState(worker, '[data-test=case-detail]', 'accepted') // the worker's phone follows live
    await act(duty, 'open')
    await act(duty, 'dispatch', (p) => p.selectOption('[data-test=input-department]', 'sanitation'))
    await seesState(worker, '[data-test=case-detail]', 'dispatched')
    await expect.poll(() => mapStatus(leader, id), { timeout: 20_000 }).toBe('dispatched')

    step('3. the department returns it (wrong dispatch); the duty chief sees it live and re-dispatches')
    // 3. the department returns it (wrong dispatch); the duty chief sees it live and re-dispatches
    await seesState(dept, `[data-test=case-row-${id}]`, 'dispatched')
    await dept.click(`[data-test=case-row-${id}]`)
    await act(dept, 'return', (p) => p.fill('[data-test=input-note]', '非本单位职责，请重新派遣'))
    await seesState(duty, '[data-test=case-detail]', 'returned')
    await act(duty, 'dispatch', (p) => p.selectOption('[data-test=input-department]', 'sanitation'))
    await seesState(dept, '[data-test=case-detail]', 'dispatched')

    step('4. the department signs for it and reports done with a photo')
    // 4. the department signs for it and reports done with a photo
    await act(dept, 'start')
    await seesState(duty, '[data-test=case-detail]', 'handling')
    await act(dept, 'report_done', async (p) => {
      await uploadInto(p, '[data-test=input-photo]', await photo(leader, 'done'), '[data-test=uploaded-thumb]')
      await p.fill('[data-test=input-note]', '已清运')
    })
    await seesState(worker, '[data-test=case-detail]', 'feedback')
    await expect.poll(() => mapStatus(leader, id), { timeout: 20_000 }).toBe('feedback')

    step('5. the worker verifies on site with an after-photo (phone)')
    // 5. the worker verifies on site with an after-photo (phone)
    await act(worker, 'verify', async (p) => uploadInto(p, '[data-test=input-photo]', await photo(dept, 'after'), '[data-test=uploaded-thumb]'))
    await seesState(duty, '[data-test=case-detail]', 'verified')

    step('6. the duty chief closes; everyone sees it')
    // 6. the duty chief closes; everyone sees it
    await act(duty, 'close')
    await seesState(worker, '[data-test=case-detail]', 'closed')
    await seesState(dept, '[data-test=case-detail]', 'closed')
    await expect.poll(() => mapStatus(leader, id), { timeout: 20_000 }).toBe('closed')

    // the timeline: every step with who, role, from → to; photos before and after
    // (the timeline refetches after the state chip changes: poll rather than read it once)
    const timeline = () => duty.locator('[data-test=case-timeline] li').evaluateAll((els) => els.map((e) => e.getAttribute('data-action')))
    await expect
      .poll(timeline, { timeout: 20_000 })
      .toEqual(['report', 'accept', 'open', 'dispatch', 'return', 'dispatch', 'start', 'report_done', 'verify', 'close'])
    expect(await duty.locator('[data-test=photo-before]').count()).toBe(1)
    expect(await duty.locator('[data-test=photo-after]').count()).toBe(1)
    expect(await duty.locator('[data-test=timeline-photo]').count()).toBe(3)
    expect(await duty.locator('[data-test=update-5]').textContent()).toContain('非本单位职责')
    await duty.screenshot({ path: join(SCREENSHOTS, 'cases-desktop-closed.png') })
    await worker.locator('[data-test=case-timeline]').scrollIntoViewIfNeeded()
    await worker.screenshot({ path: join(SCREENSHOTS, 'cases-phone-closed.png'), fullPage: true })
    await leader.screenshot({ path: join(SCREENSHOTS, 'cases-map-closed.png') })

    step('done')
    for (const p of [worker, duty, dept, leader]) {
      expect(await notReloaded(p)).toBe(true)
      expect(p.problems).toEqual([])
    }
  }, 600_000)
})
