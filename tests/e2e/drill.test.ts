/**
 * The leader's drill-down in real Chromium (1600×1000), checked by what is drawn: the map's
 * rendered child regions and case points (queryRenderedFeatures) and the charts' data
 * (ECharts getOption through window.__drill) must equal GET /api/stats/cases for the scope.
 * Drills district → street → community → area → point by map clicks, climbs by the breadcrumb,
 * drills again by chart bars; a category bar filters the map's cases; a week bar (weekly trend)
 * or a range brushed over the daily trend filters the map's cases to those days; a region picked
 * on the map (select mode) becomes the charts' scope; a box drawn on the map (tool or Shift-drag)
 * makes the charts and KPIs count the cases inside it; the back button climbs. Screenshots:
 * tests/e2e/screenshots/drill-*.png.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import type { FeatureCollection, MultiPolygon, Point, Polygon } from 'geojson'
import { SCREENSHOTS, apiGet, launch, newAppContext, pagePoint } from './browser'
import { labelPoints } from '../../web/src/map/labelPoints'
import type { CaseStats } from '../../web/src/features/drill/drillApi'
import { addDays } from '../../web/src/features/drill/model'
// declares window.__drill for the page functions below
import type {} from '../../web/src/features/drill/testHook'

const baseUrl = inject('baseUrl')
const USER = 'leader'
let browser: Browser
let context: BrowserContext
let page: Page

beforeAll(async () => {
  browser = await launch()
  context = await newAppContext(browser, baseUrl, { as: USER })
  page = await context.newPage()
  page.on('pageerror', (err) => console.error(`pageerror: ${err.message}`))
})
afterAll(async () => {
  await page?.screenshot({ path: join(SCREENSHOTS, 'drill-last.png') }).catch(() => {})
  await context?.close()
  await browser?.close()
})

const shot = (name: string) => page.screenshot({ path: join(SCREENSHOTS, `drill-${name}.png`) })

/** Waits until the screen shows `scope` with nothing loading, then for the map's idle frame. */
async function settled(scope: number | null): Promise<void> {
  await page.waitForFunction(
    (id) => window.__drill !== undefined && window.__gridsight !== undefined && window.__drill.scope() === id && !window.__drill.busy() && window.__gridsight.pending().length === 0 && 'trend' in window.__drill.charts(),
    scope,
    { timeout: 90_000 },
  )
  await page.evaluate(() => window.__gridsight!.waitIdle())
}

async function stats(scope: number | null, by: string, extra = ''): Promise<CaseStats> {
  const range = await page.evaluate(() => window.__drill!.range())
  return apiGet<CaseStats>(baseUrl, `/api/stats/cases?scope=${scope === null ? 'district' : `grid:${scope}`}&by=${by}&from=${range.from}&to=${range.to}${extra}`, USER)
}

/** Rendered features of a layer, one per id (a feature split across tiles counts once). */
function rendered(layer: string): Promise<{ id: number; props: Record<string, unknown> }[]> {
  return page.evaluate((id) => {
    const seen = new Map<number, Record<string, unknown>>()
    for (const f of window.__gridsight!.map.queryRenderedFeatures({ layers: [id] })) seen.set(Number(f.properties.id), f.properties)
    return [...seen].map(([fid, props]) => ({ id: fid, props }))
  }, layer)
}

type ChartOption = { xAxis: { data: string[] }[]; yAxis: { data?: string[] }[]; series: { data: ({ value: number; key: string } | number)[] }[] }
const charts = () => page.evaluate(() => window.__drill!.charts()) as Promise<Record<string, ChartOption>>
const value = (d: { value: number } | number) => (typeof d === 'number' ? d : d.value)
/** key → value of series 0 (or the sum of all series when stacked) */
function chartValues(option: ChartOption, stacked = false): Map<string, number> {
  const out = new Map<string, number>()
  option.series[0].data.forEach((d, i) => {
    const key = (d as { key: string }).key
    out.set(key, stacked ? option.series.reduce((s, series) => s + value(series.data[i]), 0) : value(d))
  })
  return out
}

