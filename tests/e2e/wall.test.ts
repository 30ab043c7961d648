/**
 * The command-centre wall (/wall) in a real Chromium at 1920×1080, checked by what it draws: KPI
 * figures equal the API's, the charts hold the API's rows, the map renders the cases; a case
 * reported by a worker during the test drops into the feed and onto the map without a reload; a
 * cut connection is shown and recovers by itself; the tour flies to the hotspot's box.
 *
 * The page reaches the server through a small proxy the test can cut, as a network failure would:
 * every open socket is destroyed and new ones are refused until it is restored.
 * Screenshots in tests/e2e/screenshots/wall-*.png.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { createServer, request, type Server } from 'node:http'
import type { Socket } from 'node:net'
import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { SCREENSHOTS, apiGet, launch, logIn, sessionCookie, settle } from './browser'
// the hook's type also declares window.__gridsightWall for the page functions below
import type { WallChartData } from '../../web/src/features/wall/testHook'
import { addDays, chinaDate, patrolRate, type Indicators, type KioskCoverage, type PatrolCompliance, type Ranking, type StatsResponse } from '../../web/src/features/wall/model'

const baseUrl = inject('baseUrl')
const WALL = { width: 1920, height: 1080 }
const WORKER = 'worker.huayuan'
/** inside the worker's level-3 grid 198 (花园社区第1片区) */
const WORKER_POINT = { lon: 102.5257, lat: 24.366 }

let browser: Browser
const contexts: BrowserContext[] = []

/** A forwarding proxy to the app that can be cut and restored. */
interface CuttableProxy {
  url: string
  cut(): void
  restore(): void
  close(): Promise<void>
}
async function startProxy(target: string): Promise<CuttableProxy> {
  const to = new URL(target)
  const sockets = new Set<Socket>()
  let down = false
  const server: Server = createServer((req, res) => {
    const upstream = request({ host: to.hostname, port: to.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers)
      answer.pipe(res)
    })
    upstream.on('error', () => res.destroy())
    res.on('close', () => upstream.destroy())
    req.pipe(upstream)
  })
  server.on('connection', (socket) => {
    if (down) return socket.destroy()
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as { port: number }).port
  return {
    // localhost, like the app's URL: the session cookie is per host, not per port
    url: `http://localhost:${port}`,
    cut() {
      down = true
      for (const s of sockets) s.destroy()
    },
    restore() {
      down = false
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy()
        server.close(() => resolve())
      }),
  }
}

async function wallPage(url: string, viewport = WALL, query = 'tour=0'): Promise<Page & { problems: string[] }> {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', reducedMotion: 'reduce' })
  contexts.push(context)
  await logIn(context, baseUrl, 'duty')
  const page = (await context.newPage()) as Page & { problems: string[] }
  page.problems = []
  page.on('pageerror', (err) => page.problems.push(`pageerror: ${err.message}`))
  page.on('console', (msg) => {
    if (msg.type() === 'error') page.problems.push(`console: ${msg.text()}`)
  })
  await page.goto(`${url}/wall?${query}`)
  await page.locator('[data-test=wall-screen]').waitFor({ timeout: 60_000 })
  await settle(page)
  await page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true))
  return page
}
const notReloaded = (page: Page) => page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload === true)

const api = <T>(path: string, user = 'duty') => apiGet<T>(baseUrl, path, user)
const kpi = async (page: Page, key: string) => {
  const raw = await page.locator(`[data-test=wall-kpi-${key}]`).getAttribute('data-value')
  return raw === null || raw === '' ? null : Number(raw)
}
const chart = (page: Page, name: string): Promise<WallChartData | null> => page.evaluate((n) => window.__gridsightWall!.chart(n), name)

async function reportAsWorker(description: string): Promise<number> {
  const res = await fetch(`${baseUrl}/api/cases`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: await sessionCookie(baseUrl, WORKER) },
    body: JSON.stringify({ category: 'clutter', description, ...WORKER_POINT }),
  })
  if (res.status !== 201) throw new Error(`report failed: ${res.status} ${await res.text()}`)
  return ((await res.json()) as { case: { id: number } }).case.id
}

/** Ids of the case features the map has drawn in its current view, per layer. */
function renderedCaseIds(page: Page, layer: string) {
  return page.evaluate((id) => window.__gridsight!.map.queryRenderedFeatures({ layers: [id] }).map((f) => Number(f.properties.id)), layer)
}

beforeAll(async () => {
  browser = await launch()
})
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {})
  await browser?.close()
})

