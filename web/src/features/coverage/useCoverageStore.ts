/**
 * The kiosk coverage view: on/off, the radius (debounced refetch while the slider moves) and the
 * latest result for the grid level on the map.
 */
import { defineStore } from 'pinia'
import { computed, ref, shallowRef, watch } from 'vue'
import type { FeatureCollection, MultiPolygon, Point, Polygon } from 'geojson'
import { getJson } from '../../api/client'
import type { CoverageMode, GridCoverage, KioskCoverage, UncoveredProps } from '../../api/types'
import { coverageRings } from '../../map/layers/coverage'
import { debounce } from '../../composables/debounce'
import { useLayersStore } from '../layers/useLayersStore'
import { useStatusStore } from '../status/useStatusStore'
import { errorMessage, isAbort } from '../status/errors'
import { t } from '../../i18n'

export const RADIUS = { min: 50, max: 1000, step: 10, default: 300 } as const
const REFETCH_DELAY_MS = 350

export const useCoverageStore = defineStore('coverage', () => {
  const layers = useLayersStore()
  const status = useStatusStore()
  const active = ref(false)
  const radius = ref<number>(RADIUS.default)
  const result = shallowRef<KioskCoverage | null>(null)
  /** which distance the map paints: the choropleth and the red buildings follow it */
  const mapMode = ref<CoverageMode>('straight')
  /** a grid row's ratio in the map's mode (the straight one when the answer has no per-mode rows) */
  const gridRatio = (row: GridCoverage): number => row[mapMode.value]?.ratio ?? row.ratio
  /** the buildings uncovered in the map's mode */
  const uncoveredShown = computed<FeatureCollection<Polygon | MultiPolygon, UncoveredProps> | null>(() => {
    const data = result.value
    if (!data) return null
    const flag = mapMode.value === 'walking' ? 'walkingCovered' : 'straightCovered'
    return { type: 'FeatureCollection', features: data.uncovered.features.filter((f) => f.properties[flag] !== true) }
  })
  const loading = ref(false)
  /** kiosks and drop points, for drawing their reach; fetched once when the view first opens */
  const points = shallowRef<FeatureCollection<Point> | null>(null)
  const rings = computed(() => (active.value && points.value ? coverageRings(points.value.features, radius.value) : null))
  let controller: AbortController | null = null

  async function loadPoints(): Promise<void> {
    if (points.value) return
    try {
      points.value = await getJson<FeatureCollection<Point>>('/kiosks')
    } catch (err) {
      status.report('coverage-points', 'app.loadFailed', { what: t('layers.kiosks'), message: errorMessage(err) }, loadPoints)
    }
  }

  async function load(): Promise<void> {
    if (!active.value) return
    controller?.abort()
    const own = (controller = new AbortController())
    loading.value = true
    const done = status.begin('coverage')
    try {
      const data = await getJson<KioskCoverage>(
        '/analysis/kiosk-coverage',
        { radius: radius.value, level: layers.gridLevel, mode: 'both' },
        own.signal,
      )
      result.value = data
      status.clear('coverage')
    } catch (err) {
      if (isAbort(err)) return
      status.report('coverage', 'app.loadFailed', { what: t('coverage.title'), message: errorMessage(err) }, load)
    } finally {
      if (controller === own) loading.value = false
      done()
    }
  }

  const loadSoon = debounce(() => void load(), REFETCH_DELAY_MS)

  function setRadius(value: number): void {
    radius.value = value
    loading.value = true
    loadSoon()
  }

  /** Issue dots would bury the red buildings, so the view hides them and puts them back after. */
  let issuesWereVisible: boolean | null = null

  function setActive(on: boolean): void {
    if (on === active.value) return
    active.value = on
    if (on) {
      issuesWereVisible = layers.visibility.issues !== false
      layers.setVisible('issues', false)
      void loadPoints()
      void load()
      return
    }
    loadSoon.cancel()
    controller?.abort()
    loading.value = false
    status.clear('coverage')
    if (issuesWereVisible !== null) layers.setVisible('issues', issuesWereVisible)
    issuesWereVisible = null
  }

  watch(() => layers.gridLevel, () => void load())

  function setMapMode(mode: CoverageMode): void {
    mapMode.value = mode
  }

  return { active, radius, result, rings, loading, mapMode, gridRatio, uncoveredShown, load, setRadius, setMapMode, setActive, toggle: () => setActive(!active.value) }
})
