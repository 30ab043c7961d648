/**
 * The what-if on the map: the scope's buildings (red uncovered, pale green covered, by
 * feature-state so a drag restyles only the buildings that flipped), the kiosks as draggable
 * dots with the dragged one's reach as a ring, and a click to drop a new kiosk.
 *
 * Each drag step runs synchronously in the mousemove handler: geo's createWhatIf update, the
 * feature-states of the flipped buildings, the kiosk and ring sources. Its duration is recorded
 * as a `gs-whatif-update` performance measure and on window.__gridsight.whatif for the e2e test.
 */
import { watch, type WatchStopHandle } from 'vue'
import type { GeoJSONSource, Map as MapLibreMap, MapLayerMouseEvent, MapMouseEvent } from 'maplibre-gl'
import type { FeatureCollection, Point } from 'geojson'
import type { WhatIfChange } from '../../../../geo/index.ts'
import { bbox } from '../../../../geo/index.ts'
import { circlePolygon } from '../../map/layers/coverage'
import { COVERAGE } from '../../map/palette'
import { EMPTY } from '../../map/sources'
import { FIT_PADDING } from '../map/padding'
import { useCoverageStore } from '../coverage/useCoverageStore'
import { useWhatIfStore, type PlacedKiosk } from './useWhatIfStore'
import type { GridsightHook } from '../map/testHook'

export const WHATIF_SRC = { buildings: 'whatif-buildings', kiosks: 'whatif-kiosks', ring: 'whatif-ring' } as const
export const WHATIF_LAYERS = ['whatif-buildings-fill', 'whatif-ring-line', 'whatif-kiosk'] as const
const COVERAGE_RINGS = ['coverage-ring', 'coverage-ring-fill'] as const

export interface WhatIfHook {
  /** durations (ms) of every drag update since the page loaded */
  updates: number[]
  /** intervals (ms) between animation frames while a drag was under way */
  frames: number[]
  totals(): { households: { total: number; covered: number }; buildings: { total: number; covered: number }; ratio: number } | null
  kiosks(): PlacedKiosk[]
  /** buildings drawn red now (feature-state covered = false) */
  uncoveredCount(): number
  ready(): boolean
}

declare module '../map/testHook' {
  interface GridsightHook {
    whatif?: WhatIfHook
  }
}

