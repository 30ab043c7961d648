/**
 * The case workflow of 数字城管 (GB/T 30428.8) as a pure state machine: no I/O, no clock.
 *
 * 上报 reported → 受理 accepted (or 不予受理 rejected / merged as a duplicate) → 立案 opened →
 * 派遣 dispatched → (回退 returned → dispatched again) → 处置 handling (延期 extension requested /
 * approved / denied; 挂账 parked ↔ resumed) → 反馈 feedback (with a photo) → 核查 verified (with an
 * after-photo) → 结案 closed, or 返工 rework back to handling. A closed case can be reopened as a
 * recurrence: a new case linked to the original (the original stays closed).
 *
 * The routes (api/cases/routes.ts) add what needs the database: scope, versions, photos exist.
 * docs/cases-api.md is the human description of this table; keep the two in step.
 */

export const CASE_STATUSES = [
  'reported',
  'accepted',
  'opened',
  'dispatched',
  'returned',
  'handling',
  'parked',
  'feedback',
  'verified',
  'closed',
  'rejected',
  'merged',
] as const
export type CaseStatus = (typeof CASE_STATUSES)[number]

/** Label and type (open / closed) of every state, FixMyStreet style. */
export const CASE_STATUS_LABELS: Record<CaseStatus, { zh: string; en: string; open: boolean }> = {
  reported: { zh: '已上报', en: 'Reported', open: true },
  accepted: { zh: '已受理', en: 'Accepted', open: true },
  opened: { zh: '已立案', en: 'Opened', open: true },
  dispatched: { zh: '已派遣', en: 'Dispatched', open: true },
  returned: { zh: '已回退', en: 'Returned', open: true },
  handling: { zh: '处置中', en: 'Handling', open: true },
  parked: { zh: '挂账', en: 'Parked', open: true },
  feedback: { zh: '待核查', en: 'Awaiting verification', open: true },
  verified: { zh: '待结案', en: 'Verified, awaiting closure', open: true },
  closed: { zh: '已结案', en: 'Closed', open: false },
  rejected: { zh: '不予受理', en: 'Rejected', open: false },
  merged: { zh: '已合并', en: 'Merged into another case', open: false },
}

export const CLOSED_STATUSES: readonly CaseStatus[] = CASE_STATUSES.filter((s) => !CASE_STATUS_LABELS[s].open)

export const ROLES = ['worker', 'inspector', 'acceptor', 'duty_chief', 'dispatcher', 'department', 'leader', 'planner', 'admin'] as const
export type Role = (typeof ROLES)[number]

export const REJECT_REASONS = ['invalid', 'duplicate', 'out_of_scope'] as const
export type RejectReason = (typeof REJECT_REASONS)[number]

/** What an action needs besides the role: checked by checkInput before anything is written. */
type Need = 'note' | 'photo' | 'department' | 'reason' | 'rejectReason' | 'extension' | 'mergeInto'

interface ActionSpec {
  zh: string
  en: string
  from: readonly CaseStatus[]
  /** the state after the action; 'same' for actions that leave the state as it is */
  to: CaseStatus | 'same'
  roles: readonly Role[]
  needs: readonly Need[]
  /** extra condition on the extension flag */
  extension?: 'none_pending' | 'pending'
}

const DESK = ['acceptor', 'duty_chief'] as const
const DISPATCH = ['dispatcher', 'duty_chief'] as const
const FIELD = ['worker', 'inspector'] as const

