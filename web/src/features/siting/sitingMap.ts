/**
 * The siting answer on the map: each suggested site as a numbered violet dot (the number is its
 * rank), with its reach as a dashed ring.
 */
import { watch } from 'vue'
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl'
import type { FeatureCollection } from 'geojson'
import { circlePolygon } from '../../map/layers/coverage'
import { FONT_BOLD } from '../../map/layers/common'
import { EMPTY } from '../../map/sources'
import { useSitingStore } from './useSitingStore'

export const SITING_SRC = { sites: 'siting-sites', rings: 'siting-rings' } as const

export function bindSitingToMap(map: MapLibreMap): () => void {
  const store = useSitingStore()
  map.addSource(SITING_SRC.sites, { type: 'geojson', data: EMPTY })
  map.addSource(SITING_SRC.rings, { type: 'geojson', data: EMPTY })
  map.addLayer({
    id: 'siting-ring',
    type: 'line',
    source: SITING_SRC.rings,
    paint: { 'line-color': '#7c3aed', 'line-width': 1.5, 'line-dasharray': [3, 2], 'line-opacity': 0.8 },
  })
  map.addLayer({
    id: 'siting-site',
    type: 'circle',
    source: SITING_SRC.sites,
    paint: { 'circle-radius': 10, 'circle-color': '#7c3aed', 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2 },
  })
  map.addLayer({
    id: 'siting-rank',
    type: 'symbol',
    source: SITING_SRC.sites,
    layout: { 'text-field': ['to-string', ['get', 'rank']], 'text-font': FONT_BOLD, 'text-size': 12, 'text-allow-overlap': true, 'text-ignore-placement': true },
    paint: { 'text-color': '#ffffff' },
  })

  const stop = watch(
    () => [store.result, store.open] as const,
    ([result, open]) => {
      const sites = open && result ? result.sites : EMPTY
      map.getSource<GeoJSONSource>(SITING_SRC.sites)?.setData(sites)
      const rings: FeatureCollection = {
        type: 'FeatureCollection',
        features: open && result ? result.sites.features.map((f) => ({ type: 'Feature', geometry: circlePolygon(f.geometry.coordinates, result.radius), properties: {} })) : [],
      }
      map.getSource<GeoJSONSource>(SITING_SRC.rings)?.setData(rings)
    },
    { immediate: true },
  )
  return stop
}
