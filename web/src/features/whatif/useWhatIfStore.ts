/**
 * The what-if: one community's buildings and the kiosks that reach them, held by geo's
 * createWhatIf in the browser. Moves, adds and resets go through here; each returns the buildings
 * whose covered flag flipped, for the map to restyle just those. Figures for the panel are
 * refs; the engine itself is plain data (never reactive: a drag must not pay for proxies).
 */
import { defineStore } from 'pinia'
import { ref, shallowRef, watch } from 'vue'
import type { Feature, FeatureCollection, MultiPolygon, Point, Polygon } from 'geojson'
import { buildingCentroid, createWhatIf, degreeRadius, type WhatIf, type WhatIfChange, type WhatIfTotals } from '../../../../geo/index.ts'
import { getJson } from '../../api/client'
import { useCoverageStore } from '../coverage/useCoverageStore'
import { useStatusStore } from '../status/useStatusStore'
import { errorMessage } from '../status/errors'
import { t } from '../../i18n'

export interface PlacedKiosk {
  id: number
  lon: number
  lat: number
  added: boolean
}

type BuildingFeature = Feature<Polygon | MultiPolygon, { id: number; households: number }>

export const useWhatIfStore = defineStore('whatif', () => {
  const coverage = useCoverageStore()
  const status = useStatusStore()
  const active = ref(false)
  const scope = ref<number | null>(null)
  const loading = ref(false)
  /** the scope's buildings, in engine order (feature i is building i) */
  const buildings = shallowRef<FeatureCollection<Polygon | MultiPolygon> | null>(null)
  const totals = shallowRef<WhatIfTotals | null>(null)
  const baseline = shallowRef<WhatIfTotals | null>(null)
  const kiosks = shallowRef<PlacedKiosk[]>([])
  /** waiting for a map click to drop a new kiosk */
  const adding = ref(false)
  const lastUpdateMs = ref<number | null>(null)
  let engine: WhatIf | null = null
  let start: { lon: number[]; lat: number[] } = { lon: [], lat: [] }
  let allKiosks: FeatureCollection<Point> | null = null
  let loadToken = 0

  async function load(): Promise<void> {
    const grid = scope.value
    if (!active.value || grid === null) return
    const token = ++loadToken
    loading.value = true
    const done = status.begin('whatif')
    try {
      const [fc, points] = await Promise.all([
        getJson<FeatureCollection<Polygon | MultiPolygon>>('/buildings', { grid }),
        allKiosks ? Promise.resolve(allKiosks) : getJson<FeatureCollection<Point>>('/kiosks'),
      ])
      allKiosks = points
      if (token !== loadToken) return
      const features = fc.features as BuildingFeature[]
      const lon = new Float64Array(features.length)
      const lat = new Float64Array(features.length)
      const households = new Float64Array(features.length)
      let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity]
      features.forEach((f, i) => {
        const [x, y] = buildingCentroid(f.geometry)
        lon[i] = x
        lat[i] = y
        households[i] = f.properties.households
        minX = Math.min(minX, x); maxX = Math.max(maxX, x)
        minY = Math.min(minY, y); maxY = Math.max(maxY, y)
      })
      // Only kiosks that can reach a building of the scope matter: its box grown by the radius.
      const { dLon, dLat } = degreeRadius(Math.max(Math.abs(minY), Math.abs(maxY)), coverage.radius * 1.01)
      const near = points.features.filter(({ geometry: { coordinates: [x, y] } }) => x >= minX - dLon && x <= maxX + dLon && y >= minY - dLat && y <= maxY + dLat)
      start = { lon: near.map((p) => p.geometry.coordinates[0]), lat: near.map((p) => p.geometry.coordinates[1]) }
      buildings.value = fc
      rebuild({ lon, lat, households })
      status.clear('whatif')
    } catch (err) {
      status.report('whatif', 'app.loadFailed', { what: t('whatif.title'), message: errorMessage(err) }, load)
    } finally {
      if (token === loadToken) loading.value = false
      done()
    }
  }

  let columns: { lon: Float64Array; lat: Float64Array; households: Float64Array } | null = null
  function rebuild(cols = columns): void {
    if (!cols) return
    columns = cols
    engine = createWhatIf(cols, start, { radius: coverage.radius })
    kiosks.value = start.lon.map((lon, id) => ({ id, lon, lat: start.lat[id], added: false }))
    totals.value = engine.totals()
    baseline.value = totals.value
    lastUpdateMs.value = null
  }

  /** Moves kiosk `id`; returns the buildings that flipped (null when nothing is loaded). */
  function move(id: number, lon: number, lat: number): WhatIfChange | null {
    if (!engine) return null
    const change = engine.move(id, lon, lat)
    const list = kiosks.value.slice()
    const i = list.findIndex((k) => k.id === id)
    if (i >= 0) list[i] = { ...list[i], lon, lat }
    kiosks.value = list
    totals.value = engine.totals()
    return change
  }

  function add(lon: number, lat: number): { id: number; change: WhatIfChange } | null {
    if (!engine) return null
    const r = engine.add(lon, lat)
    kiosks.value = [...kiosks.value, { id: r.id, lon, lat, added: true }]
    totals.value = engine.totals()
    adding.value = false
    return r
  }

  // Leaving the coverage view ends the plan.
  watch(() => coverage.active, (on) => { if (!on && active.value) setActive(false) })
  // A new radius starts the plan over: every building's kiosk count depends on it.
  watch(() => coverage.radius, () => rebuild())

  const isCovered = (i: number) => engine?.isCovered(i) ?? false

  let pending: Promise<void> = Promise.resolve()

  function setScope(id: number | null): void {
    scope.value = id
    pending = load()
  }

  function setActive(on: boolean): void {
    active.value = on
    adding.value = false
    if (on) {
      pending = load()
      return
    }
    loadToken++
    engine = null
    buildings.value = null
    totals.value = null
    kiosks.value = []
    status.clear('whatif')
  }

  return {
    active,
    scope,
    loading,
    buildings,
    totals,
    baseline,
    kiosks,
    adding,
    lastUpdateMs,
    move,
    add,
    isCovered,
    reset: () => rebuild(),
    /** resolves when the latest scope has loaded */
    ready: () => pending,
    setScope,
    setActive,
  }
})
