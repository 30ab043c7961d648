/**
 * Stage 1 of the map: the sources. Static layers are fetched by MapLibre's worker straight from
 * the API (relative /api paths, never an external URL); grids, labels, issues, coverage and the
 * selection are filled from the stores with setData so their loading and errors show in the UI.
 */
import type { GeoJSONSourceSpecification, SourceSpecification } from 'maplibre-gl'
import type { FeatureCollection } from 'geojson'

export const SRC = {
  district: 'district',
  green: 'green',
  water: 'water',
  roads: 'roads',
  buildings: 'buildings',
  compounds: 'compounds',
  grids: 'grids',
  gridLabels: 'grid-labels',
  kiosks: 'kiosks',
  facilities: 'facilities',
  patrols: 'patrols',
  issues: 'issues',
  uncovered: 'coverage-uncovered',
  selection: 'selection',
} as const
export type SourceId = (typeof SRC)[keyof typeof SRC]

export const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] }

/** Issues are clustered below this zoom; above it every issue is its own dot. */
export const ISSUE_CLUSTER_MAX_ZOOM = 15

function url(path: string): GeoJSONSourceSpecification {
  return { type: 'geojson', data: `/api${path}` }
}

function empty(extra: Partial<GeoJSONSourceSpecification> = {}): GeoJSONSourceSpecification {
  return { type: 'geojson', data: EMPTY, ...extra }
}

export function buildSources(): Record<SourceId, SourceSpecification> {
  return {
    [SRC.district]: url('/district'),
    [SRC.green]: url('/green'),
    [SRC.water]: url('/water'),
    [SRC.roads]: url('/roads'),
    [SRC.buildings]: url('/buildings'),
    [SRC.compounds]: url('/compounds'),
    [SRC.kiosks]: url('/kiosks'),
    [SRC.facilities]: url('/facilities'),
    [SRC.patrols]: url('/patrols'),
    [SRC.grids]: empty(),
    [SRC.gridLabels]: empty(),
    [SRC.issues]: empty({
      cluster: true,
      clusterRadius: 48,
      clusterMaxZoom: ISSUE_CLUSTER_MAX_ZOOM,
      // counts carried up every cluster so its colour can say how much of it is overdue
      clusterProperties: {
        overdue: ['+', ['case', ['==', ['get', 'overdue'], true], 1, 0]],
        open: ['+', ['case', ['==', ['get', 'open'], true], 1, 0]],
      },
    }),
    [SRC.uncovered]: empty(),
    [SRC.selection]: empty(),
  }
}
