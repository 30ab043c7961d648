import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { createCalendar, isWorkingDay, dayNumber, HOUR_MS, MINUTE_MS } from '../../api/calendar/model.ts'
import { addWorkingTime, workingTimeBetween, isWorkingInstant, nextWorkingInstant, type WorkingLimit } from '../../api/calendar/working-time.ts'
import { chinaHolidayDays, HOLIDAY_NOTICES } from '../../api/calendar/holidays-cn.ts'

const cal = createCalendar({ days: chinaHolidayDays() })
/** China time (UTC+8) 'YYYY-MM-DD HH:MM' → Date */
const cn = (s: string) => new Date(`${s.replace(' ', 'T')}:00+08:00`)
const h = (value: number): WorkingLimit => ({ value, unit: 'working_hours' })
const d = (value: number): WorkingLimit => ({ value, unit: 'working_days' })

describe('addWorkingTime — hand-computed fixtures (China time)', () => {
  const cases: [string, string, WorkingLimit, string][] = [
    ['inside the morning', '2025-03-10 10:00', h(5), '2025-03-10 17:30'],
    ['across the lunch break', '2025-03-10 11:00', h(2), '2025-03-10 15:30'],
    ['starting in the lunch break', '2025-03-10 13:00', h(1), '2025-03-10 15:30'],
    ['ending exactly at noon stays at noon', '2025-03-10 10:00', h(2), '2025-03-10 12:00'],
    ['ending exactly at 18:00 stays there', '2025-03-10 08:30', d(1), '2025-03-10 18:00'],
    ['starting before work', '2025-03-10 07:00', h(7), '2025-03-10 18:00'],
    ['starting after work', '2025-03-10 20:00', h(0.5), '2025-03-11 09:00'],
    ['Friday over a weekend', '2025-03-14 16:00', d(1), '2025-03-17 16:00'],
    ['starting on a Saturday', '2025-03-15 10:00', h(5), '2025-03-17 16:00'],
    ['into a 调休 Sunday before Spring Festival 2025', '2025-01-24 17:00', d(1), '2025-01-26 17:00'],
    ['from the 调休 Sunday to the Monday', '2025-01-26 17:00', d(1), '2025-01-27 17:00'],
    ['over Spring Festival 2025 (8 days off)', '2025-01-27 10:00', d(2), '2025-02-06 10:00'],
    ['into the 调休 Saturday after Spring Festival 2025', '2025-02-07 17:00', h(2), '2025-02-08 09:30'],
    ['into the 调休 Sunday before National Day 2025', '2025-09-26 15:00', d(1), '2025-09-28 15:00'],
    ['over National Day + Mid-Autumn 2025', '2025-09-30 16:00', d(1), '2025-10-09 16:00'],
    ['onto the 调休 Saturday 2025-10-11', '2025-10-10 16:00', h(5), '2025-10-11 11:30'],
    ['month end into Labour Day 2025', '2025-04-30 17:00', d(1), '2025-05-06 17:00'],
    ['over Dragon Boat 2025', '2025-05-30 17:00', h(5), '2025-06-03 15:00'],
    ['year end into New Year 2026 and its 调休 Sunday', '2025-12-31 15:00', d(1), '2026-01-04 15:00'],
    ['illegal construction: 15 working days over Spring Festival 2026', '2026-02-10 09:00', d(15), '2026-03-09 09:00'],
    ['exposed rubbish: 1 working day before Qingming 2026', '2026-04-03 11:00', d(1), '2026-04-07 11:00'],
    ['road cleanliness: 5 working hours into the 调休 Saturday 2026-05-09', '2026-05-08 17:00', h(5), '2026-05-09 15:00'],
    ['fractional hours', '2025-03-10 11:45', h(0.25), '2025-03-10 12:00'],
    ['zero adds nothing, even off hours', '2025-03-15 03:00', h(0), '2025-03-15 03:00'],
  ]
  for (const [name, start, limit, expected] of cases) {
    it(name, () => {
      expect(addWorkingTime(cn(start), limit, cal)?.toISOString()).toBe(cn(expected).toISOString())
    })
  }
})

