/** The progress screen's data: targets for a scope and the renovation projects in it. */
import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import { getJson } from '../../api/client'
import { useStatusStore } from '../status/useStatusStore'
import { errorMessage, isAbort } from '../status/errors'
import { t } from '../../i18n'
import type { Renovation, TargetsResult } from './model'

export const useCivStore = defineStore('civProgress', () => {
  const status = useStatusStore()
  const gridId = ref<number | null>(null)
  const targets = shallowRef<TargetsResult | null>(null)
  const renovations = shallowRef<Renovation[]>([])
  const loading = ref(false)
  let controller: AbortController | null = null

  async function load(grid: number | null): Promise<void> {
    gridId.value = grid
    controller?.abort()
    const own = (controller = new AbortController())
    loading.value = true
    const done = status.begin('civ-progress')
    try {
      const query = { grid: grid ?? undefined }
      const [tg, rv] = await Promise.all([getJson<TargetsResult>('/civ/targets', query, own.signal), getJson<Renovation[]>('/civ/renovations', query, own.signal)])
      targets.value = tg
      renovations.value = rv
      status.clear('civ-progress')
    } catch (err) {
      if (isAbort(err)) return
      status.report('civ-progress', 'app.loadFailed', { what: t('civProgress.title'), message: errorMessage(err) }, () => load(gridId.value))
    } finally {
      if (controller === own) loading.value = false
      done()
    }
  }

  return { gridId, targets, renovations, loading, load }
})
