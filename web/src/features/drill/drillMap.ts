/**
 * Binds a MapLibre map (createMap, the shared offline style) to the drill store: hides the shared
 * style's thematic layers, adds the drill layers, keeps their data and the cross-filter in step,
 * fits the scope, and turns clicks on a child region into drill (or select) requests.
 */
import type { FilterSpecification, GeoJSONSource, Map as MapLibreMap, MapLayerMouseEvent, MapMouseEvent } from 'maplibre-gl'
import type { Feature, FeatureCollection } from 'geojson'
import { groupOf } from '../../map/layers/common'
import { EMPTY } from '../../map/sources'
import { labelPoints } from '../../map/labelPoints'
import type { Locale } from '../../map/layers/common'
import { DRILL_LAYER, DRILL_SRC, KEPT_GROUPS, drillLayers } from './drillLayers'
import { areaPolygon, boxOf, caseFilter, type Bbox, type CrossFilter } from './model'

export interface DrillMapData {
  children: FeatureCollection
  scope: Feature | null
  cases: FeatureCollection
}

/** Room for the breadcrumb over the map (the side panel sits beside the map, not over it). */
export const DRILL_FIT_PADDING = { top: 64, left: 32, right: 32, bottom: 32 }

export function addDrillLayers(map: MapLibreMap, locale: Locale): void {
  for (const layer of map.getStyle().layers) {
    const group = groupOf(layer)
    if (group && !KEPT_GROUPS.has(group)) map.setLayoutProperty(layer.id, 'visibility', 'none')
  }
  for (const id of Object.values(DRILL_SRC)) if (!map.getSource(id)) map.addSource(id, { type: 'geojson', data: EMPTY, promoteId: id === DRILL_SRC.cases ? undefined : 'id' })
  for (const layer of drillLayers(locale)) if (!map.getLayer(layer.id)) map.addLayer(layer)
}

export function setDrillData(map: MapLibreMap, data: DrillMapData): void {
  map.getSource<GeoJSONSource>(DRILL_SRC.children)?.setData(data.children)
  map.getSource<GeoJSONSource>(DRILL_SRC.labels)?.setData(labelPoints(data.children as never))
  map.getSource<GeoJSONSource>(DRILL_SRC.scope)?.setData(data.scope ? { type: 'FeatureCollection', features: [data.scope] } : EMPTY)
  map.getSource<GeoJSONSource>(DRILL_SRC.cases)?.setData(data.cases)
}

export function setDrillFilter(map: MapLibreMap, filter: CrossFilter): void {
  if (!map.getLayer(DRILL_LAYER.cases)) return
  map.setFilter(DRILL_LAYER.cases, caseFilter(filter) as FilterSpecification)
  map.setFilter(DRILL_LAYER.childrenPicked, ['==', ['get', 'id'], filter.childId ?? -1])
  const area = filter.area ? areaPolygon(filter.area) : null
  map.getSource<GeoJSONSource>(DRILL_SRC.area)?.setData(area ? { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: area }] } : EMPTY)
}

/** Drags shorter than this (px) are clicks, not boxes. */
const MIN_BOX_PX = 6

/**
 * A box drawn on the map: a drag with Shift held, or any drag while `armed()` (the 框选区域 tool),
 * draws a rectangle and calls `onBox` with its [minLon, minLat, maxLon, maxLat]. MapLibre's own
 * Shift-drag zoom is turned off. Returns the detach.
 */
export function attachBoxSelect(map: MapLibreMap, armed: () => boolean, onBox: (bbox: Bbox) => void): () => void {
  map.boxZoom.disable()
  const container = map.getCanvasContainer()
  let start: { x: number; y: number } | null = null
  let rect: HTMLDivElement | null = null
  const local = (e: MouseEvent) => {
    const r = container.getBoundingClientRect()
    return { x: e.clientX - r.left, y: e.clientY - r.top }
  }
  const move = (e: MouseEvent) => {
    if (!start || !rect) return
    const p = local(e)
    Object.assign(rect.style, { left: `${Math.min(start.x, p.x)}px`, top: `${Math.min(start.y, p.y)}px`, width: `${Math.abs(p.x - start.x)}px`, height: `${Math.abs(p.y - start.y)}px` })
  }
  const up = (e: MouseEvent) => {
    document.removeEventListener('mousemove', move)
    document.removeEventListener('mouseup', up)
    rect?.remove()
    rect = null
    const from = start
    start = null
    if (!from) return
    const to = local(e)
    if (Math.abs(to.x - from.x) < MIN_BOX_PX || Math.abs(to.y - from.y) < MIN_BOX_PX) return
    const a = map.unproject([from.x, from.y])
    const b = map.unproject([to.x, to.y])
    onBox(boxOf([a.lng, a.lat], [b.lng, b.lat]))
  }
  const down = (e: MapMouseEvent) => {
    if (e.originalEvent.button !== 0 || !(armed() || e.originalEvent.shiftKey)) return
    e.preventDefault() // no drag-pan for this gesture
    start = local(e.originalEvent)
    rect = document.createElement('div')
    rect.className = 'drill-box'
    rect.dataset.test = 'drill-box'
    Object.assign(rect.style, { position: 'absolute', left: `${start.x}px`, top: `${start.y}px`, width: '0', height: '0', border: '2px dashed #ea580c', background: 'rgba(249, 115, 22, 0.12)', pointerEvents: 'none', zIndex: '2' })
    container.appendChild(rect)
    document.addEventListener('mousemove', move)
    document.addEventListener('mouseup', up)
  }
  map.on('mousedown', down)
  return () => {
    map.off('mousedown', down)
    document.removeEventListener('mousemove', move)
    document.removeEventListener('mouseup', up)
    rect?.remove()
  }
}

export function fitBbox(map: MapLibreMap, bbox: Bbox, animate: boolean): void {
  map.fitBounds([[bbox[0], bbox[1]], [bbox[2], bbox[3]]], { padding: DRILL_FIT_PADDING, animate, maxZoom: 18 })
}

/** Clicks on a child region call `onRegion(id)`; the pointer shows what is clickable. Returns the detach. */
export function attachDrillClicks(map: MapLibreMap, onRegion: (id: number) => void): () => void {
  let hovered: number | string | undefined
  const click = (e: MapLayerMouseEvent) => {
    const id = Number(e.features?.[0]?.properties?.id)
    if (Number.isInteger(id)) onRegion(id)
  }
  const move = (e: MapLayerMouseEvent) => {
    map.getCanvas().style.cursor = 'pointer'
    const id = e.features?.[0]?.id
    if (id === hovered) return
    if (hovered !== undefined) map.setFeatureState({ source: DRILL_SRC.children, id: hovered }, { hover: false })
    hovered = id
    if (id !== undefined) map.setFeatureState({ source: DRILL_SRC.children, id }, { hover: true })
  }
  const leave = () => {
    map.getCanvas().style.cursor = ''
    if (hovered !== undefined && map.getSource(DRILL_SRC.children)) map.setFeatureState({ source: DRILL_SRC.children, id: hovered }, { hover: false })
    hovered = undefined
  }
  map.on('click', DRILL_LAYER.childrenFill, click)
  map.on('mousemove', DRILL_LAYER.childrenFill, move)
  map.on('mouseleave', DRILL_LAYER.childrenFill, leave)
  return () => {
    map.off('click', DRILL_LAYER.childrenFill, click)
    map.off('mousemove', DRILL_LAYER.childrenFill, move)
    map.off('mouseleave', DRILL_LAYER.childrenFill, leave)
  }
}

