/**
 * The drill-down's own map layers as data, drawn over the shared offline basemap: the scope's
 * child regions shaded by case count with name and count, the scope outline, and the cases.
 */
import type { LayerSpecification } from 'maplibre-gl'
import { FONT_BOLD, FONT_REGULAR, type Locale } from '../../map/layers/common'
import { COLORS } from './charts'

export const DRILL_SRC = { children: 'drill-children', labels: 'drill-labels', scope: 'drill-scope', area: 'drill-area', cases: 'drill-cases' } as const
export const DRILL_LAYER = {
  childrenFill: 'drill-children-fill',
  childrenLine: 'drill-children-line',
  childrenPicked: 'drill-children-picked',
  childrenLabel: 'drill-children-label',
  scopeLine: 'drill-scope-line',
  areaFill: 'drill-area-fill',
  areaLine: 'drill-area-line',
  cases: 'drill-cases',
} as const

/** Style groups of the shared style kept on the drill map: the basemap; grids, issues and the rest are the drill's own. */
export const KEPT_GROUPS = new Set(['base', 'buildings', 'roads', 'water', 'green'])

/** A child region's label: its name in the interface language over its case count. */
export function childLabelField(locale: Locale) {
  const name = locale === 'en' ? ['coalesce', ['get', 'nameEn'], ['get', 'name']] : ['get', 'name']
  return ['format', name, { 'text-font': ['literal', FONT_BOLD] }, '\n', {}, ['to-string', ['get', 'total']], { 'font-scale': 0.85, 'text-font': ['literal', FONT_REGULAR] }] as never
}

export function drillLayers(locale: Locale): LayerSpecification[] {
  return [
    {
      id: DRILL_LAYER.childrenFill,
      type: 'fill',
      source: DRILL_SRC.children,
      paint: {
        'fill-color': ['interpolate', ['linear'], ['get', 'share'], 0, '#eff6ff', 0.5, '#93c5fd', 1, '#1d4ed8'],
        'fill-opacity': ['case', ['boolean', ['feature-state', 'hover'], false], 0.72, 0.55],
      },
    },
    { id: DRILL_LAYER.childrenLine, type: 'line', source: DRILL_SRC.children, paint: { 'line-color': '#1e3a8a', 'line-width': 1.2, 'line-opacity': 0.8 } },
    {
      id: DRILL_LAYER.childrenPicked,
      type: 'line',
      source: DRILL_SRC.children,
      filter: ['==', ['get', 'id'], -1],
      paint: { 'line-color': '#f97316', 'line-width': 4 },
    },
    { id: DRILL_LAYER.scopeLine, type: 'line', source: DRILL_SRC.scope, paint: { 'line-color': '#0b3d91', 'line-width': 3 } },
    // the area drawn on the map (box or lasso): the charts count what lies inside
    { id: DRILL_LAYER.areaFill, type: 'fill', source: DRILL_SRC.area, paint: { 'fill-color': '#f97316', 'fill-opacity': 0.08 } },
    { id: DRILL_LAYER.areaLine, type: 'line', source: DRILL_SRC.area, paint: { 'line-color': '#ea580c', 'line-width': 2.5, 'line-dasharray': [2, 1] } },
    {
      id: DRILL_LAYER.cases,
      type: 'circle',
      source: DRILL_SRC.cases,
      paint: {
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 10, 2.2, 14, 4, 17, 7],
        'circle-color': ['match', ['get', 'state'], 'overdue', COLORS.overdue, 'open', COLORS.open, COLORS.closed],
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': ['interpolate', ['linear'], ['zoom'], 10, 0.4, 15, 1],
      },
    },
    {
      id: DRILL_LAYER.childrenLabel,
      type: 'symbol',
      source: DRILL_SRC.labels,
      layout: {
        'text-field': childLabelField(locale),
        'text-font': ['literal', FONT_REGULAR],
        'text-size': 13,
        'text-max-width': 8,
        'symbol-placement': 'point',
      },
      paint: { 'text-color': '#0f172a', 'text-halo-color': '#ffffff', 'text-halo-width': 1.6 },
    },
  ] as LayerSpecification[]
}
