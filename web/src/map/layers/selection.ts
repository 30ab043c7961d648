/** The clicked feature, outlined on top of everything else. */
import type { LayerSpecification } from 'maplibre-gl'
import { GRID_SELECTED } from '../palette'
import { SRC } from '../sources'
import { byZoom, meta } from './common'

export function selectionLayers(): LayerSpecification[] {
  return [
    {
      id: 'selection-fill',
      type: 'fill',
      source: SRC.selection,
      filter: ['match', ['geometry-type'], ['Polygon', 'MultiPolygon'], true, false],
      paint: { 'fill-color': GRID_SELECTED, 'fill-opacity': 0.08 },
      metadata: meta('selection'),
    },
    {
      id: 'selection-line',
      type: 'line',
      source: SRC.selection,
      filter: ['match', ['geometry-type'], ['Polygon', 'MultiPolygon', 'LineString', 'MultiLineString'], true, false],
      layout: { 'line-join': 'round', 'line-cap': 'round' },
      paint: { 'line-color': GRID_SELECTED, 'line-width': byZoom([[10, 3], [17, 5]], 1) },
      metadata: meta('selection'),
    },
    {
      id: 'selection-point',
      type: 'circle',
      source: SRC.selection,
      filter: ['==', ['geometry-type'], 'Point'],
      paint: {
        'circle-radius': byZoom([[12, 11], [18, 16]], 1),
        'circle-color': 'rgba(0,0,0,0)',
        'circle-stroke-color': GRID_SELECTED,
        'circle-stroke-width': 3,
      },
      metadata: meta('selection'),
    },
  ]
}
