/**
 * The wall's map style: the app's offline basemap (web/src/map/style.ts) cut down to the layers a
 * wall needs and recoloured dark, plus the wall's own case, pulse, highlight and hotspot layers.
 * The basemap is not forked: its layers are taken as data and only their colours are swapped,
 * through one table from the light palette to the dark one. Pure data, unit-tested.
 */
import type { ExpressionSpecification, LayerSpecification, SourceSpecification, StyleSpecification } from 'maplibre-gl'
import { buildStyle } from '../../map/style'
import { CASE_STAGE, GREEN, GRID_LEVEL_STYLE, ISSUE_STATUS, ROAD } from '../../map/palette'
import { EMPTY } from '../../map/sources'
import { STATE_STAGE } from '../../map/layers/issues'
import { expression, type Locale } from '../../map/layers/common'

/** Basemap layers the wall keeps, in the basemap's own order. */
export const WALL_BASE_LAYERS = [
  'background',
  'district-land',
  'green-fill',
  'water-fill',
  'water-line',
  'buildings-fill',
  'buildings-outline',
  'roads-casing',
  'roads-minor',
  'roads-fill',
  'water-label',
  'water-line-label',
  'roads-label',
  'district-halo',
  'district-line',
  'grids-casing',
  'grids-line',
  'grids-label',
] as const

/**
 * Layers drawn only from this zoom on the wall: at the district view 20,000 buildings and 14,000
 * green areas are specks that cost every frame in software WebGL; the tour's close-ups show them.
 */
export const WALL_MINZOOM: Record<string, number> = {
  'buildings-fill': 14,
  'buildings-outline': 14,
  'green-fill': 12.5,
}

/** The dark palette: a deep navy ground, roads and water a few steps lighter, labels pale. */
export const DARK = {
  background: '#040b17',
  land: '#0a1526',
  water: '#0f2d4f',
  waterLine: '#1b4a7a',
  waterLabel: '#6fa3d6',
  building: '#15253d',
  buildingLine: '#1d3352',
  roadCasing: '#050c18',
  roadLabel: '#8ea3c2',
  halo: '#040b17',
  districtLine: '#38bdf8',
  gridLine: '#3b82f6',
  gridLabel: '#bcd3f2',
} as const

const DARK_GREEN: Record<string, string> = {
  [GREEN.farmland]: '#15261c',
  [GREEN.forest]: '#12301f',
  [GREEN.park]: '#133322',
  [GREEN.square]: '#1a2030',
  [GREEN.compound_green]: '#122a1f',
  [GREEN.fitness]: '#0f2e2c',
}
const DARK_ROAD: Record<string, string> = {
  [ROAD.primary]: '#3a4a66',
  [ROAD.secondary]: '#2e3d57',
  [ROAD.residential]: '#243249',
  [ROAD.rural]: '#222e42',
  [ROAD.footway]: '#2a3445',
  [ROAD.path]: '#262f3f',
}
const DARK_GRID: Record<string, string> = Object.fromEntries(GRID_LEVEL_STYLE.map((s) => [s.line, DARK.gridLine]))

/** Colour literals inside expressions (green kinds, road classes, grid levels) → dark ones. */
const DARK_BY_COLOUR: Record<string, string> = { ...DARK_GREEN, ...DARK_ROAD, ...DARK_GRID }

