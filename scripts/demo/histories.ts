/**
 * Full case histories for the demo's generated issues: every record of scripts/demo/issues.ts
 * becomes the update log of a case that passes through the workflow of api/cases/lifecycle.ts —
 * every state it reaches, by plausible people in the right roles, at times on the working
 * calendar, with wrong dispatches sent back (回退), extensions asked for and decided (延期),
 * cases parked and resumed (挂账), failed verifications (返工) and recurrences (复发) linked to
 * the closed case they repeat. The record's timestamps are kept; a few cases change their
 * final state where the story demands (a dispatch not yet signed for is still 'dispatched').
 * Deterministic for (seed, now, records, actors).
 */
import KDBush from 'kdbush'
import { DEPARTMENTS } from '../../api/cases/departments.ts'
import { ACTIONS, REJECT_REASONS, type CaseAction, type CaseStatus, type Role } from '../../api/cases/lifecycle.ts'
import type { IssueRecord } from './issues.ts'
import { personName } from './names.ts'
import { createRng, type Rng } from './random.ts'
import { addWorkingDays, addWorkingHours, DAY, HOUR, workingHoursBetween } from './working-time.ts'

export interface Actor {
  id: number | null
  name: string
  role: Role
}

/** Who acts: desk and dispatch staff by role; field staff by level-3 grid; department staff by code. */
export interface DemoActors {
  desk(role: 'acceptor' | 'duty_chief' | 'dispatcher', rng: Rng): Actor
  field(role: 'worker' | 'inspector', gridId: number, rng: Rng): Actor
  department(code: string, rng: Rng): Actor
}

export interface UpdateRecord {
  issueId: number
  seq: number
  actor: Actor
  at: Date
  from: CaseStatus | null
  to: CaseStatus
  action: CaseAction
  note: string | null
  details: Record<string, unknown> | null
}

/** What the history changes on the issue row. */
export interface CasePatch {
  status: CaseStatus
  /** field staff's reports carry the reporter's own name (and user id, when a demo user) */
  reporterName: string
  reporterId: number | null
  deadlineAt: Date | null
  verifiedAt: Date | null
  extensionPending: boolean
  recurrenceOf: number | null
  version: number
}

export interface HistoryOptions {
  seed: number
  now: Date
  actors?: DemoActors
  /** share of dispatches sent to the wrong department first (default 4%) */
  wrongDispatch?: number
  /** recurrence: same category within this many metres … (default 30) */
  recurrenceMeters?: number
  /** … reported within this many days after the original closed (default 30) */
  recurrenceDays?: number
}

const PARK_REASONS = ['等待专项资金到位', '涉及产权纠纷，待法院裁定', '需业主委员会表决', '待汛期结束后施工', '需多部门联合执法，待协调']
const RETURN_NOTES = ['不属于本单位职责范围', '该点位归属其他部门管理', '派遣单位有误，请重新派遣']
const REWORK_NOTES = ['现场复核仍未整改到位', '整改不彻底，垃圾仍有残留', '照片与现场不符，请重新处置']
const EXTENSION_NOTES = ['需采购材料，申请延期', '当事人不配合，需多次上门', '连续降雨无法施工']
const DENY_NOTES = ['理由不充分，请按期完成', '可先行临时处置，不予延期']

/** Synthetic people when no users are loaded: a small stable staff per role, grid and department. */
export function syntheticActors(seed: number): DemoActors {
  const rng = createRng(seed, 'staff')
  const staff = (n: number, role: Role) => Array.from({ length: n }, () => ({ id: null, name: personName(rng), role }))
  const desk = { acceptor: staff(4, 'acceptor'), duty_chief: staff(2, 'duty_chief'), dispatcher: staff(3, 'dispatcher') }
  const field = new Map<string, Actor>()
  const depts = new Map(DEPARTMENTS.map((d) => [d.code, staff(3, 'department')]))
  return {
    desk: (role, r) => r.pick(desk[role]),
    field: (role, gridId) => {
      const key = `${role}:${gridId}`
      if (!field.has(key)) field.set(key, { id: null, name: personName(createRng(seed, key)), role })
      return field.get(key)!
    },
    department: (code, r) => r.pick(depts.get(code) ?? staff(1, 'department')),
  }
}