/** Every action: from which states, to which state, by whom, needing what. */
export const ACTIONS = {
  report: { zh: '上报', en: 'Report', from: [], to: 'reported', roles: [...FIELD, ...DESK], needs: [] },
  accept: { zh: '受理', en: 'Accept', from: ['reported'], to: 'accepted', roles: DESK, needs: [] },
  reject: { zh: '不予受理', en: 'Reject', from: ['reported', 'accepted'], to: 'rejected', roles: DESK, needs: ['rejectReason'] },
  merge: { zh: '合并', en: 'Merge as duplicate', from: ['reported', 'accepted'], to: 'merged', roles: DESK, needs: ['mergeInto'] },
  open: { zh: '立案', en: 'Open', from: ['accepted'], to: 'opened', roles: DESK, needs: [] },
  dispatch: { zh: '派遣', en: 'Dispatch', from: ['opened', 'returned'], to: 'dispatched', roles: DISPATCH, needs: ['department'] },
  return: { zh: '回退', en: 'Return (wrong dispatch)', from: ['dispatched'], to: 'returned', roles: ['department'], needs: ['note'] },
  start: { zh: '签收', en: 'Start handling', from: ['dispatched'], to: 'handling', roles: ['department'], needs: [] },
  request_extension: { zh: '申请延期', en: 'Request extension', from: ['handling'], to: 'same', roles: ['department'], needs: ['note', 'extension'], extension: 'none_pending' },
  approve_extension: { zh: '批准延期', en: 'Approve extension', from: ['handling'], to: 'same', roles: DISPATCH, needs: [], extension: 'pending' },
  deny_extension: { zh: '驳回延期', en: 'Deny extension', from: ['handling'], to: 'same', roles: DISPATCH, needs: ['note'], extension: 'pending' },
  park: { zh: '挂账', en: 'Park', from: ['handling'], to: 'parked', roles: DISPATCH, needs: ['reason'] },
  resume: { zh: '恢复处置', en: 'Resume', from: ['parked'], to: 'handling', roles: DISPATCH, needs: [] },
  report_done: { zh: '处置反馈', en: 'Report done', from: ['handling'], to: 'feedback', roles: ['department'], needs: ['photo'] },
  verify: { zh: '核查通过', en: 'Verify on site', from: ['feedback'], to: 'verified', roles: FIELD, needs: ['photo'] },
  rework: { zh: '返工', en: 'Send back for rework', from: ['feedback', 'verified'], to: 'handling', roles: [...FIELD, ...DESK], needs: ['note'] },
  close: { zh: '结案', en: 'Close', from: ['verified'], to: 'closed', roles: DESK, needs: [] },
  reopen: { zh: '复发重开', en: 'Reopen as recurrence', from: ['closed'], to: 'same', roles: [...FIELD, ...DESK], needs: ['note'] },
} as const satisfies Record<string, ActionSpec>

export type CaseAction = keyof typeof ACTIONS
export const CASE_ACTIONS = Object.keys(ACTIONS) as CaseAction[]
/** Actions a client may send to POST /api/cases/:id/transitions ('report' is POST /api/cases). */
export const TRANSITION_ACTIONS = CASE_ACTIONS.filter((a) => a !== 'report')

/** The state the update log folds to. */
export interface CaseState {
  status: CaseStatus
  /** an extension request awaits a decision */
  extensionPending: boolean
}

export interface TransitionInput {
  note?: string | null
  photoIds?: readonly number[]
  department?: string | null
  reason?: string | null
  extension?: { value: number; unit: 'working_hours' | 'working_days' } | null
  mergeInto?: number | null
}

export type TransitionResult =
  | { ok: true; state: CaseState; from: CaseStatus | null; to: CaseStatus }
  | { ok: false; status: 403 | 409 | 400; code: string; message: string; details: Record<string, unknown> }

export function actionSpec(action: CaseAction): ActionSpec {
  return ACTIONS[action]
}

export const isCaseAction = (a: string): a is CaseAction => Object.hasOwn(ACTIONS, a)
export const isCaseStatus = (s: string): s is CaseStatus => (CASE_STATUSES as readonly string[]).includes(s)

/** Is `action` legal from `state` (ignoring who asks)? */
export function isLegal(state: CaseState | null, action: CaseAction): boolean {
  const spec: ActionSpec = ACTIONS[action]
  if (state === null) return action === 'report'
  if (!spec.from.includes(state.status)) return false
  if (spec.extension === 'pending' && !state.extensionPending) return false
  if (spec.extension === 'none_pending' && state.extensionPending) return false
  // a case cannot be parked or reported done while an extension request awaits an answer
  if ((action === 'park' || action === 'report_done') && state.extensionPending) return false
  return true
}

/** Actions `role` may take on a case in `state`: what a screen offers. */
export function availableActions(state: CaseState, role: Role): CaseAction[] {
  return TRANSITION_ACTIONS.filter((a) => isLegal(state, a) && (ACTIONS[a].roles as readonly Role[]).includes(role))
}

