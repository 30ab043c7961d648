/**
 * The wall's data: KPIs, chart rows, the cases on the map, the live feed and the hotspots of the
 * tour. Everything is loaded once; live events then update the feed and the map case by case
 * (GET /api/cases/:id), and refetch the aggregates debounced (a burst of events costs one round).
 * Kiosk coverage and patrol compliance are slow and change slowly: loaded once, refreshed rarely.
 *
 * Everything the wall shows changes on one beat, `tick`, once a second on the second: the clock,
 * the pulse of overdue rings, new reports' rings, and whatever arrived since the last beat (feed
 * lines, figures, chart rows) — requests run at once, their answers wait for the beat (`beat()`).
 * Cases are the exception: they change here as soon as they are read, so that the live map can
 * take them in between beats (its worker tiles them meanwhile); WallMap draws them, and moves the
 * rings, on the beat. Each frame that changes something costs the browser a composite of the whole
 * screen (in software rendering, SwiftShader, that is most of a frame's time), so a burst of
 * events must not change the screen at arbitrary moments: the wall draws two changed frames a
 * second (the beat's, and the live map's half a beat later), not one per event.
 */
import { defineStore } from 'pinia'
import { computed, ref, shallowRef, triggerRef } from 'vue'
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson'
import { ApiError, getJson } from '../../api/client'
import type { IssueCollection, IssueProps } from '../../api/types'
import { useStatusStore } from '../status/useStatusStore'
import { errorMessage } from '../status/errors'
import { getCase } from '../cases/casesApi'
import { type CaseSummary, type LiveEvent, isOpenState } from '../cases/model'
import { useLiveStore } from '../cases/useLiveStore'
import {
  type FeedItem,
  type Hotspot,
  type Indicators,
  type KioskCoverage,
  type PatrolCompliance,
  type Ranking,
  type StatsResponse,
  addDays,
  chinaDate,
  debounceMax,
  feedItem,
  patrolRate,
  pushFeed,
  rankHotspots,
} from './model'

export interface GridProps {
  id: number
  name: string
  nameEn: string
  level: number
  parentId: number | null
}
export type GridCollection = FeatureCollection<Polygon | MultiPolygon, GridProps>

/** Days of closed cases kept on the map under the open ones, and of the hotspot window. */
export const RECENT_DAYS = 7
/** Debounce of the aggregate refetch after live events, and of the slower indicator refetch. */
export const COUNTS_DEBOUNCE_MS = 1500
/** …but never later than this after the first event of a burst, so the numbers tick during a stream */
export const COUNTS_MAX_WAIT_MS = 5000
export const INDICATORS_DEBOUNCE_MS = 15_000
/** Kiosk coverage and patrol compliance: refreshed every half hour. */
export const SLOW_REFRESH_MS = 30 * 60_000
/** How long a new report stays highlighted (its ring grows for this long), ms. */
export const FRESH_MS = 6000

type Panel = 'counts' | 'trend' | 'categories' | 'indicators' | 'gridRanking' | 'deptRanking' | 'coverage' | 'patrol' | 'hotspots' | 'cases' | 'grids'

