/**
 * The phone screen's own data: the grids of my scope (GET /api/mobile/scope) and the pre-check
 * of a report (GET /api/mobile/precheck). Cases themselves come from the cases store, kept live
 * by its event subscription.
 */
import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson'
import { getJson } from '../../api/client'
import type { GridProps } from '../../api/types'
import type { CaseSummary } from '../cases/model'
import { useStatusStore } from '../status/useStatusStore'
import { errorMessage, isAbort } from '../status/errors'

export type ScopeGrids = FeatureCollection<Polygon | MultiPolygon, GridProps>

export interface Precheck {
  grid: { id: number; name: string; nameEn: string } | null
  inScope: boolean
  duplicates: (CaseSummary & { distanceM: number })[]
}

export const useMobileStore = defineStore('mobile', () => {
  const status = useStatusStore()
  const scope = shallowRef<ScopeGrids | null>(null)
  const scopeError = ref<string | null>(null)

  async function loadScope(): Promise<void> {
    const done = status.begin('mobile-scope')
    scopeError.value = null
    try {
      scope.value = await getJson<ScopeGrids>('/mobile/scope')
    } catch (err) {
      scopeError.value = errorMessage(err)
    } finally {
      done()
    }
  }

  const precheck = shallowRef<Precheck | null>(null)
  const precheckKey = ref('')
  let controller: AbortController | null = null

  /** Asks the server about a spot and category; the latest question wins. */
  async function check(category: string, lon: number, lat: number): Promise<void> {
    const key = `${category} ${lon.toFixed(6)} ${lat.toFixed(6)}`
    if (key === precheckKey.value && precheck.value) return
    controller?.abort()
    const own = (controller = new AbortController())
    precheckKey.value = key
    precheck.value = null
    const done = status.begin('mobile-precheck')
    try {
      precheck.value = await getJson<Precheck>('/mobile/precheck', { category, lon, lat }, own.signal)
    } catch (err) {
      // the report itself will say what is wrong; a failed pre-check only hides the hints
      if (!isAbort(err)) precheckKey.value = ''
    } finally {
      done()
    }
  }

  function clearCheck(): void {
    controller?.abort()
    precheck.value = null
    precheckKey.value = ''
  }

  return { scope, scopeError, loadScope, precheck, check, clearCheck }
})
