/**
 * The map's issues. Up to the API's threshold (GET /api/tiles/cases/meta, 100k cases) all of them
 * are fetched once and clustered by the map; above it the map draws vector tiles clustered by
 * the API and this store only keeps the counts. `?issues=tiles|geojson` in the page URL forces one.
 */
import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import { getJson } from '../../api/client'
import type { IssueCollection } from '../../api/types'
import type { IssueSourceMode } from '../../map/layers/issues'
import { useStatusStore } from '../status/useStatusStore'
import { errorMessage, isAbort } from '../status/errors'
import { t } from '../../i18n'

export interface IssueCounts {
  total: number
  open: number
  overdue: number
  closed: number
}

export function countIssues(collection: IssueCollection | null): IssueCounts {
  const counts: IssueCounts = { total: 0, open: 0, overdue: 0, closed: 0 }
  for (const f of collection?.features ?? []) {
    counts.total++
    if (f.properties.overdue) counts.overdue++
    if (f.properties.open) counts.open++
    else counts.closed++
  }
  return counts
}

/** Which issues the map shows: all of the year, the open ones, or only the overdue ones. */
export const ISSUE_FILTERS = ['all', 'open', 'overdue'] as const
export type IssueFilter = (typeof ISSUE_FILTERS)[number]

/** GET /api/tiles/cases/meta: the counts of the filter in the caller's scope and which source to draw from. */
interface TileMeta extends IssueCounts {
  version: string
  mode: IssueSourceMode
}

function forcedMode(): IssueSourceMode | null {
  const wanted = typeof location === 'undefined' ? null : new URLSearchParams(location.search).get('issues')
  return wanted === 'tiles' || wanted === 'geojson' ? wanted : null
}

/** A burst of live events refreshes the tiles once. */
const TILE_REFRESH_MS = 1000

export const useIssuesStore = defineStore('issues', () => {
  const status = useStatusStore()
  const issues = shallowRef<IssueCollection | null>(null)
  const filter = ref<IssueFilter>('all')
  /** null until the first load decides */
  const mode = ref<IssueSourceMode | null>(null)
  /** the counts of the current filter when drawing from tiles */
  const tileCounts = shallowRef<IssueCounts | null>(null)
  /** bumped after case changes: the map refetches its tiles (the API's cache keys on the data version) */
  const tileVersion = ref(0)
  /** the tile URL's filter query */
  const tileQuery = computed(() => (filter.value === 'all' ? {} : { status: filter.value }))
  /** what the map shows now (all, open or overdue) */
  const counts = computed(() => (mode.value === 'tiles' ? (tileCounts.value ?? countIssues(null)) : countIssues(issues.value)))
  /** the whole year's counts, kept from the last unfiltered load for the district summary */
  const totals = shallowRef<IssueCounts | null>(null)
  let controller: AbortController | null = null

  async function load(): Promise<void> {
    controller?.abort()
    const own = (controller = new AbortController())
    const done = status.begin('issues')
    try {
      const query = filter.value === 'all' ? {} : { status: filter.value }
      if (mode.value === null) mode.value = forcedMode() ?? (await getJson<TileMeta>('/tiles/cases/meta', {}, own.signal)).mode
      if (mode.value === 'tiles') {
        const meta = await getJson<TileMeta>('/tiles/cases/meta', query, own.signal)
        tileCounts.value = { total: meta.total, open: meta.open, overdue: meta.overdue, closed: meta.closed }
        if (filter.value === 'all') totals.value = tileCounts.value
        status.clear('issues')
        return
      }
      issues.value = await getJson<IssueCollection>('/issues', query, own.signal)
      if (filter.value === 'all') totals.value = countIssues(issues.value)
      status.clear('issues')
    } catch (err) {
      if (isAbort(err)) return
      status.report('issues', 'app.loadFailed', { what: t('layers.issues'), message: errorMessage(err) }, load)
    } finally {
      done()
    }
  }

  function setFilter(next: IssueFilter): void {
    if (next === filter.value) return
    filter.value = next
    void load()
  }

  let refreshTimer: ReturnType<typeof setTimeout> | null = null
  /** A case changed (live event): with tiles, refetch them and the counts once the burst settles. */
  function casesChanged(): void {
    if (mode.value !== 'tiles' || refreshTimer) return
    refreshTimer = setTimeout(() => {
      refreshTimer = null
      tileVersion.value++
      void load()
    }, TILE_REFRESH_MS)
  }

  return { issues, filter, mode, tileQuery, tileVersion, counts, totals, load, setFilter, casesChanged }
})