/** Constant paint values replaced per layer (where one light colour plays several roles, e.g. white). */
const PAINT: Record<string, Record<string, unknown>> = {
  background: { 'background-color': DARK.background },
  'district-land': { 'fill-color': DARK.land },
  'water-fill': { 'fill-color': DARK.water },
  'water-line': { 'line-color': DARK.waterLine },
  'buildings-fill': { 'fill-color': DARK.building },
  'buildings-outline': { 'line-color': DARK.buildingLine },
  'roads-casing': { 'line-color': DARK.roadCasing },
  'water-label': { 'text-color': DARK.waterLabel, 'text-halo-color': DARK.halo },
  'water-line-label': { 'text-color': DARK.waterLabel, 'text-halo-color': DARK.halo },
  'roads-label': { 'text-color': DARK.roadLabel, 'text-halo-color': DARK.halo },
  'district-halo': { 'line-color': DARK.halo },
  'district-line': { 'line-color': DARK.districtLine },
  'grids-casing': { 'line-color': DARK.halo, 'line-opacity': 0.6 },
  'grids-line': { 'line-opacity': 0.55 },
  'grids-label': { 'text-color': DARK.gridLabel, 'text-halo-color': DARK.halo },
}

/** Replaces every colour literal found in the table, at any depth of an expression. */
export function recolour<T>(value: T, table: Record<string, string>): T {
  if (typeof value === 'string') return (table[value] ?? value) as T
  if (Array.isArray(value)) return value.map((v) => recolour(v, table)) as T
  return value
}

/** One basemap layer in dark colours. */
export function darkLayer(layer: LayerSpecification): LayerSpecification {
  if (!('paint' in layer) || !layer.paint) return layer
  const paint: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(layer.paint)) paint[key] = recolour(value, DARK_BY_COLOUR)
  Object.assign(paint, PAINT[layer.id] ?? {})
  return { ...layer, paint } as LayerSpecification
}

/**
 * The wall's own sources: cases (open and recent; new reports carry `fresh: true` while they are
 * highlighted) on the live map, the tour's grid on the base map.
 */
export const WALL_SRC = {
  cases: 'wall-cases',
  hotspot: 'wall-hotspot',
} as const

/** Stage colour of a case; overdue open cases are red whatever their stage. */
export const wallCaseColour: ExpressionSpecification = [
  'case',
  ['all', ['==', ['get', 'overdue'], true], ['==', ['get', 'open'], true]],
  ISSUE_STATUS.overdue,
  ['==', ['get', 'open'], true],
  expression(['match', ['get', 'status'], ...Object.entries(STATE_STAGE).flatMap(([state, stage]) => [state, CASE_STAGE[stage]]), ISSUE_STATUS.open]),
  CASE_STAGE.closed,
]

/**
 * The ring of an overdue case: radius (px) and opacity at a phase 0–1 of its pulse. The map draws
 * it still (phase 0.35) under the pulsing overlay of WallMap.vue, which animates in the compositor
 * so the WebGL map does not re-render for the animation.
 */
export function pulseAt(phase: number, scale = 1): { radius: number; opacity: number } {
  const p = ((phase % 1) + 1) % 1
  return { radius: +((7 + 13 * p) * scale).toFixed(2), opacity: +(0.9 * (1 - p)).toFixed(3) }
}

export const HOTSPOT_COLOUR = '#fbbf24'
export const FRESH_COLOUR = '#facc15'

/** The base map's own layers: the tour's hotspot grid (drawn under the live map's cases). */
export function wallBaseLayers(): LayerSpecification[] {
  return [
    {
      id: 'wall-hotspot-fill',
      type: 'fill',
      source: WALL_SRC.hotspot,
      paint: { 'fill-color': HOTSPOT_COLOUR, 'fill-opacity': 0.12 },
    },
    {
      id: 'wall-hotspot-line',
      type: 'line',
      source: WALL_SRC.hotspot,
      layout: { 'line-join': 'round' },
      paint: { 'line-color': HOTSPOT_COLOUR, 'line-width': 3 },
    },
  ]
}