/** The map and the charts show exactly the API's numbers for this scope. */
async function expectScopeMatchesApi(scope: number | null, category?: string): Promise<CaseStats> {
  const extra = category ? `&category=${category}` : ''
  const [child, day, byCategory] = await Promise.all([stats(scope, 'child', extra), stats(scope, 'day', extra), stats(scope, 'category')])
  const drawn = await charts()
  // the trend chart: every day's total
  expect(chartValues(drawn.trend)).toEqual(new Map(day.rows.map((r) => [r.key, r.total])))
  // the categories chart: the top ten categories' totals
  expect(chartValues(drawn.categories)).toEqual(new Map(byCategory.rows.slice(0, 10).map((r) => [r.key, r.total])))
  if (child.rows.length) {
    // the comparison chart: overdue + open + closed stacked = each child's total
    expect(chartValues(drawn.regions, true)).toEqual(new Map(child.rows.map((r) => [r.key, r.total])))
    // the map: one rendered region per child, each carrying the API's count
    const regions = await rendered('drill-children-fill')
    expect(new Map(regions.map((r) => [r.id, Number(r.props.total)]))).toEqual(new Map(child.rows.map((r) => [r.gridId!, r.total])))
  }
  // the map's case points: as many as the API counted, in scope
  const points = await rendered('drill-cases')
  expect(points.length).toBe(day.totals.total)
  if (category) expect(points.every((p) => p.props.category === category)).toBe(true)
  return child
}

/** Clicks inside a child region on the map (at its label point, inside the shape). */
async function clickRegion(parent: number | null, childId: number): Promise<void> {
  const grids = await apiGet<FeatureCollection<Polygon | MultiPolygon, { id: number }>>(baseUrl, parent === null ? '/api/grids?level=0' : `/api/grids?parent=${parent}`, USER)
  const target = labelPoints({ ...grids, features: grids.features.filter((f) => f.properties.id === childId) }) as FeatureCollection<Point>
  const at = await pagePoint(page, target.features[0].geometry.coordinates as [number, number])
  const hit = await page.evaluate(([x, y]) => {
    const rect = window.__gridsight!.map.getCanvas().getBoundingClientRect()
    return window.__gridsight!.map.queryRenderedFeatures([x - rect.left, y - rect.top], { layers: ['drill-children-fill'] }).map((f) => Number(f.properties.id))
  }, [at.x, at.y])
  expect(hit).toContain(childId)
  await page.mouse.click(at.x, at.y)
}

async function clickBar(chart: string, key: string): Promise<void> {
  await page.locator(`[data-test="drill-chart-${chart}"]`).scrollIntoViewIfNeeded()
  const at = await page.evaluate(([c, k]) => window.__drill!.barPoint(c, k), [chart, key])
  expect(at, `${chart} bar ${key}`).not.toBeNull()
  await page.mouse.click(at!.x, at!.y)
}

/** The busiest child of a comparison (so the next level has cases to show). */
const busiest = (child: CaseStats) => child.rows.filter((r) => r.total > 0).sort((a, b) => b.total - a.total)[0].gridId!

