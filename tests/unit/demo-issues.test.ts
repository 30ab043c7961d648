/**
 * Demo issues and patrols (scripts/demo/issues.ts, patrols.ts) against the committed district:
 * a year of cases with consistent lifecycles in the right grids, and a week of plausible tracks.
 */
import { fileURLToPath } from 'node:url'
import { booleanPointInPolygon } from '@turf/turf'
import type { Feature, Polygon } from 'geojson'
import { beforeAll, describe, expect, it } from 'vitest'
import { CATEGORY_CODES, ISSUE_STATUSES } from '../../api/issues/categories.ts'
import { generateIssues, type IssueRecord } from '../../scripts/demo/issues.ts'
import { DEMO_SEED, loadDemoLayers, type DemoLayers, type GridProps } from '../../scripts/demo/layers.ts'
import { generatePatrols, type PatrolRecord } from '../../scripts/demo/patrols.ts'

const DIR = fileURLToPath(new URL('../../geodata/demo/', import.meta.url))
// a Wednesday morning, China time
const NOW = new Date('2025-06-18T10:30:00+08:00')
const DAY = 86_400_000
let layers: DemoLayers
let grids: Map<number, Feature<Polygon, GridProps>>
let issues: IssueRecord[]
let ms = 0
let patrols: PatrolRecord[]
beforeAll(() => {
  layers = loadDemoLayers(DIR)
  grids = new Map(layers.grids.features.map((g) => [g.properties.id, g]))
  const t = performance.now()
  issues = generateIssues(layers, { seed: DEMO_SEED, now: NOW })
  ms = performance.now() - t
  patrols = generatePatrols(layers, { seed: DEMO_SEED, now: NOW })
}, 60_000)

const STEPS = ['acceptedAt', 'openedAt', 'dispatchedAt', 'handledAt', 'closedAt'] as const
/** which timestamps each status must (1) or must not (0) carry; rejected cases only closedAt */
const SHAPE: Record<string, number[]> = {
  reported: [0, 0, 0, 0, 0],
  accepted: [1, 0, 0, 0, 0],
  opened: [1, 1, 0, 0, 0],
  handling: [1, 1, 1, 0, 0],
  parked: [1, 1, 1, 0, 0],
  feedback: [1, 1, 1, 1, 0],
  closed: [1, 1, 1, 1, 1],
  rejected: [0, 0, 0, 0, 1],
}

describe('demo issues', { timeout: 30_000 }, () => {
  it('draws ≥ 20,000 cases over the 12 months before now, in under 3 s', () => {
    expect(issues.length).toBeGreaterThanOrEqual(20_000)
    expect(ms).toBeLessThan(3000)
    for (const i of issues) {
      const t = i.reportedAt.getTime()
      expect(t).toBeLessThanOrEqual(NOW.getTime())
      expect(t).toBeGreaterThanOrEqual(NOW.getTime() - 366 * DAY)
      expect(CATEGORY_CODES.has(i.category)).toBe(true)
      expect(ISSUE_STATUSES).toContain(i.status)
      expect(['grid_worker', 'inspector', 'public', 'hotline']).toContain(i.source)
      expect(i.reporter.name.length).toBeGreaterThan(1)
      expect(i.description.length).toBeGreaterThanOrEqual(6)
    }
    expect(new Set(issues.map((i) => i.id)).size).toBe(issues.length)
    expect(new Set(issues.map((i) => i.description)).size).toBeGreaterThan(2000)
  })

  it('keeps each lifecycle ordered and its status consistent with its timestamps', () => {
    for (const i of issues) {
      const times = [i.reportedAt, ...STEPS.map((s) => i[s])].filter((d): d is Date => d instanceof Date).map((d) => d.getTime())
      for (let k = 1; k < times.length; k++) expect(times[k], `issue ${i.id}`).toBeGreaterThanOrEqual(times[k - 1])
      expect(times[times.length - 1]).toBeLessThanOrEqual(NOW.getTime())
      expect(STEPS.map((s) => (i[s] ? 1 : 0)), `issue ${i.id} (${i.status})`).toEqual(SHAPE[i.status])
      if (i.dispatchedAt) {
        expect(i.deadlineAt!.getTime()).toBeGreaterThan(i.dispatchedAt.getTime())
        expect(i.department).toBeTruthy()
      } else expect(i.deadlineAt).toBeUndefined()
      if (i.reworkCount > 0) expect(i.handledAt).toBeDefined()
    }
  })

  it('looks like a working year: old cases closed, some late, recent ones open in every state', () => {
    const old = issues.filter((i) => i.reportedAt.getTime() < NOW.getTime() - 60 * DAY)
    const closed = old.filter((i) => i.status === 'closed')
    expect(closed.length / old.length).toBeGreaterThan(0.85)
    expect(closed.filter((i) => i.handledAt! > i.deadlineAt!).length).toBeGreaterThan(closed.length * 0.03)
    const statuses = new Set(issues.filter((i) => i.reportedAt.getTime() > NOW.getTime() - 7 * DAY).map((i) => i.status))
    for (const s of ['reported', 'accepted', 'opened', 'handling', 'feedback', 'closed', 'rejected']) expect(statuses).toContain(s)
    expect(issues.some((i) => i.status === 'parked')).toBe(true)
    const open = issues.filter((i) => !['closed', 'rejected'].includes(i.status) && i.deadlineAt)
    expect(open.filter((i) => i.deadlineAt! < NOW).length).toBeGreaterThan(10)
    expect(open.filter((i) => i.deadlineAt! >= NOW && i.deadlineAt!.getTime() < NOW.getTime() + 8 * 3_600_000).length).toBeGreaterThan(5)
    expect(issues.some((i) => i.reworkCount > 0)).toBe(true)
    const midnight = new Date('2025-06-18T00:00:00+08:00').getTime()
    expect(issues.filter((i) => i.reportedAt.getTime() >= midnight).length).toBeGreaterThanOrEqual(10)
  })

  it('follows the seasons and the working week', () => {
    const month = (m: number) => issues.filter((i) => new Date(i.reportedAt.getTime() + 8 * 3_600_000).getUTCMonth() === m)
    expect(month(6).length).toBeGreaterThan(month(0).length * 1.2)
    const weekday = issues.filter((i) => new Date(i.reportedAt.getTime() + 8 * 3_600_000).getUTCDay() % 6 !== 0).length / 5
    const weekend = issues.filter((i) => new Date(i.reportedAt.getTime() + 8 * 3_600_000).getUTCDay() % 6 === 0).length / 2
    expect(weekday).toBeGreaterThan(weekend * 1.4)
    const veg = (m: number) => month(m).filter((i) => i.category === 'vegetable_plot').length / month(m).length
    expect(veg(3)).toBeGreaterThan(veg(11) * 1.5)
  })

  it('places every case inside the district, in the level-3 grid it names, with hotspots at markets', () => {
    for (const i of issues) {
      const grid = grids.get(i.gridId)!
      expect(grid.properties.level).toBe(3)
      expect(booleanPointInPolygon([i.lon, i.lat], grid), `issue ${i.id}`).toBe(true)
    }
    const perGrid = new Map<number, number>()
    for (const i of issues) perGrid.set(i.gridId, (perGrid.get(i.gridId) ?? 0) + 1)
    const marketGrids = new Set(layers.facilities.features.filter((f) => f.properties.kind === 'market').map((f) => f.properties.gridId))
    const mean = issues.length / grids.size
    for (const g of marketGrids) expect(perGrid.get(g) ?? 0).toBeGreaterThan(mean)
  })
})

