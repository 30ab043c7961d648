/** All issues of the demo year (~20k points), fetched once and clustered by the map. */
import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import { getJson } from '../../api/client'
import type { IssueCollection } from '../../api/types'
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

export const useIssuesStore = defineStore('issues', () => {
  const status = useStatusStore()
  const issues = shallowRef<IssueCollection | null>(null)
  const filter = ref<IssueFilter>('all')
  /** what the map shows now (all, open or overdue) */
  const counts = computed(() => countIssues(issues.value))
  /** the whole year's counts, kept from the last unfiltered load for the district summary */
  const totals = shallowRef<IssueCounts | null>(null)
  let controller: AbortController | null = null

  async function load(): Promise<void> {
    controller?.abort()
    const own = (controller = new AbortController())
    const done = status.begin('issues')
    try {
      const query = filter.value === 'all' ? {} : { status: filter.value }
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

  return { issues, filter, counts, totals, load, setFilter }
})
