/**
 * The auto-tour: every `everyMs` the map flies to the next hotspot (then, after the last one, back
 * to the whole district) and the caption says why it is a hotspot. Any touch, pointer, wheel or key
 * pauses it; it resumes after `resumeMs` without input.
 */
import { onBeforeUnmount, ref, shallowRef, watch, type Ref } from 'vue'
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl'
import { prefersReducedMotion } from '../map/createMap'
import { EMPTY } from '../../map/sources'
import { type Hotspot, bboxOf } from './model'
import { WALL_SRC } from './wallStyle'
import { useWallStore } from './useWallStore'

export interface TourStop {
  /** position in the hotspot list, or -1 for the district overview */
  index: number
  hotspot: Hotspot | null
  bbox: [number, number, number, number] | null
  topCategory: { code: string; label: string; total: number } | null
}

const INPUT_EVENTS = ['pointerdown', 'pointermove', 'wheel', 'keydown', 'touchstart'] as const

export function useWallTour(map: Ref<MapLibreMap | null>, settings: { everyMs: number; resumeMs: number }, districtBbox: () => [number, number, number, number] | null) {
  const wall = useWallStore()
  const stop = shallowRef<TourStop | null>(null)
  const paused = ref(false)
  const moves = ref(0)
  let next = 0
  let stepTimer: ReturnType<typeof setTimeout> | null = null
  let resumeTimer: ReturnType<typeof setTimeout> | null = null

  function schedule(delay = settings.everyMs): void {
    if (stepTimer) clearTimeout(stepTimer)
    stepTimer = null
    if (settings.everyMs > 0 && !paused.value) stepTimer = setTimeout(step, delay)
  }

  function fly(bbox: [number, number, number, number], maxZoom: number): void {
    const m = map.value
    if (!m) return
    const canvas = m.getCanvas()
    const pad = Math.round(Math.min(canvas.clientWidth, canvas.clientHeight) * 0.12)
    m.fitBounds([[bbox[0], bbox[1]], [bbox[2], bbox[3]]], { padding: pad, maxZoom, duration: prefersReducedMotion() ? 0 : 2500, essential: false })
    moves.value++
  }

  function step(): void {
    const m = map.value
    const list = wall.hotspots
    if (!m || list.length === 0) return schedule()
    const index = next >= list.length ? -1 : next
    next = index === -1 ? 0 : next + 1
    const hotspot = index >= 0 ? list[index]! : null
    const grid = hotspot ? wall.pointById.get(hotspot.gridId) : null
    const bbox = hotspot ? bboxOf(grid?.geometry) : districtBbox()
    const source = m.getSource<GeoJSONSource>(WALL_SRC.hotspot)
    source?.setData(grid ? { type: 'FeatureCollection', features: [{ ...grid, properties: { ...grid.properties } }] } : EMPTY)
    stop.value = { index, hotspot, bbox, topCategory: null }
    if (bbox) fly(bbox, hotspot ? 16.5 : 14)
    if (hotspot) {
      const asked = stop.value
      wall
        .topCategory(hotspot.gridId)
        .then((top) => {
          if (stop.value === asked) stop.value = { ...asked, topCategory: top }
        })
        .catch(() => {})
    }
    schedule()
  }

  function onInput(): void {
    paused.value = true
    if (stepTimer) clearTimeout(stepTimer)
    stepTimer = null
    if (resumeTimer) clearTimeout(resumeTimer)
    resumeTimer = setTimeout(() => {
      paused.value = false
      step()
    }, settings.resumeMs)
  }

  for (const type of INPUT_EVENTS) window.addEventListener(type, onInput, { passive: true })
  // the first stop as soon as there are hotspots and a map, then every `everyMs`
  const unwatch = watch(
    () => [wall.hotspots.length > 0, map.value !== null, wall.points !== null] as const,
    ([has, hasMap, hasGrids]) => {
      if (has && hasMap && hasGrids && !stepTimer && !paused.value && stop.value === null) schedule(Math.min(settings.everyMs, 5000))
    },
    { immediate: true },
  )

  onBeforeUnmount(() => {
    unwatch()
    for (const type of INPUT_EVENTS) window.removeEventListener(type, onInput)
    if (stepTimer) clearTimeout(stepTimer)
    if (resumeTimer) clearTimeout(resumeTimer)
  })

  return { stop, paused, moves, step }
}
