/** The case routes (docs/cases-api.md) as the screens call them. */
import { ApiError, getJson } from '../../api/client'
import type { CaseDetail, CaseFilters, CaseSummary, CasePhoto } from './model'
import { listQuery } from './model'

export function listCases(filters: CaseFilters, signal?: AbortSignal) {
  return getJson<{ total: number; cases: CaseSummary[] }>('/cases', listQuery(filters), signal)
}

/**
 * Reads started in the same synchronous run share one request: a live event reaches every store that shows
 * the case (the case list, the wall) in one task, and each refetches it — one GET is enough, as
 * they all want the case as it is after that event. A read started in a later task gets its own
 * request (it may have to see a later change).
 */
const sameTask = new Map<number, Promise<CaseDetail>>()

export function getCase(id: number, signal?: AbortSignal) {
  if (signal) return getJson<CaseDetail>(`/cases/${id}`, {}, signal)
  let shared = sameTask.get(id)
  if (!shared) {
    shared = getJson<CaseDetail>(`/cases/${id}`, {})
    sameTask.set(id, shared)
    // the listeners of one event run synchronously, one after the other; the entry goes before any other task
    queueMicrotask(() => sameTask.delete(id))
  }
  return shared
}

/** POST a JSON body; errors as getJson's ApiError. */
async function sendJson<T>(path: string, body: unknown): Promise<T> {
  const response = await fetch(`/api${path}`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
  })
  const json = await response.json().catch(() => ({}))
  if (!response.ok) throw new ApiError(response.status, json.error?.code ?? `http_${response.status}`, json.error?.message ?? response.statusText, json.error?.details)
  return json as T
}

export function postTransition(id: number, body: Record<string, unknown>) {
  return sendJson<{ case: CaseSummary }>(`/cases/${id}/transitions`, body)
}

export function reportCase(body: { category: string; description: string; lon: number; lat: number; photoIds?: number[] }) {
  return sendJson<{ case: CaseSummary; duplicates: (CaseSummary & { distanceM: number })[] }>('/cases', body)
}

/** Uploads one photo as the raw body (the server checks its type by content). */
export async function uploadPhoto(file: Blob): Promise<CasePhoto & { sha256: string }> {
  const response = await fetch('/api/photos', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': file.type || 'application/octet-stream', accept: 'application/json' },
    body: file,
  })
  const body = await response.json().catch(() => ({}))
  if (!response.ok) throw new ApiError(response.status, body.error?.code ?? `http_${response.status}`, body.error?.message ?? response.statusText, body.error?.details)
  return body
}
