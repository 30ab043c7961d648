/**
 * The case workflow over HTTP on the loaded demo: a whole lifecycle by the right people, refusals
 * (wrong role, out of scope, illegal, stale version) that write nothing, concurrent transitions,
 * recurrences, duplicates and merges, scoped lists. Runs on PGlite and on PostgreSQL.
 */
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deriveState } from '../../api/cases/lifecycle.ts'
import { demoUsers, jpeg, upload, type Users } from './cases-support.ts'
import { openTestApp, type TestApp } from './harness.ts'

let t: TestApp
let u: Users
/** a point inside worker.huayuan's grids */
let spot: { lon: number; lat: number }
/** a point inside worker.second's grids (outside worker.huayuan's) */
let elsewhere: { lon: number; lat: number }

beforeAll(async () => {
  t = await openTestApp()
  u = await demoUsers(t)
  const at = async (grids: number[]) =>
    (await sql<{ lon: number; lat: number }>`select lon, lat from issues where grid_id in (${sql.join(grids)}) order by id limit 1`.execute(t.handle.db)).rows[0]
  spot = await at(u.gridsOf('worker.huayuan'))
  elsewhere = await at(u.gridsOf('worker.second'))
})
afterAll(() => t?.close())

const counts = async () =>
  (await sql<{ updates: number; issues: number; events: number }>`select (select count(*)::int from issue_updates) as updates, (select count(*)::int from issues) as issues, (select count(*)::int from events) as events`.execute(t.handle.db)).rows[0]

async function report(who = 'worker.huayuan', body: Record<string, unknown> = {}) {
  const r = await u.as(who, '/api/cases', { method: 'POST', json: { category: 'exposed_rubbish', description: '测试：路边暴露垃圾', ...spot, ...body } })
  expect(r.status, JSON.stringify(r.body)).toBe(201)
  return r.body as { case: { id: number; version: number; status: string }; duplicates: { id: number; distanceM: number }[] }
}

async function act(who: string, id: number, json: Record<string, unknown>) {
  return u.as(who, `/api/cases/${id}/transitions`, { method: 'POST', json })
}

async function ok(who: string, id: number, json: Record<string, unknown>) {
  const r = await act(who, id, json)
  expect(r.status, `${who} ${json.action}: ${JSON.stringify(r.body)}`).toBe(200)
  return r.body
}

async function photo(seed: number) {
  const r = await upload(u, 'worker.huayuan', await jpeg({ seed, gps: [spot.lon, spot.lat], time: '2025:06:18 09:15:30' }))
  expect(r.status).toBe(201)
  return r.body.id as number
}