/** A stored user as the demo actors need it (the users table of api/auth). */
export interface DemoUserRow {
  id: number
  username: string
  name: string
  role: string
  gridIds: number[]
  department: string | null
}

/**
 * Actors from the demo users where one fits (district-wide desk staff; a worker or inspector whose
 * grids hold the case; the department's own user), else the synthetic staff: a handful of demo
 * users cannot have handled 21,000 cases alone, and the grids they do not cover keep their own people.
 * `departmentOf` maps a user to a department code (api/cases/departments.ts userDepartment).
 */
export function actorsFromUsers(users: readonly DemoUserRow[], seed: number, departmentOf: (u: DemoUserRow) => string | null): DemoActors {
  const fallback = syntheticActors(seed)
  const actor = (u: DemoUserRow): Actor => ({ id: u.id, name: u.name, role: u.role as Role })
  const desk = new Map<string, Actor[]>()
  for (const u of users) if (u.gridIds.length === 0 && ['acceptor', 'duty_chief', 'dispatcher'].includes(u.role)) desk.set(u.role, [...(desk.get(u.role) ?? []), actor(u)])
  const field = new Map<string, Actor>()
  for (const u of users) {
    if (u.role !== 'worker' && u.role !== 'inspector') continue
    for (const g of u.gridIds) if (!field.has(`${u.role}:${g}`)) field.set(`${u.role}:${g}`, actor(u))
  }
  const depts = new Map<string, Actor>()
  for (const u of users) {
    const code = u.role === 'department' ? departmentOf(u) : null
    if (code && !depts.has(code)) depts.set(code, actor(u))
  }
  return {
    // the named desk users take most of the desk's work; colleagues without accounts the rest
    desk: (role, rng) => (desk.get(role) && rng.chance(0.7) ? rng.pick(desk.get(role)!) : fallback.desk(role, rng)),
    field: (role, gridId, rng) => field.get(`${role}:${gridId}`) ?? fallback.field(role, gridId, rng),
    department: (code, rng) => depts.get(code) ?? fallback.department(code, rng),
  }
}

/**
 * Histories for `records` (ids 1..n as generated). Returns the update rows in (issueId, seq)
 * order and, per record, the row fields the history decides.
 */
