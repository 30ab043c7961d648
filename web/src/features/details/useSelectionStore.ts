/**
 * What the user clicked. A grid's details (stats, ancestors) come from GET /api/grids/:id; other
 * features show the properties they were drawn with.
 */
import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { Feature, Geometry } from 'geojson'
import { getJson } from '../../api/client'
import type { GridDetailFeature } from '../../api/types'
import type { SelectionKind } from '../../map/pick'
import { errorMessage, isAbort } from '../status/errors'

export interface Selection {
  kind: SelectionKind
  id: number
  properties: Record<string, unknown>
  geometry: Geometry | null
}

export const useSelectionStore = defineStore('selection', () => {
  const selection = shallowRef<Selection | null>(null)
  const gridDetail = shallowRef<GridDetailFeature | null>(null)
  const loading = ref(false)
  const error = ref<string | null>(null)
  let controller: AbortController | null = null

  async function loadGrid(id: number): Promise<void> {
    controller?.abort()
    const own = (controller = new AbortController())
    loading.value = true
    error.value = null
    try {
      const detail = await getJson<GridDetailFeature>(`/grids/${id}`, {}, own.signal)
      if (selection.value?.kind !== 'grid' || selection.value.id !== id) return
      gridDetail.value = detail
      if (detail.geometry) selection.value = { ...selection.value, geometry: detail.geometry }
    } catch (err) {
      if (isAbort(err)) return
      error.value = errorMessage(err)
    } finally {
      if (controller === own) loading.value = false
    }
  }

  function select(next: Selection): void {
    controller?.abort()
    selection.value = next
    gridDetail.value = null
    error.value = null
    loading.value = false
    if (next.kind === 'grid') void loadGrid(next.id)
  }

  function clear(): void {
    controller?.abort()
    selection.value = null
    gridDetail.value = null
    error.value = null
    loading.value = false
  }

  function retry(): void {
    if (selection.value?.kind === 'grid') void loadGrid(selection.value.id)
  }

  /** The selection as a GeoJSON feature for the highlight layer. */
  function asFeature(): Feature | null {
    const s = selection.value
    if (!s?.geometry) return null
    return { type: 'Feature', id: s.id, geometry: s.geometry, properties: {} }
  }

  return { selection, gridDetail, loading, error, select, clear, retry, asFeature }
})
