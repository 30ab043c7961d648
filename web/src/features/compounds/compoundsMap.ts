/**
 * The compound metrics view's map layers, added to the running map while the view is open:
 * compounds filled by greening status against seed 002's targets, a purple outline where the
 * fitness ground falls short.
 */
import { watch } from 'vue'
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl'
import { FITNESS_SHORT_COLOUR, STATUS_COLOURS, useCompoundMetricsStore } from './useCompoundMetricsStore'
import { FIT_PADDING } from '../map/padding'
import { geometryBox } from '../topology/topologyMap'

const SOURCE = 'compound-metrics'
const LAYERS = ['compound-metrics-fill', 'compound-metrics-line', 'compound-metrics-fitness'] as const
const fill = ['match', ['get', 'greeningStatus'], ...Object.entries(STATUS_COLOURS).flat(), '#94a3b8'] as unknown as string

export function bindCompoundsMap(map: MapLibreMap): () => void {
  const metrics = useCompoundMetricsStore()
  const ensure = () => {
    if (map.getSource(SOURCE)) return
    map.addSource(SOURCE, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } })
    map.addLayer({ id: 'compound-metrics-fill', type: 'fill', source: SOURCE, paint: { 'fill-color': fill, 'fill-opacity': 0.55 } })
    map.addLayer({ id: 'compound-metrics-line', type: 'line', source: SOURCE, paint: { 'line-color': fill, 'line-width': 1.2 } })
    map.addLayer({ id: 'compound-metrics-fitness', type: 'line', source: SOURCE, filter: ['>', ['get', 'fitnessShortM2'], 0], paint: { 'line-color': FITNESS_SHORT_COLOUR, 'line-width': 2, 'line-dasharray': [2, 1.5] } })
  }
  const stopData = watch(
    () => [metrics.active, metrics.result] as const,
    ([on, result]) => {
      ensure()
      map.getSource<GeoJSONSource>(SOURCE)?.setData(on && result ? result.compounds : { type: 'FeatureCollection', features: [] })
      for (const id of LAYERS) map.setLayoutProperty(id, 'visibility', on ? 'visible' : 'none')
    },
    { immediate: true },
  )
  const stopFocus = watch(
    () => metrics.focus,
    (focus) => {
      const f = focus && metrics.result?.compounds.features.find((c) => c.properties.id === focus.id)
      const box = f ? geometryBox(f.geometry) : null
      if (box) map.fitBounds(box, { padding: FIT_PADDING, maxZoom: 17, duration: 0 })
    },
  )
  return () => {
    stopData()
    stopFocus()
  }
}