describe('workingTimeBetween — hand-computed fixtures', () => {
  it('over Spring Festival 2025 with both 调休 days: 1 + 6×7 + 0.5 = 43.5 h', () => {
    expect(workingTimeBetween(cn('2025-01-24 17:00'), cn('2025-02-10 09:00'), cal)).toBe(43.5 * HOUR_MS)
  })
  it('is signed: reversed bounds give the negative', () => {
    expect(workingTimeBetween(cn('2025-03-10 15:00'), cn('2025-03-10 11:00'), cal)).toBe(-1.5 * HOUR_MS)
  })
  it('lunch break does not count', () => {
    expect(workingTimeBetween(cn('2025-03-10 11:00'), cn('2025-03-10 15:00'), cal)).toBe(1.5 * HOUR_MS)
  })
  it('a weekend and a holiday count nothing', () => {
    expect(workingTimeBetween(cn('2025-03-15 00:00'), cn('2025-03-17 00:00'), cal)).toBe(0)
    expect(workingTimeBetween(cn('2025-10-01 00:00'), cn('2025-10-09 00:00'), cal)).toBe(0)
  })
  it('parked intervals stop the clock', () => {
    const parked = [{ from: cn('2025-03-10 10:00'), to: cn('2025-03-12 10:00') }]
    // Mon 09–10 (1 h) + Wed 10–12 (2 h) + 14:30–16:30 (2 h)
    expect(workingTimeBetween(cn('2025-03-10 09:00'), cn('2025-03-12 16:30'), cal, parked)).toBe(5 * HOUR_MS)
    expect(addWorkingTime(cn('2025-03-10 09:00'), h(5), cal, parked)?.toISOString()).toBe(cn('2025-03-12 16:30').toISOString())
  })
  it('an open parked interval means no deadline', () => {
    expect(addWorkingTime(cn('2025-03-10 09:00'), h(5), cal, [{ from: cn('2025-03-10 10:00'), to: null }])).toBeNull()
    expect(addWorkingTime(cn('2025-03-10 09:00'), h(1), cal, [{ from: cn('2025-03-10 10:00'), to: null }])?.toISOString()).toBe(cn('2025-03-10 10:00').toISOString())
  })
})

describe('calendar days', () => {
  it('classifies weekends, holidays and 调休 days', () => {
    const working = (date: string) => isWorkingDay(dayNumber(date), cal)
    expect(working('2025-03-14')).toBe(true) // Friday
    expect(working('2025-03-15')).toBe(false) // Saturday
    expect(working('2025-01-26')).toBe(true) // 调休 Sunday
    expect(working('2025-01-29')).toBe(false) // Spring Festival Wednesday
    expect(working('2026-02-28')).toBe(true) // 调休 Saturday
    expect(working('2026-10-07')).toBe(false) // National Day Wednesday
  })
  it('counts 248 working days in 2025 and in 2026 (hand count below)', () => {
    const count = (year: number) => {
      let n = 0
      for (let day = dayNumber(`${year}-01-01`); day < dayNumber(`${year + 1}-01-01`); day++) if (isWorkingDay(day, cal)) n++
      return n
    }
    expect(count(2025)).toBe(248)
    expect(count(2026)).toBe(248)
  })
  it('the notices’ weekdays match the dates (a typo in a date would show here)', () => {
    const weekday = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay()
    for (const notice of HOLIDAY_NOTICES) {
      for (const a of notice.arrangements) for (const w of a.work) expect([0, 6], `${w} should be a weekend day`).toContain(weekday(w))
    }
    expect(weekday('2025-01-28')).toBe(2) // 除夕、周二
    expect(weekday('2025-10-08')).toBe(3) // 8日（周三）
    expect(weekday('2026-02-15')).toBe(0) // 腊月二十八、周日
    expect(weekday('2026-02-23')).toBe(1) // 正月初七、周一
    expect(weekday('2026-10-07')).toBe(3) // 7日（周三）
  })
  it('instants: working, lunch, next working instant', () => {
    expect(isWorkingInstant(cn('2025-03-10 08:30'), cal)).toBe(true)
    expect(isWorkingInstant(cn('2025-03-10 12:00'), cal)).toBe(false)
    expect(nextWorkingInstant(cn('2025-09-30 18:00'), cal)?.toISOString()).toBe(cn('2025-10-09 08:30').toISOString())
  })
})

