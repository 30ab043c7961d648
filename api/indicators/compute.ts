/**
 * Indicators (考核指标) from case histories — pure; the database part is repository.ts.
 *
 * The cohort of a period is the cases opened (立案) in it; each is judged as of the period's end
 * (or now, if earlier) from its update log with the case clocks of api/calendar/clock.ts. So every
 * rate stays within 0–100 % and a past month's figures do not move when later months happen.
 */
import { caseClock, DISPATCH_CLOCK, HANDLING_CLOCK, type CaseLimits, type ClockUpdate } from '../calendar/clock.ts'
import { HOUR_MS, type WorkingCalendar } from '../calendar/model.ts'
import { COUNT_KEYS, RATE_KEYS, type CountKey, type IndicatorConfig, type RateKey } from './config.ts'

/** What one case contributes, judged at `asOf`. */
export interface CaseFacts {
  closed: boolean
  /** closed, and the handling clock never ran past its deadline */
  onTime: boolean
  /** its current clock ran past the deadline (closed late, or still open and late) */
  overdue: boolean
  reworked: boolean
  extended: boolean
  /** 缓办: parked (挂账) at asOf */
  deferred: boolean
  /** 应结案 under config.due = 'deadline_passed': closed, or its deadline is before asOf */
  duePassed: boolean
  /** working time with the department (handling clock) of a closed case */
  handlingMs: number | null
}

/** Judge one case from its log (in seq order) at `asOf`. */
export function caseFacts(log: readonly ClockUpdate[], limits: CaseLimits, cal: WorkingCalendar, asOf: number): CaseFacts {
  const seen = log.filter((u) => +u.at <= asOf)
  const last = seen.at(-1)
  const closed = last?.toStatus === 'closed'
  const handling = caseClock(seen, HANDLING_CLOCK, limits.handlingLimit, cal, asOf)
  const dispatch = caseClock(seen, DISPATCH_CLOCK, limits.dispatchLimit, cal, asOf)
  const current = handling ?? dispatch
  const overdue = current?.overdue ?? false
  return {
    closed,
    onTime: closed && handling !== null && !handling.overdue,
    overdue,
    reworked: seen.some((u) => u.action === 'rework'),
    extended: seen.some((u) => u.action === 'approve_extension'),
    deferred: last?.toStatus === 'parked',
    duePassed: closed || overdue || (current?.deadline != null && +current.deadline < asOf),
    handlingMs: closed && handling ? handling.elapsedMs : null,
  }
}

export type Counts = Record<CountKey, number>

export interface Indicators {
  counts: Counts
  /** 0–1, null when the denominator is 0 */
  rates: Record<RateKey, number | null>
  /** 平均处置时长 in working hours over closed cases, null when none */
  avgHandlingHours: number | null
  /** 0–100, null when nothing was opened */
  score: number | null
  /** component scores 0–100 that make the composite */
  components: Record<RateKey | 'handlingTime', number | null>
}

export function emptyCounts(): Counts {
  return Object.fromEntries(COUNT_KEYS.map((k) => [k, 0])) as Counts
}

/** Add one case's facts to running counts (and handling sum). */
export function addFacts(acc: { counts: Counts; handlingMs: number; handled: number }, f: CaseFacts, config: IndicatorConfig): void {
  const c = acc.counts
  c.opened++
  if (f.closed) c.closed++
  if (f.onTime) c.onTime++
  if (f.overdue) c.overdue++
  if (f.reworked) c.reworked++
  if (f.extended) c.extended++
  if (f.deferred) c.deferred++
  if (config.due === 'opened' || f.duePassed) c.due++
  if (f.handlingMs !== null) {
    acc.handlingMs += f.handlingMs
    acc.handled++
  }
}

/** Rates, average handling time and the composite score from counts. */
export function indicatorsOf(acc: { counts: Counts; handlingMs: number; handled: number }, config: IndicatorConfig): Indicators {
  const { counts } = acc
  const rates = {} as Record<RateKey, number | null>
  for (const key of RATE_KEYS) {
    const f = config.rates[key]
    const den = f.den.reduce((sum, term) => sum + (term.startsWith('-') ? -counts[term.slice(1) as CountKey] : counts[term as CountKey]), 0)
    rates[key] = den > 0 ? Math.min(1, counts[f.num] / den) : null
  }
  const avgHandlingHours = acc.handled > 0 ? acc.handlingMs / acc.handled / HOUR_MS : null
  const higherIsBetter: Record<RateKey, boolean> = { closeRate: true, onTimeRate: true, reworkRate: false, extensionRate: false }
  const components = {} as Indicators['components']
  for (const key of RATE_KEYS) {
    const r = rates[key]
    components[key] = r === null ? null : 100 * (higherIsBetter[key] ? r : 1 - r)
  }
  components.handlingTime = avgHandlingHours === null ? null : 100 * Math.min(1, avgHandlingHours === 0 ? 1 : config.handlingTargetHours / avgHandlingHours)
  let weighted = 0
  let weights = 0
  for (const [key, score] of Object.entries(components) as [keyof Indicators['components'], number | null][]) {
    if (score === null) continue
    weighted += config.weights[key] * score
    weights += config.weights[key]
  }
  return { counts, rates, avgHandlingHours, score: counts.opened > 0 && weights > 0 ? weighted / weights : null, components }
}
