/** Reference data loaded once: the district (name, extent) and the issue categories/statuses. */
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { getJson } from '../../api/client'
import type { CategoriesResponse, DistrictFeature, IssueCategory, IssueStatus } from '../../api/types'
import { useStatusStore } from '../status/useStatusStore'
import { t } from '../../i18n'
import { errorMessage } from '../status/errors'

export const useDistrictStore = defineStore('district', () => {
  const district = ref<DistrictFeature | null>(null)
  const categories = ref<CategoriesResponse | null>(null)
  const status = useStatusStore()

  const categoryByCode = computed(() => {
    const out = new Map<string, IssueCategory>()
    for (const c of categories.value?.categories ?? []) out.set(c.code, c)
    return out
  })
  const statusByCode = computed(() => {
    const out = new Map<string, IssueStatus>()
    for (const s of categories.value?.statuses ?? []) out.set(s.code, s)
    return out
  })

  async function loadDistrict(): Promise<void> {
    const done = status.begin('district')
    try {
      district.value = await getJson<DistrictFeature>('/district')
      status.clear('district')
    } catch (err) {
      status.report('district', 'app.loadFailed', { what: t('app.districtFallback'), message: errorMessage(err) }, loadDistrict)
    } finally {
      done()
    }
  }

  async function loadCategories(): Promise<void> {
    const done = status.begin('categories')
    try {
      categories.value = await getJson<CategoriesResponse>('/categories')
      status.clear('categories')
    } catch (err) {
      status.report('categories', 'app.loadFailed', { what: t('issue.category'), message: errorMessage(err) }, loadCategories)
    } finally {
      done()
    }
  }

  function load(): Promise<void> {
    return Promise.all([loadDistrict(), loadCategories()]).then(() => undefined)
  }

  return { district, categories, categoryByCode, statusByCode, load }
})