describe('case lifecycle over HTTP', () => {
  it('walks one case through every step, with a wrong dispatch, extension, park and rework', async () => {
    const before = await photo(101)
    const { case: c } = await report('worker.huayuan', { photoIds: [before] })
    expect(c).toMatchObject({ status: 'reported', version: 1 })
    const id = c.id
    await ok('acceptor', id, { action: 'accept', expectedVersion: 1 })
    await ok('acceptor', id, { action: 'open' })
    await ok('dispatcher', id, { action: 'dispatch', department: 'enforcement' })
    await ok('dept.enforcement', id, { action: 'return', note: '不属于本单位职责' })
    const dispatched = await ok('dispatcher', id, { action: 'dispatch', department: 'sanitation' })
    const firstDeadline = Date.parse(dispatched.case.deadlineAt)
    expect(firstDeadline).toBeGreaterThan(Date.now())
    await ok('dept.sanitation', id, { action: 'start' })
    await ok('dept.sanitation', id, { action: 'request_extension', note: '需调车', extension: { value: 1, unit: 'working_days' } })
    const approved = await ok('duty', id, { action: 'approve_extension' })
    expect(Date.parse(approved.case.deadlineAt)).toBeGreaterThan(firstDeadline)
    await ok('dispatcher', id, { action: 'park', reason: '等待专项资金' })
    await ok('dispatcher', id, { action: 'resume' })
    const after1 = await photo(102)
    await ok('dept.sanitation', id, { action: 'report_done', photoIds: [after1], note: '已清理' })
    await ok('inspector.huayuan', id, { action: 'rework', note: '仍有残留' })
    const after2 = await photo(103)
    await ok('dept.sanitation', id, { action: 'report_done', photoIds: [after2] })
    const verifyPhoto = await photo(104)
    await ok('inspector.huayuan', id, { action: 'verify', photoIds: [verifyPhoto], note: '现场已整改' })
    const closed = await ok('acceptor', id, { action: 'close' })
    expect(closed.case).toMatchObject({ status: 'closed', reworkCount: 1, department: 'sanitation', open: false })

    const d = await u.as('leader', `/api/cases/${id}`)
    expect(d.status).toBe(200)
    const actions = d.body.timeline.map((x: { action: string }) => x.action)
    expect(actions).toEqual(['report', 'accept', 'open', 'dispatch', 'return', 'dispatch', 'start', 'request_extension', 'approve_extension', 'park', 'resume', 'report_done', 'rework', 'report_done', 'verify', 'close'])
    expect(deriveState(d.body.timeline.map((x: any) => ({ action: x.action, from_status: x.fromStatus, to_status: x.toStatus }))).status).toBe('closed')
    expect(d.body.case.version).toBe(16)
    const verify = d.body.timeline.find((x: { action: string }) => x.action === 'verify')
    expect(verify.actor).toMatchObject({ role: 'inspector' })
    expect(verify.photos[0]).toMatchObject({ id: verifyPhoto, thumbUrl: `/api/photos/${verifyPhoto}/thumb`, takenAt: '2025-06-18T01:15:30.000Z' })
    expect(verify.photos[0].lon).toBeCloseTo(spot.lon, 4)
    expect(verify.photos[0].lat).toBeCloseTo(spot.lat, 4)
    expect(d.body.actions).toEqual([])
    const events = await sql<{ type: string; n: number }>`select type, count(*)::int as n from events where issue_id = ${id} group by type order by type`.execute(t.handle.db)
    expect(events.rows).toEqual([
      { type: 'case.created', n: 1 },
      { type: 'case.transitioned', n: 15 },
    ])
  })

  it('refuses wrong roles, out-of-scope callers, illegal steps and stale versions, writing nothing', async () => {
    const { case: c } = await report()
    const id = c.id
    const start = await counts()
    const refusals: [string, Record<string, unknown>, number, string][] = [
      ['leader', { action: 'accept' }, 403, 'forbidden'],
      ['dispatcher', { action: 'accept' }, 403, 'forbidden'],
      ['dept.sanitation', { action: 'accept' }, 403, 'forbidden'],
      ['admin', { action: 'accept' }, 403, 'forbidden'],
      ['acceptor', { action: 'close' }, 409, 'illegal_transition'],
      ['acceptor', { action: 'open' }, 409, 'illegal_transition'],
      ['acceptor', { action: 'accept', expectedVersion: 0 }, 409, 'version_conflict'],
      ['acceptor', { action: 'reject', reason: 'because' }, 400, 'missing_reason'],
      ['acceptor', { action: 'fly' }, 400, 'invalid_body'],
      ['inspector.second', { action: 'rework', note: 'x' }, 403, 'out_of_scope'],
    ]
    for (const [who, json, status, code] of refusals) {
      const r = await act(who, id, json)
      expect([r.status, r.body?.error?.code], `${who} ${JSON.stringify(json)}`).toEqual([status, code])
    }
    // a department acts only on cases dispatched to it
    await ok('acceptor', id, { action: 'accept' })
    await ok('acceptor', id, { action: 'open' })
    await ok('dispatcher', id, { action: 'dispatch', department: 'sanitation' })
    const mid = await counts()
    for (const [who, json, status, code] of [
      ['dept.enforcement', { action: 'start' }, 403, 'out_of_scope'],
      ['dept.sanitation', { action: 'report_done', photoIds: [] }, 409, 'illegal_transition'],
      ['dispatcher', { action: 'dispatch', department: 'nowhere' }, 409, 'illegal_transition'],
    ] as const) {
      const r = await act(who, id, json)
      expect([r.status, r.body?.error?.code], `${who} ${JSON.stringify(json)}`).toEqual([status, code])
    }
    await ok('dept.sanitation', id, { action: 'start' })
    for (const [json, code] of [
      [{ action: 'report_done' }, 'missing_photo'],
      [{ action: 'report_done', photoIds: [987654] }, 'unknown_photo'],
    ] as const) {
      const r = await act('dept.sanitation', id, json)
      expect([r.status, r.body?.error?.code]).toEqual([400, code])
    }
    const end = await counts()
    expect(mid.updates - start.updates).toBe(3)
    expect(end.updates - mid.updates).toBe(1)
    expect(end.events - start.events).toBe(4)
    const row = (await sql<{ version: number; status: string }>`select version, status from issues where id = ${id}`.execute(t.handle.db)).rows[0]
    expect(row).toEqual({ version: 5, status: 'handling' })
  })

  it('rejects a report outside the reporter’s grids, by a role that may not report, or outside the district', async () => {
    const start = await counts()
    const out = await u.as('worker.huayuan', '/api/cases', { method: 'POST', json: { category: 'clutter', description: '越界上报', ...elsewhere } })
    expect([out.status, out.body.error.code]).toEqual([403, 'out_of_scope'])
    const leader = await u.as('leader', '/api/cases', { method: 'POST', json: { category: 'clutter', description: '领导上报', ...spot } })
    expect([leader.status, leader.body.error.code]).toEqual([403, 'forbidden'])
    const nowhere = await u.as('acceptor', '/api/cases', { method: 'POST', json: { category: 'clutter', description: '区外', lon: 10, lat: 10 } })
    expect([nowhere.status, nowhere.body.error.code]).toEqual([422, 'outside_grids'])
    const bad = await u.as('acceptor', '/api/cases', { method: 'POST', json: { category: 'nope', description: '类别错', ...spot } })
    expect([bad.status, bad.body.error.code]).toEqual([400, 'unknown_category'])
    expect(await counts()).toEqual(start)
  })

  it('of N concurrent transitions of one case exactly one wins; the others get 409', async () => {
    const { case: c } = await report()
    const N = 8
    const results = await Promise.all(Array.from({ length: N }, (_, i) => act(i % 2 ? 'acceptor' : 'duty', c.id, { action: 'accept', expectedVersion: 1 })))
    const statuses = results.map((r) => r.status).sort()
    expect(statuses).toEqual([200, ...Array(N - 1).fill(409)])
    for (const r of results.filter((r) => r.status === 409)) expect(['version_conflict', 'illegal_transition']).toContain(r.body.error.code)
    // without expectedVersion the state decides: one accept, the rest illegal
    const { case: c2 } = await report()
    const again = await Promise.all(Array.from({ length: N }, () => act('acceptor', c2.id, { action: 'accept' })))
    expect(again.map((r) => r.status).sort()).toEqual([200, ...Array(N - 1).fill(409)])
    const logs = await sql<{ issue_id: number; n: number }>`select issue_id, count(*)::int as n from issue_updates where issue_id in (${c.id}, ${c2.id}) group by issue_id order by issue_id`.execute(t.handle.db)
    expect(logs.rows.map((r) => r.n)).toEqual([2, 2])
    console.log(`[cases] ${t.engine}: ${N} concurrent accepts → ${results.filter((r) => r.status === 200).length} × 200, ${results.filter((r) => r.status === 409).length} × 409 (twice)`)
  })

  it('reopens a closed case as a new case linked to it', async () => {
    const closed = (await sql<{ id: number }>`select id from issues where status = 'closed' and grid_path && array[${sql.join(u.gridsOf('inspector.huayuan'))}]::integer[] order by id desc limit 1`.execute(t.handle.db)).rows[0]
    const r = await act('inspector.huayuan', closed.id, { action: 'reopen', note: '同一点位又出现' })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    expect(r.body.case).toMatchObject({ status: 'reported', recurrenceOf: closed.id, version: 1 })
    expect(r.body.original).toMatchObject({ id: closed.id, status: 'closed' })
    const d = await u.as('duty', `/api/cases/${closed.id}`)
    expect(d.body.timeline.at(-1)).toMatchObject({ action: 'reopen', fromStatus: 'closed', toStatus: 'closed', details: { recurrence: r.body.case.id } })
    expect(d.body.recurrences).toContain(r.body.case.id)
  })

  it('suggests open duplicates nearby on report, and the acceptor merges one', async () => {
    const first = await report('worker.huayuan', { category: 'street_stall', description: '占道摊点一' })
    const second = await report('inspector.huayuan', { category: 'street_stall', description: '占道摊点二', lon: spot.lon + 0.0001, lat: spot.lat })
    const hit = second.duplicates.find((d) => d.id === first.case.id)
    expect(hit).toBeDefined()
    expect(hit!.distanceM).toBeGreaterThan(5)
    expect(hit!.distanceM).toBeLessThan(15)
    // 60 m away, or another category: not suggested
    const far = await report('acceptor', { category: 'street_stall', description: '远处摊点', lon: spot.lon + 0.0006, lat: spot.lat })
    expect(far.duplicates.map((d) => d.id)).not.toContain(first.case.id)
    const other = await report('worker.huayuan', { category: 'clutter', description: '杂物' })
    expect(other.duplicates.map((d) => d.id)).not.toContain(first.case.id)

    const detail = await u.as('acceptor', `/api/cases/${second.case.id}`)
    expect(detail.body.duplicateCandidates.map((d: { id: number }) => d.id)).toContain(first.case.id)
    expect(detail.body.actions).toEqual(expect.arrayContaining(['accept', 'merge', 'reject']))

    const self = await act('acceptor', second.case.id, { action: 'merge', mergeInto: second.case.id })
    expect([self.status, self.body.error.code]).toEqual([409, 'merge_target_invalid'])
    const wrongCat = await act('acceptor', second.case.id, { action: 'merge', mergeInto: other.case.id })
    expect([wrongCat.status, wrongCat.body.error.code]).toEqual([409, 'merge_target_invalid'])
    const merged = await ok('acceptor', second.case.id, { action: 'merge', mergeInto: first.case.id, note: '重复上报' })
    expect(merged.case).toMatchObject({ status: 'merged', mergedInto: first.case.id, open: false })
    expect(merged.update).toMatchObject({ action: 'merge', details: { mergedInto: first.case.id } })
    const original = await u.as('acceptor', `/api/cases/${first.case.id}`)
    expect(original.body.duplicates).toEqual([second.case.id])
  })

  it('lists cases within the caller’s scope, with filters', async () => {
    const all = await u.as('leader', '/api/cases?limit=5')
    const mine = await u.as('worker.huayuan', '/api/cases?limit=500')
    expect(all.status).toBe(200)
    expect(all.body.total).toBeGreaterThan(20_000)
    expect(mine.body.total).toBeGreaterThan(0)
    expect(mine.body.total).toBeLessThan(all.body.total / 10)
    const grids = new Set(u.gridsOf('worker.huayuan'))
    for (const c of mine.body.cases) expect(grids.has(c.gridId)).toBe(true)
    const dept = await u.as('dept.sanitation', '/api/cases?status=open&limit=500')
    for (const c of dept.body.cases) expect(['exposed_rubbish', 'road_uncleanliness', 'overflowing_bin', 'flyposting', 'waste_sorting'].includes(c.category) || c.department === 'sanitation').toBe(true)
    const overdue = await u.as('duty', '/api/cases?status=overdue&limit=3')
    expect(overdue.body.total).toBeGreaterThan(0)
    for (const c of overdue.body.cases) expect(c.overdue).toBe(true)
    const bad = await u.as('duty', '/api/cases?status=lost')
    expect([bad.status, bad.body.error.code]).toEqual([400, 'unknown_status'])
    const outside = (await sql<{ id: number }>`select id from issues where grid_id in (${sql.join(u.gridsOf('worker.second'))}) limit 1`.execute(t.handle.db)).rows[0]
    expect((await u.as('worker.huayuan', `/api/cases/${outside.id}`)).status).toBe(404)
  })
})
