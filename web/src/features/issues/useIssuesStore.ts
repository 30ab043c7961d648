/** All issues of the demo year (~20k points), fetched once and clustered by the map. */
import { defineStore } from 'pinia'
import { computed, shallowRef } from 'vue'
import { getJson } from '../../api/client'
import type { IssueCollection } from '../../api/types'
import { useStatusStore } from '../status/useStatusStore'
import { errorMessage } from '../status/errors'
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

export const useIssuesStore = defineStore('issues', () => {
  const status = useStatusStore()
  const issues = shallowRef<IssueCollection | null>(null)
  const counts = computed(() => countIssues(issues.value))

  async function load(): Promise<void> {
    const done = status.begin('issues')
    try {
      issues.value = await getJson<IssueCollection>('/issues')
      status.clear('issues')
    } catch (err) {
      status.report('issues', 'app.loadFailed', { what: t('layers.issues'), message: errorMessage(err) }, load)
    } finally {
      done()
    }
  }

  return { issues, counts, load }
})
