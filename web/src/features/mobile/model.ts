/**
 * The phone screen's model, pure (no Vue, no fetch): its sub-routes, the report draft kept on the
 * phone until the server has it, what a draft still lacks, and how a failure reads to the worker.
 * Unit-tested in tests/unit/web-mobile.test.ts.
 */
import { ApiError } from '../../api/client'
import { type CaseSummary, byDeadline } from '../cases/model'

export type MobileView = { kind: 'home' } | { kind: 'report' } | { kind: 'case'; id: number }

/** `/m` → home, `/m/report` → report, `/m/case/12` → case 12; anything else is home. */
export function mobileView(params: readonly string[]): MobileView {
  if (params[0] === 'report') return { kind: 'report' }
  if (params[0] === 'case' && /^\d+$/.test(params[1] ?? '')) return { kind: 'case', id: Number(params[1]) }
  return { kind: 'home' }
}

export const mobilePath = (view: MobileView) => (view.kind === 'home' ? '/m' : view.kind === 'report' ? '/m/report' : `/m/case/${view.id}`)

export interface Position {
  lon: number
  lat: number
  /** metres (GPS), null when tapped on the map */
  accuracyM: number | null
  source: 'gps' | 'map'
}

export interface ReportDraft {
  category: string
  description: string
  position: Position | null
  /** photos the server already has */
  photoIds: number[]
  /** the worker looked at the suggested duplicates and reports anyway */
  notDuplicate: boolean
}

export const EMPTY_DRAFT: ReportDraft = { category: '', description: '', position: null, photoIds: [], notDuplicate: false }

/** A GPS fix coarser than this is shown as poor, with a hint to check it on the map. */
export const POOR_ACCURACY_M = 50

export const DRAFT_KEY = 'gridsight.mobile.draft'

/** A draft as stored (JSON), or null when it is missing or not a draft; never throws. */
export function parseDraft(text: string | null): ReportDraft | null {
  if (!text) return null
  let v: unknown
  try {
    v = JSON.parse(text)
  } catch {
    return null
  }
  if (!v || typeof v !== 'object') return null
  const d = v as Record<string, unknown>
  const p = d.position as Record<string, unknown> | null | undefined
  const position: Position | null =
    p && typeof p.lon === 'number' && typeof p.lat === 'number' && Number.isFinite(p.lon) && Number.isFinite(p.lat)
      ? { lon: p.lon, lat: p.lat, accuracyM: typeof p.accuracyM === 'number' ? p.accuracyM : null, source: p.source === 'gps' ? 'gps' : 'map' }
      : null
  return {
    category: typeof d.category === 'string' ? d.category : '',
    description: typeof d.description === 'string' ? d.description : '',
    position,
    photoIds: Array.isArray(d.photoIds) ? d.photoIds.filter((x): x is number => Number.isInteger(x) && x > 0) : [],
    notDuplicate: d.notDuplicate === true,
  }
}

/** Anything worth keeping (so an empty form does not count as a draft). */
export const hasContent = (d: ReportDraft) => Boolean(d.category || d.description.trim() || d.position || d.photoIds.length)

/** The first thing a draft still needs (a message key under mobile.reportForm.*), or null. */
export function missingInput(d: ReportDraft): string | null {
  if (!d.category) return 'needsCategory'
  if (d.description.trim().length < 2) return 'needsDescription'
  if (!d.position) return 'needsLocation'
  return null
}

/** The body of POST /api/cases for a complete draft (coordinates to 1e-6°, about 0.1 m). */
export function reportBody(d: ReportDraft) {
  if (!d.position) throw new Error('reportBody: the draft has no position')
  const round = (x: number) => Math.round(x * 1e6) / 1e6
  return {
    category: d.category,
    description: d.description.trim(),
    lon: round(d.position.lon),
    lat: round(d.position.lat),
    ...(d.photoIds.length ? { photoIds: d.photoIds } : {}),
  }
}

/**
 * No answer came back (fetch rejected: getJson's ApiError status 0, or a raw fetch's TypeError)
 * or a gateway gave up (502–504): the draft stays and the worker retries.
 */
export function isNetworkError(err: unknown): boolean {
  if (err instanceof ApiError) return err.status === 0 || (err.status >= 502 && err.status <= 504)
  return err instanceof TypeError
}

/** Open cases for the phone: overdue first, then by deadline (soonest first), as the list shows them. */
export function phoneOrder(cases: readonly CaseSummary[]): CaseSummary[] {
  return [...cases].sort((a, b) => Number(b.overdue) - Number(a.overdue) || byDeadline(a, b))
}
