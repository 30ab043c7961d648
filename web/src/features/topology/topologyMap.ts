/**
 * The topology view's map layers, added to the running map while the view is open: defect
 * areas filled and outlined in their reason's colour, point-like defects (invalid rings) as dots.
 */
import { watch } from 'vue'
import type { GeoJSONSource, LngLatBoundsLike, Map as MapLibreMap } from 'maplibre-gl'
import type { Geometry } from 'geojson'
import { DEFECT_COLOURS, DEFECT_CODES, useTopologyStore } from './useTopologyStore'
import { FIT_PADDING } from '../map/padding'

const SOURCE = 'topology-defects'
const LAYERS = ['topology-fill', 'topology-line', 'topology-point'] as const
const colour = ['match', ['get', 'code'], ...DEFECT_CODES.flatMap((c) => [c, DEFECT_COLOURS[c]]), '#111827'] as unknown as string

export function bindTopologyMap(map: MapLibreMap): () => void {
  const topology = useTopologyStore()
  const ensure = () => {
    if (map.getSource(SOURCE)) return
    map.addSource(SOURCE, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } })
    map.addLayer({ id: 'topology-fill', type: 'fill', source: SOURCE, filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'fill-color': colour, 'fill-opacity': 0.45 } })
    map.addLayer({ id: 'topology-line', type: 'line', source: SOURCE, filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'line-color': colour, 'line-width': 2.5 } })
    map.addLayer({ id: 'topology-point', type: 'circle', source: SOURCE, filter: ['==', ['geometry-type'], 'Point'], paint: { 'circle-color': colour, 'circle-radius': 7, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2 } })
  }
  const stopData = watch(
    () => [topology.active, topology.result] as const,
    ([on, result]) => {
      ensure()
      const features = on && result ? result.features.filter((f) => f.geometry) : []
      map.getSource<GeoJSONSource>(SOURCE)?.setData({ type: 'FeatureCollection', features: features as never })
      for (const id of LAYERS) map.setLayoutProperty(id, 'visibility', on ? 'visible' : 'none')
    },
    { immediate: true },
  )
  const stopFocus = watch(
    () => topology.focus,
    (focus) => {
      const f = focus && topology.result?.features.find((d) => d.id === focus.id)
      const box = f?.geometry ? geometryBox(f.geometry) : null
      if (box) map.fitBounds(box, { padding: FIT_PADDING, maxZoom: 17, duration: 0 })
    },
  )
  return () => {
    stopData()
    stopFocus()
  }
}

export function geometryBox(g: Geometry): LngLatBoundsLike | null {
  const xs: number[] = []
  const ys: number[] = []
  const walk = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') {
      xs.push(c[0] as number)
      ys.push(c[1] as number)
    } else if (Array.isArray(c)) c.forEach(walk)
  }
  walk((g as { coordinates?: unknown }).coordinates)
  return xs.length ? [[Math.min(...xs), Math.min(...ys)], [Math.max(...xs), Math.max(...ys)]] : null
}
