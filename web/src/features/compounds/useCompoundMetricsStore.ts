/**
 * The compound metrics view (seed 002): on/off, the per-compound greening and fitness figures of
 * the whole district, and the compound to zoom to.
 */
import { defineStore } from 'pinia'
import { ref, shallowRef, watch } from 'vue'
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson'
import { getJson } from '../../api/client'
import { useCoverageStore } from '../coverage/useCoverageStore'
import { useStatusStore } from '../status/useStatusStore'
import { errorMessage, isAbort } from '../status/errors'
import { t } from '../../i18n'

export type GreeningStatus = 'below_floor' | 'below_goal' | 'meets_goal'
export const STATUS_COLOURS: Record<GreeningStatus, string> = { below_floor: '#dc2626', below_goal: '#f59e0b', meets_goal: '#16a34a' }
export const FITNESS_SHORT_COLOUR = '#7c3aed'

export interface CompoundFigures {
  id: number
  name: string
  gridId: number
  old: boolean
  hasProperty: boolean
  households: number
  areaM2: number
  greenAreaM2: number
  greeningRate: number
  greeningStatus: GreeningStatus
  greenShortOfFloorM2: number
  greenShortOfGoalM2: number
  fitnessAreaM2: number
  fitnessShortM2: number
}

export interface CompoundMetricsResult {
  summary: {
    compounds: number
    areaM2: number
    greenAreaM2: number
    greeningRate: number
    belowFloor: number
    belowGoal: number
    fitnessShort: number
    options: { greeningFloor: number; greeningGoal: number; fitnessMinimum: number }
  }
  shortfalls: { greeningBelowFloor: number[]; greeningBelowGoal: number[]; fitness: number[] }
  compounds: FeatureCollection<Polygon | MultiPolygon, CompoundFigures>
}

export const useCompoundMetricsStore = defineStore('compoundMetrics', () => {
  const status = useStatusStore()
  const active = ref(false)
  const result = shallowRef<CompoundMetricsResult | null>(null)
  const loading = ref(false)
  const focus = shallowRef<{ id: number } | null>(null)
  let controller: AbortController | null = null

  async function load(): Promise<void> {
    if (!active.value || result.value) return
    controller?.abort()
    const own = (controller = new AbortController())
    loading.value = true
    const done = status.begin('compound-metrics')
    try {
      result.value = await getJson<CompoundMetricsResult>('/analysis/compound-metrics', {}, own.signal)
      status.clear('compound-metrics')
    } catch (err) {
      if (isAbort(err)) return
      status.report('compound-metrics', 'app.loadFailed', { what: t('compounds.title'), message: errorMessage(err) }, load)
    } finally {
      if (controller === own) loading.value = false
      done()
    }
  }

  function setActive(on: boolean): void {
    if (on === active.value) return
    active.value = on
    if (on) {
      useCoverageStore().setActive(false)
      void load()
      return
    }
    controller?.abort()
    loading.value = false
    status.clear('compound-metrics')
  }

  watch(() => useCoverageStore().active, (on) => on && setActive(false))

  return { active, result, loading, focus, load, setActive, toggle: () => setActive(!active.value), zoomTo: (id: number) => (focus.value = { id }) }
})
