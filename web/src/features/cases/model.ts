/**
 * The case screens' model, pure (no Vue, no fetch): the API's shapes as the screens read them
 * (docs/cases-api.md), states grouped into stages for colour, what each action asks for, the
 * deadline countdown and the list's order. Unit-tested in tests/unit/web-cases.test.ts.
 */

export const CASE_STATES = ['reported', 'accepted', 'opened', 'dispatched', 'returned', 'handling', 'parked', 'feedback', 'verified', 'closed', 'rejected', 'merged'] as const
export type CaseState = (typeof CASE_STATES)[number]
export const CLOSED_STATES: readonly string[] = ['closed', 'rejected', 'merged']

export interface CaseSummary {
  id: number
  category: string
  status: string
  description: string
  lon: number
  lat: number
  gridId: number | null
  gridPath: number[]
  department: string | null
  reportedAt: string
  deadlineAt: string | null
  closedAt: string | null
  overdue: boolean
  version: number
  recurrenceOf: number | null
  mergedInto: number | null
  /** remaining working time in ms when the server computes it (negative = overdue by) */
  remainingMs?: number | null
}

export interface CasePhoto {
  id: number
  url: string
  thumbUrl: string
  takenAt: string | null
  lon: number | null
  lat: number | null
}

export interface CaseUpdate {
  seq: number
  action: string
  fromStatus: string | null
  toStatus: string
  at: string
  actor: { id: number | null; name: string; role: string }
  note: string | null
  details: Record<string, unknown> | null
  photos: CasePhoto[]
}

export interface CaseDetail {
  case: CaseSummary & {
    acceptedAt?: string | null
    openedAt?: string | null
    dispatchedAt?: string | null
    handledAt?: string | null
    verifiedAt?: string | null
    reworkCount?: number
    extensionPending?: boolean
    reporter?: { name: string } | null
    source?: string
  }
  timeline: CaseUpdate[]
  actions: string[]
  recurrences?: number[]
  duplicates?: number[]
}

/** A live event as GET /api/events streams it. */
export interface LiveEvent {
  id: number
  type: string
  issueId: number | null
  gridPath: number[]
  category: string | null
  payload: Record<string, unknown>
  at: string
}

/** States in five stages, the map's colours and the legend's rows. */
export const STAGES = ['intake', 'dispatch', 'handling', 'check', 'closed'] as const
export type Stage = (typeof STAGES)[number]
export const STAGE_OF: Record<CaseState, Stage> = {
  reported: 'intake',
  accepted: 'intake',
  opened: 'intake',
  dispatched: 'dispatch',
  returned: 'dispatch',
  handling: 'handling',
  parked: 'handling',
  feedback: 'check',
  verified: 'check',
  closed: 'closed',
  rejected: 'closed',
  merged: 'closed',
}
export const stageOf = (state: string): Stage => STAGE_OF[state as CaseState] ?? 'intake'
export const isOpenState = (state: string) => !CLOSED_STATES.includes(state)

/** What an action asks for before it can be sent (docs/cases-api.md, "needs"). */
export type ActionInput = 'department' | 'note' | 'reason' | 'rejectReason' | 'photos' | 'extension' | 'mergeInto'
export const ACTION_INPUTS: Record<string, { required: ActionInput[]; optional: ActionInput[] }> = {
  accept: { required: [], optional: ['note'] },
  reject: { required: ['rejectReason'], optional: ['note'] },
  merge: { required: ['mergeInto'], optional: ['note'] },
  open: { required: [], optional: ['note'] },
  dispatch: { required: ['department'], optional: ['note'] },
  return: { required: ['note'], optional: [] },
  start: { required: [], optional: ['note'] },
  request_extension: { required: ['note', 'extension'], optional: [] },
  approve_extension: { required: [], optional: ['note'] },
  deny_extension: { required: ['note'], optional: [] },
  park: { required: ['reason'], optional: ['note'] },
  resume: { required: [], optional: ['note'] },
  report_done: { required: ['photos'], optional: ['note'] },
  verify: { required: ['photos'], optional: ['note'] },
  rework: { required: ['note'], optional: ['photos'] },
  close: { required: [], optional: ['note'] },
  reopen: { required: ['note'], optional: [] },
}
export const inputsOf = (action: string) => ACTION_INPUTS[action] ?? { required: [], optional: ['note'] }

/** The departments a dispatcher picks from (api/cases/departments.ts codes). */
export const DEPARTMENTS = ['sanitation', 'enforcement', 'greening', 'utilities', 'power', 'environment', 'market', 'traffic', 'health', 'community', 'property'] as const

export interface TransitionForm {
  department?: string
  note?: string
  reason?: string
  rejectReason?: string
  photoIds?: number[]
  extension?: { value: number; unit: 'working_hours' | 'working_days' }
  mergeInto?: number
}

/** The first missing input of an action (a message key under form.*), or null when it can be sent. */
export function missingInput(action: string, form: TransitionForm): string | null {
  for (const input of inputsOf(action).required) {
    if (input === 'department' && !form.department) return 'form.needsDepartment'
    if (input === 'note' && !form.note?.trim()) return 'form.needsNote'
    if ((input === 'reason' || input === 'rejectReason') && !(input === 'reason' ? form.reason : form.rejectReason)?.trim()) return 'form.needsReason'
    if (input === 'photos' && !form.photoIds?.length) return 'form.needsPhoto'
    if (input === 'extension' && !(form.extension && form.extension.value > 0)) return 'form.needsReason'
    if (input === 'mergeInto' && !form.mergeInto) return 'form.needsReason'
  }
  return null
}

