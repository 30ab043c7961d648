/**
 * The planner's own map layers as data (the basemap comes from map/style.ts, the editable family
 * is drawn by terra-draw): the chosen level's grids for picking, the parent's outline, problems,
 * the objects an edit moves, and a change's before / after outlines.
 */
import type { FeatureCollection } from 'geojson'
import type { LayerSpecification, SourceSpecification } from 'maplibre-gl'
import { FONT_REGULAR } from '../../map/layers/common'

export const PLANNER_SRC = {
  context: 'planner-context',
  parent: 'planner-parent',
  problems: 'planner-problems',
  impact: 'planner-impact',
  before: 'planner-diff-before',
  after: 'planner-diff-after',
} as const

export const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] }

export function plannerSources(): Record<string, SourceSpecification> {
  return Object.fromEntries(Object.values(PLANNER_SRC).map((id) => [id, { type: 'geojson', data: EMPTY }]))
}

/** Colours of the moved objects by kind (impact preview). */
export const IMPACT_COLORS: Record<string, string> = {
  building: '#64748b', compound: '#a16207', household: '#0e7490', kiosk: '#16a34a',
  facility: '#7c3aed', case: '#dc2626', patrol_point: '#2563eb',
}

export const PROBLEM_COLOR = '#e11d48'

/** Layers under the editor's (picking and context). */
export function plannerBaseLayers(): LayerSpecification[] {
  return [
    {
      id: 'planner-context-fill', type: 'fill', source: PLANNER_SRC.context,
      paint: { 'fill-color': '#94a3b8', 'fill-opacity': 0.06 },
    },
    {
      id: 'planner-context-line', type: 'line', source: PLANNER_SRC.context,
      paint: { 'line-color': '#475569', 'line-width': 1, 'line-opacity': 0.7 },
    },
    {
      id: 'planner-parent-line', type: 'line', source: PLANNER_SRC.parent,
      layout: { 'line-join': 'round' },
      paint: { 'line-color': '#0f172a', 'line-width': 4, 'line-dasharray': [2, 1] },
    },
    {
      id: 'planner-context-label', type: 'symbol', source: PLANNER_SRC.context,
      layout: { 'text-field': ['get', 'name'], 'text-font': FONT_REGULAR, 'text-size': 12, 'text-max-width': 8 },
      paint: { 'text-color': '#334155', 'text-halo-color': '#ffffff', 'text-halo-width': 1.5 },
    },
  ]
}

/** Layers over the editor's: problems, moved objects, before / after outlines. */
export function plannerTopLayers(): LayerSpecification[] {
  return [
    {
      id: 'planner-diff-before', type: 'line', source: PLANNER_SRC.before,
      paint: { 'line-color': '#dc2626', 'line-width': 3, 'line-dasharray': [2, 2] },
    },
    {
      id: 'planner-diff-after', type: 'line', source: PLANNER_SRC.after,
      paint: { 'line-color': '#16a34a', 'line-width': 3 },
    },
    {
      id: 'planner-problems-fill', type: 'fill', source: PLANNER_SRC.problems,
      filter: ['match', ['geometry-type'], ['Polygon', 'MultiPolygon'], true, false],
      paint: { 'fill-color': PROBLEM_COLOR, 'fill-opacity': 0.45 },
    },
    {
      id: 'planner-problems-line', type: 'line', source: PLANNER_SRC.problems,
      filter: ['match', ['geometry-type'], ['Polygon', 'MultiPolygon', 'LineString', 'MultiLineString'], true, false],
      paint: { 'line-color': PROBLEM_COLOR, 'line-width': 3 },
    },
    {
      id: 'planner-problems-point', type: 'circle', source: PLANNER_SRC.problems,
      filter: ['==', ['geometry-type'], 'Point'],
      paint: { 'circle-radius': 9, 'circle-color': 'rgba(0,0,0,0)', 'circle-stroke-color': PROBLEM_COLOR, 'circle-stroke-width': 3 },
    },
    {
      id: 'planner-problems-label', type: 'symbol', source: PLANNER_SRC.problems,
      layout: { 'text-field': ['get', 'label'], 'text-font': FONT_REGULAR, 'text-size': 13, 'text-offset': [0, 1.4], 'text-allow-overlap': true, 'symbol-placement': 'point' },
      paint: { 'text-color': PROBLEM_COLOR, 'text-halo-color': '#ffffff', 'text-halo-width': 2 },
    },
    {
      id: 'planner-impact-point', type: 'circle', source: PLANNER_SRC.impact,
      paint: {
        'circle-radius': 5,
        'circle-color': ['match', ['get', 'kind'], ...Object.entries(IMPACT_COLORS).flat(), '#334155'] as unknown as string,
        'circle-stroke-color': '#ffffff', 'circle-stroke-width': 1.5,
      },
    },
  ]
}
