/**
 * The grid planner in a real Chromium (1600×1000), logged in as `planner`: a shared vertex dragged
 * with mouse events at its projected pixel moves in both neighbours (checked through the API after
 * saving) and the level still tiles its parent (GET /api/analysis/topology clean); live validation
 * shows a problem with its Chinese reason when a vertex is dragged outside the parent; split and
 * merge round trips; the 409 race (a save from a second context in between) and reload-and-reapply.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import type { Position } from 'geojson'
import { SCREENSHOTS, apiGet, launch, newAppContext, settle } from './browser'
import { geometryArea } from '../../geo/index.ts'
// declares window.__planner
import type {} from '../../web/src/features/planner/plannerHook'

const baseUrl = inject('baseUrl')
let browser: Browser
let context: BrowserContext
let page: Page

interface GridFC { features: { id: number; geometry: { type: string; coordinates: Position[][] }; properties: { id: number; name: string; code?: string; parentId: number | null; level: number; version?: number } }[] }

/** The family to edit: the children (level 2) of the first community that has three or more. */
let parentId: number
let family: GridFC['features']

beforeAll(async () => {
  browser = await launch()
  context = await newAppContext(browser, baseUrl, { as: 'planner' })
  page = await context.newPage()
  const level2 = await apiGet<GridFC>(baseUrl, '/api/grids?level=2')
  const byParent = new Map<number, GridFC['features']>()
  for (const f of level2.features) byParent.set(f.properties.parentId!, [...(byParent.get(f.properties.parentId!) ?? []), f])
  ;[parentId, family] = [...byParent.entries()].find(([, fs]) => fs.length >= 3)!
}, 180_000)

afterAll(async () => {
  await browser?.close()
})

const shot = (name: string) => page.screenshot({ path: join(SCREENSHOTS, name) })
const key = (p: Position) => `${p[0]},${p[1]}`

async function openPlanner(gridId: number): Promise<void> {
  await page.goto(`${baseUrl}/planner/${gridId}`)
  await page.locator('[data-test=planner-selected]').waitFor({ timeout: 90_000 })
  await page.waitForFunction(() => window.__planner !== undefined && (window.__gridsight?.map.getLayer('planner-problems-fill') ?? null) !== null, null, { timeout: 60_000 })
  await settle(page)
}

/** A vertex held by the selected grid and exactly one sibling, not on the parent's boundary. */
async function sharedInnerVertex(): Promise<{ at: Position; holders: number[] }> {
  return page.evaluate(() => {
    const store = window.__planner!.store
    const parentRing = new Set((store.parent!.geometry.type === 'Polygon' ? store.parent!.geometry.coordinates.flat() : store.parent!.geometry.coordinates.flat(2)).map((p: number[]) => `${p[0]},${p[1]}`))
    const holders = new Map<string, number[]>()
    for (const d of store.drafts) {
      for (const p of (d.geometry.coordinates as number[][][])[0].slice(0, -1)) {
        const k = `${p[0]},${p[1]}`
        if (!holders.has(k)) holders.set(k, [])
        holders.get(k)!.push(d.id)
      }
    }
    const [k, ids] = [...holders.entries()].find(([k, ids]) => ids.length === 2 && ids.includes(store.selectedKey!) && !parentRing.has(k))!
    return { at: k.split(',').map(Number), holders: ids }
  })
}

/** Centres the map on a point at a zoom, then returns its page pixel. */
async function focus(at: Position, zoom: number): Promise<{ x: number; y: number }> {
  await page.evaluate(([lon, lat, z]) => {
    window.__gridsight!.map.jumpTo({ center: [lon, lat], zoom: z })
  }, [at[0], at[1], zoom])
  await settle(page)
  return page.evaluate(([lon, lat]) => {
    const map = window.__gridsight!.map
    const rect = map.getCanvas().getBoundingClientRect()
    const p = map.project([lon, lat])
    return { x: rect.left + p.x, y: rect.top + p.y }
  }, at)
}

async function drag(from: { x: number; y: number }, dx: number, dy: number): Promise<void> {
  await page.mouse.move(from.x, from.y)
  await page.mouse.down()
  for (let i = 1; i <= 8; i++) await page.mouse.move(from.x + (dx * i) / 8, from.y + (dy * i) / 8)
  await page.mouse.up()
  await settle(page)
}