describe('drill-down', () => {
  const path: number[] = []

  it('district: the map and the charts equal the API; clicking a street on the map drills into it', async () => {
    await page.goto(`${baseUrl}/drill`)
    await settled(null)
    const child = await expectScopeMatchesApi(null)
    await shot('district')
    path.push(busiest(child))
    await clickRegion(null, path[0])
    await settled(path[0])
    expect(new URL(page.url()).pathname).toBe(`/drill/${path[0]}`)
  })

  it('street → community → area → point by map clicks, each scope equal to the API', async () => {
    let child = await expectScopeMatchesApi(path[0])
    await shot('street')
    for (let level = 1; level <= 3; level++) {
      const parent = path.at(-1)!
      path.push(busiest(child))
      await clickRegion(parent, path.at(-1)!)
      await settled(path.at(-1)!)
      child = await expectScopeMatchesApi(path.at(-1)!)
      if (level === 2) await shot('area')
    }
    // a point: no children; its page shows the persons and the siblings compared
    expect(child.rows).toEqual([])
    await expect(page.locator('[data-test="drill-persons"] li').count()).resolves.toBeGreaterThan(0)
    const siblings = await stats(path[2], 'child')
    expect(chartValues((await charts()).siblings, true)).toEqual(new Map(siblings.rows.map((r) => [r.key, r.total])))
    await shot('point')
    const crumbs = await page.locator('[data-test="drill-breadcrumb"] button').count()
    expect(crumbs).toBe(4)
  })

  it('the back button climbs one level; the breadcrumb climbs to the district', async () => {
    await page.goBack()
    await settled(path[2])
    await page.locator('[data-test="crumb-district"]').click()
    await settled(null)
    expect(new URL(page.url()).pathname).toBe('/drill')
  })

  it('drills district → street → community → area by chart bars', async () => {
    let scope: number | null = null
    for (const expectedLevel of [0, 1, 2]) {
      const child = await stats(scope, 'child')
      const next = busiest(child)
      await clickBar('regions', String(next))
      await settled(next)
      const grid = await apiGet<{ properties: { level: number } }>(baseUrl, `/api/grids/${next}`, USER)
      expect(grid.properties.level).toBe(expectedLevel)
      await expectScopeMatchesApi(next)
      scope = next
    }
  })

  it('a category bar filters the map’s cases and the other charts to that category', async () => {
    const scope = await page.evaluate(() => window.__drill!.scope())
    const categories = await stats(scope, 'category')
    const category = categories.rows[0].key
    await clickBar('categories', category)
    await settled(scope)
    expect((await page.evaluate(() => window.__drill!.filter())).category).toBe(category)
    await expectScopeMatchesApi(scope, category)
    const points = await rendered('drill-cases')
    expect(points.length).toBe(categories.rows[0].total)
    await shot('category')
    await page.locator('[data-test="drill-clear"]').click()
    await settled(scope)
    expect((await rendered('drill-cases')).length).toBe((await stats(scope, 'day')).totals.total)
  })

  it('a day bar of the trend filters the map’s cases to that day', async () => {
    const scope = await page.evaluate(() => window.__drill!.scope())
    const days = await stats(scope, 'day')
    const busiestDay = [...days.rows].sort((a, b) => b.total - a.total)[0]
    await clickBar('trend', busiestDay.key)
    await page.waitForFunction((day) => window.__drill!.filter().day === day, busiestDay.key)
    await settled(scope)
    const points = await rendered('drill-cases')
    expect(points.length).toBe(busiestDay.total)
    expect(points.every((p) => p.props.day === busiestDay.key)).toBe(true)
    await page.locator('[data-test="drill-clear"]').click()
    await settled(scope)
    expect((await rendered('drill-cases')).length).toBe(days.totals.total)
  })

  it('weekly trend: the chart shows the API’s weeks; a week bar filters the map’s cases to that week, and a category narrows it', async () => {
    const scope = await page.evaluate(() => window.__drill!.scope())
    await page.locator('[data-test="trend-by-week"]').click()
    await page.waitForFunction(() => window.__drill!.trendBy() === 'week')
    await settled(scope)
    const weeks = await stats(scope, 'week')
    expect(chartValues((await charts()).trend)).toEqual(new Map(weeks.rows.map((r) => [r.key, r.total])))
    const week = [...weeks.rows].sort((a, b) => b.total - a.total)[0]
    const sunday = addDays(week.key, 6)
    await clickBar('trend', week.key)
    await page.waitForFunction((k) => window.__drill!.filter().period?.from === k, week.key)
    await settled(scope)
    expect((await page.evaluate(() => window.__drill!.filter())).period).toEqual({ kind: 'week', from: week.key, to: sunday })
    let points = await rendered('drill-cases')
    expect(points.length).toBe(week.total)
    expect(points.every((p) => String(p.props.day) >= week.key && String(p.props.day) <= sunday)).toBe(true)
    await expect(page.locator('[data-test="chip-period"]').textContent()).resolves.toContain(`${week.key} 至 ${sunday}`)
    await expect(page.locator('[data-test="drill-cases-shown"]').textContent()).resolves.toContain(String(week.total))
    await shot('week')
    // a category bar as well: the map shows that category in that week, the trend counts the category
    const category = (await stats(scope, 'category')).rows[0].key
    await clickBar('categories', category)
    await page.waitForFunction((c) => window.__drill!.filter().category === c, category)
    await settled(scope)
    const weeksOfCategory = await stats(scope, 'week', `&category=${category}`)
    expect(chartValues((await charts()).trend)).toEqual(new Map(weeksOfCategory.rows.map((r) => [r.key, r.total])))
    const want = weeksOfCategory.rows.find((r) => r.key === week.key)!.total
    points = await rendered('drill-cases')
    expect(points.length).toBe(want)
    expect(points.every((p) => p.props.category === category && String(p.props.day) >= week.key && String(p.props.day) <= sunday)).toBe(true)
    await shot('week-category')
    // the week chip's × removes the week only
    await page.locator('[data-test="chip-clear-period"]').click()
    await settled(scope)
    expect(await page.evaluate(() => window.__drill!.filter())).toMatchObject({ period: null, category })
    expect((await rendered('drill-cases')).length).toBe(weeksOfCategory.totals.total)
    await page.locator('[data-test="drill-clear"]').click()
    await page.locator('[data-test="trend-by-day"]').click()
    await page.waitForFunction(() => window.__drill!.trendBy() === 'day')
    await settled(scope)
  })

  it('brushing the daily trend picks a range of days: the map shows those days’ cases', async () => {
    const scope = await page.evaluate(() => window.__drill!.scope())
    const days = await stats(scope, 'day')
    const [from, to] = [days.rows.at(-12)!.key, days.rows.at(-5)!.key]
    const want = days.rows.filter((r) => r.key >= from && r.key <= to).reduce((s, r) => s + r.total, 0)
    await page.locator('[data-test="trend-brush"]').click()
    await page.locator('[data-test="drill-chart-trend"]').scrollIntoViewIfNeeded()
    const a = await page.evaluate(([k]) => window.__drill!.barPoint('trend', k), [from])
    const b = await page.evaluate(([k]) => window.__drill!.barPoint('trend', k), [to])
    const box = (await page.locator('[data-test="drill-chart-trend"]').boundingBox())!
    const y = box.y + box.height * 0.55
    await page.mouse.move(a!.x - 2, y)
    await page.mouse.down()
    await page.mouse.move((a!.x + b!.x) / 2, y, { steps: 4 })
    await page.mouse.move(b!.x + 2, y, { steps: 4 })
    await page.mouse.up()
    await page.waitForFunction(() => window.__drill!.filter().period !== null)
    await settled(scope)
    expect((await page.evaluate(() => window.__drill!.filter())).period).toEqual({ kind: 'range', from, to })
    const points = await rendered('drill-cases')
    expect(points.length).toBe(want)
    expect(points.every((p) => String(p.props.day) >= from && String(p.props.day) <= to)).toBe(true)
    await expect(page.locator('[data-test="chip-period"]').textContent()).resolves.toContain(`${from} 至 ${to}`)
    await shot('brush')
    await page.locator('[data-test="drill-clear"]').click()
    await settled(scope)
    expect((await rendered('drill-cases')).length).toBe(days.totals.total)
  })

  it('a region picked on the map (select mode) makes the charts count that region', async () => {
    await page.locator('[data-test="crumb-district"]').click()
    await settled(null)
    const child = await stats(null, 'child')
    const picked = child.rows.filter((r) => r.total > 0).sort((a, b) => a.total - b.total)[0].gridId!
    await page.locator('[data-test="mode-select"]').click()
    await clickRegion(null, picked)
    await page.waitForFunction((id) => window.__drill!.filter().childId === id, picked)
    await settled(null)
    const [day, byCategory] = await Promise.all([stats(picked, 'day'), stats(picked, 'category')])
    const drawn = await charts()
    expect(chartValues(drawn.trend)).toEqual(new Map(day.rows.map((r) => [r.key, r.total])))
    expect(chartValues(drawn.categories)).toEqual(new Map(byCategory.rows.slice(0, 10).map((r) => [r.key, r.total])))
    // the map keeps the scope and shows only the picked region's cases
    const points = await rendered('drill-cases')
    expect(points.length).toBe(day.totals.total)
    expect(await page.evaluate(() => window.__drill!.scope())).toBeNull()
    await shot('select')
    await page.locator('[data-test="mode-drill"]').click()
  })

  it('a box drawn on the map (select-area tool, or Shift-drag) makes the charts and KPIs count the cases inside it', async () => {
    if (await page.locator('[data-test="drill-clear"]').isVisible()) await page.locator('[data-test="drill-clear"]').click()
    await settled(null)
    const all = (await stats(null, 'day')).totals.total
    const canvas = (await page.locator('.map canvas').first().boundingBox())!
    const drag = async (fx0: number, fy0: number, fx1: number, fy1: number) => {
      await page.mouse.move(canvas.x + canvas.width * fx0, canvas.y + canvas.height * fy0)
      await page.mouse.down()
      await page.mouse.move(canvas.x + canvas.width * ((fx0 + fx1) / 2), canvas.y + canvas.height * ((fy0 + fy1) / 2), { steps: 5 })
      await page.mouse.move(canvas.x + canvas.width * fx1, canvas.y + canvas.height * fy1, { steps: 5 })
      await page.mouse.up()
    }
    /** the charts, KPIs and map dots equal the API for the drawn box */
    const expectBox = async () => {
      await page.waitForFunction(() => window.__drill!.filter().area !== null)
      await settled(null)
      const area = (await page.evaluate(() => window.__drill!.filter().area))!
      expect(area.kind).toBe('bbox')
      const bbox = (area as { bbox: number[] }).bbox.map((v) => Math.round(v * 1e7) / 1e7).join(',')
      const q = `&bbox=${bbox}`
      const [day, byCategory, byState, child] = await Promise.all([stats(null, 'day', q), stats(null, 'category', q), stats(null, 'state', q), stats(null, 'child', q)])
      expect(day.totals.total).toBeGreaterThan(0)
      expect(day.totals.total).toBeLessThan(all)
      const drawn = await charts()
      expect(chartValues(drawn.trend)).toEqual(new Map(day.rows.map((r) => [r.key, r.total])))
      expect(chartValues(drawn.categories)).toEqual(new Map(byCategory.rows.slice(0, 10).map((r) => [r.key, r.total])))
      expect(chartValues(drawn.states)).toEqual(new Map(byState.rows.map((r) => [r.key, r.total])))
      expect(chartValues(drawn.regions, true)).toEqual(new Map(child.rows.map((r) => [r.key, r.total])))
      for (const [kpi, n] of [['total', day.totals.total], ['open', day.totals.open], ['overdue', day.totals.overdue]] as const) {
        await expect(page.locator(`[data-test="kpi-${kpi}"] .value`).textContent()).resolves.toBe(String(n))
      }
      // the map keeps the scope and shows the cases inside the box
      const points = await rendered('drill-cases')
      expect(points.length).toBe(day.totals.total)
      expect((await rendered('drill-area-line')).length).toBeGreaterThan(0)
      return day.totals.total
    }
    await page.locator('[data-test="area-tool"]').click()
    await drag(0.3, 0.3, 0.62, 0.66)
    await expectBox()
    await expect(page.locator('[data-test="chip-area"]').isVisible()).resolves.toBe(true)
    await shot('area')
    await page.locator('[data-test="chip-clear-area"]').click()
    await settled(null)
    expect((await page.evaluate(() => window.__drill!.filter())).area).toBeNull()
    // Shift-drag without the tool: another box
    await page.keyboard.down('Shift')
    await drag(0.55, 0.5, 0.35, 0.25)
    await page.keyboard.up('Shift')
    await expectBox()
    expect(await page.evaluate(() => window.__drill!.scope())).toBeNull()
    await page.locator('[data-test="drill-clear"]').click()
    await settled(null)
  })

  it('nothing in the top bar overlaps at 1440 px, in Chinese and in English', async () => {
    await page.setViewportSize({ width: 1440, height: 900 })
    for (const locale of ['zh', 'en']) {
      if (locale === 'en') await page.locator('[data-test="language-toggle"]').click()
      await settled(null)
      const boxes = await page.evaluate(() => {
        const bar = document.querySelector('header.topbar')!
        const items = [...bar.querySelectorAll('button, .name, .product, .live, .who, .busy')].filter((e) => (e as HTMLElement).offsetParent !== null)
        return {
          width: bar.clientWidth,
          scroll: bar.scrollWidth,
          items: items.map((e) => {
            const r = e.getBoundingClientRect()
            return { what: (e as HTMLElement).dataset.test ?? e.className, left: r.left, right: r.right, top: r.top, bottom: r.bottom }
          }),
        }
      })
      expect(boxes.items.length).toBeGreaterThan(4)
      expect(boxes.scroll).toBeLessThanOrEqual(boxes.width)
      const overlaps: string[] = []
      for (const [i, a] of boxes.items.entries())
        for (const b of boxes.items.slice(i + 1)) if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1) overlaps.push(`${a.what} × ${b.what}`)
      expect(boxes.items.every((b) => b.left >= 0 && b.right <= 1440)).toBe(true)
      expect(overlaps).toEqual([])
      await page.screenshot({ path: join(SCREENSHOTS, `drill-topbar-1440-${locale}.png`), clip: { x: 0, y: 0, width: 1440, height: 120 } })
    }
    await page.screenshot({ path: join(SCREENSHOTS, 'drill-1440-en.png') })
    await page.locator('[data-test="language-toggle"]').click()
  })
})
