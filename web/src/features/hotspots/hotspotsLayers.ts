/**
 * The hotspot layers as data (stage 2 of the map): hex cells coloured by the fixed classes, their
 * outlines, the selected cell, and the heat map over the cases of the current frame.
 */
import type { ExpressionSpecification, FilterSpecification, LayerSpecification, SourceSpecification } from 'maplibre-gl'
import type { Frame } from '../../../../geo/hotspots/index.ts'
import { EMPTY } from '../../map/sources'
import { heatIntensity, hexFillColor } from './model'

export const HOT_SRC = { hex: 'hotspots-hex', points: 'hotspots-points' } as const
export const HOT_LAYER = { hex: 'hotspots-hex', hexLine: 'hotspots-hex-line', selected: 'hotspots-hex-selected', heat: 'hotspots-heat' } as const

export function hotspotSources(): Record<string, SourceSpecification> {
  return {
    [HOT_SRC.hex]: { type: 'geojson', data: EMPTY },
    [HOT_SRC.points]: { type: 'geojson', data: EMPTY },
  }
}

/** Cases whose `day` lies in the frame. */
export function frameFilter(frame: Frame | null): FilterSpecification {
  if (!frame) return ['==', ['get', 'day'], -1]
  return ['all', ['>=', ['get', 'day'], frame.start], ['<=', ['get', 'day'], frame.end]]
}

/** Transparent → yellow → orange → deep red as density rises. */
export const HEAT_COLOR: ExpressionSpecification = [
  'interpolate',
  ['linear'],
  ['heatmap-density'],
  0,
  'rgba(255,255,178,0)',
  0.15,
  'rgba(254,217,118,0.7)',
  0.35,
  '#feb24c',
  0.55,
  '#fd8d3c',
  0.75,
  '#f03b20',
  1,
  '#bd0026',
]

export function hotspotLayers(opts: { view: 'heat' | 'hex'; breaks: readonly number[]; peak: number; frame: Frame | null; selected: string | null }): LayerSpecification[] {
  const hex = opts.view === 'hex' ? 'visible' : 'none'
  return [
    {
      id: HOT_LAYER.heat,
      type: 'heatmap',
      source: HOT_SRC.points,
      filter: frameFilter(opts.frame),
      layout: { visibility: opts.view === 'heat' ? 'visible' : 'none' },
      paint: {
        'heatmap-weight': 1,
        'heatmap-intensity': heatIntensity(opts.peak),
        'heatmap-radius': ['interpolate', ['exponential', 2], ['zoom'], 10, 14, 13, 30, 16, 70],
        'heatmap-color': HEAT_COLOR,
        'heatmap-opacity': 0.85,
      },
    },
    {
      id: HOT_LAYER.hex,
      type: 'fill',
      source: HOT_SRC.hex,
      layout: { visibility: hex },
      paint: { 'fill-color': hexFillColor(opts.breaks), 'fill-opacity': 0.72 },
    },
    {
      id: HOT_LAYER.hexLine,
      type: 'line',
      source: HOT_SRC.hex,
      layout: { visibility: hex },
      paint: { 'line-color': '#ffffff', 'line-width': 0.8, 'line-opacity': 0.8 },
    },
    {
      id: HOT_LAYER.selected,
      type: 'line',
      source: HOT_SRC.hex,
      filter: ['==', ['get', 'cell'], opts.selected ?? ''],
      layout: { visibility: hex },
      paint: { 'line-color': '#1f2d3d', 'line-width': 3 },
    },
  ]
}
