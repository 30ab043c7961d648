/**
 * Grids at the chosen level: a translucent fill, an outline whose weight follows the level, and
 * one name label per grid (from the grid-labels point source, so a grid split across tiles is
 * still labelled once). The coverage choropleth paints the same features by feature-state.
 */
import type { ExpressionSpecification, LayerSpecification } from 'maplibre-gl'
import { BASE, COVERAGE, COVERAGE_STEPS, GRID_LEVEL_STYLE } from '../palette'
import { SRC } from '../sources'
import { FONT_BOLD, FONT_REGULAR, HIDDEN, type Locale, byZoom, expression, labelField, meta } from './common'

function byLevel<T extends string | number>(pick: (s: (typeof GRID_LEVEL_STYLE)[number]) => T): ExpressionSpecification {
  return expression([
    'match',
    ['get', 'level'],
    0, pick(GRID_LEVEL_STYLE[0]),
    1, pick(GRID_LEVEL_STYLE[1]),
    2, pick(GRID_LEVEL_STYLE[2]),
    pick(GRID_LEVEL_STYLE[3]),
  ])
}

/** Label size by level: street names largest, point names smallest. */
export const GRID_LABEL_SIZE = [17, 15, 13, 12] as const

/** `['step', ratio, …]` over COVERAGE_STEPS; grids without a ratio (-1) get the no-data grey. */
export function coverageFillColour(): ExpressionSpecification {
  const ratio: ExpressionSpecification = ['to-number', ['coalesce', ['feature-state', 'ratio'], -1]]
  const stops = COVERAGE_STEPS.flatMap((s) => [s.min, s.colour])
  return expression(['step', ratio, COVERAGE.noData, ...stops])
}

export function gridLayers(): LayerSpecification[] {
  return [
    {
      id: 'grids-fill',
      type: 'fill',
      source: SRC.grids,
      paint: {
        'fill-color': byLevel((s) => s.fill),
        'fill-opacity': ['case', ['boolean', ['feature-state', 'hover'], false], 0.16, 0.06],
      },
      metadata: meta('grids'),
    },
    {
      id: 'coverage-choropleth',
      type: 'fill',
      source: SRC.grids,
      layout: { visibility: HIDDEN },
      // fades out close up so the red uncovered buildings stay readable on top of it
      paint: { 'fill-color': coverageFillColour(), 'fill-opacity': byZoom([[11, 0.55], [13, 0.4], [15, 0.14]], 1) },
      metadata: meta('coverage'),
    },
  ]
}

/** Outlines and names go above compounds and buildings so the grid structure always reads. */
export function gridOutlineLayers(locale: Locale): LayerSpecification[] {
  return [
    {
      id: 'grids-casing',
      type: 'line',
      source: SRC.grids,
      layout: { 'line-join': 'round' },
      paint: {
        'line-color': BASE.labelHalo,
        'line-width': byZoom([[10, ['+', byLevel((s) => s.width), 1.5]], [16, ['+', ['*', 2, byLevel((s) => s.width)], 2]]], 1),
        'line-opacity': 0.7,
      },
      metadata: meta('grids'),
    },
    {
      id: 'grids-line',
      type: 'line',
      source: SRC.grids,
      layout: { 'line-join': 'round' },
      paint: {
        'line-color': byLevel((s) => s.line),
        'line-width': byZoom([[10, byLevel((s) => s.width)], [16, ['*', 2, byLevel((s) => s.width)]]], 1),
      },
      metadata: meta('grids'),
    },
    {
      id: 'grids-label',
      type: 'symbol',
      source: SRC.gridLabels,
      layout: {
        'text-field': labelField(locale),
        'text-font': ['step', ['get', 'level'], ['literal', FONT_BOLD], 2, ['literal', FONT_REGULAR]],
        'text-size': [
          'match', ['get', 'level'],
          0, GRID_LABEL_SIZE[0],
          1, GRID_LABEL_SIZE[1],
          2, GRID_LABEL_SIZE[2],
          GRID_LABEL_SIZE[3],
        ],
        'text-max-width': 8,
        'text-padding': 3,
        // larger grids win when labels collide
        'symbol-sort-key': ['-', 0, ['coalesce', ['get', 'area'], 0]],
      },
      paint: {
        'text-color': byLevel((s) => s.line),
        'text-halo-color': BASE.labelHalo,
        'text-halo-width': 1.8,
        'text-halo-blur': 0.4,
      },
      metadata: meta('grids', true),
    },
  ]
}
