/**
 * Keeps the map in step with the stores: layer visibility, grid level data, issues, coverage
 * (choropleth by feature-state, uncovered buildings, rings), selection highlight and label language.
 */
import { watch, type WatchStopHandle } from 'vue'
import type { GeoJSONSource, Map as MapLibreMap, VectorTileSource } from 'maplibre-gl'
import type { GeoJSON } from 'geojson'
import { EMPTY, SRC, caseTileUrl } from '../../map/sources'
import { LAYER_GROUPS, layersByGroup } from '../../map/layerGroups'
import { isLocalised, labelField } from '../../map/layers/common'
import { issueLayers, issueRingColour } from '../../map/layers/issues'
import { useLayersStore } from '../layers/useLayersStore'
import { useGridsStore } from '../grids/useGridsStore'
import { useIssuesStore } from '../issues/useIssuesStore'
import { useCoverageStore } from '../coverage/useCoverageStore'
import { useSelectionStore } from '../details/useSelectionStore'
import { useDistrictStore } from '../district/useDistrictStore'
import { useI18n } from '../../i18n'
import { FIT_PADDING } from './padding'
import { prefersReducedMotion } from './createMap'

function setData(map: MapLibreMap, source: string, data: GeoJSON | null | undefined): void {
  map.getSource<GeoJSONSource>(source)?.setData(data ?? EMPTY)
}

/** Swaps the issue layers (same ids, same place in the drawing order) over to the case tiles. */
function drawIssuesFromTiles(map: MapLibreMap, visible: boolean): void {
  const specs = issueLayers('tiles')
  if (map.getLayer(specs[0].id) && (map.getLayer(specs[0].id) as { source?: string }).source === SRC.caseTiles) return
  const ids = map.getStyle().layers.map((l) => l.id)
  const last = Math.max(...specs.map((l) => ids.indexOf(l.id)))
  const before = ids[last + 1]
  for (const spec of specs) if (map.getLayer(spec.id)) map.removeLayer(spec.id)
  for (const spec of specs) {
    map.addLayer(spec, before)
    map.setLayoutProperty(spec.id, 'visibility', visible ? 'visible' : 'none')
  }
}

export function bindMapToStores(map: MapLibreMap): () => void {
  const layers = useLayersStore()
  const grids = useGridsStore()
  const issues = useIssuesStore()
  const coverage = useCoverageStore()
  const selection = useSelectionStore()
  const district = useDistrictStore()
  const { locale } = useI18n()
  const style = map.getStyle()
  const groups = layersByGroup(style.layers)
  const stops: WatchStopHandle[] = []

  const setVisibility = (layerIds: readonly string[] | undefined, visible: boolean) => {
    for (const id of layerIds ?? []) {
      if (map.getLayer(id)) map.setLayoutProperty(id, 'visibility', visible ? 'visible' : 'none')
    }
  }

  stops.push(
    watch(
      () => [layers.visibility, coverage.active] as const,
      ([visibility, coverageOn]) => {
        for (const group of LAYER_GROUPS) setVisibility(groups[group.id], visibility[group.id] !== false)
        setVisibility(groups.coverage, coverageOn)
        // the choropleth replaces the plain grid fill while the coverage view is open
        if (coverageOn) setVisibility(['grids-fill'], false)
      },
      { immediate: true },
    ),
  )

  let ratioIds: number[] = []
  const applyCoverageState = () => {
    for (const id of ratioIds) map.removeFeatureState({ source: SRC.grids, id }, 'ratio')
    ratioIds = []
    const result = coverage.active ? coverage.result : null
    for (const row of result?.byGrid ?? []) {
      map.setFeatureState({ source: SRC.grids, id: row.gridId }, { ratio: coverage.gridRatio(row) })
      ratioIds.push(row.gridId)
    }
    setData(map, SRC.uncovered, result ? coverage.uncoveredShown : null)
  }

  stops.push(
    watch(
      () => grids.grids,
      (data) => {
        setData(map, SRC.grids, data)
        setData(map, SRC.gridLabels, grids.labels)
        applyCoverageState()
      },
      { immediate: true },
    ),
    watch(() => issues.issues, (data) => setData(map, SRC.issues, data), { immediate: true }),
    watch(
      () => issues.mode,
      (mode) => {
        if (mode !== 'tiles') return
        drawIssuesFromTiles(map, layers.visibility.issues !== false)
        if (district.categories) map.setPaintProperty('issues-point', 'circle-stroke-color', issueRingColour(district.categories.categories))
      },
      { immediate: true },
    ),
    watch(
      () => [issues.mode, issues.tileQuery, issues.tileVersion] as const,
      ([mode, query, version]) => {
        if (mode === 'tiles') map.getSource<VectorTileSource>(SRC.caseTiles)?.setTiles([caseTileUrl({ ...query, v: version ? String(version) : undefined })])
      },
    ),
    watch(() => [coverage.result, coverage.active, coverage.mapMode] as const, applyCoverageState, { immediate: true }),
    watch(() => coverage.rings, (rings) => setData(map, SRC.rings, rings), { immediate: true }),
    watch(
      () => selection.selection,
      () => setData(map, SRC.selection, selection.asFeature() ?? EMPTY),
      { immediate: true },
    ),
    watch(
      () => district.categories,
      (categories) => {
        if (categories) map.setPaintProperty('issues-point', 'circle-stroke-color', issueRingColour(categories.categories))
      },
      { immediate: true },
    ),
    watch(
      locale,
      (next) => {
        for (const layer of map.getStyle().layers) {
          if (isLocalised(layer)) map.setLayoutProperty(layer.id, 'text-field', labelField(next))
        }
      },
      { immediate: true },
    ),
    watch(
      () => district.district,
      (d) => {
        const bbox = d?.properties.bbox
        if (bbox) map.fitBounds([[bbox[0], bbox[1]], [bbox[2], bbox[3]]], { padding: FIT_PADDING, duration: 0 })
      },
    ),
    watch(
      () => layers.fitToken,
      () => {
        const bbox = district.district?.properties.bbox
        if (bbox) map.fitBounds([[bbox[0], bbox[1]], [bbox[2], bbox[3]]], { padding: FIT_PADDING, duration: prefersReducedMotion() ? 0 : 600 })
      },
    ),
  )

  return () => stops.forEach((stop) => stop())
}
