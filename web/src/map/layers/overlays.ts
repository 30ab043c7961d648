/**
 * Thematic point and area layers: compounds (old compounds marked), kiosks and drop points,
 * facilities by kind, patrol tracks. Point symbols are icons drawn at run time (see icons.ts).
 */
import type { ExpressionSpecification, LayerSpecification } from 'maplibre-gl'
import { BASE, COMPOUND, PATROL } from '../palette'
import { SRC } from '../sources'
import { facilityIconExpression, ICON } from '../icons'
import { FONT_REGULAR, byZoom, meta } from './common'

const isOld = (): ExpressionSpecification => ['==', ['get', 'old'], true]

export function compoundLayers(): LayerSpecification[] {
  return [
    {
      id: 'compounds-fill',
      type: 'fill',
      source: SRC.compounds,
      minzoom: 12,
      paint: {
        'fill-color': ['case', isOld(), COMPOUND.oldFill, COMPOUND.fill],
        'fill-opacity': byZoom([[12, 0.12], [16, 0.22]], 1),
      },
      metadata: meta('compounds'),
    },
    {
      id: 'compounds-line',
      type: 'line',
      source: SRC.compounds,
      minzoom: 12,
      paint: {
        'line-color': ['case', isOld(), COMPOUND.oldLine, COMPOUND.line],
        'line-width': byZoom([[12, 0.8], [17, 2]], 1),
        'line-dasharray': [3, 1.5],
      },
      metadata: meta('compounds'),
    },
    {
      id: 'compounds-label',
      type: 'symbol',
      source: SRC.compounds,
      minzoom: 15,
      layout: {
        'text-field': ['get', 'name'],
        'text-font': FONT_REGULAR,
        'text-size': 12,
        'text-max-width': 7,
        'text-padding': 4,
      },
      paint: {
        'text-color': ['case', isOld(), COMPOUND.oldLine, '#1e40af'],
        'text-halo-color': BASE.labelHalo,
        'text-halo-width': 1.5,
      },
      metadata: meta('compounds'),
    },
  ]
}

export function patrolLayers(): LayerSpecification[] {
  return [
    {
      id: 'patrols-line',
      type: 'line',
      source: SRC.patrols,
      layout: { visibility: 'none', 'line-cap': 'round', 'line-join': 'round' },
      paint: {
        'line-color': PATROL.line,
        'line-width': byZoom([[12, 1.2], [17, 3]], 1),
        'line-opacity': 0.75,
      },
      metadata: meta('patrols'),
    },
  ]
}

export function pointLayers(): LayerSpecification[] {
  return [
    {
      id: 'drop-points',
      type: 'symbol',
      source: SRC.kiosks,
      minzoom: 15,
      filter: ['==', ['get', 'kind'], 'drop_point'],
      layout: {
        'icon-image': ICON.dropPoint,
        'icon-size': byZoom([[14, 0.6], [18, 1]], 1),
        'icon-allow-overlap': true,
      },
      metadata: meta('dropPoints'),
    },
    {
      id: 'kiosks',
      type: 'symbol',
      source: SRC.kiosks,
      minzoom: 10,
      filter: ['==', ['get', 'kind'], 'kiosk'],
      layout: {
        'icon-image': ICON.kiosk,
        'icon-size': byZoom([[10, 0.5], [15, 0.85], [18, 1.1]], 1),
        'icon-allow-overlap': true,
        'text-field': ['step', ['zoom'], '', 17, ['get', 'name']],
        'text-font': FONT_REGULAR,
        'text-size': 11,
        'text-offset': [0, 1.4],
        'text-anchor': 'top',
        'text-optional': true,
      },
      paint: { 'text-color': '#065f46', 'text-halo-color': BASE.labelHalo, 'text-halo-width': 1.4 },
      metadata: meta('kiosks'),
    },
    ...facilityLayers(),
  ]
}

/**
 * Civilisation practice and volunteer stations are what 创文 work is measured by, so they show
 * from street zoom; markets, schools, rooms and the many publicity boards only close up.
 */
export const KEY_FACILITY_KINDS = ['practice_station', 'volunteer_station'] as const

function facilityLayer(id: string, minzoom: number, key: boolean): LayerSpecification {
  const isKey: ExpressionSpecification = ['match', ['get', 'kind'], [...KEY_FACILITY_KINDS], true, false]
  return {
    id,
    type: 'symbol',
    source: SRC.facilities,
    minzoom,
    filter: key ? isKey : ['!', isKey],
    layout: {
      'icon-image': facilityIconExpression(),
      'icon-size': byZoom([[10, 0.55], [15, 0.85], [18, 1.1]], 1),
      'icon-allow-overlap': true,
      'icon-anchor': 'bottom',
      'text-field': ['step', ['zoom'], '', 16, ['get', 'name']],
      'text-font': FONT_REGULAR,
      'text-size': 11,
      'text-anchor': 'top',
      'text-offset': [0, 0.3],
      'text-optional': true,
    },
    paint: { 'text-color': '#7f1d1d', 'text-halo-color': BASE.labelHalo, 'text-halo-width': 1.4 },
    metadata: meta('facilities'),
  }
}

function facilityLayers(): LayerSpecification[] {
  return [facilityLayer('facilities-other', 15, false), facilityLayer('facilities', 10, true)]
}
