import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { caseDeadlines, refreshDeadline } from '../../api/calendar/deadlines.ts'
import { loadCalendar } from '../../api/calendar/load.ts'
import { addWorkingTime } from '../../api/calendar/working-time.ts'
import { RUNNING_STATUSES, startOverdueSweep, sweepOverdue } from '../../api/calendar/sweep.ts'
import { openTestApp, type TestApp } from './harness.ts'

let t: TestApp
beforeAll(async () => {
  t = await openTestApp()
})
afterAll(() => t?.close())

const overdueEvents = async (issueId?: number) => {
  let q = t.handle.db.selectFrom('events').select(sql<number>`count(*)::int`.as('n')).where('type', '=', 'case.overdue')
  if (issueId !== undefined) q = q.where('issue_id', '=', issueId)
  return (await q.executeTakeFirstOrThrow()).n
}

/** the instant the first test swept up to: every running case due before it is marked */
const sweptTo = new Date()

describe('overdue sweep (controllable clock)', () => {
  it('marks every running case past its deadline once, and announces each once', async () => {
    const now = sweptTo
    const expected = (
      await t.handle.db
        .selectFrom('issues')
        .select(sql<number>`count(*)::int`.as('n'))
        .where('status', 'in', RUNNING_STATUSES)
        .where('deadline_at', '<', now)
        .where('overdue_at', 'is', null)
        .executeTakeFirstOrThrow()
    ).n
    expect(expected).toBeGreaterThan(0) // the demo has overdue open cases
    const before = await overdueEvents()
    let marked = 0
    for (;;) {
      const batch = await sweepOverdue(t.handle.db, now, 200)
      if (batch.length === 0) break
      marked += batch.length
    }
    expect(marked).toBe(expected)
    expect((await overdueEvents()) - before).toBe(expected)
    expect(await sweepOverdue(t.handle.db, now)).toEqual([])
  })

  it('marks a case just after its deadline and not at or before it', async () => {
    const c = await t.handle.db.selectFrom('issues').select(['id']).where('status', '=', 'handling').where('overdue_at', 'is', null).orderBy('id').limit(1).executeTakeFirstOrThrow()
    // before sweptTo, so no other unmarked running case is due before it
    const deadline = new Date(+sweptTo - 600_000)
    await t.handle.db.updateTable('issues').set({ deadline_at: deadline }).where('id', '=', c.id).execute()
    expect(await sweepOverdue(t.handle.db, new Date(+deadline - 1))).toEqual([])
    expect(await sweepOverdue(t.handle.db, deadline)).toEqual([])
    const marks = await sweepOverdue(t.handle.db, new Date(+deadline + 1))
    expect(marks.map((m) => m.issueId)).toEqual([c.id])
    expect(await overdueEvents(c.id)).toBe(1)
    const event = await t.handle.db.selectFrom('events').selectAll().where('issue_id', '=', c.id).where('type', '=', 'case.overdue').executeTakeFirstOrThrow()
    expect(event.payload).toMatchObject({ status: 'handling', deadlineAt: deadline.toISOString() })
    expect(await sweepOverdue(t.handle.db, new Date(+deadline + 60_000))).toEqual([])
  })

  it('leaves parked and finished cases alone', async () => {
    const parked = await t.handle.db.selectFrom('issues').select(['id']).where('status', '=', 'parked').limit(1).executeTakeFirstOrThrow()
    await t.handle.db.updateTable('issues').set({ deadline_at: new Date(Date.now() - 1000), overdue_at: null }).where('id', '=', parked.id).execute()
    expect((await sweepOverdue(t.handle.db, new Date())).map((m) => m.issueId)).not.toContain(parked.id)
  })

  it('the timer marks a case whose deadline passes while it runs', async () => {
    const c = await t.handle.db.selectFrom('issues').select(['id']).where('status', 'in', RUNNING_STATUSES).where('overdue_at', 'is', null).orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow()
    let clock = +sweptTo - 300_000 // nothing else unmarked is due before sweptTo
    await t.handle.db.updateTable('issues').set({ deadline_at: new Date(clock + 30_000) }).where('id', '=', c.id).execute()
    const seen: number[] = []
    const sweep = startOverdueSweep(t.handle.db, { intervalMs: 50, now: () => new Date(clock), onMarked: (m) => seen.push(...m.map((x) => x.issueId)) })
    await new Promise((r) => setTimeout(r, 200))
    expect(seen).toEqual([])
    clock += 30_001 // the controllable clock passes the deadline
    const end = Date.now() + 5000
    while (!seen.includes(c.id) && Date.now() < end) await new Promise((r) => setTimeout(r, 20))
    sweep.stop()
    expect(seen).toEqual([c.id])
  })
})

describe('deadlines from the update log', () => {
  it('a case dispatched with no extension or parking: deadline = dispatch + handling limit on the calendar', async () => {
    const row = await sql<{ id: number; at: Date; limit_value: number; limit_unit: 'working_hours' | 'working_days' }>`
      select i.id, u.at, c.limit_value, c.limit_unit from issues i
      join issue_updates u on u.issue_id = i.id and u.action = 'dispatch'
      join issue_categories c on c.code = i.category
      where i.status = 'handling'
        and not exists (select 1 from issue_updates x where x.issue_id = i.id and x.action in ('park', 'approve_extension', 'return', 'report_done'))
      order by i.id limit 1`.execute(t.handle.db)
    const c = row.rows[0]
    const cal = await loadCalendar(t.handle.db)
    const clocks = (await caseDeadlines(t.handle.db, c.id, new Date()))!
    expect(clocks.handling?.running).toBe(true)
    expect(clocks.deadline?.toISOString()).toBe(addWorkingTime(c.at, { value: c.limit_value, unit: c.limit_unit }, cal)?.toISOString())
  })

  it('refreshDeadline stores the deadline and clears a stale overdue mark', async () => {
    const c = await t.handle.db.selectFrom('issues').select(['id']).where('status', '=', 'parked').limit(1).executeTakeFirstOrThrow()
    await t.handle.db.updateTable('issues').set({ overdue_at: new Date() }).where('id', '=', c.id).execute()
    const clocks = (await refreshDeadline(t.handle.db, c.id))!
    const row = await t.handle.db.selectFrom('issues').select(['deadline_at', 'overdue_at']).where('id', '=', c.id).executeTakeFirstOrThrow()
    expect(row.deadline_at?.toISOString() ?? null).toBe(clocks.deadline?.toISOString() ?? null)
    if (!clocks.current?.overdue) expect(row.overdue_at).toBeNull()
    else expect(row.overdue_at).not.toBeNull()
  })
})