/** Missing or malformed input for the action, or null. */
export function checkInput(action: CaseAction, input: TransitionInput): { code: string; message: string } | null {
  const spec: ActionSpec = ACTIONS[action]
  for (const need of spec.needs) {
    if (need === 'note' && !input.note?.trim()) return { code: 'missing_note', message: `${action} needs a note saying why` }
    if (need === 'photo' && !(input.photoIds && input.photoIds.length > 0)) return { code: 'missing_photo', message: `${action} needs at least one photo (photoIds)` }
    if (need === 'department' && !input.department) return { code: 'missing_department', message: `${action} needs the department to send the case to` }
    if (need === 'reason' && !input.reason?.trim()) return { code: 'missing_reason', message: `${action} needs a reason` }
    if (need === 'rejectReason' && !(REJECT_REASONS as readonly string[]).includes(input.reason ?? '')) {
      return { code: 'missing_reason', message: `${action} needs reason one of ${REJECT_REASONS.join(', ')}` }
    }
    if (need === 'extension') {
      const e = input.extension
      if (!e || !(Number.isInteger(e.value) && e.value > 0 && e.value <= 200) || (e.unit !== 'working_hours' && e.unit !== 'working_days')) {
        return { code: 'missing_extension', message: `${action} needs extension {value: positive integer ≤ 200, unit: working_hours|working_days}` }
      }
    }
    if (need === 'mergeInto' && !(Number.isInteger(input.mergeInto) && (input.mergeInto as number) > 0)) {
      return { code: 'missing_merge_target', message: `${action} needs mergeInto, the id of the original case` }
    }
  }
  return null
}

/**
 * One step of the machine: who (role) does what (action) to a case in `state`.
 * Role is checked before legality so a caller who may never act learns 403, not the state.
 */
export function transition(state: CaseState | null, action: CaseAction, role: Role, input: TransitionInput = {}): TransitionResult {
  const spec: ActionSpec = ACTIONS[action]
  if (!spec.roles.includes(role)) {
    return { ok: false, status: 403, code: 'forbidden', message: `A ${role} may not ${action}; allowed: ${spec.roles.join(', ')}`, details: { action, role, allowed: spec.roles } }
  }
  if (!isLegal(state, action)) {
    const from = state?.status ?? null
    const why = state?.extensionPending ? ' (an extension request awaits a decision)' : spec.extension === 'pending' ? ' (no extension request is pending)' : ''
    return {
      ok: false,
      status: 409,
      code: 'illegal_transition',
      message: `Cannot ${action} a case that is ${from ?? 'not yet reported'}${why}`,
      details: { action, from, allowedFrom: spec.from },
    }
  }
  const bad = checkInput(action, input)
  if (bad) return { ok: false, status: 400, ...bad, details: { action } }
  const from = state?.status ?? null
  const to: CaseStatus = spec.to === 'same' ? (from as CaseStatus) : spec.to
  let extensionPending = state?.extensionPending ?? false
  if (action === 'request_extension') extensionPending = true
  if (action === 'approve_extension' || action === 'deny_extension') extensionPending = false
  return { ok: true, state: { status: to, extensionPending }, from, to }
}

/** One row of the update log as the fold needs it. */
export interface LoggedUpdate {
  action: string
  from_status: string | null
  to_status: string
}

/**
 * Folds an update log (in seq order) into the current state, checking every step against the
 * machine: each row's from_status is the state before it, its to_status the machine's answer.
 * Roles are not re-checked (permissions change; history does not). Throws on the first bad row.
 */
export function deriveState(updates: readonly LoggedUpdate[]): CaseState {
  let state: CaseState | null = null
  updates.forEach((u, i) => {
    if (!isCaseAction(u.action)) throw new Error(`update ${i}: unknown action ${u.action}`)
    if ((state?.status ?? null) !== u.from_status) throw new Error(`update ${i} (${u.action}): from_status ${u.from_status} but the case was ${state?.status ?? 'not yet reported'}`)
    if (!isLegal(state, u.action)) throw new Error(`update ${i}: ${u.action} is illegal from ${state?.status ?? 'nothing'}`)
    const spec: ActionSpec = ACTIONS[u.action]
    const to = spec.to === 'same' ? state!.status : spec.to
    if (to !== u.to_status) throw new Error(`update ${i} (${u.action}): to_status ${u.to_status} but the machine gives ${to}`)
    state = {
      status: to,
      extensionPending: u.action === 'request_extension' ? true : u.action === 'approve_extension' || u.action === 'deny_extension' ? false : (state?.extensionPending ?? false),
    }
  })
  if (state === null) throw new Error('an empty update log has no state')
  return state
}
