/**
 * The offline basemap, drawn from the district's own data: land, green, water, buildings,
 * roads (casing under fill, widths by zoom, footways dashed close up), road names, the outline.
 */
import type { ExpressionSpecification, LayerSpecification } from 'maplibre-gl'
import { BASE, GREEN, ROAD, type RoadClass } from '../palette'
import { SRC } from '../sources'
import { FONT_REGULAR, byZoom, matchProperty, meta } from './common'

/** Road fill widths (px) at zoom 12, 15 and 18. Casing adds a border on both sides. */
export const ROAD_WIDTHS: Record<RoadClass, readonly [number, number, number]> = {
  primary: [1.8, 6, 18],
  secondary: [1.3, 4.5, 14],
  residential: [0.6, 2.6, 9],
  rural: [0.7, 2.4, 7],
  footway: [0.4, 1.1, 2.6],
  path: [0.3, 0.9, 2.2],
}
const CASING_EXTRA: readonly [number, number, number] = [0.8, 2, 3]
const ROAD_ZOOMS = [12, 15, 18] as const

/** Draw order within the road layers: bigger roads on top where they cross smaller ones. */
export const ROAD_RANK: Record<RoadClass, number> = {
  path: 0,
  footway: 1,
  rural: 2,
  residential: 3,
  secondary: 4,
  primary: 5,
}

const MINOR_PATH: ExpressionSpecification = ['match', ['get', 'class'], ['footway', 'path'], true, false]

function roadWidth(extra: readonly [number, number, number] | null): ExpressionSpecification {
  const stops = ROAD_ZOOMS.map((zoom, i) => {
    const byClass: Record<string, number> = {}
    for (const [cls, widths] of Object.entries(ROAD_WIDTHS)) {
      byClass[cls] = +(widths[i] + (extra ? extra[i] : 0)).toFixed(2)
    }
    return [zoom, matchProperty('class', byClass, 1)] as const
  })
  return byZoom(stops, 1.6)
}