export const useWallStore = defineStore('wall', () => {
  const status = useStatusStore()
  const live = useLiveStore()

  const openCount = ref<number | null>(null)
  const overdueCount = ref<number | null>(null)
  const trend = shallowRef<StatsResponse | null>(null)
  const categories = shallowRef<StatsResponse | null>(null)
  const indicators = shallowRef<Indicators | null>(null)
  const gridRanking = shallowRef<Ranking | null>(null)
  const deptRanking = shallowRef<Ranking | null>(null)
  const coverage = shallowRef<KioskCoverage | null>(null)
  const patrol = shallowRef<PatrolCompliance | null>(null)
  const hotspots = shallowRef<Hotspot[]>([])
  const communities = shallowRef<GridCollection | null>(null)
  const points = shallowRef<GridCollection | null>(null)
  /** the cases on the map by id: every open case and the closed ones of the last days */
  const cases = shallowRef<Map<number, IssueProps & { lon: number; lat: number }>>(new Map())
  /** bumped on every change of `cases`, which is changed in place (a live event must not copy 2,000 entries) */
  const casesVersion = ref(0)
  /** ids of cases reported while the wall watched, with when they arrived (for the highlight) */
  const fresh = shallowRef<Map<number, number>>(new Map())
  const feed = shallowRef<FeedItem[]>([])
  const errors = ref<Partial<Record<Panel, string>>>({})
  const lastUpdated = ref<number | null>(null)
  const started = ref(false)
  /** The beat: Date.now() at the latest whole second; every visible change happens on it. */
  const tick = ref(Date.now())
  /** Ids of cases changed since the map last took them (the map sends only those to MapLibre). */
  const changedIds = new Set<number>()
  /** Set when the whole case set was replaced (the map then replaces its source). */
  let casesReplaced = true
  /** Lines that arrived since the last beat, oldest first. */
  let pendingFeed: FeedItem[] = []

  const reportedToday = computed(() => trend.value?.totals.reportedToday ?? null)
  const patrolFigures = computed(() => (patrol.value ? patrolRate(patrol.value.workers) : null))
  const pointById = computed(() => new Map((points.value?.features ?? []).map((f) => [f.properties.id, f])))

  let waiting: (() => void)[] = []
  let beatTimer: ReturnType<typeof setTimeout> | null = null
  /** Resolves on the next beat (at once when the wall is not running): answers wait for it before they change the screen. */
  function beat(): Promise<void> {
    if (!beatTimer) return Promise.resolve()
    return new Promise((resolve) => waiting.push(resolve))
  }
  function onBeat(): void {
    const now = Date.now()
    beatTimer = setTimeout(onBeat, 1000 - (now % 1000))
    tick.value = now
    if (pendingFeed.length) {
      let next = feed.value
      for (const item of pendingFeed) next = pushFeed(next, item)
      feed.value = next
      pendingFeed = []
    }
    expireFresh(now, FRESH_MS)
    // the awaiting answers are applied in this task's microtasks, so they land in this frame
    const resolve = waiting
    waiting = []
    for (const r of resolve) r()
  }
  /** What the map has not taken yet: whether the whole set was replaced, and the changed ids. Clears both. */
  function takeCaseChanges(): { replaced: boolean; ids: number[] } {
    const out = { replaced: casesReplaced, ids: [...changedIds] }
    casesReplaced = false
    changedIds.clear()
    return out
  }

  /** Runs one panel's load, recording its error (shown in the panel) and the pending count (tests wait on it). */
  async function run(panel: Panel, fn: () => Promise<void>): Promise<void> {
    const done = status.begin(`wall-${panel}`)
    try {
      await fn()
      const { [panel]: _, ...rest } = errors.value
      errors.value = rest
      lastUpdated.value = Date.now()
    } catch (err) {
      errors.value = { ...errors.value, [panel]: err instanceof ApiError && err.status === 404 ? 'notAvailable' : errorMessage(err) }
    } finally {
      done()
    }
  }

  const today = () => chinaDate(Date.now())

  function loadCounts() {
    return run('counts', async () => {
      const [open, overdue] = await Promise.all([
        getJson<{ total: number }>('/cases', { status: 'open', limit: 1 }),
        getJson<{ total: number }>('/cases', { status: 'overdue', limit: 1 }),
      ])
      await beat()
      openCount.value = open.total
      overdueCount.value = overdue.total
    })
  }
  function loadTrend() {
    return run('trend', async () => {
      const rows = await getJson<StatsResponse>('/stats/cases', { scope: 'district', from: addDays(today(), -29), to: today(), by: 'day' })
      await beat()
      trend.value = rows
    })
  }
  function loadCategories() {
    return run('categories', async () => {
      const rows = await getJson<StatsResponse>('/stats/cases', { scope: 'district', from: addDays(today(), -29), to: today(), by: 'category' })
      await beat()
      categories.value = rows
    })
  }
  function loadHotspots() {
    return run('hotspots', async () => {
      const res = await getJson<StatsResponse>('/stats/cases', { scope: 'district', from: addDays(today(), -(RECENT_DAYS - 1)), to: today(), by: 'grid3' })
      await beat()
      hotspots.value = rankHotspots(res.rows)
    })
  }
  function loadIndicators() {
    return run('indicators', async () => {
      const res = await getJson<Indicators>('/indicators', { scope: 'district' })
      await beat()
      indicators.value = res
    })
  }
  function loadRankings() {
    return Promise.all([
      run('gridRanking', async () => {
        const res = await getJson<Ranking>('/indicators/ranking', { by: 'grid', level: 1 })
        await beat()
        gridRanking.value = res
      }),
      run('deptRanking', async () => {
        const res = await getJson<Ranking>('/indicators/ranking', { by: 'department' })
        await beat()
        deptRanking.value = res
      }),
    ])
  }
  function loadCoverage() {
    return run('coverage', async () => {
      const res = await getJson<KioskCoverage>('/analysis/kiosk-coverage', { radius: 300, mode: 'straight', level: 1 })
      await beat()
      coverage.value = res
    })
  }
  function loadPatrol() {
    return run('patrol', async () => {
      const res = await getJson<PatrolCompliance>('/analysis/patrol-compliance', { level: 1 })
      await beat()
      patrol.value = res
    })
  }
  function loadGrids() {
    return run('grids', async () => {
      const [level1, level3] = await Promise.all([getJson<GridCollection>('/grids', { level: 1 }), getJson<GridCollection>('/grids', { level: 3 })])
      await beat()
      communities.value = level1
      points.value = level3
    })
  }
  function loadCases() {
    return run('cases', async () => {
      const [open, recent] = await Promise.all([
        getJson<IssueCollection>('/issues', { status: 'open' }),
        getJson<IssueCollection>('/issues', { from: addDays(today(), -(RECENT_DAYS - 1)) }),
      ])
      const next = new Map<number, IssueProps & { lon: number; lat: number }>()
      for (const f of [...recent.features, ...open.features]) {
        const [lon, lat] = f.geometry.coordinates as [number, number]
        next.set(f.properties.id, { ...f.properties, lon, lat })
      }
      await beat()
      cases.value = next
      casesReplaced = true
      changedIds.clear()
      casesVersion.value++
    })
  }

  const refreshCounts = debounceMax(() => void Promise.all([loadCounts(), loadTrend(), loadCategories(), loadHotspots()]), COUNTS_DEBOUNCE_MS, COUNTS_MAX_WAIT_MS)
  const refreshIndicators = debounceMax(() => void Promise.all([loadIndicators(), loadRankings()]), INDICATORS_DEBOUNCE_MS, INDICATORS_DEBOUNCE_MS)

  /** A case as the wall keeps it, from GET /api/cases/:id. */
  function upsertCase(c: CaseSummary): void {
    const next = cases.value
    const open = isOpenState(c.status)
    const recent = Date.parse(c.reportedAt) >= Date.parse(`${addDays(today(), -(RECENT_DAYS - 1))}T00:00:00+08:00`)
    if (open || recent) {
      next.set(c.id, {
        id: c.id,
        category: c.category,
        status: c.status,
        description: c.description,
        source: next.get(c.id)?.source ?? '',
        gridId: c.gridId,
        reportedAt: c.reportedAt,
        deadlineAt: c.deadlineAt,
        closedAt: c.closedAt,
        overdue: c.overdue,
        open,
        lon: c.lon,
        lat: c.lat,
      } as IssueProps & { lon: number; lat: number })
    } else next.delete(c.id)
    changedCases(c.id)
  }

  function changedCases(id: number): void {
    changedIds.add(id)
    casesVersion.value++
    triggerRef(cases)
  }

  /** One read per case at a time; events on a case that arrive meanwhile cost one more read. */
  const inFlight = new Map<number, boolean>()
  async function refreshCase(id: number, created: boolean): Promise<void> {
    if (inFlight.has(id)) {
      inFlight.set(id, true)
      return
    }
    try {
      do {
        inFlight.set(id, false)
        try {
          const detail = await getCase(id)
          // at once, not on the beat: the map takes it in meanwhile and shows it on the next beat
          upsertCase(detail.case)
          if (created) fresh.value = new Map(fresh.value).set(id, Date.now())
          created = false
        } catch (err) {
          if (err instanceof ApiError && (err.status === 404 || err.status === 403)) {
            cases.value.delete(id)
            changedCases(id)
          }
        }
      } while (inFlight.get(id))
    } finally {
      inFlight.delete(id)
    }
  }

  function onEvent(event: LiveEvent): void {
    const item = feedItem(event)
    if (beatTimer) pendingFeed.push(item)
    else feed.value = pushFeed(feed.value, item)
    if (event.issueId != null) void refreshCase(event.issueId, item.kind === 'created')
    refreshCounts()
    refreshIndicators()
  }

  /** Drops highlights older than `ms` (the map calls it as it animates them). */
  function expireFresh(now: number, ms: number): void {
    let changed = false
    const next = new Map(fresh.value)
    for (const [id, at] of next) {
      if (now - at > ms) {
        next.delete(id)
        changed = true
      }
    }
    if (changed) fresh.value = next
  }

  let unsubscribe: (() => void) | null = null
  let slowTimer: ReturnType<typeof setInterval> | null = null
  let wasLive = false
  let stopWatch: (() => void) | null = null

  function loadAll(): Promise<unknown> {
    return Promise.all([loadCounts(), loadTrend(), loadCategories(), loadHotspots(), loadIndicators(), loadRankings(), loadCases()])
  }

  /** Loads everything and starts listening; idempotent. */
  function start(): void {
    if (started.value) return
    started.value = true
    beatTimer = setTimeout(onBeat, 1000 - (Date.now() % 1000))
    unsubscribe = live.onEvent(onEvent)
    if (live.state === 'idle') live.open()
    void loadGrids()
    void loadAll()
    void loadCoverage()
    void loadPatrol()
    slowTimer = setInterval(() => {
      void loadCoverage()
      void loadPatrol()
    }, SLOW_REFRESH_MS)
    // after a lost connection comes back, the replay brings the missed events; refetch the aggregates too
    wasLive = live.state === 'live'
    stopWatch = live.$subscribe(() => {
      const isLive = live.state === 'live'
      if (isLive && !wasLive && lastUpdated.value !== null) void loadAll()
      wasLive = isLive
    })
  }

  function stop(): void {
    unsubscribe?.()
    unsubscribe = null
    stopWatch?.()
    stopWatch = null
    if (slowTimer) clearInterval(slowTimer)
    slowTimer = null
    refreshCounts.cancel()
    refreshIndicators.cancel()
    if (beatTimer) clearTimeout(beatTimer)
    beatTimer = null
    const resolve = waiting
    waiting = []
    for (const r of resolve) r()
    started.value = false
  }

  /** The top category of a grid over the hotspot window (for the tour's caption). */
  async function topCategory(gridId: number): Promise<{ code: string; label: string; total: number } | null> {
    const res = await getJson<StatsResponse>('/stats/cases', { scope: `grid:${gridId}`, from: addDays(today(), -(RECENT_DAYS - 1)), to: today(), by: 'category' })
    const top = [...res.rows].sort((a, b) => b.total - a.total)[0]
    return top ? { code: top.key, label: top.label, total: top.total } : null
  }

  return {
    openCount,
    overdueCount,
    reportedToday,
    trend,
    categories,
    indicators,
    gridRanking,
    deptRanking,
    coverage,
    patrol,
    patrolFigures,
    hotspots,
    communities,
    points,
    pointById,
    cases,
    casesVersion,
    fresh,
    feed,
    errors,
    lastUpdated,
    tick,
    takeCaseChanges,
    start,
    stop,
    expireFresh,
    topCategory,
    onEvent,
  }
})
