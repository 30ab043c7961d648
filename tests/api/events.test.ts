import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { EventHub, type LiveEvent } from '../../api/events/hub.ts'
import { recordEvent } from '../../api/events/record.ts'
import { openEventStream } from '../../api/events/stream.ts'
import { sql } from 'kysely'
import { openTestApp, sessionCookie, type TestApp } from './harness.ts'
import { readSse } from '../support/sse.ts'

let t: TestApp
let hub: EventHub
let sample: { id: number; grid_path: number[]; category: string }
beforeAll(async () => {
  t = await openTestApp()
  hub = new EventHub(t.handle.db, t.handle.listen)
  await hub.start()
  sample = await t.handle.db.selectFrom('issues').select(['id', 'grid_path', 'category']).orderBy('id').limit(1).executeTakeFirstOrThrow()
})
afterAll(async () => {
  await hub?.close()
  await t?.close()
})

function collect(h: EventHub) {
  const got: LiveEvent[] = []
  const stop = h.subscribe((e) => got.push(e))
  return { got, stop }
}

async function until(check: () => boolean, ms = 5000) {
  const end = Date.now() + ms
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting')
    await new Promise((r) => setTimeout(r, 10))
  }
}

describe('recordEvent and the hub (in process)', () => {
  it('announces an event only once its transaction commits, with the case category', async () => {
    const { got, stop } = collect(hub)
    let id = 0
    await t.handle.db.transaction().execute(async (trx) => {
      id = await recordEvent(trx, { type: 'case.transitioned', issueId: sample.id, gridPath: sample.grid_path, payload: { to: 'accepted' } })
      await new Promise((r) => setTimeout(r, 100))
      expect(got).toEqual([]) // not before commit
    })
    await until(() => got.length === 1)
    expect(got[0]).toMatchObject({ id, type: 'case.transitioned', issueId: sample.id, gridPath: sample.grid_path, category: sample.category, payload: { to: 'accepted' } })
    expect(got[0].at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
    stop()
  })

  it('announces nothing for a rolled-back transaction and leaves no row', async () => {
    const { got, stop } = collect(hub)
    let id = 0
    await t.handle.db
      .transaction()
      .execute(async (trx) => {
        id = await recordEvent(trx, { type: 'case.created', issueId: sample.id, gridPath: sample.grid_path })
        throw new Error('rollback')
      })
      .catch(() => {})
    // a committed event afterwards arrives; the rolled-back one never does
    const later = await recordEvent(t.handle.db, { type: 'case.updated', issueId: sample.id, gridPath: sample.grid_path })
    await until(() => got.length === 1)
    expect(got.map((e) => e.id)).toEqual([later])
    expect(later).toBeGreaterThan(id)
    const rows = await t.handle.db.selectFrom('events').select('id').where('id', '=', id).execute()
    expect(rows).toEqual([])
    stop()
  })

  it('keeps ids in commit order under concurrent transactions', async () => {
    const { got, stop } = collect(hub)
    const ids = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        t.handle.db.transaction().execute((trx) => recordEvent(trx, { type: 'case.updated', issueId: sample.id, gridPath: sample.grid_path, payload: { i } })),
      ),
    )
    await until(() => got.length === 20)
    const seen = got.map((e) => e.id)
    expect(seen).toEqual([...seen].sort((a, b) => a - b))
    expect(new Set(seen)).toEqual(new Set(ids))
    stop()
  })
})

describe('event stream (replay + live)', () => {
  it('replays exactly the events after Last-Event-ID, then goes live, filtering by scope', async () => {
    const base = await recordEvent(t.handle.db, { type: 'case.updated', issueId: sample.id, gridPath: sample.grid_path })
    const missed = []
    for (let i = 0; i < 3; i++) missed.push(await recordEvent(t.handle.db, { type: 'case.updated', issueId: sample.id, gridPath: sample.grid_path, payload: { i } }))
    const other = await recordEvent(t.handle.db, { type: 'case.updated', issueId: null, gridPath: [-1] })
    const body = await openEventStream(t.handle.db, hub, { after: base, canRead: (e) => e.gridPath[0] !== -1, heartbeatMs: 50 })
    const sse = readSse(body)
    const ready = await sse.next()
    expect(ready).toMatchObject({ event: 'ready', id: String(base) })
    const replayed = [await sse.next(), await sse.next(), await sse.next()]
    expect(replayed.map((m) => Number(m.id))).toEqual(missed)
    const live = await recordEvent(t.handle.db, { type: 'case.overdue', issueId: sample.id, gridPath: sample.grid_path })
    const next = await sse.next()
    expect(Number(next.id)).toBe(live) // `other` (out of scope) was skipped
    expect(JSON.parse(next.data)).toMatchObject({ id: live, type: 'case.overdue' })
    expect(other).toBeLessThan(live)
    await new Promise((r) => setTimeout(r, 150))
    expect(sse.comments.some((c) => c.startsWith('ping'))).toBe(true) // heartbeats keep proxies from timing out
    await sse.close()
    await until(() => hub.subscriberCount === 0)
  })
})

