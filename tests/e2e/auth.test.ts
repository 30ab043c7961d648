/**
 * Login in the browser: the login screen when nobody is logged in, a wrong password refused,
 * the right one opening the map with the user in the top bar, and logout back to the login screen.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { DEMO_PASSWORD, SCREENSHOTS, launch, newAppContext, settle } from './browser'

const baseUrl = inject('baseUrl')
let browser: Browser

beforeAll(async () => {
  browser = await launch()
})

afterAll(async () => {
  await browser?.close()
})

describe('login', () => {
  it('shows the login screen, refuses a wrong password, opens the map, logs out', async () => {
    const context = await newAppContext(browser, baseUrl, { as: null })
    const page = await context.newPage()
    const errors: string[] = []
    page.on('pageerror', (err) => errors.push(err.message))
    await page.goto(baseUrl)
    const form = page.locator('[data-test=login-form]')
    await form.waitFor()
    expect(await page.locator('h1').textContent()).toBe('登录')
    await page.screenshot({ path: join(SCREENSHOTS, 'login.png') })

    await page.fill('[data-test=login-username]', 'worker.huayuan')
    await page.fill('[data-test=login-password]', 'not-the-password')
    await page.click('[data-test=login-submit]')
    await expect.poll(() => page.locator('[data-test=login-error]').textContent()).toBe('用户名或密码错误。')

    await page.fill('[data-test=login-password]', DEMO_PASSWORD)
    await page.click('[data-test=login-submit]')
    await settle(page)
    expect(await page.locator('[data-test=user-role]').textContent()).toBe('网格员')
    expect(await page.locator('[data-test=user-name]').textContent()).toContain('网格员')
    const cookies = await context.cookies()
    const session = cookies.find((c) => c.name === 'gs_session')!
    expect(session.httpOnly).toBe(true)
    expect(session.sameSite).toBe('Lax')
    await page.screenshot({ path: join(SCREENSHOTS, 'logged-in-worker.png') })

    await page.click('[data-test=logout]')
    await form.waitFor()
    // the old session is gone on the server, not just from the page
    const me = await context.request.get(`${baseUrl}/api/auth/me`, { headers: { cookie: `gs_session=${session.value}` } })
    expect(me.status()).toBe(401)
    expect(errors).toEqual([])
    await context.close()
  })
})
