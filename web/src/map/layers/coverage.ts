/**
 * The kiosk coverage view: the uncovered buildings in red and, around every kiosk, a ring of the
 * chosen radius drawn to scale. The per-grid choropleth lives with the grid layers.
 */
import type { ExpressionSpecification, LayerSpecification } from 'maplibre-gl'
import { COVERAGE } from '../palette'
import { SRC } from '../sources'
import { HIDDEN, byZoom, meta } from './common'

const EARTH_CIRCUMFERENCE_M = 40_075_016.686
const TILE_SIZE = 512

/**
 * Circle radius in pixels for `metres` on the ground at latitude `lat`, as an exponential zoom
 * interpolation: pixels double with every zoom level, so two stops (z0, z22) are exact.
 */
export function metresToPixels(metres: number, lat: number): ExpressionSpecification {
  const metresPerPixelZ0 = (EARTH_CIRCUMFERENCE_M * Math.cos((lat * Math.PI) / 180)) / TILE_SIZE
  const z0 = metres / metresPerPixelZ0
  return ['interpolate', ['exponential', 2], ['zoom'], 0, z0, 22, z0 * 2 ** 22]
}

export function coverageLayers(radiusM: number, lat: number): LayerSpecification[] {
  return [
    {
      id: 'coverage-ring',
      type: 'circle',
      source: SRC.kiosks,
      filter: ['==', ['get', 'kind'], 'kiosk'],
      layout: { visibility: HIDDEN },
      paint: {
        'circle-radius': metresToPixels(radiusM, lat),
        'circle-color': COVERAGE.ring,
        'circle-opacity': 0.07,
        'circle-stroke-color': COVERAGE.ring,
        'circle-stroke-width': 1,
        'circle-stroke-opacity': 0.45,
        'circle-pitch-alignment': 'map',
      },
      metadata: meta('coverage'),
    },
    {
      id: 'coverage-uncovered-fill',
      type: 'fill',
      source: SRC.uncovered,
      layout: { visibility: HIDDEN },
      paint: { 'fill-color': COVERAGE.uncoveredFill, 'fill-opacity': 0.85 },
      metadata: meta('coverage'),
    },
    {
      id: 'coverage-uncovered-line',
      type: 'line',
      source: SRC.uncovered,
      layout: { visibility: HIDDEN },
      paint: { 'line-color': COVERAGE.uncoveredLine, 'line-width': byZoom([[12, 1], [17, 2]], 1) },
      metadata: meta('coverage'),
    },
  ]
}
