import { describe, expect, it } from 'vitest'
import {
  ACTIONS,
  availableActions,
  CASE_ACTIONS,
  CASE_STATUSES,
  deriveState,
  ROLES,
  transition,
  type CaseAction,
  type CaseState,
  type CaseStatus,
  type Role,
  type TransitionInput,
} from '../../api/cases/lifecycle.ts'

/**
 * The workflow written out by hand, independently of ACTIONS: every legal (from, action) → to.
 * Anything not listed is illegal. A change to the machine must change this list too.
 */
const LEGAL: [CaseStatus, CaseAction, CaseStatus][] = [
  ['reported', 'accept', 'accepted'],
  ['reported', 'reject', 'rejected'],
  ['accepted', 'reject', 'rejected'],
  ['reported', 'merge', 'merged'],
  ['accepted', 'merge', 'merged'],
  ['accepted', 'open', 'opened'],
  ['opened', 'dispatch', 'dispatched'],
  ['returned', 'dispatch', 'dispatched'],
  ['dispatched', 'return', 'returned'],
  ['dispatched', 'start', 'handling'],
  ['handling', 'request_extension', 'handling'],
  ['handling', 'park', 'parked'],
  ['parked', 'resume', 'handling'],
  ['handling', 'report_done', 'feedback'],
  ['feedback', 'verify', 'verified'],
  ['feedback', 'rework', 'handling'],
  ['verified', 'rework', 'handling'],
  ['verified', 'close', 'closed'],
  ['closed', 'reopen', 'closed'],
]
/** Legal only while an extension request is pending (and then the three above with * are not). */
const LEGAL_PENDING: [CaseStatus, CaseAction, CaseStatus][] = [
  ['handling', 'approve_extension', 'handling'],
  ['handling', 'deny_extension', 'handling'],
]

const WHO: Record<CaseAction, Role[]> = {
  report: ['worker', 'inspector', 'acceptor', 'duty_chief'],
  accept: ['acceptor', 'duty_chief'],
  reject: ['acceptor', 'duty_chief'],
  merge: ['acceptor', 'duty_chief'],
  open: ['acceptor', 'duty_chief'],
  dispatch: ['dispatcher', 'duty_chief'],
  return: ['department'],
  start: ['department'],
  request_extension: ['department'],
  approve_extension: ['dispatcher', 'duty_chief'],
  deny_extension: ['dispatcher', 'duty_chief'],
  park: ['dispatcher', 'duty_chief'],
  resume: ['dispatcher', 'duty_chief'],
  report_done: ['department'],
  verify: ['worker', 'inspector'],
  rework: ['worker', 'inspector', 'acceptor', 'duty_chief'],
  close: ['acceptor', 'duty_chief'],
  reopen: ['worker', 'inspector', 'acceptor', 'duty_chief'],
}

/** Input that satisfies every action's needs. */
const FULL: TransitionInput = { note: 'n', photoIds: [1], department: 'sanitation', reason: 'duplicate', extension: { value: 2, unit: 'working_days' }, mergeInto: 7 }

