/**
 * The mock-assessment map's layers as data: the sampled points coloured by their score rate
 * (grey until submitted) and the failed items as red dots with their item code.
 */
import type { LayerSpecification } from 'maplibre-gl'
import type { FeatureCollection, Point } from 'geojson'
import { FONT_BOLD } from '../../map/layers/common'

export const BATCH_SRC = { points: 'batch-points', failures: 'batch-failures' } as const
export const BATCH_LAYER = { points: 'batch-points', failures: 'batch-failures', failureLabels: 'batch-failure-labels' } as const
export const RATE_COLOURS = { none: '#94a3b8', low: '#dc2626', mid: '#f59e0b', high: '#16a34a' } as const

export function batchLayers(): LayerSpecification[] {
  return [
    {
      id: BATCH_LAYER.points,
      type: 'circle',
      source: BATCH_SRC.points,
      paint: {
        'circle-radius': 9,
        'circle-color': ['case', ['==', ['get', 'rate'], null], RATE_COLOURS.none, ['<', ['get', 'rate'], 0.8], RATE_COLOURS.low, ['<', ['get', 'rate'], 0.9], RATE_COLOURS.mid, RATE_COLOURS.high],
        'circle-stroke-color': '#fff',
        'circle-stroke-width': 2,
      },
    },
    { id: BATCH_LAYER.failures, type: 'circle', source: BATCH_SRC.failures, paint: { 'circle-radius': 5, 'circle-color': '#b91c1c', 'circle-stroke-color': '#fff', 'circle-stroke-width': 1.5, 'circle-translate': [10, -10] } },
    {
      id: BATCH_LAYER.failureLabels,
      type: 'symbol',
      source: BATCH_SRC.failures,
      layout: { 'text-field': ['get', 'code'], 'text-font': FONT_BOLD, 'text-size': 11, 'text-offset': [1.6, -1.2], 'text-allow-overlap': false },
      paint: { 'text-color': '#7f1d1d', 'text-halo-color': '#fff', 'text-halo-width': 1.5 },
    },
  ]
}

/** The batch's tasks as points for the map (rate null until submitted). */
export function taskPoints(tasks: readonly { id: number; lon: number; lat: number; rate: number | null; name: string; status: string }[]): FeatureCollection<Point> {
  return {
    type: 'FeatureCollection',
    features: tasks.map((t) => ({ type: 'Feature', id: t.id, geometry: { type: 'Point', coordinates: [t.lon, t.lat] }, properties: { id: t.id, rate: t.status === 'submitted' ? t.rate : null, name: t.name } })),
  }
}
