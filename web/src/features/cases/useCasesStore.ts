/**
 * The case list and the open case, kept live: every event from /api/events names a case; the
 * store refetches that case (GET /api/cases/:id, scoped by the server) and updates the list,
 * the open detail and the issue dot on the map in place — no reload, no polling.
 */
import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { IssueCollection, IssueFeature } from '../../api/types'
import { ApiError } from '../../api/client'
import { useIssuesStore } from '../issues/useIssuesStore'
import { isAbort, errorMessage } from '../status/errors'
import { getCase, listCases } from './casesApi'
import { type CaseDetail, type CaseFilters, type CaseSummary, type LiveEvent, byDeadline, isOpenState, upsertCase } from './model'
import { useLiveStore } from './useLiveStore'

export const useCasesStore = defineStore('cases', () => {
  const filters = ref<CaseFilters>({ state: 'open', category: '', overdue: false })
  const cases = shallowRef<CaseSummary[]>([])
  const total = ref(0)
  const loaded = ref(false)
  const loading = ref(false)
  const error = ref<string | null>(null)
  const detail = shallowRef<CaseDetail | null>(null)
  const detailError = ref<string | null>(null)
  const selectedId = ref<number | null>(null)
  /** ids of cases changed live in the last few seconds, for a brief highlight */
  const flashed = ref<Set<number>>(new Set())
  let listController: AbortController | null = null
  let detailController: AbortController | null = null

  async function load(): Promise<void> {
    listController?.abort()
    const own = (listController = new AbortController())
    loading.value = true
    error.value = null
    try {
      const res = await listCases(filters.value, own.signal)
      cases.value = [...res.cases].sort(byDeadline)
      total.value = res.total
      loaded.value = true
    } catch (err) {
      if (!isAbort(err)) error.value = errorMessage(err)
    } finally {
      if (listController === own) loading.value = false
    }
  }

  function setFilters(next: Partial<CaseFilters>): void {
    filters.value = { ...filters.value, ...next }
    void load()
  }

  async function select(id: number | null): Promise<void> {
    selectedId.value = id
    detailController?.abort()
    detailError.value = null
    if (id === null) {
      detail.value = null
      return
    }
    if (detail.value?.case.id !== id) detail.value = null
    const own = (detailController = new AbortController())
    try {
      detail.value = await getCase(id, own.signal)
    } catch (err) {
      if (isAbort(err)) return
      detailError.value = err instanceof ApiError && (err.status === 404 || err.status === 403) ? 'notFound' : errorMessage(err)
    }
  }

  /** Puts a fresh copy of a case everywhere it shows (after our own action or a live event). */
  function apply(fresh: CaseDetail): void {
    const c = fresh.case
    // a read that started before a later change can land after it: never step back a version
    const known = detail.value?.case.id === c.id ? detail.value.case.version : cases.value.find((x) => x.id === c.id)?.version
    if (known !== undefined && known > c.version) return
    if (loaded.value) {
      const before = cases.value.length
      const had = cases.value.some((x) => x.id === c.id)
      cases.value = upsertCase(cases.value, c, filters.value)
      total.value += cases.value.length - before
      if (had || cases.value.some((x) => x.id === c.id)) flash(c.id)
    }
    if (selectedId.value === c.id) detail.value = fresh
    patchMap(c)
  }

  function flash(id: number) {
    flashed.value = new Set([...flashed.value, id])
    setTimeout(() => {
      const next = new Set(flashed.value)
      next.delete(id)
      flashed.value = next
    }, 4000)
  }

  const issues = useIssuesStore()
  /** The issue dot of this case on the map: state, overdue, position; added when new. */
  function patchMap(c: CaseSummary): void {
    issues.casesChanged()
    const col = issues.issues
    if (!col) return
    const open = isOpenState(c.status)
    const show = issues.filter === 'all' || (issues.filter === 'open' && open) || (issues.filter === 'overdue' && c.overdue)
    const old = col.features.find((f) => f.properties.id === c.id)
    const feature: IssueFeature = {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [c.lon, c.lat] },
      properties: {
        ...(old?.properties ?? { source: '' }),
        id: c.id,
        category: c.category,
        status: c.status,
        description: c.description,
        gridId: c.gridId,
        reportedAt: c.reportedAt,
        deadlineAt: c.deadlineAt,
        closedAt: c.closedAt,
        overdue: c.overdue,
        open,
      },
    }
    const features = col.features.filter((f) => f.properties.id !== c.id)
    if (show) features.push(feature)
    issues.issues = { ...col, features } as IssueCollection
  }

  /** Refetch per case, one at a time per id; a burst of events on one case costs one or two reads. */
  const inFlight = new Map<number, boolean>()
  async function refresh(id: number): Promise<void> {
    if (inFlight.has(id)) {
      inFlight.set(id, true)
      return
    }
    inFlight.set(id, false)
    try {
      do {
        inFlight.set(id, false)
        try {
          apply(await getCase(id))
        } catch (err) {
          // gone from our scope (e.g. merged away): drop it from the list
          if (err instanceof ApiError && (err.status === 404 || err.status === 403)) {
            cases.value = cases.value.filter((x) => x.id !== id)
          }
        }
      } while (inFlight.get(id))
    } finally {
      inFlight.delete(id)
    }
  }

  function onLive(event: LiveEvent): void {
    if (event.issueId != null) void refresh(event.issueId)
  }

  let unsubscribe: (() => void) | null = null
  /** Subscribes to live events (once) and opens the stream if it is not open. */
  function connect(): void {
    const live = useLiveStore()
    unsubscribe ??= live.onEvent(onLive)
    if (live.state === 'idle') live.open()
  }

  return { filters, cases, total, loaded, loading, error, detail, detailError, selectedId, flashed, load, setFilters, select, apply, refresh, connect }
})
