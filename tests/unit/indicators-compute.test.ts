import { describe, expect, it } from 'vitest'
import type { ClockUpdate } from '../../api/calendar/clock.ts'
import { chinaHolidayDays } from '../../api/calendar/holidays-cn.ts'
import { createCalendar, HOUR_MS } from '../../api/calendar/model.ts'
import { addFacts, caseFacts, emptyCounts, indicatorsOf } from '../../api/indicators/compute.ts'
import { configProblem, DEFAULT_INDICATOR_CONFIG, type IndicatorConfig } from '../../api/indicators/config.ts'

const cal = createCalendar({ days: chinaHolidayDays() })
const cn = (s: string) => new Date(`${s.replace(' ', 'T')}:00+08:00`)
const u = (at: string, action: string, toStatus: string, extension?: ClockUpdate['extension']): ClockUpdate => ({ at: cn(at), action, toStatus, extension })
const limits = { dispatchLimit: { value: 1, unit: 'working_hours' as const }, handlingLimit: { value: 1, unit: 'working_days' as const } }
const opened = (day: string) => [u(`${day} 08:40`, 'report', 'reported'), u(`${day} 08:50`, 'accept', 'accepted'), u(`${day} 09:00`, 'open', 'opened')]

/** Five hand-made cases opened in March 2025 (limits: dispatch 1 working hour, handling 1 working day = 7 h). */
const HISTORIES: Record<string, ClockUpdate[]> = {
  // on time: handling 09:30–12:00 + 14:30–15:00 = 3 h
  A: [...opened('2025-03-10'), u('2025-03-10 09:30', 'dispatch', 'dispatched'), u('2025-03-10 10:00', 'start', 'handling'), u('2025-03-10 15:00', 'report_done', 'feedback'), u('2025-03-10 16:00', 'verify', 'verified'), u('2025-03-10 17:00', 'close', 'closed')],
  // late: deadline Tue 09:30, done Wed 09:30 → 6 + 7 + 1 = 14 h
  B: [...opened('2025-03-10'), u('2025-03-10 09:30', 'dispatch', 'dispatched'), u('2025-03-10 10:00', 'start', 'handling'), u('2025-03-12 09:30', 'report_done', 'feedback'), u('2025-03-12 10:00', 'verify', 'verified'), u('2025-03-12 11:00', 'close', 'closed')],
  // extended by 1 working day (deadline Thu 09:30), reworked once; handling 9.5 h + 2 h = 11.5 h; on time
  C: [
    ...opened('2025-03-11'),
    u('2025-03-11 09:30', 'dispatch', 'dispatched'),
    u('2025-03-11 09:45', 'start', 'handling'),
    u('2025-03-11 10:00', 'request_extension', 'handling', { value: 1, unit: 'working_days' }),
    u('2025-03-11 10:30', 'approve_extension', 'handling'),
    u('2025-03-12 12:00', 'report_done', 'feedback'),
    u('2025-03-12 15:00', 'rework', 'handling'),
    u('2025-03-12 17:00', 'report_done', 'feedback'),
    u('2025-03-13 09:00', 'verify', 'verified'),
    u('2025-03-13 10:00', 'close', 'closed'),
  ],
  // parked (挂账) and still parked at the period end: 缓办, not overdue (the clock stopped after 1 h)
  D: [...opened('2025-03-12'), u('2025-03-12 10:00', 'dispatch', 'dispatched'), u('2025-03-12 10:30', 'start', 'handling'), u('2025-03-12 11:00', 'park', 'parked')],
  // never dispatched: the 1-hour dispatch limit ran out → overdue
  E: [...opened('2025-03-13')],
}
const asOf = +cn('2025-04-01 00:00')

function run(config: IndicatorConfig) {
  const acc = { counts: emptyCounts(), handlingMs: 0, handled: 0 }
  for (const log of Object.values(HISTORIES)) addFacts(acc, caseFacts(log, limits, cal, asOf), config)
  return indicatorsOf(acc, config)
}

