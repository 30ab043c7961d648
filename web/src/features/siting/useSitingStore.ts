/**
 * The siting panel: k, candidate kind and spacing, a scope, and the latest answer of
 * /api/analysis/kiosk-siting (radius from the coverage view).
 */
import { defineStore } from 'pinia'
import { ref, shallowRef, watch } from 'vue'
import type { FeatureCollection, Point } from 'geojson'
import { getJson } from '../../api/client'
import { useCoverageStore } from '../coverage/useCoverageStore'
import { useStatusStore } from '../status/useStatusStore'
import { errorMessage, isAbort } from '../status/errors'
import { t } from '../../i18n'

export interface SiteProperties {
  rank: number
  gainHouseholds: number
  gainBuildings: number
  cumulativeHouseholds: number
  cumulativeRatio: number
}

export interface SitingAnswer {
  k: number
  radius: number
  grid: number | null
  candidates: { kind: 'road' | 'building' | 'custom'; spacing: number | null; count: number }
  households: { total: number; coveredBefore: number; coveredAfter: number }
  uncoveredBuildings: number
  sites: FeatureCollection<Point, SiteProperties>
  bound: { greedy: number; classic: number; online: number; ratio: number }
  elapsedMs: number
}

export const K_RANGE = { min: 1, max: 30, default: 5 } as const
export const SPACING_RANGE = { min: 20, max: 1000, default: 100 } as const

export const useSitingStore = defineStore('siting', () => {
  const coverage = useCoverageStore()
  const status = useStatusStore()
  const open = ref(false)
  const k = ref<number>(K_RANGE.default)
  const kind = ref<'road' | 'building'>('road')
  const spacing = ref<number>(SPACING_RANGE.default)
  /** a community id, or null for the whole district */
  const scope = ref<number | null>(null)
  const result = shallowRef<SitingAnswer | null>(null)
  const loading = ref(false)
  let controller: AbortController | null = null

  async function run(): Promise<void> {
    controller?.abort()
    const own = (controller = new AbortController())
    loading.value = true
    const done = status.begin('siting')
    try {
      result.value = await getJson<SitingAnswer>(
        '/analysis/kiosk-siting',
        { k: k.value, radius: coverage.radius, candidates: kind.value, spacing: spacing.value, grid: scope.value },
        own.signal,
      )
      status.clear('siting')
    } catch (err) {
      if (isAbort(err)) return
      status.report('siting', 'app.loadFailed', { what: t('siting.title'), message: errorMessage(err) }, run)
    } finally {
      if (controller === own) loading.value = false
      done()
    }
  }

  function setOpen(on: boolean): void {
    open.value = on
    if (!on) {
      controller?.abort()
      result.value = null
      status.clear('siting')
    }
  }

  watch(() => coverage.active, (on) => { if (!on && open.value) setOpen(false) })

  return { open, k, kind, spacing, scope, result, loading, run, setOpen }
})