describe('the wall at 1920×1080', () => {
  let proxy: CuttableProxy
  let page: Page & { problems: string[] }

  beforeAll(async () => {
    proxy = await startProxy(baseUrl)
    page = await wallPage(proxy.url)
  })
  afterAll(async () => {
    await page?.screenshot({ path: join(SCREENSHOTS, 'wall-last.png') }).catch(() => {})
    await proxy?.close()
  })

  it('shows the KPIs the API computes', async () => {
    const [open, overdue, indicators, coverage, patrol] = await Promise.all([
      api<{ total: number }>('/api/cases?status=open&limit=1'),
      api<{ total: number }>('/api/cases?status=overdue&limit=1'),
      api<Indicators>('/api/indicators?scope=district'),
      api<KioskCoverage>('/api/analysis/kiosk-coverage?radius=300&mode=straight&level=1'),
      api<PatrolCompliance>('/api/analysis/patrol-compliance?level=1'),
    ])
    // the overdue sweep may move a case meanwhile; the wall follows its events
    await expect.poll(() => kpi(page, 'open'), { timeout: 20_000 }).toBe(open.total)
    await expect.poll(() => kpi(page, 'overdue'), { timeout: 20_000 }).toBe(overdue.total)
    expect(await kpi(page, 'onTime')).toBeCloseTo(indicators.rates.onTimeRate!, 12)
    expect(await kpi(page, 'rework')).toBeCloseTo(indicators.rates.reworkRate!, 12)
    expect(await kpi(page, 'coverage')).toBeCloseTo(coverage.ratio, 12)
    expect(await kpi(page, 'patrol')).toBeCloseTo(patrolRate(patrol.workers).rate!, 12)
    // and they are printed, not only carried
    expect(await page.locator('[data-test=wall-kpi-open] [data-test=wall-kpi-number]').textContent()).toBe(open.total.toLocaleString('zh-CN'))
    expect(await page.locator('[data-test=wall-kpi-onTime] [data-test=wall-kpi-number]').textContent()).toBe(`${(indicators.rates.onTimeRate! * 100).toFixed(1)}%`)
    await expect.poll(() => page.locator('[data-test=wall-clock]').textContent()).toMatch(/^\d\d:\d\d:\d\d$/)
    await expect.poll(() => page.locator('[data-test=wall-updated]').textContent()).toMatch(/\d\d:\d\d:\d\d/)
  })

  it("draws the API's rows in the ranking and department charts", async () => {
    const [grids, departments] = await Promise.all([api<Ranking>('/api/indicators/ranking?by=grid&level=1'), api<Ranking>('/api/indicators/ranking?by=department')])
    const ranking = (await chart(page, 'ranking'))!
    const listed = [...grids.red, ...grids.black].reverse()
    expect(ranking.categories).toEqual(listed.map((r) => r.name))
    const score = (s: number | null) => Math.round(s! * 10) / 10
    expect(ranking.series[0]!.data).toEqual(listed.map((r) => (grids.red.includes(r) ? score(r.score) : '-')))
    expect(ranking.series[1]!.data).toEqual(listed.map((r) => (grids.black.includes(r) ? score(r.score) : '-')))

    const today = chinaDate(Date.now())
    const range = `scope=district&from=${addDays(today, -29)}&to=${today}`
    const [days, categories] = await Promise.all([api<StatsResponse>(`/api/stats/cases?${range}&by=day`), api<StatsResponse>(`/api/stats/cases?${range}&by=category`)])
    // cases reported during the test move these; the wall refetches after their events
    await expect.poll(async () => (await chart(page, 'trend'))!.series[0]!.data, { timeout: 20_000 }).toEqual(days.rows.map((r) => r.total))
    const trend = (await chart(page, 'trend'))!
    expect(trend.categories).toEqual(days.rows.map((r) => r.key.slice(5)))
    expect(trend.series[1]!.data).toEqual(days.rows.map((r) => r.overdue))
    expect(await kpi(page, 'today')).toBe(days.totals.reportedToday)
    const top = [...categories.rows].sort((a, b) => b.total - a.total || a.key.localeCompare(b.key)).slice(0, 8).reverse()
    const cats = (await chart(page, 'categories'))!
    expect(cats.series[0]!.data).toEqual(top.map((r) => r.total))
    expect(cats.categories).toEqual(top.map((r) => r.label))

    const dept = (await chart(page, 'departments'))!
    const byScore = departments.rows.filter((r) => r.counts.opened > 0).sort((a, b) => (b.score ?? -1) - (a.score ?? -1) || a.key.localeCompare(b.key))
    expect(dept.categories).toEqual(byScore.map((r) => r.name))
    expect(dept.series[0]!.data).toEqual(byScore.map((r) => score(r.score)))
  })

  it('renders the open cases on the map, overdue ones ringed', async () => {
    const open = await api<{ features: { properties: { id: number; overdue: boolean } }[] }>('/api/issues?status=open')
    const openIds = new Set(open.features.map((f) => f.properties.id))
    const drawn = await renderedCaseIds(page, 'wall-cases')
    expect(drawn.length).toBeGreaterThan(50)
    expect(drawn.filter((id) => openIds.has(id)).length).toBeGreaterThan(drawn.length * 0.95)
    // the rings follow the API's overdue flags; after other test files' activity a burst of events may
    // still be in flight, so compare again (fresh API read each time) until they settle
    const share = async () => {
      const now = await api<{ features: { properties: { id: number; overdue: boolean } }[] }>('/api/issues?status=open')
      const overdueIds = new Set(now.features.filter((f) => f.properties.overdue).map((f) => f.properties.id))
      const pulsing = await renderedCaseIds(page, 'wall-cases-pulse')
      return pulsing.length > 20 && pulsing.filter((id) => overdueIds.has(id)).length > pulsing.length * 0.95
    }
    await expect.poll(share, { timeout: 30_000, interval: 2_000 }).toBe(true)
    await page.screenshot({ path: join(SCREENSHOTS, 'wall-1920x1080.png') })
  })

  it('drops a case reported by a worker into the feed and onto the map, without a reload', async () => {
    const openBefore = (await api<{ total: number }>('/api/cases?status=open&limit=1')).total
    const id = await reportAsWorker('大屏测试：楼道口乱堆纸箱')
    await page.locator(`[data-test=wall-feed] li[data-issue="${id}"][data-kind=created]`).waitFor({ timeout: 20_000 })
    await expect.poll(() => page.evaluate(() => window.__gridsightWall!.fresh()), { timeout: 20_000 }).toContain(id)
    // the new dot and its highlight are drawn on the live map (the highlight layers draw the
    // features flagged fresh), where the worker reported it
    await expect
      .poll(
        () =>
          page.evaluate((caseId) => {
            const map = window.__gridsight!.map
            const ids = (layer: string) => map.queryRenderedFeatures({ layers: [layer] }).map((f) => Number(f.properties.id))
            return ids('wall-cases').includes(caseId) && ids('wall-fresh-dot').includes(caseId)
          }, id),
        { timeout: 20_000 },
      )
      .toBe(true)
    await expect.poll(() => kpi(page, 'open'), { timeout: 20_000 }).toBe(openBefore + 1)
    expect(await notReloaded(page)).toBe(true)
    await page.screenshot({ path: join(SCREENSHOTS, 'wall-live-event.png') })
  })

  it('shows a lost connection and recovers by itself, with what was missed', async () => {
    await page.locator('[data-test=wall-live][data-state=live]').waitFor({ timeout: 20_000 })
    proxy.cut()
    await page.locator('[data-test=wall-connection-lost]').waitFor({ timeout: 30_000 })
    expect(await page.locator('[data-test=wall-live]').getAttribute('data-state')).toMatch(/reconnecting|offline/)
    await page.screenshot({ path: join(SCREENSHOTS, 'wall-connection-lost.png') })
    const missed = await reportAsWorker('大屏测试：断线期间上报')
    proxy.restore()
    await page.locator('[data-test=wall-live][data-state=live]').waitFor({ timeout: 60_000 })
    await page.locator('[data-test=wall-connection-lost]').waitFor({ state: 'detached', timeout: 10_000 })
    // the stream resumes after the last event seen: the case reported meanwhile arrives
    // (the feed keeps the newest 40 events, and the overdue sweep may push it out of the list on a busy
    // server: the case must be on the wall's map, where the replayed event puts it)
    await expect
      .poll(
        () =>
          page.evaluate((caseId) => window.__gridsight!.map.querySourceFeatures('wall-cases').some((f) => Number(f.properties.id) === caseId), missed),
        { timeout: 30_000 },
      )
      .toBe(true)
    expect(await notReloaded(page)).toBe(true)
    expect(page.problems.filter((p) => !/ERR_|net::|Failed to load resource/.test(p))).toEqual([])
  })
})

