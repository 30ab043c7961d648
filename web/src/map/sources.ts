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
  caseTiles: 'case-tiles',
  uncovered: 'coverage-uncovered',
  rings: 'coverage-rings',
  selection: 'selection',
  // issue 7 · progress (civmap): filled by features/civprogress/civLayers.ts when switched on
  civStatus: 'civ-status',
  civRenovation: 'civ-renovation',
} as const
export type SourceId = (typeof SRC)[keyof typeof SRC]

export const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] }

/** The cases as vector tiles (api/tiles): layer `cases`, clustered per tile by the API below z16. */
export const CASE_TILE_LAYER = 'cases'
export const CASE_TILE_MAX_ZOOM = 16
export const CASE_TILE_PATH = '/api/tiles/cases/{z}/{x}/{y}.mvt'

/** The tile URL for a filter query (`status=open`…) and a data version that makes MapLibre refetch. */
export function caseTileUrl(query: Record<string, string | undefined> = {}): string {
  const params = new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => !!e[1]))
  const qs = params.toString()
  return qs ? `${CASE_TILE_PATH}?${qs}` : CASE_TILE_PATH
}

/** Issues are clustered below this zoom; above it every issue is its own dot. */
export const ISSUE_CLUSTER_MAX_ZOOM = 15

/** Sources MapLibre fetches itself from the API, with the i18n key that names them to the user. */
export const FETCHED_SOURCES: Partial<Record<SourceId, { path: string; labelKey: string }>> = {
  [SRC.district]: { path: '/district', labelKey: 'app.districtFallback' },
  [SRC.green]: { path: '/green', labelKey: 'layers.green' },
  [SRC.water]: { path: '/water', labelKey: 'layers.water' },
  [SRC.roads]: { path: '/roads', labelKey: 'layers.roads' },
  [SRC.buildings]: { path: '/buildings', labelKey: 'layers.buildings' },
  [SRC.compounds]: { path: '/compounds', labelKey: 'layers.compounds' },
  [SRC.kiosks]: { path: '/kiosks', labelKey: 'layers.kiosks' },
  [SRC.facilities]: { path: '/facilities', labelKey: 'layers.facilities' },
  [SRC.patrols]: { path: '/patrols', labelKey: 'layers.patrols' },
}

export function sourceUrl(id: SourceId): string | undefined {
  const fetched = FETCHED_SOURCES[id]
  return fetched ? `/api${fetched.path}` : undefined
}

function url(path: string): GeoJSONSourceSpecification {
  return { type: 'geojson', data: `/api${path}` }
}

function empty(extra: Partial<GeoJSONSourceSpecification> = {}): GeoJSONSourceSpecification {
  return { type: 'geojson', data: EMPTY, ...extra }
}

export function buildSources(): Record<SourceId, SourceSpecification> {
  const fetched = Object.fromEntries(Object.entries(FETCHED_SOURCES).map(([id, { path }]) => [id, url(path)]))
  return {
    ...(fetched as Record<keyof typeof FETCHED_SOURCES, GeoJSONSourceSpecification>),
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
    // used only when the issue layers draw from tiles (large districts); MapLibre loads no tile for a source no layer uses
    [SRC.caseTiles]: { type: 'vector', tiles: [caseTileUrl()], minzoom: 0, maxzoom: CASE_TILE_MAX_ZOOM },
    [SRC.uncovered]: empty(),
    [SRC.rings]: empty(),
    [SRC.selection]: empty(),
    [SRC.civStatus]: empty(),
    [SRC.civRenovation]: empty(),
  }
}