describe('GET /api/events', () => {
  async function stream(username: string | null, headers: Record<string, string> = {}, query = '') {
    const cookie = username ? await sessionCookie(t.app, username) : undefined
    return t.app.request(`/api/events${query}`, { headers: { ...(cookie ? { cookie } : {}), ...headers } })
  }

  it('needs a session', async () => {
    const res = await stream(null)
    expect(res.status).toBe(401)
    expect((await res.json()).error.code).toBe('unauthenticated')
  })

  it('rejects a Last-Event-ID that is not an event id, naming it', async () => {
    for (const bad of ['abc', '-1', '1.5']) {
      const res = await stream('admin', { 'last-event-id': bad })
      expect(res.status).toBe(400)
      const body = await res.json()
      expect(body.error.code).toBe('invalid_last_event_id')
      expect(body.error.details.lastEventId).toBe(bad)
    }
    const res = await stream('admin', {}, '?lastEventId=x1')
    expect(res.status).toBe(400)
  })

  it('streams only what the user may read: a worker their grids, a department its categories', async () => {
    const worker = await t.handle.db.selectFrom('users').select(['username', 'grid_ids']).where('role', '=', 'worker').orderBy('username').executeTakeFirstOrThrow()
    const dept = await t.handle.db.selectFrom('users').select(['username', 'categories']).where('username', '=', 'dept.greening').executeTakeFirstOrThrow()
    const cats = dept.categories!
    const inWorkerGrids = sql<boolean>`grid_path && ${sql.val(worker.grid_ids)}::int[]`
    // `mine`: in the worker's grids, not the department's category; `other`: the reverse
    const mine = await t.handle.db.selectFrom('issues').select(['id', 'grid_path']).where(inWorkerGrids).where('category', 'not in', cats).where(sql<boolean>`department is distinct from 'greening'`).limit(1).executeTakeFirstOrThrow()
    const other = await t.handle.db.selectFrom('issues').select(['id', 'grid_path']).where(sql<boolean>`not ${inWorkerGrids}`).where('category', 'in', cats).limit(1).executeTakeFirstOrThrow()

    const w = await stream(worker.username)
    const d = await stream(dept.username)
    const all = await stream('leader')
    expect([w.status, d.status, all.status]).toEqual([200, 200, 200])
    expect(w.headers.get('content-type')).toMatch(/^text\/event-stream/)
    const [ws, ds, as] = [readSse(w.body!), readSse(d.body!), readSse(all.body!)]
    for (const s of [ws, ds, as]) expect((await s.next()).event).toBe('ready')

    const otherId = await recordEvent(t.handle.db, { type: 'case.transitioned', issueId: other.id, gridPath: other.grid_path })
    const mineId = await recordEvent(t.handle.db, { type: 'case.transitioned', issueId: mine.id, gridPath: mine.grid_path })
    const sentinel = await recordEvent(t.handle.db, { type: 'case.updated', issueId: other.id, gridPath: other.grid_path })
    const lastForWorker = await recordEvent(t.handle.db, { type: 'case.updated', issueId: mine.id, gridPath: mine.grid_path })
    expect([Number((await ws.next()).id), Number((await ws.next()).id)]).toEqual([mineId, lastForWorker]) // never the other grid's
    expect([Number((await ds.next()).id), Number((await ds.next()).id)]).toEqual([otherId, sentinel]) // never another category
    const leader = []
    for (let i = 0; i < 4; i++) leader.push(Number((await as.next()).id))
    expect(leader).toEqual([otherId, mineId, sentinel, lastForWorker]) // district scope: all, in order
    for (const s of [ws, ds, as]) await s.close()
  })

  it('replays after Last-Event-ID over HTTP and documents the route', async () => {
    const from = await recordEvent(t.handle.db, { type: 'case.updated', issueId: sample.id, gridPath: sample.grid_path })
    const missed = await recordEvent(t.handle.db, { type: 'case.updated', issueId: sample.id, gridPath: sample.grid_path })
    const res = await stream('admin', { 'last-event-id': String(from) })
    const s = readSse(res.body!)
    expect(await s.next()).toMatchObject({ event: 'ready', id: String(from) })
    expect(Number((await s.next()).id)).toBe(missed)
    await s.close()
    const doc = await t.app.request('/api/openapi.json')
    expect(Object.keys((await doc.json()).paths)).toContain('/events')
  })
})
