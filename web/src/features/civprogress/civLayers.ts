/**
 * The 创文 layers of the one map (web/src/map/layers/civ.ts), switched from the layer panel
 * (groups civStatus and renovation): their sources are filled the first time a group is switched
 * on — compounds with their status (civstd's GET /api/civ/compounds?format=geojson), and
 * compounds with a renovation project (GET /api/civ/renovations/map). A click on a status compound
 * opens a popup with its score by group (GET /api/civ/compounds/:id).
 */
import { watch } from 'vue'
import { Popup, type GeoJSONSource, type Map as MapLibreMap, type MapLayerMouseEvent } from 'maplibre-gl'
import type { FeatureCollection } from 'geojson'
import { getJson } from '../../api/client'
import { SRC } from '../../map/sources'
import { useLayersStore } from '../layers/useLayersStore'
import { useStatusStore } from '../status/useStatusStore'
import { errorMessage } from '../status/errors'
import { t } from '../../i18n'
import { compoundScore, compoundScoreNode, type CompoundDetail } from './popup'

export function bindCivLayers(map: MapLibreMap): () => void {
  const layers = useLayersStore()
  const status = useStatusStore()
  const loaded = new Set<string>()
  let popup: Popup | null = null

  const fill = async (source: string, what: string, data: () => Promise<FeatureCollection>) => {
    if (loaded.has(source)) return
    loaded.add(source)
    const done = status.begin(source)
    try {
      map.getSource<GeoJSONSource>(source)?.setData(await data())
      status.clear(source)
    } catch (err) {
      loaded.delete(source)
      status.report(source, 'app.loadFailed', { what: t(what), message: errorMessage(err) }, () => void fill(source, what, data))
    } finally {
      done()
    }
  }
  const statusData = () => getJson<FeatureCollection>('/civ/compounds', { format: 'geojson' })

  const onClick = (e: MapLayerMouseEvent) => {
    const id = Number(e.features?.[0]?.properties?.id)
    if (!Number.isInteger(id)) return
    popup?.remove()
    const body = document.createElement('div')
    body.dataset.test = 'civ-popup'
    body.textContent = t('civProgress.popup.loading')
    popup = new Popup({ maxWidth: '300px' }).setLngLat(e.lngLat).setDOMContent(body).addTo(map)
    getJson<CompoundDetail>(`/civ/compounds/${id}`)
      .then((detail) => body.replaceChildren(compoundScoreNode(compoundScore(detail))))
      .catch(() => (body.textContent = t('civProgress.popup.failed')))
  }

  const stop = watch(
    () => [layers.visibility.civStatus, layers.visibility.renovation] as const,
    ([civOn, renovationOn]) => {
      if (civOn) void fill(SRC.civStatus, 'layers.civStatus', statusData)
      else popup?.remove()
      if (renovationOn) void fill(SRC.civRenovation, 'layers.renovation', () => getJson<FeatureCollection>('/civ/renovations/map'))
    },
    { immediate: true },
  )
  map.on('click', 'civ-status-fill', onClick)
  return () => {
    stop()
    map.off('click', 'civ-status-fill', onClick)
    popup?.remove()
  }
}
