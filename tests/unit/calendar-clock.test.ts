import { describe, expect, it } from 'vitest'
import { createCalendar, HOUR_MS } from '../../api/calendar/model.ts'
import { chinaHolidayDays } from '../../api/calendar/holidays-cn.ts'
import { caseClock, deadlineFor, HANDLING_CLOCK, type ClockUpdate } from '../../api/calendar/clock.ts'

const cal = createCalendar({ days: chinaHolidayDays() })
const cn = (s: string) => new Date(`${s.replace(' ', 'T')}:00+08:00`)
const iso = (s: string) => cn(s).toISOString()
const u = (at: string, action: string, toStatus: string, extension?: ClockUpdate['extension']): ClockUpdate => ({ at: cn(at), action, toStatus, extension })
const limits = { dispatchLimit: { value: 2, unit: 'working_hours' as const }, handlingLimit: { value: 5, unit: 'working_hours' as const } }

const opened = [u('2025-03-10 08:40', 'report', 'reported'), u('2025-03-10 08:50', 'accept', 'accepted'), u('2025-03-10 09:00', 'open', 'opened')]

describe('case clocks from the update log (hand-computed)', () => {
  it('dispatch clock: 2 working hours from 立案, across lunch', () => {
    const log = [...opened]
    const r = deadlineFor(limits, log, cal, cn('2025-03-10 09:30'))
    expect(r.handling).toBeNull()
    expect(r.deadline?.toISOString()).toBe(iso('2025-03-10 11:00'))
    expect(r.current?.remainingMs).toBe(1.5 * HOUR_MS)
  })
  it('dispatched on time; handling deadline 5 working hours after dispatch', () => {
    const log = [...opened, u('2025-03-10 10:00', 'dispatch', 'dispatched')]
    const r = deadlineFor(limits, log, cal, cn('2025-03-10 10:00'))
    expect(r.dispatch?.overdue).toBe(false)
    expect(r.dispatch?.elapsedMs).toBe(1 * HOUR_MS)
    // 10–12 (2 h) + 14:30–17:30 (3 h)
    expect(r.deadline?.toISOString()).toBe(iso('2025-03-10 17:30'))
  })
  it('parking stops the clock; resuming restarts it; extension adds', () => {
    const log = [
      ...opened,
      u('2025-03-10 10:00', 'dispatch', 'dispatched'),
      u('2025-03-10 10:30', 'start', 'handling'),
      u('2025-03-10 11:00', 'park', 'parked'),
    ]
    const parked = deadlineFor(limits, log, cal, cn('2025-03-11 10:00'))
    expect(parked.deadline).toBeNull()
    expect(parked.handling?.running).toBe(false)
    expect(parked.handling?.elapsedMs).toBe(1 * HOUR_MS)
    expect(parked.handling?.remainingMs).toBe(4 * HOUR_MS)
    log.push(u('2025-03-12 10:00', 'resume', 'handling'))
    // 1 h used; Wed 10–12 (2 h) + 14:30–16:30 (2 h)
    expect(deadlineFor(limits, log, cal, cn('2025-03-12 10:00')).deadline?.toISOString()).toBe(iso('2025-03-12 16:30'))
    log.push(u('2025-03-12 11:00', 'request_extension', 'handling', { value: 1, unit: 'working_days' }))
    // requested but not approved: unchanged
    expect(deadlineFor(limits, log, cal, cn('2025-03-12 11:00')).deadline?.toISOString()).toBe(iso('2025-03-12 16:30'))
    log.push(u('2025-03-12 11:30', 'approve_extension', 'handling'))
    const extended = deadlineFor(limits, log, cal, cn('2025-03-12 11:30'))
    // + 7 working hours → Thu 16:30
    expect(extended.deadline?.toISOString()).toBe(iso('2025-03-13 16:30'))
    expect(extended.handling?.extensionMs).toBe(7 * HOUR_MS)
  })
  it('a denied extension adds nothing', () => {
    const log = [
      ...opened,
      u('2025-03-10 10:00', 'dispatch', 'dispatched'),
      u('2025-03-10 10:30', 'start', 'handling'),
      u('2025-03-10 11:00', 'request_extension', 'handling', { value: 3, unit: 'working_days' }),
      u('2025-03-10 11:10', 'deny_extension', 'handling'),
      u('2025-03-10 11:20', 'approve_extension', 'handling'),
    ]
    expect(deadlineFor(limits, log, cal, cn('2025-03-10 11:30')).deadline?.toISOString()).toBe(iso('2025-03-10 17:30'))
  })
  it('overdue while running: one ms after the deadline, not at it', () => {
    const log = [...opened, u('2025-03-10 10:00', 'dispatch', 'dispatched')]
    expect(caseClock(log, HANDLING_CLOCK, limits.handlingLimit, cal, cn('2025-03-10 17:30'))?.overdue).toBe(false)
    const late = caseClock(log, HANDLING_CLOCK, limits.handlingLimit, cal, +cn('2025-03-10 17:30') + 1)!
    expect(late.overdue).toBe(true)
    expect(late.remainingMs).toBe(-1)
  })
  it('feedback stops the clock; rework resumes it; on time iff the work ran inside the budget', () => {
    const log = [
      ...opened,
      u('2025-03-14 16:00', 'dispatch', 'dispatched'), // Friday
      u('2025-03-17 09:00', 'report_done', 'feedback'), // Monday: 2 + 0.5 = 2.5 h used
      u('2025-03-17 15:00', 'rework', 'handling'),
      u('2025-03-17 17:00', 'report_done', 'feedback'), // + 2 h = 4.5 h
      u('2025-03-18 09:00', 'verify', 'verified'),
      u('2025-03-18 09:30', 'close', 'closed'),
    ]
    const r = deadlineFor(limits, log, cal, cn('2025-03-20 12:00'))
    expect(r.handling?.elapsedMs).toBe(4.5 * HOUR_MS)
    expect(r.handling?.overdue).toBe(false)
    expect(r.deadline).toBeNull()
    expect(r.dispatch?.overdue).toBe(true) // opened Monday 2025-03-10, dispatched Friday
  })
  it('reported done in the lunch break after a 12:00 deadline is overdue', () => {
    const log = [...opened, u('2025-03-10 09:00', 'dispatch', 'dispatched'), u('2025-03-10 13:00', 'report_done', 'feedback')]
    const tight = { ...limits, handlingLimit: { value: 3, unit: 'working_hours' as const } }
    const r = deadlineFor(tight, log, cal, cn('2025-03-10 13:00'))
    expect(r.handling?.remainingMs).toBe(0)
    expect(r.handling?.deadline?.toISOString()).toBe(iso('2025-03-10 12:00'))
    expect(r.handling?.overdue).toBe(true)
  })
  it('a re-dispatch after 回退 starts the handling clock afresh', () => {
    const log = [
      ...opened,
      u('2025-03-10 09:30', 'dispatch', 'dispatched'),
      u('2025-03-10 11:30', 'return', 'returned'),
      u('2025-03-11 09:00', 'dispatch', 'dispatched'),
    ]
    const r = deadlineFor(limits, log, cal, cn('2025-03-11 09:00'))
    expect(r.handling?.start.toISOString()).toBe(iso('2025-03-11 09:00'))
    expect(r.deadline?.toISOString()).toBe(iso('2025-03-11 16:30'))
    // the dispatch clock ran 09:00–09:30 and 11:30–12:00 + 14:30–18:00 + 08:30–09:00 = 0.5 + 0.5 + 3.5 + 0.5 h
    expect(r.dispatch?.elapsedMs).toBe(5 * HOUR_MS)
    expect(r.dispatch?.overdue).toBe(true)
  })
  it('updates after now are ignored (clock as of a past instant)', () => {
    const log = [...opened, u('2025-03-10 10:00', 'dispatch', 'dispatched')]
    expect(deadlineFor(limits, log, cal, cn('2025-03-10 09:59')).handling).toBeNull()
  })
})