/** The live map's layers: every case, the still ring of overdue ones, new reports' highlight. */
export function wallLiveLayers(): LayerSpecification[] {
  const open: ExpressionSpecification = ['==', ['get', 'open'], true]
  const fresh: ExpressionSpecification = ['==', ['get', 'fresh'], true]
  return [
    {
      // closed cases of the last days stay as faint dots under the open ones
      id: 'wall-cases-closed',
      type: 'circle',
      source: WALL_SRC.cases,
      filter: ['!', open],
      paint: { 'circle-color': CASE_STAGE.closed, 'circle-radius': 2.5, 'circle-opacity': 0.45 },
    },
    {
      id: 'wall-cases-pulse',
      type: 'circle',
      source: WALL_SRC.cases,
      filter: ['all', open, ['==', ['get', 'overdue'], true]],
      paint: {
        'circle-color': 'rgba(0, 0, 0, 0)',
        'circle-radius': pulseAt(0.35).radius,
        'circle-stroke-color': ISSUE_STATUS.overdue,
        'circle-stroke-width': 2,
        'circle-stroke-opacity': pulseAt(0.35).opacity,
      },
    },
    {
      id: 'wall-cases',
      type: 'circle',
      source: WALL_SRC.cases,
      filter: open,
      paint: {
        'circle-color': wallCaseColour,
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 11, 3.5, 16, 7],
        'circle-stroke-color': DARK.halo,
        'circle-stroke-width': 1,
      },
    },
    {
      id: 'wall-fresh',
      type: 'circle',
      source: WALL_SRC.cases,
      filter: fresh,
      paint: { 'circle-color': 'rgba(250, 204, 21, 0.18)', 'circle-radius': 14, 'circle-stroke-color': FRESH_COLOUR, 'circle-stroke-width': 2 },
    },
    {
      id: 'wall-fresh-dot',
      type: 'circle',
      source: WALL_SRC.cases,
      filter: fresh,
      paint: { 'circle-color': FRESH_COLOUR, 'circle-radius': 6, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2 },
    },
  ]
}

/**
 * The base map: the dark basemap (its fetched sources only), community outlines and the tour's
 * hotspot. It draws again only when the camera, the outlines or the hotspot change — never for a
 * live event (see buildWallLiveStyle).
 */
export function buildWallStyle(locale: Locale): StyleSpecification {
  const base = buildStyle({ locale })
  const keep = new Set<string>(WALL_BASE_LAYERS)
  const layers = base.layers
    .filter((l) => keep.has(l.id))
    .map(darkLayer)
    .map((l) => (WALL_MINZOOM[l.id] !== undefined ? { ...l, minzoom: Math.max(l.minzoom ?? 0, WALL_MINZOOM[l.id]!) } : l))
  const used = new Set(layers.map((l) => ('source' in l ? l.source : undefined)).filter(Boolean) as string[])
  const sources: Record<string, SourceSpecification> = {}
  for (const [id, spec] of Object.entries(base.sources)) if (used.has(id)) sources[id] = spec
  sources[WALL_SRC.hotspot] = { type: 'geojson', data: EMPTY }
  return { ...base, name: 'gridsight wall (dark)', sources, layers: [...layers, ...wallBaseLayers()] }
}

/**
 * The live map, a second transparent map over the base one with the same camera: the cases only.
 * A live event redraws this map alone. In software WebGL (SwiftShader) a redraw of the whole dark
 * basemap costs ≈ 150 ms of the GPU process at 942×836 (docs/wall.md), the cases alone ≈ 25 ms.
 * The cases' source is tiled from one zoom level (`maxzoom`), so an update reloads one or a few
 * tiles; WallMap.vue lets this map draw once a second whatever arrives.
 */
export function buildWallLiveStyle(): StyleSpecification {
  return {
    version: 8,
    name: 'gridsight wall (live)',
    sources: { [WALL_SRC.cases]: { type: 'geojson', data: EMPTY, promoteId: 'id', maxzoom: LIVE_MAXZOOM } },
    layers: wallLiveLayers(),
  }
}

/**
 * Zoom the live cases are tiled at (overzoomed above it): a z12 tile's 1/8192 is ≈ 1 m on the ground
 * at this latitude, under a pixel at the tour's close-ups (z16–17), and the district at the wall's
 * overview zoom is a handful of tiles.
 */
export const LIVE_MAXZOOM = 12
