/**
 * Creates the MapLibre map: worker from our own bundle, the offline style, run-time icons, and
 * map errors turned into notices instead of a silent blank map.
 */
import { Map as MapLibreMap, setWorkerUrl, type LngLatBoundsLike, type StyleSpecification } from 'maplibre-gl'
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url'
import 'maplibre-gl/dist/maplibre-gl.css'
import { buildStyle, type StyleOptions } from '../../map/style'
import { iconSpec } from '../../map/icons'
import { iconImage } from '../../map/iconCanvas'
import { FIT_PADDING } from './padding'

setWorkerUrl(workerUrl)

/** The demo district's origin (geodata/README.md): where the map opens before /api/district answers. */
export const FALLBACK_CENTER: [number, number] = [102.54, 24.35]
export const FALLBACK_ZOOM = 10.5

export interface CreateMapOptions {
  container: HTMLElement
  style: StyleOptions
  /** a whole style built from the same layers instead (e.g. the wall's dark one) */
  styleSpec?: StyleSpecification
  bounds?: LngLatBoundsLike
  onSourceError: (sourceId: string, message: string) => void
  onError: (message: string) => void
  onSourceLoaded?: (sourceId: string) => void
}

/** Honour the system's reduced-motion setting: no label fades, no animated camera moves. */
export function prefersReducedMotion(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches
}

/**
 * Stops MapLibre drawing its sky. MapLibre 6 draws the sky as a quad over the whole canvas on every
 * render, even with no `sky` in the style and the camera looking straight down, where the sky is
 * never seen (our maps do not pitch: createMap turns rotation and pitch off). In software WebGL
 * (SwiftShader, the tests' and benchmarks' browser) that quad alone cost ≈ 30 ms of the GPU
 * process per render of a 942×836 map (docs/wall.md). The style keeps its Sky object (the style
 * updates it); only the value handed to the painter is dropped. Called again after every style load.
 */
export function skipSky(map: MapLibreMap): void {
  const apply = () => {
    const sky = (map as unknown as { style?: { sky?: { getEvaluated: () => unknown } | null } }).style?.sky
    if (sky) sky.getEvaluated = () => undefined
  }
  apply()
  map.on('style.load', apply)
}

export function createMap(options: CreateMapOptions): MapLibreMap {
  const map = new MapLibreMap({
    container: options.container,
    style: options.styleSpec ?? buildStyle(options.style),
    center: FALLBACK_CENTER,
    zoom: FALLBACK_ZOOM,
    bounds: options.bounds,
    fitBoundsOptions: { padding: FIT_PADDING },
    minZoom: 8,
    maxZoom: 20,
    attributionControl: false,
    dragRotate: false,
    pitchWithRotate: false,
    touchPitch: false,
    fadeDuration: prefersReducedMotion() ? 0 : 300,
  })
  map.touchZoomRotate.disableRotation()
  skipSky(map)

  // icons are drawn on demand the first time a layer asks for them
  map.setMissingStyleImageResolver((id) => {
    const spec = iconSpec(id)
    if (!spec || map.hasImage(id)) return
    const { image, pixelRatio } = iconImage(spec)
    map.addImage(id, image, { pixelRatio })
  })

  map.on('error', (event) => {
    const sourceId = (event as { sourceId?: string }).sourceId
    // "AJAXError: Internal Server Error (500): http://…/api/roads" → "Internal Server Error (500)"
    const message = (event.error?.message ?? String(event.error)).replace(/^AJAXError:\s*/, '').replace(/:\s*https?:\/\/\S+$/, '')
    if (sourceId) options.onSourceError(sourceId, message)
    else options.onError(message)
  })
  map.on('sourcedata', (event) => {
    if (event.isSourceLoaded && event.sourceDataType !== 'metadata') options.onSourceLoaded?.(event.sourceId)
  })

  return map
}
