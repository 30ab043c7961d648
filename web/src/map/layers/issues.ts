/**
 * Issues: clusters (size by count, colour by how many are overdue) with their counts while zoomed
 * out, then single dots coloured by status and ringed by category group.
 */
import type { ExpressionSpecification, LayerSpecification } from 'maplibre-gl'
import { CASE_STAGE, ISSUE_CLUSTER, ISSUE_GROUP, ISSUE_GROUP_FALLBACK, ISSUE_STATUS } from '../palette'
import { CASE_TILE_LAYER, SRC } from '../sources'
import { FONT_BOLD, byZoom, expression, meta } from './common'

/** Cluster radius (px) steps by point count. */
export const CLUSTER_SIZES: readonly [number, number][] = [
  [0, 13],
  [50, 16],
  [200, 20],
  [1000, 25],
  [3000, 30],
]

/**
 * Overdue cases in a cluster → its colour, in three classes a duty officer reads at a glance:
 * blue when none is overdue, amber from one, red from ten. Counts rather than shares, because a
 * year of reports is mostly closed and the question is where the overdue ones are.
 */
export const CLUSTER_OVERDUE_STOPS: readonly [number, string][] = [
  [0, ISSUE_CLUSTER.fill],
  [1, ISSUE_CLUSTER.warn],
  [10, ISSUE_STATUS.overdue],
]

/** Case states by lifecycle stage (web/src/features/cases/model.ts STAGE_OF), for the dot colour. */
export const STATE_STAGE: Record<string, keyof typeof CASE_STAGE> = {
  reported: 'intake',
  accepted: 'intake',
  opened: 'intake',
  dispatched: 'dispatch',
  returned: 'dispatch',
  handling: 'handling',
  parked: 'handling',
  feedback: 'check',
  verified: 'check',
}

/** Overdue red; open cases by stage (unknown open states orange); closed ones green. */
export const issueStatusColour: ExpressionSpecification = [
  'case',
  ['==', ['get', 'overdue'], true], ISSUE_STATUS.overdue,
  ['==', ['get', 'open'], true],
  expression(['match', ['get', 'status'], ...Object.entries(STATE_STAGE).flatMap(([state, stage]) => [state, CASE_STAGE[stage]]), ISSUE_STATUS.open]),
  ISSUE_STATUS.closed,
]

const isOverdue: ExpressionSpecification = ['==', ['get', 'overdue'], true]

/** Ring colour of a single issue from its category's group; built once the categories are known. */
export function issueRingColour(categories: readonly { code: string; group: string }[]): ExpressionSpecification | string {
  const pairs = categories.flatMap((c) => [c.code, ISSUE_GROUP[c.group] ?? ISSUE_GROUP_FALLBACK])
  if (pairs.length === 0) return ISSUE_GROUP_FALLBACK
  return expression(['match', ['get', 'category'], ...pairs, ISSUE_GROUP_FALLBACK])
}

const isCluster: ExpressionSpecification = ['has', 'point_count']

/**
 * Where the map's cases come from: one GeoJSON clustered in the browser (the demo's ~21k), or
 * vector tiles clustered per tile by the API (api/tiles, for large districts). Same layer ids
 * either way, so clicks, toggles and tests see the same layers.
 */
export type IssueSourceMode = 'geojson' | 'tiles'

