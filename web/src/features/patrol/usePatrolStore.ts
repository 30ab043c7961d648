/**
 * The patrol compliance view: on/off, the chosen ISO week, the compliance result for the grid
 * level on the map, and track uploads. Opening it closes the kiosk coverage view (one analysis
 * on the map at a time) and hides the issue dots (the never-visited points would drown in them).
 */
import { defineStore } from 'pinia'
import { ref, shallowRef, watch } from 'vue'
import { ApiError, apiUrl, getJson } from '../../api/client'
import { useLayersStore } from '../layers/useLayersStore'
import { useCoverageStore } from '../coverage/useCoverageStore'
import { useStatusStore } from '../status/useStatusStore'
import { errorMessage, isAbort } from '../status/errors'
import { t } from '../../i18n'
import type { PatrolCompliance, PatrolUploadResult, PatrolWeek } from './model'

export const usePatrolStore = defineStore('patrol', () => {
  const layers = useLayersStore()
  const coverage = useCoverageStore()
  const status = useStatusStore()
  const active = ref(false)
  const weeks = ref<PatrolWeek[]>([])
  const week = ref<string | null>(null)
  const result = shallowRef<PatrolCompliance | null>(null)
  const loading = ref(false)
  const uploading = ref(false)
  const uploadMessage = ref<{ ok: boolean; text: string } | null>(null)
  let controller: AbortController | null = null

  async function loadWeeks(): Promise<void> {
    try {
      weeks.value = await getJson<PatrolWeek[]>('/patrols/weeks')
      if (!week.value || !weeks.value.some((w) => w.week === week.value)) week.value = busiestWeek(weeks.value)
    } catch (err) {
      status.report('patrol-weeks', 'app.loadFailed', { what: t('patrolView.week'), message: errorMessage(err) }, loadWeeks)
    }
  }

  async function load(): Promise<void> {
    if (!active.value || !week.value) return
    controller?.abort()
    const own = (controller = new AbortController())
    loading.value = true
    const done = status.begin('patrol')
    try {
      result.value = await getJson<PatrolCompliance>('/analysis/patrol-compliance', { week: week.value, level: layers.gridLevel }, own.signal)
      status.clear('patrol')
    } catch (err) {
      if (isAbort(err)) return
      status.report('patrol', 'app.loadFailed', { what: t('patrolView.title'), message: errorMessage(err) }, load)
    } finally {
      if (controller === own) loading.value = false
      done()
    }
  }

  function setWeek(next: string): void {
    week.value = next
    void load()
  }

  let issuesWereVisible: boolean | null = null

  async function setActive(on: boolean): Promise<void> {
    if (on === active.value) return
    active.value = on
    if (on) {
      coverage.setActive(false)
      issuesWereVisible = layers.visibility.issues !== false
      layers.setVisible('issues', false)
      await loadWeeks()
      await load()
      return
    }
    controller?.abort()
    loading.value = false
    result.value = null
    status.clear('patrol')
    if (issuesWereVisible !== null) layers.setVisible('issues', issuesWereVisible)
    issuesWereVisible = null
  }

  async function upload(file: File | null, worker: string): Promise<void> {
    if (!worker.trim()) return void (uploadMessage.value = { ok: false, text: t('patrolView.needWorker') })
    if (!file) return void (uploadMessage.value = { ok: false, text: t('patrolView.needFile') })
    uploading.value = true
    uploadMessage.value = null
    try {
      const form = new FormData()
      form.set('file', file)
      form.set('worker', worker.trim())
      const response = await fetch(apiUrl('/patrols/upload'), { method: 'POST', body: form })
      const body = await response.json().catch(() => ({}))
      if (!response.ok) throw new ApiError(response.status, body.error?.code ?? `http_${response.status}`, body.error?.message ?? response.statusText)
      const stored = body as PatrolUploadResult
      uploadMessage.value = { ok: true, text: t('patrolView.uploaded', { fixes: stored.fixes, format: stored.format.toUpperCase() }) }
      await loadWeeks()
      await load()
    } catch (err) {
      uploadMessage.value = { ok: false, text: t('patrolView.uploadFailed', { message: errorMessage(err) }) }
    } finally {
      uploading.value = false
    }
  }

  watch(() => layers.gridLevel, () => void load())
  watch(() => coverage.active, (on) => on && void setActive(false))

  return { active, weeks, week, result, loading, uploading, uploadMessage, load, setWeek, setActive, toggle: () => setActive(!active.value), upload }
})

/**
 * The week to open on: the one with the most tracks, the newest on a tie. A week that has just
 * begun holds a few tracks and would show the district as unpatrolled.
 */
export function busiestWeek(weeks: readonly PatrolWeek[]): string | null {
  let best: PatrolWeek | null = null
  for (const w of weeks) if (!best || w.tracks > best.tracks) best = w
  return best?.week ?? null
}