async function save(reason: string): Promise<void> {
  await page.fill('[data-test=planner-reason]', reason)
  await page.locator('[data-test=planner-save-button]:not([disabled])').waitFor({ timeout: 30_000 })
  await page.click('[data-test=planner-save-button]')
  // saved, or a refusal whose text the failure shows (a save moves cases: slow on a loaded machine)
  const outcome = page.locator('[data-test=planner-saved], [data-test=planner-save-error], [data-test=planner-conflict], [data-test=planner-problem]').first()
  await outcome.waitFor({ timeout: 150_000 })
  expect(await outcome.getAttribute('data-test'), (await outcome.textContent()) ?? '').toBe('planner-saved')
}

async function topologyClean(): Promise<{ gap: number; overlap: number; outside: number }> {
  const res = await apiGet<{ features: { properties: { code: string } }[] }>(baseUrl, `/api/analysis/topology?level=2&parent=${parentId}`)
  const count = (code: string) => res.features.filter((f) => f.properties.code === code).length
  return { gap: count('gap'), overlap: count('overlap'), outside: count('outside_parent') }
}

// saves move cases and assignments: slow when the machine is shared, hence the long per-test limit
describe('grid planner', { timeout: 300_000 }, () => {
  it('drags a shared vertex: both neighbours change, saved, and the level still tiles its parent', async () => {
    await openPlanner(family[0].id)
    const { at, holders } = await sharedInnerVertex()
    const pixel = await focus(at, 17)
    // the vertex handles show once the grid is selected in the editor
    await drag(pixel, 40, 25)
    const after = await page.evaluate(() => window.__planner!.store.drafts.map((d) => ({ id: d.id, ring: (d.geometry.coordinates as number[][][])[0].map((p) => `${p[0]},${p[1]}`) })))
    const moved = after.filter((d) => holders.includes(d.id))
    expect(moved.every((d) => !d.ring.includes(key(at)))).toBe(true)
    // both hold the same new vertex
    const newVertex = moved[0].ring.find((k) => !family.find((f) => f.id === moved[0].id)!.geometry.coordinates[0].map(key).includes(k))!
    expect(newVertex).toBeDefined()
    expect(moved[1].ring).toContain(newVertex)
    await page.locator('[data-test=planner-problems-none]').waitFor({ timeout: 30_000 })
    await shot('planner-vertex-dragged.png')
    await save('e2e：调整共用边界')
    for (const id of holders) {
      const grid = await apiGet<{ geometry: { coordinates: Position[][] } }>(baseUrl, `/api/grids/${id}`)
      const ring = grid.geometry.coordinates[0].map(key)
      expect(ring).not.toContain(key(at))
      expect(ring).toContain(newVertex)
    }
    expect(await topologyClean()).toEqual({ gap: 0, overlap: 0, outside: 0 })
  })

  it('shows a live problem with its Chinese reason when a vertex is dragged outside the parent, and save is disabled', async () => {
    // a vertex of the selected grid on the parent's boundary, dragged outward
    const outer = await page.evaluate(() => {
      const store = window.__planner!.store
      const parent = store.parent!.geometry
      const pring = (parent.type === 'Polygon' ? parent.coordinates[0] : parent.coordinates[0][0]) as number[][]
      const keys = new Set(pring.map((p) => `${p[0]},${p[1]}`))
      const sel = store.selected!
      const ring = (sel.geometry.coordinates as number[][][])[0]
      const v = ring.find((p) => keys.has(`${p[0]},${p[1]}`))!
      const cx = pring.reduce((s, p) => s + p[0], 0) / pring.length, cy = pring.reduce((s, p) => s + p[1], 0) / pring.length
      return { v, away: [v[0] - cx, v[1] - cy] }
    })
    const pixel = await focus(outer.v, 17)
    const len = Math.hypot(outer.away[0], outer.away[1])
    await drag(pixel, (outer.away[0] / len) * 120, -(outer.away[1] / len) * 120)
    const problem = page.locator('[data-test=planner-problem][data-code=outside_parent]').first()
    await problem.waitFor({ timeout: 30_000 })
    expect(await problem.textContent()).toMatch(/超出父网格/)
    expect(await page.locator('[data-test=planner-save-button]').isDisabled()).toBe(true)
    expect(await page.locator('[data-test=planner-save-blocker]').textContent()).toMatch(/拓扑问题/)
    await page.waitForFunction(() => (window.__gridsight!.map.queryRenderedFeatures({ layers: ['planner-problems-fill', 'planner-problems-line'] }).length > 0))
    await shot('planner-outside-parent.png')
    await page.click('[data-test=planner-discard]')
    await page.locator('[data-test=planner-problems]').waitFor({ state: 'detached' })
  })

  it('splits a grid along a drawn line and merges it back (round trip through the API)', async () => {
    const before = await apiGet<{ geometry: { coordinates: Position[][] } }>(baseUrl, `/api/grids/${family[1].id}`)
    await openPlanner(family[1].id)
    const line = await page.evaluate(() => {
      const sel = window.__planner!.store.selected!
      const ring = (sel.geometry.coordinates as number[][][])[0]
      const xs = ring.map((p) => p[0]), ys = ring.map((p) => p[1])
      const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)]
      const y = (y0 + y1) / 2
      return { from: [x0 - (x1 - x0) * 0.1, y], to: [x1 + (x1 - x0) * 0.1, y], center: [(x0 + x1) / 2, y], span: Math.max(x1 - x0, y1 - y0) }
    })
    await page.evaluate(([lon, lat]) => window.__gridsight!.map.jumpTo({ center: [lon, lat], zoom: 15 }), line.center)
    await page.evaluate((span) => {
      const map = window.__gridsight!.map
      const c = map.getCenter()
      map.fitBounds([[c.lng - span * 0.7, c.lat - span * 0.7], [c.lng + span * 0.7, c.lat + span * 0.7]], { duration: 0 })
    }, line.span)
    await settle(page)
    await page.click('[data-test=planner-tool-split]')
    const p = await page.evaluate(([a, b]) => {
      const map = window.__gridsight!.map
      const rect = map.getCanvas().getBoundingClientRect()
      const [pa, pb] = [map.project(a as [number, number]), map.project(b as [number, number])]
      return { a: { x: rect.left + pa.x, y: rect.top + pa.y }, b: { x: rect.left + pb.x, y: rect.top + pb.y } }
    }, [line.from, line.to])
    await page.mouse.click(p.a.x, p.a.y)
    await page.mouse.move(p.b.x, p.b.y)
    await page.mouse.click(p.b.x, p.b.y)
    await page.mouse.click(p.b.x, p.b.y) // a second click on the last point finishes the line
    await page.waitForFunction(() => window.__planner!.store.drafts.length === window.__planner!.store.session!.base.length + 1, null, { timeout: 20_000 })
    await page.locator('[data-test=planner-problems-none]').waitFor({ timeout: 30_000 })
    await settle(page)
    // the split line is handed over and cleared: terra-draw keeps nothing but the family, and no line is drawn
    expect(await page.evaluate(() => window.__planner!.scratch())).toEqual([])
    expect(await page.evaluate(() => window.__gridsight!.map.queryRenderedFeatures().filter((f) => f.geometry.type === 'LineString' && (f.source.startsWith('td-') || f.layer.id.startsWith('td-'))).length)).toBe(0)
    await shot('planner-split.png')
    await save('e2e：拆分网格')
    const created = await page.evaluate(() => window.__planner!.store.drafts.find((d) => !d.properties.version || d.properties.name.includes('拆分'))!.id)
    const afterSplit = await apiGet<GridFC>(baseUrl, `/api/grids?level=2&parent=${parentId}`)
    expect(afterSplit.features.length).toBe(family.length + 1)
    expect(await topologyClean()).toEqual({ gap: 0, overlap: 0, outside: 0 })

    await page.locator(`[data-test=planner-merge-${created}]`).click()
    await page.locator('[data-test=planner-problems-none]').waitFor({ timeout: 30_000 })
    await save('e2e：合并回原网格')
    const afterMerge = await apiGet<GridFC>(baseUrl, `/api/grids?level=2&parent=${parentId}`)
    expect(afterMerge.features.length).toBe(family.length)
    const merged = await apiGet<{ geometry: { coordinates: Position[][] } }>(baseUrl, `/api/grids/${family[1].id}`)
    expect(new Set(merged.geometry.coordinates[0].map(key))).toEqual(new Set(before.geometry.coordinates[0].map(key)))
    expect(await topologyClean()).toEqual({ gap: 0, overlap: 0, outside: 0 })
  })

  it('a save that lost the race gets 409 with who/when/why, and reload-and-reapply keeps the edit', async () => {
    await openPlanner(family[2].id)
    const { at, holders } = await sharedInnerVertex()
    const pixel = await focus(at, 17)
    await drag(pixel, -30, 20)
    // meanwhile a second planner (another browser context) saves a change to the same family
    const other = await newAppContext(browser, baseUrl, { as: 'admin' })
    const otherPage = await other.newPage()
    await otherPage.goto(`${baseUrl}/planner/${family[2].id}`)
    const status = await otherPage.evaluate(async ({ gridId }) => {
      const grid = await (await fetch(`/api/grids/${gridId}`)).json()
      const res = await fetch('/api/planning/changes', {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          baseVersions: { [gridId]: grid.properties.version }, effectiveDate: new Date().toISOString().slice(0, 10), reason: '另一位规划员：更正名称',
          // a renamed grid: a change that leaves the boundary to the first planner
          parentId: grid.properties.parentId, level: grid.properties.level, removed: [],
          grids: [{ id: gridId, level: grid.properties.level, parentId: grid.properties.parentId, name: `${grid.properties.name}（更名）`, geometry: grid.geometry }],
        }),
      })
      return res.status
    }, { gridId: holders[0] })
    expect(status).toBe(201)
    await other.close()
    await page.fill('[data-test=planner-reason]', 'e2e：冲突后重放')
    await page.click('[data-test=planner-save-button]')
    const conflict = page.locator('[data-test=planner-conflict]')
    await conflict.waitFor({ timeout: 30_000 })
    expect(await conflict.textContent()).toMatch(/另一位规划员/)
    await shot('planner-conflict.png')
    await page.click('[data-test=planner-conflict-reload]')
    await page.locator('[data-test=planner-replayed]').waitFor()
    expect(await page.locator('[data-test=planner-replayed]').textContent()).toMatch(/1/)
    await page.click('[data-test=planner-save-button]')
    await page.locator('[data-test=planner-saved]').waitFor({ timeout: 60_000 })
    for (const id of holders) {
      const grid = await apiGet<{ geometry: { coordinates: Position[][] } }>(baseUrl, `/api/grids/${id}`)
      expect(grid.geometry.coordinates[0].map(key)).not.toContain(key(at))
    }
    expect(await topologyClean()).toEqual({ gap: 0, overlap: 0, outside: 0 })
  })

  it('shows the history with a visual diff of a change', async () => {
    await page.locator('[data-test=planner-history-entry]').first().waitFor({ timeout: 30_000 })
    await page.locator('[data-test=planner-history-diff]').first().click()
    await page.waitForFunction(() => window.__gridsight!.map.queryRenderedFeatures({ layers: ['planner-diff-before', 'planner-diff-after'] }).length > 0, null, { timeout: 30_000 })
    await shot('planner-history-diff.png')
  })

  it('moves a whole shared edge: both neighbours follow, saved, and the level still tiles its parent', async () => {
    await openPlanner(family[0].id)
    // an edge held by two siblings, neither end on the parent's boundary
    const edge = await page.evaluate(() => {
      const store = window.__planner!.store
      const pg = store.parent!.geometry
      const onParent = new Set((pg.type === 'Polygon' ? pg.coordinates.flat() : pg.coordinates.flat(2)).map((p: number[]) => `${p[0]},${p[1]}`))
      const seen = new Map<string, number>()
      const found: { a: number[]; b: number[]; ids: number[] }[] = []
      for (const d of store.drafts) {
        if (d.geometry.type !== 'Polygon') continue
        const ring = d.geometry.coordinates[0]
        for (let i = 0; i + 1 < ring.length; i++) {
          const [a, b] = [ring[i], ring[i + 1]]
          const back = seen.get(`${b[0]},${b[1]}|${a[0]},${a[1]}`)
          if (back !== undefined && back !== d.id && !onParent.has(`${a[0]},${a[1]}`) && !onParent.has(`${b[0]},${b[1]}`)) found.push({ a, b, ids: [back, d.id] })
          seen.set(`${a[0]},${a[1]}|${b[0]},${b[1]}`, d.id)
        }
      }
      const map = window.__gridsight!.map
      const len = (e: { a: number[]; b: number[] }) => {
        const [p, q] = [map.project(e.a as [number, number]), map.project(e.b as [number, number])]
        return Math.hypot(p.x - q.x, p.y - q.y)
      }
      return found.sort((x, y) => len(y) - len(x))[0] ?? null
    })
    expect(edge).not.toBeNull()
    const midpoint: Position = [(edge!.a[0] + edge!.b[0]) / 2, (edge!.a[1] + edge!.b[1]) / 2]
    const pixel = await focus(midpoint, 17)
    await page.click('[data-test=planner-tool-edge]')
    // perpendicular to the edge on screen, 20 px
    const normal = await page.evaluate(([a, b]) => {
      const map = window.__gridsight!.map
      const [p, q] = [map.project(a as [number, number]), map.project(b as [number, number])]
      const len = Math.hypot(q.x - p.x, q.y - p.y)
      return { x: -(q.y - p.y) / len, y: (q.x - p.x) / len, len }
    }, [edge!.a, edge!.b])
    expect(normal.len).toBeGreaterThan(40)
    const rings = () => page.evaluate(() => window.__planner!.store.drafts.map((d) => ({ id: d.id, ring: (d.geometry.coordinates as number[][][])[0].map((p) => `${p[0]},${p[1]}`) })))
    const before = await rings()
    await drag(pixel, normal.x * 20, normal.y * 20)
    const after = await rings()
    const holders = after.filter((d) => edge!.ids.includes(d.id))
    expect(holders).toHaveLength(2)
    for (const h of holders) {
      expect(h.ring).not.toContain(key(edge!.a))
      expect(h.ring).not.toContain(key(edge!.b))
    }
    // both neighbours hold the same two new ends
    const fresh = holders[0].ring.filter((k) => !before.find((f) => f.id === holders[0].id)!.ring.includes(k))
    expect(fresh.length).toBeGreaterThanOrEqual(2)
    for (const k of fresh) expect(holders[1].ring).toContain(k)
    await page.locator('[data-test=planner-problems-none]').waitFor({ timeout: 30_000 })
    await shot('planner-edge-moved.png')
    await save('e2e：平移共用边')
    for (const id of edge!.ids) {
      const grid = await apiGet<{ geometry: { coordinates: Position[][] } }>(baseUrl, `/api/grids/${id}`)
      const ring = grid.geometry.coordinates[0].map(key)
      expect(ring).not.toContain(key(edge!.a))
      for (const k of fresh) expect(ring).toContain(k)
    }
    expect(await topologyClean()).toEqual({ gap: 0, overlap: 0, outside: 0 })
    await page.click('[data-test=planner-tool-select]')
  })

  it('draws a new child across shared boundaries: clipped, carved out of the siblings, impact previewed, saved with the typed name and code, topology clean', async () => {
    const before = await apiGet<GridFC>(baseUrl, `/api/grids?level=2&parent=${parentId}`)
    const parentGrid = await apiGet<{ properties: { code: string } }>(baseUrl, `/api/grids/${parentId}`)
    const taken = new Set(before.features.map((f) => f.properties.code))
    const code = [9, 8, 7, 6].map((a) => `${parentGrid.properties.code.slice(0, 12)}${a}00`).find((c) => !taken.has(c))!
    await openPlanner(before.features[0].id)
    // of the vertices held by two or more siblings inside the parent, the one with the most room
    // around it (pixels to the nearest edge not ending there): a square there takes a corner from each holder
    await page.evaluate(() => {
      const store = window.__planner!.store
      window.__gridsight!.map.fitBounds(bboxOfDrafts(store.drafts), { duration: 0, padding: 40 })
      function bboxOfDrafts(ds: typeof store.drafts): [[number, number], [number, number]] {
        const ps = ds.flatMap((d) => (d.geometry.coordinates as number[][][])[0])
        return [[Math.min(...ps.map((p) => p[0])), Math.min(...ps.map((p) => p[1]))], [Math.max(...ps.map((p) => p[0])), Math.max(...ps.map((p) => p[1]))]]
      }
    })
    await settle(page)
    const best = await page.evaluate(() => {
      const map = window.__gridsight!.map
      const store = window.__planner!.store
      const pg = store.parent!.geometry
      const onParent = new Set((pg.type === 'Polygon' ? pg.coordinates.flat() : pg.coordinates.flat(2)).map((p: number[]) => `${p[0]},${p[1]}`))
      const holders = new Map<string, number[]>()
      const rings = store.drafts.filter((d) => d.geometry.type === 'Polygon').map((d) => ({ id: d.id, ring: (d.geometry.coordinates as number[][][])[0] }))
      for (const { id, ring } of rings) for (const p of ring.slice(0, -1)) holders.set(`${p[0]},${p[1]}`, [...(holders.get(`${p[0]},${p[1]}`) ?? []), id])
      let top: { at: number[]; ids: number[]; room: number } | null = null
      for (const [k, ids] of holders) {
        if (ids.length < 2 || onParent.has(k)) continue
        const at = k.split(',').map(Number)
        const c = map.project(at as [number, number])
        let room = Infinity
        for (const { ring } of rings) {
          for (let i = 0; i + 1 < ring.length; i++) {
            const [p, q] = [ring[i], ring[i + 1]]
            if ((p[0] === at[0] && p[1] === at[1]) || (q[0] === at[0] && q[1] === at[1])) continue
            const a = map.project(p as [number, number]), b = map.project(q as [number, number])
            const dx = b.x - a.x, dy = b.y - a.y
            const t = Math.max(0, Math.min(1, ((c.x - a.x) * dx + (c.y - a.y) * dy) / (dx * dx + dy * dy || 1)))
            room = Math.min(room, Math.hypot(a.x + t * dx - c.x, a.y + t * dy - c.y))
          }
        }
        if (!top || room > top.room) top = { at, ids, room }
      }
      return top!
    })
    const at = best.at as Position
    const holders = best.ids
    await focus(at, 17)
    const square = await page.evaluate(([lon, lat]) => {
      const map = window.__gridsight!.map
      const store = window.__planner!.store
      const c = map.project([lon, lat])
      let dmin = Infinity
      for (const d of store.drafts) {
        const ring = (d.geometry.coordinates as number[][][])[0]
        for (let i = 0; i + 1 < ring.length; i++) {
          const a = map.project(ring[i] as [number, number]), b = map.project(ring[i + 1] as [number, number])
          const touches = (ring[i][0] === lon && ring[i][1] === lat) || (ring[i + 1][0] === lon && ring[i + 1][1] === lat)
          if (touches) continue
          const dx = b.x - a.x, dy = b.y - a.y
          const t = Math.max(0, Math.min(1, ((c.x - a.x) * dx + (c.y - a.y) * dy) / (dx * dx + dy * dy || 1)))
          dmin = Math.min(dmin, Math.hypot(a.x + t * dx - c.x, a.y + t * dy - c.y))
        }
      }
      const r = Math.min(dmin * 0.5, 160)
      const rect = map.getCanvas().getBoundingClientRect()
      return { r, corners: [[-r, -r], [r, -r * 0.8], [r * 0.9, r], [-r, r * 0.9]].map(([dx, dy]) => ({ x: rect.left + c.x + dx, y: rect.top + c.y + dy })) }
    }, at)
    expect(square.r).toBeGreaterThan(20)
    await page.click('[data-test=planner-tool-draw]')
    await page.fill('[data-test=planner-new-name]', 'e2e新片区')
    await page.fill('[data-test=planner-new-code]', code)
    for (const p of square.corners) {
      await page.mouse.move(p.x, p.y)
      await page.mouse.click(p.x, p.y)
    }
    await page.mouse.move(square.corners[0].x, square.corners[0].y)
    await page.mouse.click(square.corners[0].x, square.corners[0].y) // the first corner again closes the polygon
    await page.waitForFunction(() => window.__planner!.store.drafts.some((d) => d.properties.gridId === null && d.properties.name === 'e2e新片区'), null, { timeout: 20_000 })
    await page.locator('[data-test=planner-problems-none]').waitFor({ timeout: 30_000 })
    await settle(page)
    expect(await page.evaluate(() => window.__planner!.scratch())).toEqual([])
    // impact: what moves into the new grid
    await page.click('[data-test=planner-impact-run]')
    await page.locator('[data-test=planner-impact-summary]').waitFor({ timeout: 60_000 })
    const impact = await page.evaluate(() => window.__planner!.store.impact)
    expect(impact).not.toBeNull()
    await shot('planner-draw-child.png')
    await save('e2e：绘制新网格')
    const after = await apiGet<GridFC>(baseUrl, `/api/grids?level=2&parent=${parentId}`)
    expect(after.features.length).toBe(before.features.length + 1)
    const created = after.features.find((f) => f.properties.name === 'e2e新片区')!
    expect(created).toBeDefined()
    expect(created.properties.code).toBe(code)
    // the holders of the vertex shrank and lost it; the others kept their boundary
    for (const f of before.features) {
      const now = after.features.find((g) => g.id === f.id)!
      const [a0, a1] = [geometryArea(f.geometry as never), geometryArea(now.geometry as never)]
      if (holders.includes(f.id)) {
        expect(a1).toBeLessThan(a0)
        expect(now.geometry.coordinates[0].map(key)).not.toContain(key(at))
      }
    }
    const total = (fc: GridFC) => fc.features.reduce((s, f) => s + geometryArea(f.geometry as never), 0)
    expect(Math.abs(total(after) - total(before))).toBeLessThan(total(before) * 1e-6)
    expect(await topologyClean()).toEqual({ gap: 0, overlap: 0, outside: 0 })
    expect(impact!.moves.every((m) => m.count > 0)).toBe(true)
  })

  it('a MultiPolygon grid is refused with a clear reason, never silently', async () => {
    // a grid of another family stored as a one-part MultiPolygon (as an import may leave it)
    const level2 = await apiGet<GridFC>(baseUrl, '/api/grids?level=2')
    const target = level2.features.find((f) => f.properties.parentId !== parentId && f.geometry.type === 'Polygon')!
    const other = await newAppContext(browser, baseUrl, { as: 'admin' })
    const otherPage = await other.newPage()
    await otherPage.goto(`${baseUrl}/`)
    const status = await otherPage.evaluate(async ({ gridId }) => {
      const grid = await (await fetch(`/api/grids/${gridId}`)).json()
      const res = await fetch('/api/planning/changes', {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          baseVersions: { [gridId]: grid.properties.version }, effectiveDate: new Date().toISOString().slice(0, 10), reason: 'e2e：多面网格',
          parentId: grid.properties.parentId, level: grid.properties.level, removed: [],
          grids: [{ id: gridId, level: grid.properties.level, parentId: grid.properties.parentId, name: grid.properties.name, geometry: { type: 'MultiPolygon', coordinates: [grid.geometry.coordinates] } }],
        }),
      })
      return res.status
    }, { gridId: target.id })
    await other.close()
    expect(status).toBe(201)
    await openPlanner(target.id)
    const note = page.locator('[data-test=planner-multipolygon]')
    await note.waitFor({ timeout: 30_000 })
    expect(await note.textContent()).toMatch(/MultiPolygon/)
    expect(await note.textContent()).toMatch(/只能编辑单一多边形网格/)
    expect(await page.locator('[data-test=planner-tool-split]').isDisabled()).toBe(true)
    expect(await page.locator('[data-test^=planner-merge-]').count()).toBe(0)
    await shot('planner-multipolygon.png')
  })

  it('a read-only user sees the grids and a note, no tools', async () => {
    const ctx = await newAppContext(browser, baseUrl, { as: 'leader' })
    const p = await ctx.newPage()
    await p.goto(`${baseUrl}/planner/${family[0].id}`)
    await p.locator('[data-test=planner-readonly]').waitFor({ timeout: 60_000 })
    expect(await p.locator('[data-test=planner-tools]').count()).toBe(0)
    await ctx.close()
  })
})