export function buildHistories(records: readonly IssueRecord[], options: HistoryOptions): { updates: UpdateRecord[]; patches: CasePatch[] } {
  const { seed, now, wrongDispatch = 0.04, recurrenceMeters = 30, recurrenceDays = 30 } = options
  const actors = options.actors ?? syntheticActors(seed)
  const rng = createRng(seed, 'histories')
  const end = now.getTime()
  const updates: UpdateRecord[] = []
  const patches: CasePatch[] = []
  const recurrences = findRecurrences(records, recurrenceMeters, recurrenceDays)

  for (const r of records) {
    const log: UpdateRecord[] = []
    let status: CaseStatus | null = null
    let last = r.reportedAt.getTime()
    const step = (action: CaseAction, t: number, actor: Actor, note: string | null = null, details: Record<string, unknown> | null = null) => {
      // history never runs backwards nor past now
      last = Math.min(end, Math.max(last, Math.round(t)))
      const spec = ACTIONS[action]
      const to: CaseStatus = spec.to === 'same' ? status! : spec.to
      log.push({ issueId: r.id, seq: log.length + 1, actor, at: new Date(last), from: status, to, action, note, details })
      status = to
    }
    const desk = (role: 'acceptor' | 'duty_chief' | 'dispatcher' = 'acceptor') => actors.desk(rng.chance(0.12) ? 'duty_chief' : role, rng)
    // field staff report their own finds; the desk enters the public's and the hotline's
    const fromPublic = r.source === 'public' || r.source === 'hotline'
    const reporter = fromPublic ? desk() : actors.field(r.source === 'inspector' ? 'inspector' : 'worker', r.gridId, rng)
    step('report', r.reportedAt.getTime(), reporter, null, { source: r.source, ...(fromPublic ? { caller: r.reporter.name } : {}) })

    let deadline = r.deadlineAt?.getTime() ?? null
    let verifiedAt: number | null = null
    let extensionPending = false

    if (r.status === 'rejected') {
      step('reject', r.closedAt!.getTime(), desk(), '经核实不予受理', { reason: rng.pick(REJECT_REASONS) })
    } else if (r.acceptedAt) {
      step('accept', r.acceptedAt.getTime(), desk())
      if (r.openedAt) step('open', r.openedAt.getTime(), desk())
      if (r.dispatchedAt && r.department) {
        const o = r.openedAt!.getTime()
        const d = r.dispatchedAt.getTime()
        if (rng.chance(wrongDispatch)) {
          const wrong = rng.pick(DEPARTMENTS.filter((x) => x.code !== r.department && !x.categories.includes(r.category)))
          step('dispatch', o + 0.35 * (d - o), desk('dispatcher'), null, { department: wrong.code })
          step('return', o + 0.7 * (d - o), actors.department(wrong.code, rng), rng.pick(RETURN_NOTES), { department: wrong.code })
        }
        step('dispatch', d, desk('dispatcher'), null, { department: r.department, deadlineAt: r.deadlineAt!.toISOString() })
        const dept = () => actors.department(r.department!, rng)
        // where handling ends: the (first) report of done work, or now for open cases
        const done = r.handledAt?.getTime() ?? null
        const firstDone = done !== null && r.reworkCount > 0 ? d + 0.6 * (done - d) : done
        const horizon = firstDone ?? end
        const start = Math.min(addWorkingHours(d, rng.range(0.05, 0.6)), d + 0.2 * (horizon - d))
        // a fresh dispatch may not be signed for yet: the case stays 'dispatched'
        if (start <= end && !(done === null && end - d < 2 * HOUR && rng.chance(0.3))) {
          step('start', start, dept())
          const window = horizon - start
          const late = deadline !== null && done !== null && done > deadline
          if (r.status === 'parked') {
            step('park', start + rng.range(0.1, 0.9) * window, desk('dispatcher'), null, { reason: rng.pick(PARK_REASONS) })
          } else {
            if (done === null && window > HOUR && rng.chance(0.08)) {
              // asked for lately: the dispatcher has not answered yet
              step('request_extension', Math.max(start, end - rng.range(0.2, 0.9) * Math.min(window, 4 * HOUR)), dept(), rng.pick(EXTENSION_NOTES), {
                extension: { value: rng.int(1, 5), unit: 'working_days' },
              })
              extensionPending = true
            } else if (window > HOUR && rng.chance(late ? 0.5 : 0.03)) {
              const days = rng.int(1, 5)
              const asked = start + rng.range(0.2, 0.45) * window
              step('request_extension', asked, dept(), rng.pick(EXTENSION_NOTES), { extension: { value: days, unit: 'working_days' } })
              const decided = Math.min(addWorkingHours(asked, rng.range(0.5, 4)), start + 0.5 * window)
              if (done === null && decided > end) {
                extensionPending = true
              } else if (rng.chance(0.8)) {
                step('approve_extension', decided, desk('dispatcher'), null, { extension: { value: days, unit: 'working_days' } })
                deadline = addWorkingDays(deadline!, days)
              } else step('deny_extension', decided, desk('dispatcher'), rng.pick(DENY_NOTES))
            }
            if (!extensionPending && window > 4 * HOUR && rng.chance(0.02)) {
              const parked = start + rng.range(0.55, 0.7) * window
              const resumed = start + rng.range(0.75, 0.9) * window
              step('park', parked, desk('dispatcher'), null, { reason: rng.pick(PARK_REASONS) })
              if (done !== null || resumed <= end) {
                step('resume', resumed, desk('dispatcher'))
                // a parked case's clock stops: the deadline moves by the parked working time
                if (deadline !== null) deadline = addWorkingHours(deadline, workingHoursBetween(parked, resumed))
              }
            }
            if (done !== null) {
              const photo = { photos: 'after' }
              if (firstDone !== done) {
                step('report_done', firstDone!, dept(), '已处置完毕', photo)
                step('rework', firstDone! + rng.range(0.1, 0.3) * (done - firstDone!), actors.field('inspector', r.gridId, rng), rng.pick(REWORK_NOTES))
              }
              step('report_done', done, dept(), '已处置完毕', photo)
              if (r.closedAt) {
                const c = r.closedAt.getTime()
                verifiedAt = done + rng.range(0.3, 0.8) * (c - done)
                step('verify', verifiedAt, actors.field(rng.chance(0.5) ? 'inspector' : 'worker', r.gridId, rng), '现场核查已整改', { photos: 'after' })
                verifiedAt = last
                step('close', c, desk())
              }
            }
          }
        }
      }
    }
    const recurrence = recurrences.get(r.id)
    updates.push(...log)
    patches.push({
      status: status!,
      reporterName: fromPublic ? r.reporter.name : reporter.name,
      reporterId: fromPublic ? null : reporter.id,
      deadlineAt: deadline === null ? null : new Date(deadline), verifiedAt: verifiedAt === null ? null : new Date(verifiedAt), extensionPending, recurrenceOf: recurrence ?? null, version: log.length })
  }
  return { updates: addReopens(records, recurrences, updates, patches, actors, rng), patches }
}

