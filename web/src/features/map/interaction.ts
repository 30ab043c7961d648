/**
 * Stage 3 of the map: clicks select (issue > kiosk > facility > patrol > compound > grid),
 * cluster clicks zoom in, and the pointer shows what is clickable with a grid hover highlight.
 */
import type { GeoJSONSource, Map as MapLibreMap, MapGeoJSONFeature } from 'maplibre-gl'
import { CLICKABLE_LAYERS, pickTarget, restoreProperties } from '../../map/pick'
import { SRC } from '../../map/sources'
import { prefersReducedMotion } from './createMap'
import type { Selection } from '../details/useSelectionStore'
import type { GridProps } from '../../api/types'
import { getJson } from '../../api/client'
import type { Feature, Point } from 'geojson'

type IssueDetailFeature = Feature<Point, Record<string, unknown>>

export interface InteractionHandlers {
  select(selection: Selection): void
  clear(): void
  gridById(id: number): GridProps | undefined
}

function presentLayers(map: MapLibreMap): string[] {
  return CLICKABLE_LAYERS.filter((id) => map.getLayer(id) && map.getLayoutProperty(id, 'visibility') !== 'none')
}

export function attachInteraction(map: MapLibreMap, handlers: InteractionHandlers): () => void {
  let hoveredGrid: number | string | undefined

  const setHover = (id: number | string | undefined) => {
    if (id === hoveredGrid) return
    if (hoveredGrid !== undefined) map.setFeatureState({ source: SRC.grids, id: hoveredGrid }, { hover: false })
    hoveredGrid = id
    if (id !== undefined) map.setFeatureState({ source: SRC.grids, id }, { hover: true })
  }

  const onClick = async (event: { point: { x: number; y: number } }) => {
    const features = map.queryRenderedFeatures([event.point.x, event.point.y], { layers: presentLayers(map) })
    const target = pickTarget<MapGeoJSONFeature>(features)
    if (!target) {
      handlers.clear()
      return
    }
    const { feature, kind } = target
    if (kind === 'cluster' && feature.source === SRC.caseTiles) {
      // a tile cluster is one cell of the tile: two zoom levels split it into 16
      const centre = feature.geometry.type === 'Point' ? (feature.geometry.coordinates as [number, number]) : undefined
      if (centre) map.easeTo({ center: centre, zoom: Math.min(map.getZoom() + 2, map.getMaxZoom()), duration: prefersReducedMotion() ? 0 : 500 })
      return
    }
    if (kind === 'issue' && feature.source === SRC.caseTiles) {
      // a tile carries what the dot needs; the details come from the API
      const id = Number(feature.id ?? feature.properties.id)
      const issue = await getJson<IssueDetailFeature>(`/issues/${id}`).catch(() => null)
      if (issue) handlers.select({ kind, id, properties: { ...issue.properties }, geometry: issue.geometry })
      return
    }
    if (kind === 'cluster') {
      const source = map.getSource<GeoJSONSource>(SRC.issues)
      const clusterId = feature.properties.cluster_id as number
      const zoom = await source?.getClusterExpansionZoom(clusterId)
      const centre = feature.geometry.type === 'Point' ? (feature.geometry.coordinates as [number, number]) : undefined
      if (zoom !== undefined && centre) map.easeTo({ center: centre, zoom: zoom + 0.1, duration: prefersReducedMotion() ? 0 : 500 })
      return
    }
    const id = Number(feature.id ?? feature.properties.id)
    const properties = kind === 'grid' ? { ...(handlers.gridById(id) ?? restoreProperties(feature.properties)) } : restoreProperties(feature.properties)
    handlers.select({ kind, id, properties, geometry: kind === 'grid' ? null : feature.geometry })
  }

  const onMove = (event: { point: { x: number; y: number } }) => {
    const layers = presentLayers(map)
    const features = layers.length ? map.queryRenderedFeatures([event.point.x, event.point.y], { layers }) : []
    const target = pickTarget<MapGeoJSONFeature>(features)
    map.getCanvas().style.cursor = target ? 'pointer' : ''
    const grid = features.find((f) => f.layer.id === 'grids-fill' || f.layer.id === 'coverage-choropleth')
    setHover(grid?.id)
  }

  const onLeave = () => {
    map.getCanvas().style.cursor = ''
    setHover(undefined)
  }

  map.on('click', onClick)
  map.on('mousemove', onMove)
  map.on('mouseout', onLeave)
  return () => {
    map.off('click', onClick)
    map.off('mousemove', onMove)
    map.off('mouseout', onLeave)
  }
}
