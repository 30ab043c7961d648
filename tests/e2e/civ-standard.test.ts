/**
 * The civilisation-standard screen (创文标准, /standard) in Chromium: the seed 000 checklist in
 * seven groups summing to 100, the community targets, an administrator's edit saved as version 2
 * (the API then answers version 2 active, version 1 retired), and a read-only view for a leader.
 * Screenshots: tests/e2e/screenshots/civ-standard-*.png.
 */
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { SCREENSHOTS, apiGet, launch, openApp } from './browser'

const baseUrl = inject('baseUrl')
let browser: Browser
let page: Page
let problems: string[]

beforeAll(async () => {
  browser = await launch()
  ;({ page, problems } = await openApp(browser, baseUrl, { as: 'admin' }))
  await page.goto(`${baseUrl}/standard`)
  await page.locator('[data-test=civ-item-1\\.1]').waitFor({ timeout: 60_000 })
})

afterAll(async () => {
  await page?.screenshot({ path: join(SCREENSHOTS, 'civ-standard-last.png'), fullPage: true }).catch(() => {})
  await browser?.close()
})

const shot = (name: string) => page.screenshot({ path: join(SCREENSHOTS, `civ-standard-${name}.png`), fullPage: true })

describe('civilisation standard screen', () => {
  it('shows the seed 000 checklist in seven groups, 100 points', async () => {
    for (const g of ['organisation', 'atmosphere', 'environment', 'security', 'services', 'neighbourliness', 'culture']) {
      await expect(page.locator(`[data-test=civ-group-${g}]`).count()).resolves.toBe(1)
    }
    await expect(page.locator('[data-test=civ-total]').innerText()).resolves.toContain('100')
    await expect(page.locator('[data-test=civ-item-4\\.4b]').innerText()).resolves.toContain('≥ 80 %')
    await expect(page.locator('[data-test=civ-item-7\\.2]').innerText()).resolves.toContain('≥ 400 m²')
    await shot('compound')
    await page.click('[data-test=civ-kind-community]')
    await page.locator('[data-test=civ-item-11]').waitFor()
    await expect(page.locator('[data-test=civ-item-11]').innerText()).resolves.toContain('100 %')
    await shot('community')
    await page.click('[data-test=civ-kind-compound]')
    await page.locator('[data-test=civ-item-1\\.1]').waitFor()
  })

  it('an administrator’s edit becomes version 2; version 1 is kept', async () => {
    await page.click('[data-test=civ-edit]')
    await page.fill('[data-test=civ-weight-1\\.1]', '5')
    await page.click('[data-test=civ-add-culture]')
    await expect(page.locator('[data-test=civ-total]').innerText()).resolves.toContain('103')
    await page.fill('[data-test=civ-note]', '组织机构分值调整（测试）')
    await shot('editing')
    await page.click('[data-test=civ-save]')
    await page.locator('[data-test=civ-saved]').waitFor()
    await expect(page.locator('[data-test=civ-version-2]').innerText()).resolves.toMatch(/现行/)
    await expect(page.locator('[data-test=civ-version-1]').innerText()).resolves.toMatch(/已停用/)
    const versions = await apiGet<{ version: number; status: string; totalWeight: number }[]>(baseUrl, '/api/civ/checklists?kind=compound')
    expect(versions.map((v) => [v.version, v.status, v.totalWeight])).toEqual([[2, 'active', 103], [1, 'retired', 100]])
    await shot('saved')
    expect(problems).toEqual([])
  })

  it('is read-only for a leader', async () => {
    const leader = await openApp(browser, baseUrl, { as: 'leader', locale: 'en' })
    // the app is Chinese first whatever the browser's locale: English is the remembered choice
    await leader.page.context().addInitScript(() => localStorage.setItem('gridsight.locale', 'en'))
    await leader.page.goto(`${baseUrl}/standard`)
    await leader.page.locator('[data-test=civ-item-1\\.1]').waitFor({ timeout: 60_000 })
    await expect(leader.page.locator('[data-test=civ-edit]').count()).resolves.toBe(0)
    await expect(leader.page.locator('[data-test=civ-standard]').innerText()).resolves.toContain('Only administrators')
    await leader.page.screenshot({ path: join(SCREENSHOTS, 'civ-standard-leader-en.png'), fullPage: true })
    expect(leader.problems).toEqual([])
  })
})
