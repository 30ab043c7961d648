/**
 * The ledgers view's map layer: one circle per place that missed a seed-001 rule in the period
 * (practice stations, kiosks, villages/residences short of teams or of a good-person
 * recommendation), coloured by rule and sized by how many months/weeks/quarters it missed.
 * Added while the view is open, removed after.
 */
import { watch } from 'vue'
import type { ExpressionSpecification, GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl'
import type { FeatureCollection, Point } from 'geojson'
import { useLedgersStore } from './useLedgersStore'
import { MISS_COLOURS, missPoints, type Compliance, type MissPoint } from './model'

export const LEDGER_SOURCE = 'ledger-misses'
export const LEDGER_LAYER = 'ledger-misses'
const LABELS = 'ledger-misses-label'

export function missCollection(c: Compliance | null): FeatureCollection<Point, MissPoint> {
  const points = c ? missPoints(c) : []
  return {
    type: 'FeatureCollection',
    features: points.map((p, i) => ({ type: 'Feature', id: i + 1, geometry: { type: 'Point', coordinates: [p.lon, p.lat] }, properties: p })),
  }
}

export function bindLedgersMap(map: MapLibreMap): () => void {
  const ledgers = useLedgersStore()
  const colour = ['match', ['get', 'kind'], ...Object.entries(MISS_COLOURS).flat(), '#64748b'] as unknown as ExpressionSpecification
  const remove = () => {
    for (const id of [LABELS, LEDGER_LAYER]) if (map.getLayer(id)) map.removeLayer(id)
    if (map.getSource(LEDGER_SOURCE)) map.removeSource(LEDGER_SOURCE)
  }
  const stop = watch(
    () => [ledgers.active, ledgers.result] as const,
    ([on, result]) => {
      if (!on) return remove()
      if (!map.getSource(LEDGER_SOURCE)) {
        map.addSource(LEDGER_SOURCE, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } })
        // on top: a missed station sits exactly on its facility icon
        map.addLayer(
          {
            id: LEDGER_LAYER,
            type: 'circle',
            source: LEDGER_SOURCE,
            paint: {
              'circle-color': colour,
              'circle-opacity': 0.8,
              'circle-radius': ['interpolate', ['linear'], ['zoom'], 11, ['+', 5, ['min', 9, ['get', 'misses']]], 16, ['+', 9, ['min', 14, ['*', 1.5, ['get', 'misses']]]]],
              'circle-stroke-color': '#ffffff',
              'circle-stroke-width': 1.5,
            },
          },
        )
      }
      map.getSource<GeoJSONSource>(LEDGER_SOURCE)!.setData(missCollection(result))
    },
    { immediate: true },
  )
  const stopFocus = watch(
    () => ledgers.focus,
    (f) => f && map.jumpTo({ center: [f.lon, f.lat], zoom: Math.max(map.getZoom(), 15) }),
  )
  return () => {
    stop()
    stopFocus()
    if (map.getStyle()) remove()
  }
}