describe('the wall on other screens', () => {
  it('scales the layout to a 16:9 laptop (1366×768)', async () => {
    const page = await wallPage(baseUrl, { width: 1366, height: 768 })
    const boxes = await page.evaluate(() => {
      const box = (sel: string) => {
        const r = document.querySelector(sel)!.getBoundingClientRect()
        return { x: r.x, y: r.y, w: r.width, h: r.height }
      }
      return { kpi: box('[data-test=wall-kpi-today]'), map: box('.wall-map'), screen: box('[data-test=wall-screen]') }
    })
    // everything on screen, nothing cropped, and the KPI cards scaled with the layout (118 px at 1080)
    expect(boxes.screen.w).toBe(1366)
    expect(boxes.kpi.h).toBeCloseTo(118 * (768 / 1080), 0)
    expect(boxes.map.y + boxes.map.h).toBeLessThanOrEqual(768)
    await page.screenshot({ path: join(SCREENSHOTS, 'wall-1366x768.png') })
    await page.context().close()
  })

  it('scales to a 4K wall (3840×2160): the same layout at twice the size, filling the screen, nothing cropped or overlapping', async () => {
    const W = 3840
    const H = 2160
    const page = await wallPage(baseUrl, { width: W, height: H })
    const layout = await page.evaluate(() => {
      const box = (el: Element) => {
        const r = el.getBoundingClientRect()
        return { x: r.x, y: r.y, w: r.width, h: r.height }
      }
      const named = (sel: string, name: (el: Element, i: number) => string) => [...document.querySelectorAll(sel)].map((el, i) => ({ name: name(el, i), ...box(el) }))
      const screen = document.querySelector('[data-test=wall-screen]')!
      const canvas = document.querySelector<HTMLCanvasElement>('.wall-map .maplibregl-canvas')!
      // text wider than its box (cut off by overflow or ellipsis; a CJK line's glyphs may overhang its line height, which cuts nothing)
      const cropped = [...document.querySelectorAll('.wall-header h1, .wall-header .clock, .kpi h3, .kpi .number, .wall-panel h2, .legend li')]
        .filter((el) => el.scrollWidth > el.clientWidth + 1)
        .map((el) => el.textContent)
      return {
        unit: getComputedStyle(screen).getPropertyValue('--u').trim(),
        dpr: devicePixelRatio,
        screen: box(screen),
        scroll: { w: document.documentElement.scrollWidth, h: document.documentElement.scrollHeight },
        // the blocks of the layout, which must not overlap each other
        blocks: [
          ...named('.wall-header', () => 'header'),
          ...named('.kpis > .kpi', (el) => el.getAttribute('data-test')!),
          ...named('.wall-panel', (el, i) => el.getAttribute('data-test') ?? `panel-${i}`),
          ...named('.wall-map', () => 'map'),
        ],
        kpiHeight: box(document.querySelector('.kpis')!).h,
        mapBox: box(document.querySelector('.wall-map .canvas')!),
        canvas: { w: canvas.width, h: canvas.height, cw: canvas.clientWidth, ch: canvas.clientHeight },
        cropped,
      }
    })
    expect(layout.dpr).toBe(1)
    expect(layout.unit).toBe('2px')
    expect(layout.screen).toEqual({ x: 0, y: 0, w: W, h: H })
    expect(layout.scroll).toEqual({ w: W, h: H })
    expect(layout.kpiHeight).toBeCloseTo(118 * 2, 0)
    expect(layout.blocks.length).toBe(1 + 7 + 5 + 1)
    for (const b of layout.blocks) {
      expect(b.x, b.name).toBeGreaterThanOrEqual(0)
      expect(b.y, b.name).toBeGreaterThanOrEqual(0)
      expect(b.x + b.w, b.name).toBeLessThanOrEqual(W)
      expect(b.y + b.h, b.name).toBeLessThanOrEqual(H)
    }
    const overlaps: string[] = []
    for (const [i, a] of layout.blocks.entries())
      for (const b of layout.blocks.slice(i + 1)) {
        const ox = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x)
        const oy = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y)
        if (ox > 0.5 && oy > 0.5) overlaps.push(`${a.name} × ${b.name}`)
      }
    expect(overlaps).toEqual([])
    expect(layout.cropped).toEqual([])
    // the map's canvas at the full size of its box, at the display's resolution; the centre column
    // is what the side columns (460 u each), the paddings (16 u) and the gaps (12 u) leave
    expect(layout.mapBox.w).toBeCloseTo(W - 2 * 460 * 2 - 2 * 16 * 2 - 2 * 12 * 2 - 2, 0)
    for (const [size, box] of [
      [layout.canvas.w, layout.mapBox.w],
      [layout.canvas.cw, layout.mapBox.w],
      [layout.canvas.h, layout.mapBox.h],
      [layout.canvas.ch, layout.mapBox.h],
    ])
      expect(Math.abs(size! - box!)).toBeLessThanOrEqual(1)
    // …and drawing the cases, and the charts drawn at the size of their boxes
    await expect.poll(() => renderedCaseIds(page, 'wall-cases').then((ids) => ids.length), { timeout: 30_000 }).toBeGreaterThan(0)
    for (const name of ['trend', 'categories', 'departments', 'ranking']) {
      expect((await chart(page, name))?.series.length, name).toBeGreaterThan(0)
      const sizes = await page.evaluate((n) => {
        const el = document.querySelector(`[data-test=wall-chart-${n}] canvas`) as HTMLCanvasElement | null
        const box = document.querySelector(`[data-test=wall-chart-${n}] .chart`)?.getBoundingClientRect()
        return el && box ? { dw: el.width - box.width, dh: el.height - box.height, w: box.width } : null
      }, name)
      expect(sizes, name).not.toBeNull()
      expect(sizes!.w, name).toBeGreaterThan(800)
      expect(Math.abs(sizes!.dw), name).toBeLessThanOrEqual(1)
      expect(Math.abs(sizes!.dh), name).toBeLessThanOrEqual(1)
    }
    await page.screenshot({ path: join(SCREENSHOTS, 'wall-3840x2160.png') })
    expect(page.problems.filter((p) => !/ERR_|net::|Failed to load resource/.test(p))).toEqual([])
    await page.context().close()
    // four times the pixels of 1080p in software WebGL: the first idle map takes a while on a busy machine
  }, 300_000)
})
describe('the hotspot tour', () => {
  it('flies to the hotspots of the last 7 days and says why', async () => {
    const today = chinaDate(Date.now())
    const stats = await api<StatsResponse>(`/api/stats/cases?scope=district&from=${addDays(today, -6)}&to=${today}&by=grid3`)
    const page = await wallPage(baseUrl, WALL, 'tour=4&pause=8')
    const caption = page.locator('[data-test=wall-tour-caption][data-index="0"]')
    await caption.waitFor({ timeout: 30_000 })
    // a key press pauses the tour here, so the checks below do not race the next stop
    await page.keyboard.press('Shift')
    await page.locator('[data-test=wall-tour-paused]').waitFor({ timeout: 5_000 })
    const gridId = Number(await caption.getAttribute('data-grid'))
    const top = [...stats.rows].sort((a, b) => b.total + 3 * b.overdue - (a.total + 3 * a.overdue) || b.overdue - a.overdue || Number(a.key) - Number(b.key))[0]!
    expect(gridId).toBe(top.gridId ?? Number(top.key))
    expect(await page.locator('[data-test=wall-tour-reason]').textContent()).toContain(String(top.total))
    await settle(page)
    // the map shows the hotspot grid: its box lies inside the view and fills a fair part of it
    const grid = await api<{ geometry: { coordinates: number[][][] } }>(`/api/grids/${gridId}`)
    const ring = grid.geometry.coordinates.flat(1) as number[][]
    const box = [Math.min(...ring.map((p) => p[0]!)), Math.min(...ring.map((p) => p[1]!)), Math.max(...ring.map((p) => p[0]!)), Math.max(...ring.map((p) => p[1]!))]
    const view = await page.evaluate(() => window.__gridsight!.map.getBounds().toArray().flat())
    expect(view[0]).toBeLessThanOrEqual(box[0]!)
    expect(view[1]).toBeLessThanOrEqual(box[1]!)
    expect(view[2]).toBeGreaterThanOrEqual(box[2]!)
    expect(view[3]).toBeGreaterThanOrEqual(box[3]!)
    expect((box[2]! - box[0]!) / (view[2]! - view[0]!) + (box[3]! - box[1]!) / (view[3]! - view[1]!)).toBeGreaterThan(0.3)
    await page.locator('[data-test=wall-tour-category]').waitFor({ timeout: 10_000 })
    await page.screenshot({ path: join(SCREENSHOTS, 'wall-tour.png') })
    // it goes on by itself after the pause
    await page.locator('[data-test=wall-tour-paused]').waitFor({ state: 'detached', timeout: 20_000 })
    await page.locator('[data-test=wall-tour-caption][data-index="1"]').waitFor({ timeout: 20_000 })
    await page.context().close()
  })
})
