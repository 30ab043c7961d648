/**
 * The loaded demo's cases: deriving each case's state from its update log gives the row's status,
 * the row's version is the last seq, and the log is ordered in time.
 */
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deriveState } from '../../api/cases/lifecycle.ts'
import { call, openTestApp, type TestApp } from './harness.ts'

let t: TestApp
beforeAll(async () => {
  t = await openTestApp()
})
afterAll(() => t?.close())

describe('demo case histories in the database', () => {
  it('every case folds to its row status and version', async () => {
    const { text } = (
      await sql<{ text: string }>`
        select json_agg(json_build_array(i.id, i.status, i.version, i.extension_pending, u.log))::text as text
        from issues i
        join (
          select issue_id, json_agg(json_build_array(action, from_status, to_status, seq, extract(epoch from at)) order by seq) as log
          from issue_updates group by issue_id
        ) u on u.issue_id = i.id`.execute(t.handle.db)
    ).rows[0]
    const rows = JSON.parse(text) as [number, string, number, boolean, [string, string | null, string, number, number][]][]
    const total = await sql<{ n: number }>`select count(*)::int as n from issues`.execute(t.handle.db)
    expect(rows.length).toBe(total.rows[0].n)
    expect(rows.length).toBeGreaterThan(20_000)
    const bad: string[] = []
    for (const [id, status, version, pending, log] of rows) {
      try {
        const state = deriveState(log.map(([action, from_status, to_status]) => ({ action, from_status, to_status })))
        if (state.status !== status) bad.push(`${id}: log gives ${state.status}, row says ${status}`)
        if (state.extensionPending !== pending) bad.push(`${id}: extension_pending`)
        if (log.at(-1)![3] !== version || log.some(([, , , seq], k) => seq !== k + 1)) bad.push(`${id}: version ${version}`)
        if (log.some((u, k) => k > 0 && u[4] < log[k - 1][4])) bad.push(`${id}: out of order`)
      } catch (e) {
        bad.push(`${id}: ${(e as Error).message}`)
      }
    }
    expect(bad.slice(0, 10)).toEqual([])
  })

  it('is acted by the demo users where one fits, each in their own role and scope', async () => {
    const r = await sql<{ role_ok: number; scope_bad: number; by_users: number; users: number; total: number }>`
      select count(*) filter (where us.role = u.actor_role)::int as role_ok,
        count(*) filter (where us.role in ('worker', 'inspector') and not (i.grid_path && us.grid_ids))::int as scope_bad,
        count(*)::int as by_users,
        count(distinct us.id)::int as users,
        (select count(*)::int from issue_updates) as total
      from issue_updates u join users us on us.id = u.actor_id join issues i on i.id = u.issue_id`.execute(t.handle.db)
    const x = r.rows[0]
    console.log(`[cases-demo] ${x.by_users} of ${x.total} updates by ${x.users} demo users`)
    expect(x.by_users).toBeGreaterThan(x.total * 0.3)
    expect(x.role_ok).toBe(x.by_users)
    expect(x.scope_bad).toBe(0)
    expect(x.users).toBeGreaterThanOrEqual(10)
  })

  it('shows the problem in field reports and the result in reports of done work and verifications', async () => {
    const r = await sql<{ action: string; n: number; with_photo: number; dangling: number }>`
      select action, count(*)::int as n, count(*) filter (where cardinality(photo_ids) > 0)::int as with_photo,
        count(*) filter (where exists (select 1 from unnest(photo_ids) p where p not in (select id from photos)))::int as dangling
      from issue_updates where action in ('report_done', 'verify') group by action order by action`.execute(t.handle.db)
    expect(r.rows.length).toBe(2)
    for (const row of r.rows) expect([row.action, row.with_photo, row.dangling]).toEqual([row.action, row.n, 0])
    const closed = (await sql<{ id: number }>`select id from issues where status = 'closed' order by id limit 1`.execute(t.handle.db)).rows[0]
    const d = await call(t.app, `/api/cases/${closed.id}`)
    const verify = d.body.timeline.find((u: { action: string }) => u.action === 'verify')
    expect(verify.photos[0].thumbUrl).toMatch(/^\/api\/photos\/\d+\/thumb$/)
    const thumb = await call(t.app, verify.photos[0].thumbUrl)
    expect([thumb.status, thumb.headers.get('content-type')]).toEqual([200, 'image/jpeg'])
  })

  it('recurrences point to closed cases of the same category', async () => {
    const r = await sql<{ n: number; bad: number }>`
      select count(*)::int as n, count(*) filter (where o.status <> 'closed' or o.category <> i.category)::int as bad
      from issues i join issues o on o.id = i.recurrence_of`.execute(t.handle.db)
    expect(r.rows[0].n).toBeGreaterThan(20)
    expect(r.rows[0].bad).toBe(0)
  })
})
