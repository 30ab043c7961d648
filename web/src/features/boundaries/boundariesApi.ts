// The import dialog's calls: the dry run (multipart), the apply (by token) and its job's progress.
// Pure request building is exported for unit tests.

import type { FeatureCollection } from 'geojson'
import { ApiError, apiUrl } from '../../api/client'

export interface ImportChoice {
  format: string
  crs: string
  level: number
  parentId: number | null
  mode: 'merge' | 'replace'
  mapping: { name: string; code: string; level: string; parent: string }
}

export interface DryRunResult {
  token: string
  fileName: string
  format: string
  notes: string[]
  crs: { used: string; detected: string | null; reason: string; evidence: string; overridden: boolean }
  attributes: string[]
  mapping: { name: string; code?: string; level?: string; parent?: string }
  counts: { features: number; accepted: number; refused: number; new: number; changed: number; unchanged: number; removed: number; repairs: number }
  grids: { feature: number | null; id: number | null; status: string; name: string; code: string | null; areaM2: number; previousAreaM2: number | null }[]
  repairs: { feature: number; kind: string; message: string; messageZh: string }[]
  refusals: { feature: number; code: string; name: string | null; message: string; messageZh: string; location?: [number, number] }[]
  preview: FeatureCollection
}

export interface ImportJob {
  id: string
  state: 'running' | 'done' | 'failed'
  progress: number
  stage: string
  result: { grids: { id: number }[] } | null
  error: { code: string; message: string; details?: unknown } | null
}

export function importForm(file: File, choice: ImportChoice): FormData {
  const form = new FormData()
  form.set('file', file)
  form.set('format', choice.format)
  form.set('crs', choice.crs)
  form.set('level', String(choice.level))
  if (choice.parentId !== null) form.set('parentId', String(choice.parentId))
  form.set('mode', choice.mode)
  for (const [k, v] of Object.entries(choice.mapping)) if (v) form.set(`map.${k}`, v)
  return form
}

export function exportUrl(q: { level: number; parent: number | null; format: string; crs: string }): string {
  return apiUrl('/boundaries/export', { level: q.level, parent: q.parent, format: q.format, crs: q.crs })
}

async function send<T>(url: string, init: RequestInit): Promise<T> {
  const response = await fetch(url, { credentials: 'same-origin', ...init })
  const body = await response.json().catch(() => ({}))
  if (!response.ok) throw new ApiError(response.status, body.error?.code ?? `http_${response.status}`, body.error?.message ?? response.statusText, body.error?.details)
  return body as T
}

export const postDryRun = (file: File, choice: ImportChoice) => send<DryRunResult>(apiUrl('/boundaries/import'), { method: 'POST', body: importForm(file, choice) })
export const postApply = (token: string) =>
  send<{ jobId: string }>(apiUrl(`/boundaries/import/${token}/apply`), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })
export const getJob = (id: string) => send<ImportJob>(apiUrl(`/boundaries/jobs/${id}`), { headers: { accept: 'application/json' } })