/** The body of POST /api/cases/:id/transitions for an action and the form. */
export function transitionBody(action: string, form: TransitionForm, expectedVersion?: number) {
  const wanted = new Set<ActionInput>([...inputsOf(action).required, ...inputsOf(action).optional])
  const body: Record<string, unknown> = { action }
  if (expectedVersion !== undefined) body.expectedVersion = expectedVersion
  if (wanted.has('note') && form.note?.trim()) body.note = form.note.trim()
  if (wanted.has('department') && form.department) body.department = form.department
  if (wanted.has('reason') && form.reason?.trim()) body.reason = form.reason.trim()
  if (wanted.has('rejectReason') && form.rejectReason) body.reason = form.rejectReason
  if (wanted.has('photos') && form.photoIds?.length) body.photoIds = form.photoIds
  if (wanted.has('extension') && form.extension) body.extension = form.extension
  if (wanted.has('mergeInto') && form.mergeInto) body.mergeInto = form.mergeInto
  return body
}

export type Countdown =
  | { kind: 'none' }
  | { kind: 'closed' }
  | { kind: 'parked' }
  | { kind: 'remaining' | 'overdue'; ms: number; working: boolean }

/**
 * The deadline countdown: the server's remaining working time when it gives one, else the wall
 * clock to the deadline. Overdue when the server says so or the deadline has passed.
 */
export function countdown(c: Pick<CaseSummary, 'status' | 'deadlineAt' | 'overdue' | 'remainingMs'>, now: number): Countdown {
  if (!isOpenState(c.status)) return { kind: 'closed' }
  if (c.status === 'parked') return { kind: 'parked' }
  if (typeof c.remainingMs === 'number') {
    const overdue = c.overdue || c.remainingMs < 0
    return { kind: overdue ? 'overdue' : 'remaining', ms: Math.abs(c.remainingMs), working: true }
  }
  if (!c.deadlineAt) return c.overdue ? { kind: 'overdue', ms: 0, working: false } : { kind: 'none' }
  const left = Date.parse(c.deadlineAt) - now
  const overdue = c.overdue || left < 0
  return { kind: overdue ? 'overdue' : 'remaining', ms: Math.abs(left), working: false }
}

/** ms → {key, params} for countdown.days / hours / minutes. */
export function durationParts(ms: number): { key: 'countdown.days' | 'countdown.hours' | 'countdown.minutes'; params: Record<string, number> } {
  const minutes = Math.floor(ms / 60_000)
  const d = Math.floor(minutes / 1440)
  const h = Math.floor((minutes % 1440) / 60)
  const m = minutes % 60
  if (d > 0) return { key: 'countdown.days', params: { d, h } }
  if (h > 0) return { key: 'countdown.hours', params: { h, m } }
  return { key: 'countdown.minutes', params: { m } }
}

export interface CaseFilters {
  /** '' = all, 'open', or one state */
  state: string
  category: string
  overdue: boolean
}

/** Whether a case belongs in the list under these filters (the server applies the same ones). */
export function matchesFilters(c: CaseSummary, f: CaseFilters): boolean {
  if (f.state === 'open' && !isOpenState(c.status)) return false
  if (f.state && f.state !== 'open' && c.status !== f.state) return false
  if (f.category && c.category !== f.category) return false
  if (f.overdue && !c.overdue) return false
  return true
}

/** Query of GET /api/cases for the filters. */
export function listQuery(f: CaseFilters, limit = 200): Record<string, string | number> {
  const q: Record<string, string | number> = { limit }
  if (f.overdue) q.status = 'overdue'
  else if (f.state) q.status = f.state
  if (f.category) q.category = f.category
  return q
}

/** Sorted by deadline: the soonest (and the overdue, longest overdue first) on top; no deadline last, newest first. */
export function byDeadline(a: CaseSummary, b: CaseSummary): number {
  const da = a.deadlineAt ? Date.parse(a.deadlineAt) : Infinity
  const db = b.deadlineAt ? Date.parse(b.deadlineAt) : Infinity
  if (da !== db) return da < db ? -1 : 1
  return Date.parse(b.reportedAt) - Date.parse(a.reportedAt) || b.id - a.id
}

/** Replaces or inserts a case, or removes it when it no longer matches; keeps deadline order. */
export function upsertCase(list: readonly CaseSummary[], c: CaseSummary, f: CaseFilters): CaseSummary[] {
  const rest = list.filter((x) => x.id !== c.id)
  if (matchesFilters(c, f)) rest.push(c)
  return rest.sort(byDeadline)
}

/** Photos of a timeline split into before (report, until the department acts) and after (report_done, verify). */
export function photosBeforeAfter(timeline: readonly CaseUpdate[]): { before: CasePhoto[]; after: CasePhoto[] } {
  const afterActions = new Set(['report_done', 'verify'])
  const before: CasePhoto[] = []
  const after: CasePhoto[] = []
  for (const u of timeline) for (const p of u.photos ?? []) (afterActions.has(u.action) ? after : before).push(p)
  return { before, after }
}
