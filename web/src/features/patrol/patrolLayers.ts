/**
 * The patrol view on the map: per-grid share as a choropleth (feature-state `patrolShare` on the
 * grids source, coverage's colour steps), street pieces patrolled (green) or not visited this week
 * (red, dashed), and points (level-3 points, kiosks, open issues) green or red. Its own sources and
 * layers, added while the view is open and removed after.
 */
import { watch } from 'vue'
import type { ExpressionSpecification, GeoJSONSource, LayerSpecification, Map as MapLibreMap } from 'maplibre-gl'
import { SRC } from '../../map/sources'
import { coverageClasses } from '../../map/legend'
import { usePatrolStore } from './usePatrolStore'

export const PATROL_COLOURS = { visited: '#16a34a', never: '#dc2626', noData: 'rgba(0,0,0,0)' } as const
const STREETS = 'patrol-streets'
const POINTS = 'patrol-points'

export function patrolLayerSpecs(): LayerSpecification[] {
  const share: ExpressionSpecification = ['to-number', ['coalesce', ['feature-state', 'patrolShare'], -1]]
  const steps = coverageClasses().flatMap((c) => [c.from, c.colour])
  return [
    { id: 'patrol-grid-fill', type: 'fill', source: SRC.grids, paint: { 'fill-color': ['step', share, PATROL_COLOURS.noData, ...steps] as ExpressionSpecification, 'fill-opacity': ['case', ['<', share, 0], 0, 0.45] } },
    { id: 'patrol-streets-visited', type: 'line', source: STREETS, filter: ['==', ['get', 'visited'], true], paint: { 'line-color': PATROL_COLOURS.visited, 'line-width': ['interpolate', ['linear'], ['zoom'], 12, 1.2, 17, 4] } },
    { id: 'patrol-streets-never', type: 'line', source: STREETS, filter: ['==', ['get', 'visited'], false], paint: { 'line-color': PATROL_COLOURS.never, 'line-width': ['interpolate', ['linear'], ['zoom'], 12, 1, 17, 3], 'line-dasharray': [2, 1.5] } },
    {
      id: 'patrol-points',
      type: 'circle',
      source: POINTS,
      paint: {
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 12, ['match', ['get', 'kind'], 'point', 3.5, 2.5], 17, ['match', ['get', 'kind'], 'point', 8, 6]],
        'circle-color': ['case', ['get', 'visited'], PATROL_COLOURS.visited, PATROL_COLOURS.never],
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': ['match', ['get', 'kind'], 'point', 1.5, 0.8],
      },
    },
  ]
}

export function bindPatrolLayers(map: MapLibreMap): () => void {
  const patrol = usePatrolStore()
  let shareIds: number[] = []
  const remove = () => {
    for (const l of patrolLayerSpecs()) if (map.getLayer(l.id)) map.removeLayer(l.id)
    for (const s of [STREETS, POINTS]) if (map.getSource(s)) map.removeSource(s)
    for (const id of shareIds) map.removeFeatureState({ source: SRC.grids, id }, 'patrolShare')
    shareIds = []
  }
  const stop = watch(
    () => [patrol.active, patrol.result] as const,
    ([on, result]) => {
      if (!on) return remove()
      if (!map.getSource(STREETS)) {
        map.addSource(STREETS, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } })
        map.addSource(POINTS, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } })
        // below the selection highlight and labels when they exist
        const before = map.getLayer('selection-line') ? 'selection-line' : undefined
        for (const l of patrolLayerSpecs()) map.addLayer(l, before)
      }
      map.getSource<GeoJSONSource>(STREETS)!.setData(result?.streets ?? { type: 'FeatureCollection', features: [] })
      map.getSource<GeoJSONSource>(POINTS)!.setData(result?.points ?? { type: 'FeatureCollection', features: [] })
      for (const id of shareIds) map.removeFeatureState({ source: SRC.grids, id }, 'patrolShare')
      shareIds = []
      for (const g of result?.byGrid ?? []) {
        map.setFeatureState({ source: SRC.grids, id: g.gridId }, { patrolShare: g.share })
        shareIds.push(g.gridId)
      }
    },
    { immediate: true },
  )
  return () => {
    stop()
    if (map.getStyle()) remove()
  }
}
