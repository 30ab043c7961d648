/**
 * Binds the hotspot store to a MapLibre map (stage 3): adds the sources and layers once the style
 * is loaded, then keeps them in step — hex cells re-counted per frame with setData, the heat map
 * filtered per frame, colours and intensity replaced only when the scale changes.
 */
import { watch, type WatchStopHandle } from 'vue'
import type { GeoJSONSource, LayerSpecification, Map as MapLibreMap } from 'maplibre-gl'
import type { Polygon } from 'geojson'
import { casePoints, heatIntensity, hexFeatures, hexFillColor } from './model'
import { frameFilter, HOT_LAYER, HOT_SRC, hotspotLayers, hotspotSources } from './hotspotsLayers'
import type { useHotspotsStore } from './useHotspotsStore'

/** Sources of the full style this screen keeps: the offline basemap and the district outline. */
const BASEMAP_SOURCES = new Set(['district', 'green', 'water', 'roads', 'buildings'])

export function bindHotspotsMap(map: MapLibreMap, store: ReturnType<typeof useHotspotsStore>): () => void {
  const stops: WatchStopHandle[] = []
  const polygons = new Map<string, Polygon>()
  const visibility = (on: boolean) => (on ? 'visible' : 'none')

  function setup(): void {
    // the shared style carries every overlay of the main map; this screen shows only its own
    for (const layer of map.getStyle().layers) {
      const source = (layer as { source?: string }).source
      if (source && !BASEMAP_SOURCES.has(source)) map.removeLayer(layer.id)
    }
    for (const id of Object.keys(map.getStyle().sources)) if (!BASEMAP_SOURCES.has(id)) map.removeSource(id)
    for (const [id, spec] of Object.entries(hotspotSources())) map.addSource(id, spec)
    const layers: LayerSpecification[] = hotspotLayers({ view: store.view, breaks: store.scale.breaks, peak: store.scale.peak, frame: store.frame, selected: store.selectedCell })
    // below the first label layer so street and place names stay readable
    const firstSymbol = map.getStyle().layers.find((l) => l.type === 'symbol')?.id
    for (const layer of layers) map.addLayer(layer, firstSymbol)

    stops.push(
      watch(
        () => store.data,
        (data) => map.getSource<GeoJSONSource>(HOT_SRC.points)?.setData(data ? casePoints(data) : { type: 'FeatureCollection', features: [] }),
        { immediate: true },
      ),
      watch(
        () => [store.counts, store.cells] as const,
        ([counts, cells]) => map.getSource<GeoJSONSource>(HOT_SRC.hex)?.setData(hexFeatures(cells.ids, counts, polygons)),
        { immediate: true },
      ),
      watch(
        () => store.frame,
        (frame) => map.setFilter(HOT_LAYER.heat, frameFilter(frame)),
      ),
      watch(
        () => store.scale,
        (scale) => {
          map.setPaintProperty(HOT_LAYER.hex, 'fill-color', hexFillColor(scale.breaks))
          map.setPaintProperty(HOT_LAYER.heat, 'heatmap-intensity', heatIntensity(scale.peak))
        },
      ),
      watch(
        () => store.view,
        (view) => {
          map.setLayoutProperty(HOT_LAYER.heat, 'visibility', visibility(view === 'heat'))
          for (const id of [HOT_LAYER.hex, HOT_LAYER.hexLine, HOT_LAYER.selected]) map.setLayoutProperty(id, 'visibility', visibility(view === 'hex'))
        },
      ),
      watch(
        () => store.selectedCell,
        (cell) => map.setFilter(HOT_LAYER.selected, ['==', ['get', 'cell'], cell ?? '']),
      ),
    )
  }

  const onZoom = () => (store.zoom = map.getZoom())
  map.on('zoomend', onZoom)
  store.zoom = map.getZoom()
  if (map.isStyleLoaded()) setup()
  else map.once('style.load', setup)
  return () => {
    stops.forEach((stop) => stop())
    map.off('zoomend', onZoom)
  }
}