// Hand count, weekday holidays only (weekend days inside a holiday were off anyway):
// 2025: 元旦 1 (Wed) · 春节 1/28–2/4 → Tue–Fri 1/28–31 + Mon–Tue 2/3–4 = 6 · 清明 4/4 Fri = 1 ·
//       劳动 5/1–5 → Thu, Fri, Mon = 3 · 端午 6/2 Mon = 1 · 国庆 10/1–8 → Wed–Fri + Mon–Wed = 6 → 18.
//       Weekdays in 2025 (starts Wed, 365 days): 261. 调休 days: 1/26, 2/8, 4/27, 9/28, 10/11 = 5. 261 − 18 + 5 = 248.
// 2026: 元旦 1/1–2 (Thu, Fri) = 2 · 春节 2/16–20 + 2/23 = 6 · 清明 4/6 Mon = 1 · 劳动 5/1, 5/4, 5/5 = 3 ·
//       端午 6/19 Fri = 1 · 中秋 9/25 Fri = 1 · 国庆 10/1, 2, 5, 6, 7 = 5 → 19.
//       Weekdays in 2026 (starts Thu, 365 days): 261. 调休: 1/4, 2/14, 2/28, 5/9, 9/20, 10/10 = 6. 261 − 19 + 6 = 248.

describe('properties (fast-check)', () => {
  const from = +cn('2024-12-20 00:00')
  const span = 420 * 24 * HOUR_MS
  const instant = fc.integer({ min: 0, max: span / MINUTE_MS }).map((m) => from + m * MINUTE_MS)
  const amount = fc.integer({ min: 0, max: 30 * 7 * 60 }).map((m) => m * MINUTE_MS)
  const stops = fc
    .array(fc.tuple(instant, fc.integer({ min: 1, max: 20 * 24 * 60 })), { maxLength: 3 })
    .map((list) => list.map(([f, m]) => ({ from: f, to: f + m * MINUTE_MS })))

  it('additive: add(s, a + b) = add(add(s, a), b), with or without parking', () => {
    fc.assert(
      fc.property(instant, amount, amount, stops, (s, a, b, stopped) => {
        const once = addWorkingTime(s, a + b, cal, stopped)
        const mid = addWorkingTime(s, a, cal, stopped)!
        expect(+addWorkingTime(mid, b, cal, stopped)!).toBe(+once!)
      }),
      { numRuns: 300 },
    )
  })
  it('monotone in the amount and in the start', () => {
    fc.assert(
      fc.property(instant, instant, amount, amount, (s1, s2, a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a]
        expect(+addWorkingTime(s1, lo, cal)!).toBeLessThanOrEqual(+addWorkingTime(s1, hi, cal)!)
        const [early, late] = s1 <= s2 ? [s1, s2] : [s2, s1]
        expect(+addWorkingTime(early, a, cal)!).toBeLessThanOrEqual(+addWorkingTime(late, a, cal)!)
      }),
      { numRuns: 300 },
    )
  })
  it('inverse: workingTimeBetween(s, add(s, a)) = a; between is additive over a split point', () => {
    fc.assert(
      fc.property(instant, amount, instant, instant, stops, (s, a, x, y, stopped) => {
        expect(workingTimeBetween(s, addWorkingTime(s, a, cal, stopped)!, cal, stopped)).toBe(a)
        const [p, q] = x <= y ? [x, y] : [y, x]
        expect(workingTimeBetween(s, p, cal, stopped) + workingTimeBetween(p, q, cal, stopped)).toBe(workingTimeBetween(s, q, cal, stopped))
      }),
      { numRuns: 300 },
    )
  })
  it('the deadline is the earliest instant: one minute less of budget ends strictly earlier', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 30 * 7 * 60 }), (s, minutes) => {
        expect(+addWorkingTime(s, (minutes - 1) * MINUTE_MS, cal)!).toBeLessThan(+addWorkingTime(s, minutes * MINUTE_MS, cal)!)
      }),
      { numRuns: 300 },
    )
  })
})
