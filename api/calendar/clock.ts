/**
 * A case's time-limit clocks, derived from its update log (pure; no I/O).
 *
 * - Dispatch clock (派遣时限): starts at 立案 (open), runs while the case waits for dispatch
 *   (opened, returned after a wrong dispatch), stops for good at 派遣 (dispatch).
 * - Handling clock (处置时限): starts at the latest 派遣 (a re-dispatch after 回退 starts it afresh),
 *   runs while the case is with the department (dispatched, handling), stops while it is parked
 *   (挂账) or awaits verification (feedback, verified), and runs again on 返工 (rework) or resume.
 *   Each approved 延期 adds the requested working time to the budget.
 *
 * Overdue: the clock ran at some instant after its deadline — while running, now > deadline;
 * once stopped, the instant it stopped > deadline. So a case reported done inside the lunch break
 * after a 12:00 deadline is overdue, as the sweep (which marks cases as the deadline passes) says.
 */
import type { WorkingCalendar } from './model.ts'
import { addWorkingTime, limitMs, workingTimeBetween, type StoppedInterval, type WorkingLimit } from './working-time.ts'

/** One row of the update log as the clocks need it. */
export interface ClockUpdate {
  at: Date | number
  action: string
  /** status after the update */
  toStatus: string
  /** for request_extension: the working time asked for */
  extension?: WorkingLimit | null
}

export interface ClockSpec {
  /** actions that (re)start the clock from zero */
  startOn: readonly string[]
  /** statuses in which the clock runs */
  runningIn: readonly string[]
  /** whether approved extensions count */
  extensions: boolean
}

export const DISPATCH_CLOCK: ClockSpec = { startOn: ['open'], runningIn: ['opened', 'returned'], extensions: false }
export const HANDLING_CLOCK: ClockSpec = { startOn: ['dispatch'], runningIn: ['dispatched', 'handling'], extensions: true }

export interface CaseClock {
  /** when the clock started (立案 / latest 派遣) */
  start: Date
  /** the category limit plus approved extensions, in working ms */
  budgetMs: number
  /** approved extensions, in working ms */
  extensionMs: number
  /** working time the clock has run, up to now */
  elapsedMs: number
  /** budget − elapsed; negative once overrun (working ms) */
  remainingMs: number
  /** the instant the budget runs out; null while stopped before running out */
  deadline: Date | null
  running: boolean
  overdue: boolean
  /** the intervals the clock did not run after it started (for display and for tests) */
  stopped: { from: Date; to: Date | null }[]
}

/** The clock of `spec` for a case, at `now`; null if it never started. Updates in log order. */
export function caseClock(updates: readonly ClockUpdate[], spec: ClockSpec, limit: WorkingLimit, cal: WorkingCalendar, now: Date | number): CaseClock | null {
  let start: number | null = null
  let stopped: { from: number; to: number | null }[] = []
  let running = false
  let extensionMs = 0
  let requested: WorkingLimit | null = null
  const nowMs = +now
  for (const u of updates) {
    const at = +u.at
    if (at > nowMs) break
    if (spec.startOn.includes(u.action)) {
      start = at
      stopped = []
      extensionMs = 0
      running = spec.runningIn.includes(u.toStatus)
      if (!running) stopped.push({ from: at, to: null })
      continue
    }
    if (start === null) continue
    if (spec.extensions && u.action === 'request_extension' && u.extension) requested = u.extension
    if (spec.extensions && u.action === 'approve_extension' && requested) {
      extensionMs += limitMs(requested, cal)
      requested = null
    }
    if (spec.extensions && u.action === 'deny_extension') requested = null
    const runs = spec.runningIn.includes(u.toStatus)
    if (running && !runs) stopped.push({ from: at, to: null })
    if (!running && runs) stopped[stopped.length - 1].to = at
    running = runs
  }
  if (start === null) return null
  const budgetMs = limitMs(limit, cal) + extensionMs
  const stops: StoppedInterval[] = stopped
  const deadline = addWorkingTime(start, budgetMs, cal, stops)
  const elapsedMs = workingTimeBetween(start, Math.max(start, nowMs), cal, stops)
  const lastRun = running ? nowMs : stopped[stopped.length - 1].from
  return {
    start: new Date(start),
    budgetMs,
    extensionMs,
    elapsedMs,
    remainingMs: budgetMs - elapsedMs,
    deadline,
    running,
    overdue: deadline !== null && lastRun > +deadline,
    stopped: stopped.map((s) => ({ from: new Date(s.from), to: s.to === null ? null : new Date(s.to) })),
  }
}

export interface CaseLimits {
  dispatchLimit: WorkingLimit
  handlingLimit: WorkingLimit
}

export interface CaseDeadlines {
  dispatch: CaseClock | null
  handling: CaseClock | null
  /** the clock that matters now: handling once dispatched, dispatch before */
  current: CaseClock | null
  /**
   * What issues.deadline_at should hold: the current clock's deadline; null while that clock is
   * stopped with budget left (parked, awaiting verification), since no instant can be named then.
   */
  deadline: Date | null
}

/**
 * Both clocks of a case and the deadline to store on it. Lifecycle calls this after a transition
 * (dispatch, extension approved, park/resume, feedback, rework) with the full update log.
 */
export function deadlineFor(limits: CaseLimits, updates: readonly ClockUpdate[], cal: WorkingCalendar, now: Date | number = Date.now()): CaseDeadlines {
  const dispatch = caseClock(updates, DISPATCH_CLOCK, limits.dispatchLimit, cal, now)
  const handling = caseClock(updates, HANDLING_CLOCK, limits.handlingLimit, cal, now)
  const current = handling ?? dispatch
  return { dispatch, handling, current, deadline: current?.deadline ?? null }
}