describe('case state machine', () => {
  for (const pending of [false, true]) {
    for (const status of CASE_STATUSES) {
      for (const action of CASE_ACTIONS) {
        const state: CaseState = { status, extensionPending: pending }
        const table = pending ? [...LEGAL.filter(([, a]) => !['request_extension', 'park', 'report_done'].includes(a)), ...LEGAL_PENDING] : LEGAL
        const expected = table.find(([f, a]) => f === status && a === action)
        it(`${status}${pending ? ' (extension pending)' : ''} --${action}--> ${expected ? expected[2] : '409'}`, () => {
          for (const role of ROLES) {
            const r = transition(state, action, role, FULL)
            if (!WHO[action].includes(role)) {
              expect(r.ok ? 'ok' : r.status).toBe(403)
            } else if (expected) {
              expect(r.ok && r.to).toBe(expected[2])
              expect(r.ok && r.from).toBe(status)
            } else {
              expect(r.ok ? 'ok' : `${r.status} ${r.code}`).toBe('409 illegal_transition')
            }
          }
        })
      }
    }
  }

  it('a case begins only with report, by the roles that may report', () => {
    for (const action of CASE_ACTIONS) {
      for (const role of ROLES) {
        const r = transition(null, action, role, FULL)
        const ok = action === 'report' && WHO.report.includes(role)
        expect(r.ok, `${role} ${action}`).toBe(ok)
      }
    }
    expect(transition(null, 'report', 'worker')).toMatchObject({ ok: true, to: 'reported', from: null })
  })

  it('roles in ACTIONS match the hand-written table', () => {
    for (const a of CASE_ACTIONS) expect([...ACTIONS[a].roles].sort(), a).toEqual([...WHO[a]].sort())
  })

  it('extension flag: requested → pending; approved or denied → cleared', () => {
    const s0: CaseState = { status: 'handling', extensionPending: false }
    const r1 = transition(s0, 'request_extension', 'department', FULL)
    expect(r1.ok && r1.state).toEqual({ status: 'handling', extensionPending: true })
    if (!r1.ok) return
    for (const a of ['approve_extension', 'deny_extension'] as const) {
      const r2 = transition(r1.state, a, 'dispatcher', FULL)
      expect(r2.ok && r2.state).toEqual({ status: 'handling', extensionPending: false })
    }
  })

  it.each([
    ['report_done', { photoIds: [] }, 'missing_photo'],
    ['verify', {}, 'missing_photo'],
    ['dispatch', {}, 'missing_department'],
    ['reject', { reason: 'because' }, 'missing_reason'],
    ['park', { reason: '  ' }, 'missing_reason'],
    ['return', {}, 'missing_note'],
    ['rework', { note: '' }, 'missing_note'],
    ['request_extension', { note: 'x', extension: { value: 0, unit: 'working_days' } }, 'missing_extension'],
    ['request_extension', { note: 'x', extension: { value: 1, unit: 'weeks' } }, 'missing_extension'],
    ['merge', { mergeInto: -1 }, 'missing_merge_target'],
  ] as [CaseAction, TransitionInput, string][])('%s without what it needs → 400 %s', (action, input, code) => {
    const from = LEGAL.find(([, a]) => a === action)![0]
    const r = transition({ status: from, extensionPending: false }, action, WHO[action][0], input)
    expect(r.ok ? 'ok' : `${r.status} ${r.code}`).toBe(`400 ${code}`)
  })

  it('availableActions lists what a role can do now', () => {
    expect(availableActions({ status: 'reported', extensionPending: false }, 'acceptor').sort()).toEqual(['accept', 'merge', 'reject'])
    expect(availableActions({ status: 'handling', extensionPending: false }, 'department').sort()).toEqual(['report_done', 'request_extension'])
    expect(availableActions({ status: 'handling', extensionPending: true }, 'department')).toEqual([])
    expect(availableActions({ status: 'closed', extensionPending: false }, 'leader')).toEqual([])
  })
})

describe('deriveState', () => {
  const log = (steps: [string | null, string, string][]) => steps.map(([from_status, action, to_status]) => ({ from_status, action, to_status }))

  it('folds a full history with return, extension, park and rework', () => {
    const s = deriveState(
      log([
        [null, 'report', 'reported'],
        ['reported', 'accept', 'accepted'],
        ['accepted', 'open', 'opened'],
        ['opened', 'dispatch', 'dispatched'],
        ['dispatched', 'return', 'returned'],
        ['returned', 'dispatch', 'dispatched'],
        ['dispatched', 'start', 'handling'],
        ['handling', 'request_extension', 'handling'],
        ['handling', 'approve_extension', 'handling'],
        ['handling', 'park', 'parked'],
        ['parked', 'resume', 'handling'],
        ['handling', 'report_done', 'feedback'],
        ['feedback', 'rework', 'handling'],
        ['handling', 'report_done', 'feedback'],
        ['feedback', 'verify', 'verified'],
        ['verified', 'close', 'closed'],
      ]),
    )
    expect(s).toEqual({ status: 'closed', extensionPending: false })
  })

  it('keeps a pending extension', () => {
    expect(deriveState(log([[null, 'report', 'reported'], ['reported', 'accept', 'accepted'], ['accepted', 'open', 'opened'], ['opened', 'dispatch', 'dispatched'], ['dispatched', 'start', 'handling'], ['handling', 'request_extension', 'handling']]))).toEqual({ status: 'handling', extensionPending: true })
  })

  it.each([
    [[], /empty/],
    [[['reported', 'accept', 'accepted']], /from_status reported/],
    [[[null, 'report', 'reported'], ['reported', 'open', 'opened']], /illegal/],
    [[[null, 'report', 'reported'], ['reported', 'accept', 'opened']], /to_status opened/],
    [[[null, 'report', 'reported'], ['accepted', 'open', 'opened']], /from_status accepted/],
    [[[null, 'report', 'reported'], ['reported', 'fly', 'reported']], /unknown action/],
  ] as [[string | null, string, string][], RegExp][])('rejects an inconsistent log %#', (steps, message) => {
    expect(() => deriveState(log(steps))).toThrow(message)
  })
})