export function basemapLayers(): LayerSpecification[] {
  return [
    { id: 'background', type: 'background', paint: { 'background-color': BASE.background }, metadata: meta('base') },
    {
      id: 'district-land',
      type: 'fill',
      source: SRC.district,
      paint: { 'fill-color': BASE.land },
      metadata: meta('base'),
    },
    {
      id: 'green-fill',
      type: 'fill',
      source: SRC.green,
      paint: {
        'fill-color': matchProperty('kind', GREEN, GREEN.park),
        'fill-opacity': byZoom([[10, 0.75], [16, 1]], 1),
      },
      metadata: meta('green'),
    },
    {
      id: 'water-fill',
      type: 'fill',
      source: SRC.water,
      filter: ['==', ['geometry-type'], 'Polygon'],
      paint: { 'fill-color': BASE.water },
      metadata: meta('water'),
    },
    {
      id: 'water-line',
      type: 'line',
      source: SRC.water,
      filter: ['==', ['geometry-type'], 'LineString'],
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: {
        'line-color': BASE.waterLine,
        'line-width': byZoom([
          [10, matchProperty('kind', { river: 1.5 }, 0.6)],
          [16, matchProperty('kind', { river: 10 }, 3)],
        ]),
      },
      metadata: meta('water'),
    },
    {
      id: 'buildings-fill',
      type: 'fill',
      source: SRC.buildings,
      minzoom: 13,
      paint: {
        'fill-color': BASE.building,
        'fill-opacity': byZoom([[13, 0.5], [15, 1]], 1),
      },
      metadata: meta('buildings'),
    },
    {
      id: 'buildings-outline',
      type: 'line',
      source: SRC.buildings,
      minzoom: 15,
      paint: { 'line-color': BASE.buildingLine, 'line-width': 0.8 },
      metadata: meta('buildings'),
    },
    {
      id: 'roads-casing',
      type: 'line',
      source: SRC.roads,
      minzoom: 12,
      filter: ['!', MINOR_PATH],
      layout: {
        'line-cap': 'round',
        'line-join': 'round',
        'line-sort-key': matchProperty('class', ROAD_RANK, 0),
      },
      paint: { 'line-color': BASE.roadCasing, 'line-width': roadWidth(CASING_EXTRA) },
      metadata: meta('roads'),
    },
    {
      id: 'roads-minor',
      type: 'line',
      source: SRC.roads,
      minzoom: 14,
      filter: MINOR_PATH,
      layout: { 'line-join': 'round' },
      paint: {
        'line-color': matchProperty('class', ROAD, ROAD.path),
        'line-width': roadWidth(null),
        // solid while small, dashed once a footway is wide enough for the dash to read
        'line-dasharray': ['step', ['zoom'], ['literal', [1, 0]], 16, ['literal', [2, 1.2]]],
      },
      metadata: meta('roads'),
    },
    {
      id: 'roads-fill',
      type: 'line',
      source: SRC.roads,
      filter: ['!', MINOR_PATH],
      layout: {
        'line-cap': 'round',
        'line-join': 'round',
        'line-sort-key': matchProperty('class', ROAD_RANK, 0),
      },
      paint: {
        'line-color': matchProperty('class', ROAD, ROAD.residential),
        'line-width': roadWidth(null),
      },
      metadata: meta('roads'),
    },
    {
      id: 'water-label',
      type: 'symbol',
      source: SRC.water,
      minzoom: 13,
      filter: ['all', ['has', 'name'], ['==', ['geometry-type'], 'Polygon']],
      layout: { 'text-field': ['get', 'name'], 'text-font': FONT_REGULAR, 'text-size': 12 },
      paint: { 'text-color': BASE.waterLabel, 'text-halo-color': BASE.labelHalo, 'text-halo-width': 1.2 },
      metadata: meta('water'),
    },
    {
      id: 'water-line-label',
      type: 'symbol',
      source: SRC.water,
      minzoom: 14,
      filter: ['all', ['has', 'name'], ['==', ['geometry-type'], 'LineString']],
      layout: {
        'symbol-placement': 'line',
        'text-field': ['get', 'name'],
        'text-font': FONT_REGULAR,
        'text-size': 12,
        'text-max-angle': 30,
      },
      paint: { 'text-color': BASE.waterLabel, 'text-halo-color': BASE.labelHalo, 'text-halo-width': 1.2 },
      metadata: meta('water'),
    },
    {
      id: 'roads-label',
      type: 'symbol',
      source: SRC.roads,
      minzoom: 13,
      filter: ['all', ['has', 'name'], ['!=', ['get', 'name'], ''], ['!', MINOR_PATH]],
      layout: {
        'symbol-placement': 'line',
        'text-field': ['get', 'name'],
        'text-font': FONT_REGULAR,
        'text-size': byZoom([[13, 11], [17, 14]], 1),
        'text-max-angle': 35,
        'symbol-spacing': 320,
        'text-padding': 4,
      },
      paint: { 'text-color': BASE.roadLabel, 'text-halo-color': BASE.labelHalo, 'text-halo-width': 1.6 },
      metadata: meta('roads'),
    },
  ]
}

/** The district outline sits above the thematic fills so the boundary always reads. */
export function districtOutlineLayers(): LayerSpecification[] {
  return [
    {
      id: 'district-halo',
      type: 'line',
      source: SRC.district,
      paint: { 'line-color': BASE.districtHalo, 'line-width': byZoom([[9, 4], [15, 8]], 1), 'line-opacity': 0.8 },
      metadata: meta('base'),
    },
    {
      id: 'district-line',
      type: 'line',
      source: SRC.district,
      layout: { 'line-join': 'round' },
      paint: {
        'line-color': BASE.districtLine,
        'line-width': byZoom([[9, 1.8], [15, 3]], 1),
        'line-dasharray': [4, 1.5, 1, 1.5],
      },
      metadata: meta('base'),
    },
  ]
}
