/**
 * The ledgers view (台账): on/off, the period, the compliance result of seed 001's rules for the
 * caller's scope, the list tab, export links and the activity-ledger import. Opening it closes the
 * other analysis views (one at a time on the map).
 */
import { defineStore } from 'pinia'
import { ref, shallowRef, watch } from 'vue'
import { ApiError, apiUrl, getJson } from '../../api/client'
import { useCoverageStore } from '../coverage/useCoverageStore'
import { useLayersStore } from '../layers/useLayersStore'
import { useStatusStore } from '../status/useStatusStore'
import { errorMessage, isAbort } from '../status/errors'
import { t } from '../../i18n'
import type { Compliance, ImportProblem, LedgerType } from './model'

export type LedgerTab = 'stations' | 'teams' | 'kiosks' | 'goodPersons'

const day = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10)

/** The default period: the 1st of the month eleven months back … today (CST), as the API's. */
export function defaultPeriod(now = new Date()): { from: string; to: string } {
  const to = day(now)
  const [y, m] = to.split('-').map(Number) as [number, number]
  return { from: new Date(Date.UTC(y, m - 12, 1)).toISOString().slice(0, 10), to }
}

export const useLedgersStore = defineStore('ledgers', () => {
  const status = useStatusStore()
  const active = ref(false)
  const period = ref(defaultPeriod())
  const tab = ref<LedgerTab>('stations')
  const result = shallowRef<Compliance | null>(null)
  const loading = ref(false)
  const focus = shallowRef<{ lon: number; lat: number } | null>(null)
  const importing = ref(false)
  const importMessage = ref<{ ok: boolean; text: string; problems: ImportProblem[] } | null>(null)
  let controller: AbortController | null = null

  async function load(): Promise<void> {
    if (!active.value) return
    controller?.abort()
    const own = (controller = new AbortController())
    loading.value = true
    const done = status.begin('ledgers')
    try {
      result.value = await getJson<Compliance>('/ledgers/compliance', { from: period.value.from, to: period.value.to }, own.signal)
      status.clear('ledgers')
    } catch (err) {
      if (isAbort(err)) return
      status.report('ledgers', 'app.loadFailed', { what: t('ledgers.title'), message: errorMessage(err) }, load)
    } finally {
      if (controller === own) loading.value = false
      done()
    }
  }

  function setPeriod(from: string, to: string): void {
    if (!from || !to || from > to) return
    period.value = { from, to }
    void load()
  }

  // the issue dots are put away while the view is open: the misses would drown in them
  let issuesWereVisible: boolean | null = null

  function setActive(on: boolean): void {
    if (on === active.value) return
    active.value = on
    const layers = useLayersStore()
    if (on) {
      useCoverageStore().setActive(false)
      issuesWereVisible = layers.visibility.issues !== false
      layers.setVisible('issues', false)
      void load()
      return
    }
    controller?.abort()
    loading.value = false
    status.clear('ledgers')
    if (issuesWereVisible !== null) layers.setVisible('issues', issuesWereVisible)
    issuesWereVisible = null
  }

  const exportUrl = (format: 'xlsx' | 'csv', type?: LedgerType) =>
    apiUrl(`/ledgers/export.${format}`, { from: period.value.from, to: period.value.to, ...(type ? { type } : {}) })

  async function importFile(file: File | null, dryRun: boolean): Promise<void> {
    if (!file) return void (importMessage.value = { ok: false, text: t('ledgers.needFile'), problems: [] })
    importing.value = true
    importMessage.value = null
    try {
      const form = new FormData()
      form.set('file', file)
      const response = await fetch(apiUrl('/ledgers/import', { dryRun: dryRun ? 'true' : undefined }), { method: 'POST', body: form })
      const body = await response.json().catch(() => ({}))
      if (!response.ok) {
        const problems = (body.error?.details?.errors ?? []) as ImportProblem[]
        if (problems.length) return void (importMessage.value = { ok: false, text: t('ledgers.importRejected', { rows: new Set(problems.map((p) => `${p.sheet}:${p.row}`)).size, n: problems.length }), problems })
        throw new ApiError(response.status, body.error?.code ?? `http_${response.status}`, body.error?.message ?? response.statusText)
      }
      importMessage.value = dryRun
        ? { ok: true, text: t('ledgers.wouldWrite', { n: body.count, skipped: body.skipped }), problems: [] }
        : { ok: true, text: t('ledgers.imported', { n: body.imported, skipped: body.skipped }), problems: [] }
      if (!dryRun) await load()
    } catch (err) {
      importMessage.value = { ok: false, text: t('ledgers.importFailed', { message: errorMessage(err) }), problems: [] }
    } finally {
      importing.value = false
    }
  }

  watch(() => useCoverageStore().active, (on) => on && setActive(false))

  return { active, period, tab, result, loading, focus, importing, importMessage, load, setPeriod, setActive, toggle: () => setActive(!active.value), exportUrl, importFile, zoomTo: (lon: number, lat: number) => (focus.value = { lon, lat }) }
})
