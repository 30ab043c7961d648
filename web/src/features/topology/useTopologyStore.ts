/**
 * The grid topology view: on/off, the sliver threshold, the defects of the level on the map
 * (checked against their parents) and the defect to zoom to.
 */
import { defineStore } from 'pinia'
import { ref, shallowRef, watch } from 'vue'
import type { Feature, Geometry } from 'geojson'
import { getJson } from '../../api/client'
import { useLayersStore } from '../layers/useLayersStore'
import { useCoverageStore } from '../coverage/useCoverageStore'
import { useStatusStore } from '../status/useStatusStore'
import { errorMessage, isAbort } from '../status/errors'
import { t } from '../../i18n'

export const DEFECT_CODES = ['gap', 'overlap', 'outside_parent', 'sliver', 'invalid_ring', 'no_responsible_person'] as const
export type DefectCode = (typeof DEFECT_CODES)[number]

/** One colour per reason, shared by the map layers and the panel's chips. */
export const DEFECT_COLOURS: Record<DefectCode, string> = {
  gap: '#f97316',
  overlap: '#dc2626',
  outside_parent: '#9333ea',
  sliver: '#0ea5e9',
  invalid_ring: '#be185d',
  no_responsible_person: '#64748b',
}

export interface DefectProperties {
  code: DefectCode
  gridId: number | null
  otherGridId: number | null
  parentId: number | null
  level: number | null
  areaM2: number | null
  detail: string | null
  message: string
  messageZh: string
}

export interface TopologyResult {
  type: 'FeatureCollection'
  features: (Feature<Geometry | null, DefectProperties> & { id: number })[]
  summary: { level: number | null; parent: number | null; gridsChecked: number; counts: Partial<Record<DefectCode, number>>; elapsedMs: number }
}

export const SLIVER_DEFAULT = 500

export const useTopologyStore = defineStore('topology', () => {
  const layers = useLayersStore()
  const status = useStatusStore()
  const active = ref(false)
  const sliver = ref(SLIVER_DEFAULT)
  const result = shallowRef<TopologyResult | null>(null)
  const loading = ref(false)
  /** the defect the map should zoom to; a fresh object per request so repeats re-zoom */
  const focus = shallowRef<{ id: number } | null>(null)
  let controller: AbortController | null = null

  async function load(): Promise<void> {
    if (!active.value) return
    controller?.abort()
    const own = (controller = new AbortController())
    loading.value = true
    const done = status.begin('topology')
    try {
      result.value = await getJson<TopologyResult>('/analysis/topology', { level: layers.gridLevel, sliver: sliver.value }, own.signal)
      status.clear('topology')
    } catch (err) {
      if (isAbort(err)) return
      status.report('topology', 'app.loadFailed', { what: t('topology.title'), message: errorMessage(err) }, load)
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
    result.value = null
    status.clear('topology')
  }

  function setSliver(value: number): void {
    if (!(Number.isFinite(value) && value >= 0)) return
    sliver.value = value
    void load()
  }

  watch(() => layers.gridLevel, () => void load())
  watch(() => useCoverageStore().active, (on) => on && setActive(false))

  return { active, sliver, result, loading, focus, load, setActive, setSliver, toggle: () => setActive(!active.value), zoomTo: (id: number) => (focus.value = { id }) }
})
