/**
 * The drill-down's state: the scope (district or one grid), what the API says about it, and the
 * cross-filter between the map and the charts. A category picked on a chart narrows the other
 * charts and the map; a day narrows the map; a child region picked on the map (select mode)
 * becomes the charts' scope. Stale answers from a previous scope are dropped (generation count).
 */
import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson'
import type { DistrictFeature, GridDetailFeature, GridProps } from '../../api/types'
import { useStatusStore } from '../status/useStatusStore'
import { fetchCases, fetchChildren, fetchDistrict, fetchGrid, fetchIndicators, fetchStats, type CaseStats, type DrillCase, type Indicators } from './drillApi'
import { areaParam, lastDays, NO_FILTER, type CrossFilter } from './model'

/** days of cases the screen counts, ending today */
export const RANGE_DAYS = 30

export const useDrillStore = defineStore('drill', () => {
  const status = useStatusStore()
  const gridId = ref<number | null>(null)
  const range = ref(lastDays(new Date(), RANGE_DAYS))
  const grid = shallowRef<GridDetailFeature | null>(null)
  const district = shallowRef<DistrictFeature | null>(null)
  const children = shallowRef<FeatureCollection<Polygon | MultiPolygon, GridProps> | null>(null)
  const cases = shallowRef<DrillCase[]>([])
  const indicators = shallowRef<Indicators | null>(null)
  const points = shallowRef<CaseStats | null>(null)
  const siblings = shallowRef<CaseStats | null>(null)
  const trend = shallowRef<CaseStats | null>(null)
  const categories = shallowRef<CaseStats | null>(null)
  const states = shallowRef<CaseStats | null>(null)
  const regions = shallowRef<CaseStats | null>(null)
  const filter = ref<CrossFilter>({ ...NO_FILTER })
  /** the trend chart's buckets: days (a bar picks a day, a brush a range) or weeks (a bar picks a week) */
  const trendBy = ref<'day' | 'week'>('day')
  const error = ref<string | null>(null)
  /** loads running (scope or charts): the screen is settled when none is */
  const running = ref(0)
  const busy = computed(() => running.value > 0)
  let scopeGeneration = 0
  let chartGeneration = 0

  /** the level of the scope grid; -1 for the district */
  const level = computed(() => (gridId.value === null ? -1 : (grid.value?.properties.level ?? -1)))
  /** what the trend, categories and states charts count: the picked child, else the scope */
  const chartScope = computed(() => filter.value.childId ?? gridId.value)

  async function track<T>(label: string, work: Promise<T>): Promise<T> {
    const done = status.begin(label)
    try {
      return await work
    } finally {
      done()
    }
  }

  function failed(err: unknown) {
    error.value = (err as Error).message
    status.report('drill', 'drill.loadFailed', { message: (err as Error).message }, () => void load(gridId.value))
  }

  /** Loads everything about a scope; the charts follow. */
  async function load(id: number | null): Promise<void> {
    running.value++
    try {
      await loadScope(id)
    } finally {
      running.value--
    }
  }

  async function loadScope(id: number | null): Promise<void> {
    const generation = ++scopeGeneration
    const changed = id !== gridId.value
    gridId.value = id
    if (changed) filter.value = { ...NO_FILTER }
    error.value = null
    status.clear('drill')
    try {
      const [g, d, kids, found, pts] = await track(
        'drill-scope',
        Promise.all([
          id === null ? null : fetchGrid(id),
          district.value ?? fetchDistrict(),
          fetchChildren(id),
          fetchCases(id, range.value),
          fetchStats(id, 'grid3', range.value, null),
        ]),
      )
      const parent = g?.properties.level === 0 ? null : (g?.properties.parentId ?? undefined)
      const sib = g ? await track('drill-siblings', fetchStats(parent ?? null, 'child', range.value, null)) : null
      if (generation !== scopeGeneration) return
      grid.value = g
      district.value = d
      children.value = kids
      cases.value = found
      points.value = pts
      siblings.value = sib
      await loadCharts()
    } catch (err) {
      if (generation === scopeGeneration) failed(err)
    }
  }

  async function loadCharts(): Promise<void> {
    running.value++
    try {
      await loadChartData()
    } finally {
      running.value--
    }
  }

  async function loadChartData(): Promise<void> {
    const generation = ++chartGeneration
    const { category } = filter.value
    const area = areaParam(filter.value.area)
    try {
      const [t, c, s, r, ind] = await track(
        'drill-charts',
        Promise.all([
          fetchStats(chartScope.value, trendBy.value, range.value, category, area),
          fetchStats(chartScope.value, 'category', range.value, null, area),
          fetchStats(chartScope.value, 'state', range.value, category, area),
          fetchStats(gridId.value, 'child', range.value, category, area),
          // the rates are computed per grid: none for a drawn area
          filter.value.area ? null : fetchIndicators(chartScope.value),
        ]),
      )
      if (generation !== chartGeneration) return
      trend.value = t
      categories.value = c
      states.value = s
      regions.value = r
      indicators.value = ind
    } catch (err) {
      if (generation === chartGeneration) failed(err)
    }
  }

  /**
   * Toggles a chart or map selection (picking the same again unselects; a day and a period replace
   * each other; a new area replaces the old); the charts reload when their inputs changed.
   */
  function select(part: Partial<CrossFilter>): void {
    const next = { ...filter.value }
    const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)
    for (const [k, v] of Object.entries(part) as [keyof CrossFilter, never][]) next[k] = same(next[k], v) ? null : v
    if (part.day) next.period = null
    if (part.period) next.day = null
    const before = filter.value
    const reload = next.category !== before.category || next.childId !== before.childId || !same(next.area, before.area)
    filter.value = next
    if (reload) void loadCharts()
  }

  /** Clears one part of the filter (a chip's ×), or all of it. */
  function clearFilter(part?: keyof CrossFilter): void {
    const reload = part === undefined || part === 'category' || part === 'childId' || part === 'area'
    filter.value = part === undefined ? { ...NO_FILTER } : { ...filter.value, [part]: null }
    if (reload) void loadCharts()
  }

  /** Days or weeks on the trend chart; a day or period picked on the other granularity is kept. */
  function setTrendBy(by: 'day' | 'week'): void {
    if (trendBy.value === by) return
    trendBy.value = by
    void loadCharts()
  }

  return { busy, gridId, range, trendBy, setTrendBy, grid, district, children, cases, indicators, points, siblings, trend, categories, states, regions, filter, error, level, chartScope, load, select, clearFilter }
})
