import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadCalendar, loadCategoryLimits } from '../../api/calendar/load.ts'
import { addWorkingTime } from '../../api/calendar/working-time.ts'
import { call, openTestApp, type TestApp } from './harness.ts'

let t: TestApp
beforeAll(async () => {
  t = await openTestApp()
})
afterAll(() => t?.close())

const cn = (s: string) => new Date(`${s.replace(' ', 'T')}:00+08:00`).toISOString()

describe('calendar in the database', () => {
  it('holds 2025 and 2026 from the State Council notices, with sources', async () => {
    const { status, body } = await call(t.app, '/api/calendar?from=2025-01-01&to=2026-12-31')
    expect(status).toBe(200)
    expect(body.settings).toEqual({ utcOffsetMinutes: 480, periods: [{ start: '08:30', end: '12:00' }, { start: '14:30', end: '18:00' }], restWeekdays: [0, 6], workingDayHours: 7 })
    const byDate = new Map(body.days.map((d: any) => [d.date, d]))
    expect(byDate.get('2025-01-26')).toMatchObject({ kind: 'adjusted_workday' })
    expect((byDate.get('2025-01-26') as any).source).toContain('国办发明电〔2024〕12号')
    expect(byDate.get('2026-10-07')).toMatchObject({ kind: 'holiday', name: '国庆节' })
    // 2025: 1 + 8 + 3 + 5 + 3 + 8 holiday dates, 5 调休; 2026: 3 + 9 + 3 + 5 + 3 + 3 + 7, 6 调休
    expect(body.days.filter((d: any) => d.kind === 'holiday').length).toBe(28 + 33)
    expect(body.days.filter((d: any) => d.kind === 'adjusted_workday').length).toBe(5 + 6)
  })

  it('computes deadlines on the stored calendar', async () => {
    const { status, body } = await call(t.app, `/api/calendar/deadline?start=${encodeURIComponent('2025-09-30T16:00:00+08:00')}&value=1&unit=working_days`)
    expect(status).toBe(200)
    expect(body.deadline).toBe(cn('2025-10-09 16:00'))
  })

  it('an admin edit of a day takes effect at once and can be undone', async () => {
    // make Tuesday 2025-03-11 a holiday: Monday 16:00 + 1 working day moves from Tue 16:00 to Wed 16:00
    const url = `/api/calendar/deadline?start=${encodeURIComponent('2025-03-10T16:00:00+08:00')}&value=1&unit=working_days`
    expect((await call(t.app, url)).body.deadline).toBe(cn('2025-03-11 16:00'))
    const put = await call(t.app, '/api/calendar/days/2025-03-11', { method: 'PUT', json: { kind: 'holiday', name: '演示' } })
    expect(put.status).toBe(200)
    expect(put.body).toEqual({ date: '2025-03-11', kind: 'holiday', name: '演示', source: 'admin' })
    expect((await call(t.app, url)).body.deadline).toBe(cn('2025-03-12 16:00'))
    expect((await call(t.app, '/api/calendar/days/2025-03-11', { method: 'DELETE' })).status).toBe(200)
    expect((await call(t.app, url)).body.deadline).toBe(cn('2025-03-11 16:00'))
    expect((await call(t.app, '/api/calendar/days/2025-03-11', { method: 'DELETE' })).status).toBe(404)
  })

  it('working hours can be changed, and bad periods are refused with nothing written', async () => {
    const overlapping = await call(t.app, '/api/calendar/settings', { method: 'PUT', json: { periods: [{ start: '08:30', end: '12:30' }, { start: '12:00', end: '18:00' }] } })
    expect(overlapping.status).toBe(400)
    expect(overlapping.body.error.code).toBe('invalid_periods')
    const badClock = await call(t.app, '/api/calendar/settings', { method: 'PUT', json: { periods: [{ start: '8:30', end: '25:00' }] } })
    expect(badClock.status).toBe(400)
    expect((await call(t.app, '/api/calendar')).body.settings.workingDayHours).toBe(7)
    const ok = await call(t.app, '/api/calendar/settings', { method: 'PUT', json: { periods: [{ start: '09:00', end: '12:00' }, { start: '13:00', end: '17:00' }] } })
    expect(ok.status).toBe(200)
    expect(ok.body.workingDayHours).toBe(7)
    const cal = await loadCalendar(t.handle.db)
    expect(addWorkingTime(new Date(cn('2025-03-10 11:00')), { value: 2, unit: 'working_hours' }, cal)?.toISOString()).toBe(cn('2025-03-10 14:00'))
    await call(t.app, '/api/calendar/settings', { method: 'PUT', json: { periods: [{ start: '08:30', end: '12:00' }, { start: '14:30', end: '18:00' }] } })
  })

  it('category limits: defaults from MISSION.md, editable, validated', async () => {
    const { body } = await call(t.app, '/api/calendar/limits')
    const by = new Map(body.categories.map((c: any) => [c.code, c]))
    expect((by.get('exposed_rubbish') as any).handlingLimit).toEqual({ value: 1, unit: 'working_days' })
    expect((by.get('road_uncleanliness') as any).handlingLimit).toEqual({ value: 5, unit: 'working_hours' })
    expect((by.get('illegal_construction') as any).handlingLimit).toEqual({ value: 15, unit: 'working_days' })
    expect((by.get('illegal_construction') as any).dispatchLimit).toEqual({ value: 1, unit: 'working_hours' })

    const bad = await call(t.app, '/api/calendar/limits/exposed_rubbish', { method: 'PUT', json: { handlingLimit: { value: 0, unit: 'working_days' } } })
    expect(bad.status).toBe(400)
    const unit = await call(t.app, '/api/calendar/limits/exposed_rubbish', { method: 'PUT', json: { handlingLimit: { value: 2, unit: 'fortnights' } } })
    expect(unit.status).toBe(400)
    const missing = await call(t.app, '/api/calendar/limits/no_such', { method: 'PUT', json: { handlingLimit: { value: 2, unit: 'working_days' } } })
    expect(missing.status).toBe(404)
    const ok = await call(t.app, '/api/calendar/limits/exposed_rubbish', { method: 'PUT', json: { dispatchLimit: { value: 2, unit: 'working_hours' } } })
    expect(ok.status).toBe(200)
    expect(ok.body).toMatchObject({ dispatchLimit: { value: 2, unit: 'working_hours' }, handlingLimit: { value: 1, unit: 'working_days' } })
    expect((await loadCategoryLimits(t.handle.db)).get('exposed_rubbish')?.dispatchLimit).toEqual({ value: 2, unit: 'working_hours' })
  })

  it('bad dates are 400 with the error shape', async () => {
    const r = await call(t.app, '/api/calendar/days/2025-02-30', { method: 'PUT', json: { kind: 'holiday' } })
    expect(r.status).toBe(400)
    expect(r.body.error.code).toBeTruthy()
    const k = await call(t.app, '/api/calendar/days/2025-02-03', { method: 'PUT', json: { kind: 'party' } })
    expect(k.status).toBe(400)
  })
})

describe('who may read and edit the calendar', () => {
  it('anyone logged in reads; only admin edits; no session → 401', async () => {
    expect((await call(t.app, '/api/calendar', { anonymous: true })).status).toBe(401)
    expect((await call(t.app, '/api/calendar/limits', { as: 'leader' })).status).toBe(200)
    for (const as of ['leader', 'dispatcher', 'duty']) {
      const r = await call(t.app, '/api/calendar/days/2025-03-11', { method: 'PUT', json: { kind: 'holiday' }, as })
      expect(r.status, as).toBe(403)
      const l = await call(t.app, '/api/calendar/limits/exposed_rubbish', { method: 'PUT', json: { handlingLimit: { value: 9, unit: 'working_days' } }, as })
      expect(l.status, as).toBe(403)
    }
    const days = (await call(t.app, '/api/calendar?from=2025-03-11&to=2025-03-11')).body.days
    expect(days).toEqual([])
    expect((await call(t.app, '/api/calendar/limits')).body.categories.find((c: any) => c.code === 'exposed_rubbish').handlingLimit.value).toBe(1)
  })
})
