import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
// the hook's type also declares window.__gridsight for the page functions below
import type { GridsightHook } from '../../web/src/features/map/testHook'
import { mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** Debian's Chromium, software WebGL, and nothing that talks to the network on its own. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const ARGS = [
  '--no-sandbox',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
]

export const VIEWPORT = { width: 1600, height: 1000 }
export const SCREENSHOTS = fileURLToPath(new URL('./screenshots/', import.meta.url))
mkdirSync(SCREENSHOTS, { recursive: true })

export function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS })
}

export interface OpenedPage {
  page: Page
  /** console errors, page errors and requests that left our origin */
  problems: string[]
}

export const DEMO_PASSWORD = 'Lanhu#2026'

/** Logs a browser context in as a demo user (the session cookie lands in the context's jar). */
export async function logIn(context: BrowserContext, baseUrl: string, username = 'duty', password = DEMO_PASSWORD): Promise<void> {
  const res = await context.request.post(`${baseUrl}/api/auth/login`, { data: { username, password } })
  if (!res.ok()) throw new Error(`login as ${username} failed: ${res.status()} ${await res.text()}`)
}

/** A fresh browser context, logged in (default user duty, the duty chief) unless `as: null`. */
export async function newAppContext(browser: Browser, baseUrl: string, { locale = 'zh-CN', as = 'duty' as string | null } = {}): Promise<BrowserContext> {
  // reduced motion: the app then skips label fades and camera animations, so idle comes sooner
  const context = await browser.newContext({ viewport: VIEWPORT, locale, reducedMotion: 'reduce' })
  if (as) await logIn(context, baseUrl, as)
  return context
}

/** The session cookie of a demo user, for tests that call the API with fetch(). Cached per user. */
const cookies = new Map<string, Promise<string>>()
export function sessionCookie(baseUrl: string, username = 'admin'): Promise<string> {
  const key = `${baseUrl} ${username}`
  let cookie = cookies.get(key)
  if (!cookie) {
    cookie = fetch(`${baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: DEMO_PASSWORD }),
    }).then(async (res) => {
      const pair = res.headers.get('set-cookie')?.match(/gs_session=[^;]+/)?.[0]
      if (!res.ok || !pair) throw new Error(`login as ${username} failed: ${res.status}`)
      return pair
    })
    cookies.set(key, cookie)
  }
  return cookie
}

/** GET an API path as a logged-in user (default admin). */
export async function apiGet<T>(baseUrl: string, path: string, username = 'admin'): Promise<T> {
  const response = await fetch(`${baseUrl}${path}`, { headers: { cookie: await sessionCookie(baseUrl, username) } })
  if (!response.ok) throw new Error(`${path}: ${response.status}`)
  return (await response.json()) as T
}

/** Logs in (default user duty), opens the app and waits until the API loads are done and the map has drawn an idle frame. */
export async function openApp(browser: Browser, baseUrl: string, { locale = 'zh-CN', as = 'duty' as string | null } = {}): Promise<OpenedPage> {
  const context = await newAppContext(browser, baseUrl, { locale, as })
  const page = await context.newPage()
  const problems: string[] = []
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`))
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console: ${msg.text()}`)
  })
  page.on('request', (req) => {
    const url = req.url()
    if (!url.startsWith(baseUrl) && !/^(data|blob):/.test(url)) problems.push(`external request: ${url}`)
  })
  await page.goto(baseUrl)
  await settle(page)
  return { page, problems }
}

/** Waits for the app's own requests to finish, then for MapLibre's next idle frame. */
export async function settle(page: Page): Promise<void> {
  await page.waitForFunction(() => window.__gridsight !== undefined && window.__gridsight.pending().length === 0, null, { timeout: 90_000 })
  await page.evaluate(() => window.__gridsight!.waitIdle())
}

/** Rendered features per layer id in the current view. */
export function renderedCounts(page: Page, layers: string[]): Promise<Record<string, number>> {
  return page.evaluate((ids) => {
    const map = window.__gridsight!.map
    const out: Record<string, number> = {}
    for (const id of ids) out[id] = map.getLayer(id) ? map.queryRenderedFeatures({ layers: [id] }).length : -1
    return out
  }, layers)
}

export async function jumpTo(page: Page, center: [number, number], zoom: number): Promise<void> {
  // the braces matter: returning the Map itself would make Playwright serialise its whole object graph
  await page.evaluate(([c, z]) => {
    window.__gridsight!.map.jumpTo({ center: c as [number, number], zoom: z as number })
  }, [center, zoom] as const)
  await settle(page)
}

/** Where a map coordinate is on the page (the map canvas sits below the top bar). */
export async function pagePoint(page: Page, lngLat: [number, number]): Promise<{ x: number; y: number }> {
  return page.evaluate((ll) => {
    const map = window.__gridsight!.map
    const rect = map.getCanvas().getBoundingClientRect()
    const p = map.project(ll as [number, number])
    return { x: rect.left + p.x, y: rect.top + p.y }
  }, lngLat)
}
