/**
 * The hotspot screen's state: the period and category asked of the API, the cases it answered,
 * heat or hex, the hex resolution (chosen or following the zoom), the playback (cumulative or a
 * sliding window, its frames and the current one) and the colour scale, computed once per
 * (data, resolution, mode, window, step) so it stays fixed while the frames play.
 */
import { defineStore } from 'pinia'
import { computed, ref, shallowRef, watch } from 'vue'
import { getJson } from '../../api/client'
import { useStatusStore } from '../status/useStatusStore'
import { errorMessage } from '../status/errors'
import { t } from '../../i18n'
import { frameCounts, hexCells, hexResolutionForZoom, peakCellCount, playbackFrames, scaleBreaks, type PlaybackMode } from '../../../../geo/hotspots/index.ts'
import { dayDate, daysBefore, frameRange, type HotspotCasesResponse, type HotspotRankingResponse } from './model'

export type HotspotView = 'heat' | 'hex'
export const PERIOD_PRESETS = [30, 90, 180, 365] as const
export const WINDOW_CHOICES = [7, 14, 30, 60] as const
export const STEP_CHOICES = [1, 7] as const
/** Milliseconds a frame stays on screen while playing. */
export const FRAME_MS = 700
/** Rows asked for the ranking (the CSV holds them all). */
export const RANKING_LIMIT = 500

const todayLocal = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10)

export const useHotspotsStore = defineStore('hotspots', () => {
  const status = useStatusStore()
  const to = ref(todayLocal())
  const from = ref(daysBefore(to.value, 180))
  const category = ref<string>('')
  const view = ref<HotspotView>('hex')
  const resChoice = ref<'auto' | number>('auto')
  const zoom = ref(11)
  const mode = ref<PlaybackMode>('cumulative')
  const windowDays = ref<number>(30)
  const step = ref<number>(7)
  const frameIndex = ref(0)
  const playing = ref(false)
  const data = shallowRef<HotspotCasesResponse | null>(null)
  const ranking = shallowRef<HotspotRankingResponse | null>(null)
  const selectedCell = ref<string | null>(null)

  const res = computed(() => (resChoice.value === 'auto' ? hexResolutionForZoom(zoom.value) : resChoice.value))
  const cells = computed(() => (data.value ? hexCells(data.value.cases.lon, data.value.cases.lat, res.value) : { ids: [], cell: new Int32Array(0) }))
  const frames = computed(() => (data.value ? playbackFrames(data.value.days, { mode: mode.value, windowDays: windowDays.value, step: step.value }) : []))
  /** The colour scale: the busiest cell in any frame of this mode; does not depend on frameIndex. */
  const scale = computed(() => {
    const peak = data.value ? peakCellCount(cells.value.cell, data.value.cases.day, cells.value.ids.length, frames.value) : 0
    return { peak, breaks: scaleBreaks(peak) }
  })
  const frame = computed(() => frames.value[Math.min(frameIndex.value, frames.value.length - 1)] ?? null)
  const counts = computed(() => (data.value && frame.value ? frameCounts(cells.value.cell, data.value.cases.day, cells.value.ids.length, frame.value) : new Int32Array(0)))
  const frameTotal = computed(() => counts.value.reduce((s, n) => s + n, 0))
  const range = computed(() => (data.value && frame.value ? frameRange(data.value.from, frame.value) : null))

  let casesAbort: AbortController | null = null
  async function load(): Promise<void> {
    casesAbort?.abort()
    const abort = (casesAbort = new AbortController())
    const done = status.begin('hotspots')
    try {
      const next = await getJson<HotspotCasesResponse>('/hotspots/cases', { from: from.value, to: to.value, category: category.value }, abort.signal)
      data.value = next
      frameIndex.value = Number.MAX_SAFE_INTEGER
      status.clear('hotspots')
    } catch (err) {
      if ((err as Error).name !== 'AbortError') status.report('hotspots', 'app.loadFailed', { what: t('hotspots.title'), message: errorMessage(err) }, load)
    } finally {
      done()
    }
  }

  let rankingAbort: AbortController | null = null
  async function loadRanking(): Promise<void> {
    rankingAbort?.abort()
    const abort = (rankingAbort = new AbortController())
    const done = status.begin('hotspots-ranking')
    try {
      ranking.value = await getJson<HotspotRankingResponse>('/hotspots/ranking', { from: from.value, to: to.value, category: category.value, res: res.value, limit: RANKING_LIMIT }, abort.signal)
      status.clear('hotspots-ranking')
    } catch (err) {
      if ((err as Error).name !== 'AbortError') status.report('hotspots-ranking', 'app.loadFailed', { what: t('hotspots.ranking'), message: errorMessage(err) }, loadRanking)
    } finally {
      done()
    }
  }

  // a new scale or a new set of frames starts at the last frame: the whole period (cumulative)
  watch(frames, (list) => (frameIndex.value = list.length - 1))
  watch(frameIndex, (i) => {
    const last = frames.value.length - 1
    if (i > last) frameIndex.value = Math.max(0, last)
  })

  let timer: ReturnType<typeof setInterval> | null = null
  function pause(): void {
    playing.value = false
    if (timer) clearInterval(timer)
    timer = null
  }
  function play(): void {
    if (frames.value.length < 2) return
    if (frameIndex.value >= frames.value.length - 1) frameIndex.value = 0
    playing.value = true
    if (timer) clearInterval(timer)
    timer = setInterval(() => {
      if (frameIndex.value >= frames.value.length - 1) pause()
      else frameIndex.value++
    }, FRAME_MS)
  }
  function stepBy(delta: number): void {
    pause()
    frameIndex.value = Math.min(frames.value.length - 1, Math.max(0, frameIndex.value + delta))
  }
  function setPeriodDays(days: number): void {
    to.value = todayLocal()
    from.value = daysBefore(to.value, days)
  }

  return {
    from,
    to,
    category,
    view,
    resChoice,
    zoom,
    mode,
    windowDays,
    step,
    frameIndex,
    playing,
    data,
    ranking,
    selectedCell,
    res,
    cells,
    frames,
    scale,
    frame,
    counts,
    frameTotal,
    range,
    load,
    loadRanking,
    play,
    pause,
    stepBy,
    setPeriodDays,
    dayDate: (day: number) => (data.value ? dayDate(data.value.from, day) : ''),
  }
})
