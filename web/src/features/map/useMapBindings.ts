/**
 * Keeps the map in step with the stores: layer visibility, grid level data, issues, coverage
 * (choropleth by feature-state, uncovered buildings, rings), selection highlight and label language.
 */
import { watch, type WatchStopHandle } from 'vue'
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl'
import type { GeoJSON } from 'geojson'
import { EMPTY, SRC } from '../../map/sources'
import { LAYER_GROUPS, layersByGroup } from '../../map/layerGroups'
import { isLocalised, labelField } from '../../map/layers/common'
import { issueRingColour } from '../../map/layers/issues'
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
