/**
 * The kiosk coverage view: on/off, the radius (debounced refetch while the slider moves) and the
 * latest result for the grid level on the map.
 */
import { defineStore } from 'pinia'
import { ref, shallowRef, watch } from 'vue'
import { getJson } from '../../api/client'
import type { GridLevel, KioskCoverage } from '../../api/types'
import { debounce } from '../../composables/debounce'
import { useLayersStore } from '../layers/useLayersStore'
import { useStatusStore } from '../status/useStatusStore'
import { errorMessage, isAbort } from '../status/errors'
import { t } from '../../i18n'

export const RADIUS = { min: 50, max: 1000, step: 10, default: 300 } as const
const REFETCH_DELAY_MS = 350

/** The API breaks coverage down at levels 1–3; at street level the community figures are summed up by the server's default. */
export function coverageLevel(level: GridLevel): 1 | 2 | 3 {
  return level === 0 ? 1 : level
}

export const useCoverageStore = defineStore('coverage', () => {
  const layers = useLayersStore()
  const status = useStatusStore()
  const active = ref(false)
  const radius = ref<number>(RADIUS.default)
  const result = shallowRef<KioskCoverage | null>(null)
  const loading = ref(false)
  let controller: AbortController | null = null

  async function load(): Promise<void> {
    if (!active.value) return
    controller?.abort()
    const own = (controller = new AbortController())
    loading.value = true
    const done = status.begin('coverage')
    try {
      const data = await getJson<KioskCoverage>(
        '/analysis/kiosk-coverage',
        { radius: radius.value, level: coverageLevel(layers.gridLevel) },
        own.signal,
      )
      result.value = data
      status.clear('coverage')
    } catch (err) {
      if (isAbort(err)) return
      status.report('coverage', 'app.loadFailed', { what: t('coverage.title'), message: errorMessage(err) }, load)
    } finally {
      if (controller === own) loading.value = false
      done()
    }
  }

  const loadSoon = debounce(() => void load(), REFETCH_DELAY_MS)

  function setRadius(value: number): void {
    radius.value = value
    loading.value = true
    loadSoon()
  }

  function setActive(on: boolean): void {
    active.value = on
    if (on) void load()
    else {
      loadSoon.cancel()
      controller?.abort()
      loading.value = false
      status.clear('coverage')
    }
  }

  watch(() => layers.gridLevel, () => void load())

  return { active, radius, result, loading, load, setRadius, setActive, toggle: () => setActive(!active.value) }
})