export function bindWhatIfToMap(map: MapLibreMap): () => void {
  const store = useWhatIfStore()
  const coverage = useCoverageStore()
  const stops: WatchStopHandle[] = []
  const hook: WhatIfHook = {
    updates: [],
    frames: [],
    totals: () => store.totals,
    kiosks: () => store.kiosks,
    uncoveredCount: () => uncovered,
    ready: () => store.active && !store.loading && store.buildings !== null,
  }
  const w = window as Window & { __gridsight?: GridsightHook }
  if (w.__gridsight) w.__gridsight.whatif = hook

  for (const id of Object.values(WHATIF_SRC)) map.addSource(id, { type: 'geojson', data: EMPTY })
  const firstSymbol = map.getStyle().layers.find((l) => l.type === 'symbol')?.id
  map.addLayer(
    {
      id: 'whatif-buildings-fill',
      type: 'fill',
      source: WHATIF_SRC.buildings,
      layout: { visibility: 'none' },
      paint: {
        'fill-color': ['case', ['boolean', ['feature-state', 'covered'], false], '#a7d7b8', COVERAGE.uncoveredFill],
        'fill-opacity': 0.9,
        'fill-outline-color': ['case', ['boolean', ['feature-state', 'covered'], false], '#5fa878', COVERAGE.uncoveredLine],
      },
    },
    firstSymbol,
  )
  map.addLayer({
    id: 'whatif-ring-line',
    type: 'line',
    source: WHATIF_SRC.ring,
    layout: { visibility: 'none' },
    paint: { 'line-color': COVERAGE.ring, 'line-width': 2, 'line-dasharray': [2, 1] },
  })
  map.addLayer({
    id: 'whatif-kiosk',
    type: 'circle',
    source: WHATIF_SRC.kiosks,
    layout: { visibility: 'none' },
    paint: {
      'circle-radius': ['case', ['boolean', ['get', 'dragging'], false], 10, 8],
      'circle-color': ['case', ['boolean', ['get', 'added'], false], '#7c3aed', COVERAGE.ring],
      'circle-stroke-color': '#ffffff',
      'circle-stroke-width': 2,
    },
  })

  const source = (id: string) => map.getSource<GeoJSONSource>(id)
  let uncovered = 0
  let dragging: number | null = null

  const kioskData = (): FeatureCollection<Point> => ({
    type: 'FeatureCollection',
    features: store.kiosks.map((k) => ({
      type: 'Feature',
      id: k.id,
      geometry: { type: 'Point', coordinates: [k.lon, k.lat] },
      properties: { id: k.id, added: k.added, dragging: k.id === dragging },
    })),
  })

  const ringData = (): FeatureCollection => {
    const k = store.kiosks.find((x) => x.id === dragging)
    return k ? { type: 'FeatureCollection', features: [{ type: 'Feature', geometry: circlePolygon([k.lon, k.lat], coverage.radius), properties: {} }] } : EMPTY
  }

  const applyChange = (change: WhatIfChange | null) => {
    if (!change || !store.buildings) return
    const features = store.buildings.features
    for (const i of change.covered) map.setFeatureState({ source: WHATIF_SRC.buildings, id: features[i].id! }, { covered: true })
    for (const i of change.uncovered) map.setFeatureState({ source: WHATIF_SRC.buildings, id: features[i].id! }, { covered: false })
    uncovered += change.uncovered.length - change.covered.length
  }

  const paintAll = () => {
    const fc = store.buildings
    source(WHATIF_SRC.buildings)?.setData(fc ?? EMPTY)
    map.removeFeatureState({ source: WHATIF_SRC.buildings })
    uncovered = 0
    fc?.features.forEach((f, i) => {
      const covered = store.isCovered(i)
      if (!covered) uncovered++
      map.setFeatureState({ source: WHATIF_SRC.buildings, id: f.id! }, { covered })
    })
    source(WHATIF_SRC.kiosks)?.setData(kioskData())
  }

  const setVisible = (on: boolean) => {
    for (const id of WHATIF_LAYERS) map.setLayoutProperty(id, 'visibility', on ? 'visible' : 'none')
    // The coverage view's rings stay where the kiosks were; hide them while the plan moves kiosks.
    for (const id of COVERAGE_RINGS) if (map.getLayer(id)) map.setLayoutProperty(id, 'visibility', on || !coverage.active ? 'none' : 'visible')
  }

  stops.push(
    watch(() => store.active, setVisible, { immediate: true }),
    watch(() => store.buildings, (fc) => {
      paintAll()
      if (fc && fc.features.length > 0) {
        const [minX, minY, maxX, maxY] = bbox(fc)
        map.fitBounds([[minX, minY], [maxX, maxY]], { padding: FIT_PADDING, duration: 0 })
      }
    }),
    // A reset or a new radius rebuilds the engine: repaint everything.
    watch(() => store.baseline, paintAll),
  )

  // Dragging: mousedown on a kiosk takes it, the map stays put, every mousemove updates.
  let lastFrame = 0
  let frameLoop = 0
  const onFrame = (now: number) => {
    if (lastFrame) hook.frames.push(now - lastFrame)
    lastFrame = now
    frameLoop = requestAnimationFrame(onFrame)
  }

  const onMove = (e: MapMouseEvent) => {
    if (dragging === null) return
    const t0 = performance.now()
    applyChange(store.move(dragging, e.lngLat.lng, e.lngLat.lat))
    source(WHATIF_SRC.kiosks)?.setData(kioskData())
    source(WHATIF_SRC.ring)?.setData(ringData())
    const t1 = performance.now()
    performance.measure('gs-whatif-update', { start: t0, end: t1 })
    hook.updates.push(t1 - t0)
    store.lastUpdateMs = t1 - t0
  }

  const onUp = () => {
    if (dragging === null) return
    dragging = null
    map.off('mousemove', onMove)
    map.getCanvas().style.cursor = ''
    cancelAnimationFrame(frameLoop)
    lastFrame = 0
    source(WHATIF_SRC.kiosks)?.setData(kioskData())
    source(WHATIF_SRC.ring)?.setData(EMPTY)
  }

  const onDown = (e: MapLayerMouseEvent) => {
    const id = e.features?.[0]?.properties?.id
    if (typeof id !== 'number' || !store.active) return
    e.preventDefault() // keeps the map from panning
    dragging = id
    map.getCanvas().style.cursor = 'grabbing'
    map.on('mousemove', onMove)
    map.once('mouseup', onUp)
    frameLoop = requestAnimationFrame(onFrame)
    source(WHATIF_SRC.kiosks)?.setData(kioskData())
    source(WHATIF_SRC.ring)?.setData(ringData())
  }

  const onClick = (e: MapMouseEvent) => {
    if (!store.active || !store.adding) return
    applyChange(store.add(e.lngLat.lng, e.lngLat.lat)?.change ?? null)
    source(WHATIF_SRC.kiosks)?.setData(kioskData())
  }

  const onEnter = () => { if (dragging === null) map.getCanvas().style.cursor = 'grab' }
  const onLeave = () => { if (dragging === null) map.getCanvas().style.cursor = '' }

  map.on('mousedown', 'whatif-kiosk', onDown)
  map.on('mouseenter', 'whatif-kiosk', onEnter)
  map.on('mouseleave', 'whatif-kiosk', onLeave)
  map.on('click', onClick)

  return () => {
    stops.forEach((stop) => stop())
    map.off('mousedown', 'whatif-kiosk', onDown)
    map.off('mouseenter', 'whatif-kiosk', onEnter)
    map.off('mouseleave', 'whatif-kiosk', onLeave)
    map.off('click', onClick)
    onUp()
  }
}