/**
 * Recurrences (复发): a later case of the same category within `meters` of a closed one,
 * reported within `days` after it closed, repeats it. Each original is linked at most once.
 * O(n log n) with a kd-tree over the points (metres in a local frame).
 */
function findRecurrences(records: readonly IssueRecord[], meters: number, days: number): Map<number, number> {
  const out = new Map<number, number>()
  if (records.length === 0) return out
  const lat0 = records[0].lat
  const kx = 111_320 * Math.cos((lat0 * Math.PI) / 180)
  const ky = 110_540
  const index = new KDBush(records.length)
  for (const r of records) index.add(r.lon * kx, r.lat * ky)
  index.finish()
  const used = new Set<number>()
  for (let i = 0; i < records.length; i++) {
    const a = records[i]
    if (a.status !== 'closed' || !a.closedAt) continue
    const closed = a.closedAt.getTime()
    let best: IssueRecord | null = null
    for (const j of index.within(a.lon * kx, a.lat * ky, meters)) {
      const b = records[j]
      const t = b.reportedAt.getTime()
      if (b.category !== a.category || t <= closed || t > closed + days * DAY || out.has(b.id) || used.has(b.id)) continue
      if (!best || t < best.reportedAt.getTime()) best = b
    }
    // not every repeat nearby is the same problem coming back: link about a third
    if (best && hashChance(a.id, 0.35)) {
      out.set(best.id, a.id)
      used.add(a.id)
    }
  }
  return out
}

/** A stable coin flip per id (no rng stream: the search order must not matter). */
function hashChance(id: number, p: number): boolean {
  return ((Math.imul(id ^ 0x9e3779b9, 0x85ebca6b) >>> 0) % 10_000) / 10_000 < p
}

/** Appends a 'reopen' row to each original whose recurrence was reported (after its close). */
function addReopens(records: readonly IssueRecord[], recurrences: Map<number, number>, updates: UpdateRecord[], patches: CasePatch[], actors: DemoActors, rng: Rng): UpdateRecord[] {
  const byId = new Map(records.map((r, i) => [r.id, i]))
  const extra = new Map<number, UpdateRecord>()
  for (const [recurrenceId, originalId] of recurrences) {
    const i = byId.get(originalId)!
    const rec = records[byId.get(recurrenceId)!]
    const p = patches[i]
    // whoever notes the recurrence on the original works on the original's grid (a recurrence may lie across a border)
    const actor = actors.field(rec.source === 'inspector' ? 'inspector' : 'worker', records[i].gridId, rng)
    extra.set(originalId, { issueId: originalId, seq: p.version + 1, actor, at: rec.reportedAt, from: 'closed', to: 'closed', action: 'reopen', note: '同一点位问题复发', details: { recurrence: recurrenceId } })
    p.version += 1
  }
  if (extra.size === 0) return updates
  // keep (issueId, seq) order: insert each reopen after its case's last row
  const merged: UpdateRecord[] = []
  for (let k = 0; k < updates.length; k++) {
    merged.push(updates[k])
    const next = updates[k + 1]
    if (!next || next.issueId !== updates[k].issueId) {
      const e = extra.get(updates[k].issueId)
      if (e) merged.push(e)
    }
  }
  return merged
}

