import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { EventHub, type LiveEvent } from '../../api/events/hub.ts'
import { recordEvent } from '../../api/events/record.ts'
import { openEventStream } from '../../api/events/stream.ts'
import { openTestApp, type TestApp } from './harness.ts'
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