/** The tiles' fields (api/tiles/cases.ts): clusters carry `count`; `overdue` and `open` are counts (0/1 for a single case). */
function tileLayers(): LayerSpecification[] {
  const count: ExpressionSpecification = ['get', 'count']
  const tileCluster: ExpressionSpecification = ['has', 'count']
  const src = { source: SRC.caseTiles, 'source-layer': CASE_TILE_LAYER }
  const asGeojson = issueLayers('geojson')
  const paintOf = (id: string) => asGeojson.find((l) => l.id === id) as LayerSpecification & { paint: Record<string, unknown> }
  const singleOpen: ExpressionSpecification = ['==', ['get', 'open'], 1]
  const statusColour: ExpressionSpecification = [
    'case',
    ['==', ['get', 'overdue'], 1], ISSUE_STATUS.overdue,
    singleOpen,
    expression(['match', ['get', 'status'], ...Object.entries(STATE_STAGE).flatMap(([state, stage]) => [state, CASE_STAGE[stage]]), ISSUE_STATUS.open]),
    ISSUE_STATUS.closed,
  ]
  return [
    {
      ...paintOf('issues-cluster'),
      ...src,
      filter: tileCluster,
      paint: { ...paintOf('issues-cluster').paint, 'circle-radius': expression(['step', count, ...CLUSTER_SIZES.flat().slice(1)]) },
    } as LayerSpecification,
    {
      id: 'issues-cluster-count',
      type: 'symbol',
      ...src,
      filter: tileCluster,
      layout: {
        // 1234 → 1.2k, as MapLibre abbreviates GeoJSON cluster counts
        'text-field': ['case', ['>=', count, 1000], ['concat', ['to-string', ['/', ['round', ['/', count, 100]], 10]], 'k'], ['to-string', count]],
        'text-font': FONT_BOLD,
        'text-size': ['step', count, 11, 1000, 12],
        'text-allow-overlap': true,
        'text-ignore-placement': true,
      },
      paint: { 'text-color': ISSUE_CLUSTER.text },
      metadata: meta('issues'),
    },
    {
      ...paintOf('issues-point'),
      ...src,
      filter: ['!', tileCluster],
      paint: {
        ...paintOf('issues-point').paint,
        'circle-color': statusColour,
        'circle-radius': byZoom([[12, ['case', singleOpen, 4.5, 3]], [18, ['case', singleOpen, 8, 5.5]]], 1),
        'circle-opacity': ['case', singleOpen, 1, 0.7],
      },
    } as LayerSpecification,
    { ...paintOf('issues-overdue'), ...src, filter: ['all', ['!', tileCluster], ['==', ['get', 'overdue'], 1]] } as LayerSpecification,
  ]
}

export function issueLayers(mode: IssueSourceMode = 'geojson'): LayerSpecification[] {
  if (mode === 'tiles') return tileLayers()
  return [
    {
      id: 'issues-cluster',
      type: 'circle',
      source: SRC.issues,
      filter: isCluster,
      paint: {
        'circle-color': expression(['step', ['get', 'overdue'], ...CLUSTER_OVERDUE_STOPS.flat().slice(1)]),
        'circle-radius': expression(['step', ['get', 'point_count'], ...CLUSTER_SIZES.flat().slice(1)]),
        'circle-opacity': 0.88,
        'circle-stroke-color': ISSUE_CLUSTER.stroke,
        'circle-stroke-width': 2,
        'circle-stroke-opacity': 0.95,
      },
      metadata: meta('issues'),
    },
    {
      id: 'issues-cluster-count',
      type: 'symbol',
      source: SRC.issues,
      filter: isCluster,
      layout: {
        'text-field': ['get', 'point_count_abbreviated'],
        'text-font': FONT_BOLD,
        'text-size': ['step', ['get', 'point_count'], 11, 1000, 12],
        'text-allow-overlap': true,
        'text-ignore-placement': true,
      },
      paint: { 'text-color': ISSUE_CLUSTER.text },
      metadata: meta('issues'),
    },
    {
      id: 'issues-point',
      type: 'circle',
      source: SRC.issues,
      filter: ['!', isCluster],
      paint: {
        'circle-color': issueStatusColour,
        // closed cases recede so the open ones stand out among a year of reports
        'circle-radius': byZoom([[12, ['case', ['==', ['get', 'open'], true], 4.5, 3]], [18, ['case', ['==', ['get', 'open'], true], 8, 5.5]]], 1),
        'circle-opacity': ['case', ['==', ['get', 'open'], true], 1, 0.7],
        'circle-stroke-color': ISSUE_GROUP_FALLBACK,
        'circle-stroke-width': byZoom([[12, 1.5], [18, 2.5]], 1),
      },
      metadata: meta('issues'),
    },
    {
      // overdue cases get a red halo that reads at any zoom, above the category ring
      id: 'issues-overdue',
      type: 'circle',
      source: SRC.issues,
      filter: ['all', ['!', isCluster], isOverdue, ['==', ['get', 'open'], true]],
      paint: {
        'circle-color': 'rgba(0, 0, 0, 0)',
        'circle-radius': byZoom([[12, 8], [18, 13]], 1),
        'circle-stroke-color': ISSUE_STATUS.overdue,
        'circle-stroke-width': byZoom([[12, 2], [18, 3]], 1),
        'circle-stroke-opacity': 0.9,
      },
      metadata: meta('issues'),
    },
  ]
}
