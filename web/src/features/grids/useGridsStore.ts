/** The grids of the chosen level, fetched whole (a level tiles the district), with label points. */
import { defineStore } from 'pinia'
import { computed, shallowRef, watch } from 'vue'
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson'
import { getJson } from '../../api/client'
import type { GridLevel, GridProps } from '../../api/types'
import { labelPoints } from '../../map/labelPoints'
import { useLayersStore } from '../layers/useLayersStore'
import { useStatusStore } from '../status/useStatusStore'
import { errorMessage, isAbort } from '../status/errors'
import { t } from '../../i18n'

export type GridCollection = FeatureCollection<Polygon | MultiPolygon, GridProps>

export const useGridsStore = defineStore('grids', () => {
  const layers = useLayersStore()
  const status = useStatusStore()
  const grids = shallowRef<GridCollection | null>(null)
  const loadedLevel = shallowRef<GridLevel | null>(null)
  let controller: AbortController | null = null

  const labels = computed(() => (grids.value ? labelPoints(grids.value) : null))
  const byId = computed(() => {
    const out = new Map<number, GridProps>()
    for (const f of grids.value?.features ?? []) out.set(f.properties.id, f.properties)
    return out
  })

  async function load(level: GridLevel = layers.gridLevel): Promise<void> {
    controller?.abort()
    const own = (controller = new AbortController())
    const done = status.begin(`grids-${level}`)
    try {
      const data = await getJson<GridCollection>('/grids', { level }, own.signal)
      grids.value = data
      loadedLevel.value = level
      status.clear('grids')
    } catch (err) {
      if (isAbort(err)) return
      status.report('grids', 'app.loadFailed', { what: t('layers.grids'), message: errorMessage(err) }, () => load())
    } finally {
      done()
    }
  }

  watch(() => layers.gridLevel, (level) => load(level))

  return { grids, labels, byId, loadedLevel, load }
})