describe('indicators on five hand-made histories (computed by hand)', () => {
  it('facts per case', () => {
    const f = Object.fromEntries(Object.entries(HISTORIES).map(([k, log]) => [k, caseFacts(log, limits, cal, asOf)]))
    expect(f.A).toMatchObject({ closed: true, onTime: true, overdue: false, handlingMs: 3 * HOUR_MS })
    expect(f.B).toMatchObject({ closed: true, onTime: false, overdue: true, handlingMs: 14 * HOUR_MS })
    expect(f.C).toMatchObject({ closed: true, onTime: true, reworked: true, extended: true, handlingMs: 11.5 * HOUR_MS })
    expect(f.D).toMatchObject({ closed: false, deferred: true, overdue: false, duePassed: false, handlingMs: null })
    expect(f.E).toMatchObject({ closed: false, overdue: true, duePassed: true })
  })

  it('counts, rates, average handling time and score with the default config', () => {
    const r = run(DEFAULT_INDICATOR_CONFIG)
    expect(r.counts).toEqual({ opened: 5, closed: 3, onTime: 2, overdue: 2, reworked: 1, extended: 1, deferred: 1, due: 5 })
    expect(r.rates.closeRate).toBeCloseTo(0.6, 12) // 3 / 5
    expect(r.rates.onTimeRate).toBeCloseTo(0.5, 12) // 2 / (5 − 1)
    expect(r.rates.reworkRate).toBeCloseTo(1 / 3, 12) // 1 / 3
    expect(r.rates.extensionRate).toBeCloseTo(0.2, 12) // 1 / 5
    expect(r.avgHandlingHours).toBeCloseTo(9.5, 12) // (3 + 14 + 11.5) / 3
    // (25·60 + 35·50 + 15·66.667 + 10·80 + 15·(100·7/9.5)) / 100
    expect(r.score).toBeCloseTo((1500 + 1750 + 1000 + 800 + (15 * 700) / 9.5) / 100, 9)
  })

  it('应结案 = deadline passed by the period end: 4 cases (D is parked within budget), so 按期结案率 = 2 / (4 − 1)', () => {
    const r = run({ ...DEFAULT_INDICATOR_CONFIG, due: 'deadline_passed' })
    expect(r.counts.due).toBe(4)
    expect(r.rates.onTimeRate).toBeCloseTo(2 / 3, 12)
  })

  it('judged as of an earlier instant: on Tue 2025-03-11 12:00 only A is closed and B is overdue while open', () => {
    const f = caseFacts(HISTORIES.B, limits, cal, +cn('2025-03-11 12:00'))
    expect(f).toMatchObject({ closed: false, overdue: true })
    const acc = { counts: emptyCounts(), handlingMs: 0, handled: 0 }
    for (const log of [HISTORIES.A, HISTORIES.B]) addFacts(acc, caseFacts(log, limits, cal, +cn('2025-03-11 12:00')), DEFAULT_INDICATOR_CONFIG)
    expect(indicatorsOf(acc, DEFAULT_INDICATOR_CONFIG).counts).toMatchObject({ opened: 2, closed: 1, onTime: 1, overdue: 1 })
  })

  it('no cases: rates and score are null, not NaN', () => {
    const r = indicatorsOf({ counts: emptyCounts(), handlingMs: 0, handled: 0 }, DEFAULT_INDICATOR_CONFIG)
    expect(r.score).toBeNull()
    expect(Object.values(r.rates).every((x) => x === null)).toBe(true)
  })

  it('weights are configuration: only 结案率 counts → the score is 结案率 × 100', () => {
    const r = run({ ...DEFAULT_INDICATOR_CONFIG, weights: { closeRate: 1, onTimeRate: 0, reworkRate: 0, extensionRate: 0, handlingTime: 0 } })
    expect(r.score).toBeCloseTo(60, 12)
  })

  it('config validation names the problem', () => {
    expect(configProblem(DEFAULT_INDICATOR_CONFIG)).toBeNull()
    expect(configProblem({ ...DEFAULT_INDICATOR_CONFIG, rates: { ...DEFAULT_INDICATOR_CONFIG.rates, closeRate: { num: 'closed', den: ['-nope' as never] } } })).toMatch(/closeRate/)
    expect(configProblem({ ...DEFAULT_INDICATOR_CONFIG, weights: { closeRate: 0, onTimeRate: 0, reworkRate: 0, extensionRate: 0, handlingTime: 0 } })).toMatch(/weights/)
  })
})