describe('demo patrols', { timeout: 30_000 }, () => {
  it('follows ~20 grid workers through their level-2 areas over the last week', () => {
    const areas = new Set(patrols.map((p) => p.gridId))
    expect(areas.size).toBeGreaterThanOrEqual(18)
    for (const id of areas) expect(grids.get(id)!.properties.level).toBe(2)
    for (const p of patrols) {
      expect(p.coordinates.length).toBe(p.times.length)
      expect(p.startedAt.getTime()).toBe(p.times[0])
      expect(p.endedAt.getTime()).toBe(p.times[p.times.length - 1])
      expect(p.startedAt.getTime()).toBeGreaterThanOrEqual(NOW.getTime() - 7 * DAY)
      expect(p.endedAt.getTime()).toBeLessThanOrEqual(NOW.getTime())
      for (let k = 1; k < p.times.length; k++) expect(p.times[k]).toBeGreaterThanOrEqual(p.times[k - 1])
      const grid = grids.get(p.gridId)!.properties
      expect(grid.persons.some((q) => q.name === p.worker.name && q.phone === p.worker.phone)).toBe(true)
      const local = new Date(p.startedAt.getTime() + 8 * 3_600_000)
      expect(local.getUTCDay() % 6, 'patrols on working days').not.toBe(0)
    }
  })

  it('records a fix about every 10 s, mostly inside the area, with noise, jumps and duplicates', () => {
    let inside = 0
    let total = 0
    let jumps = 0
    let duplicates = 0
    const gaps: number[] = []
    for (const p of patrols) {
      const area = grids.get(p.gridId)!
      p.coordinates.forEach((c, k) => {
        total++
        if (k % 5 === 0 && booleanPointInPolygon(c, area)) inside += 5
        if (k === 0) return
        const dt = p.times[k] - p.times[k - 1]
        if (dt === 0 && c[0] === p.coordinates[k - 1][0] && c[1] === p.coordinates[k - 1][1]) duplicates++
        else gaps.push(dt)
        const dx = (c[0] - p.coordinates[k - 1][0]) * 101_000
        const dy = (c[1] - p.coordinates[k - 1][1]) * 111_000
        if (Math.hypot(dx, dy) > 90) jumps++
      })
    }
    gaps.sort((a, b) => a - b)
    expect(gaps[Math.floor(gaps.length / 2)]).toBeGreaterThan(9000)
    expect(gaps[Math.floor(gaps.length / 2)]).toBeLessThan(11_000)
    expect(inside / total).toBeGreaterThan(0.85)
    expect(jumps).toBeGreaterThan(10)
    expect(duplicates).toBeGreaterThan(5)
  })
})
