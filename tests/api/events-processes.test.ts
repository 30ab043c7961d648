/**
 * Live events across API processes: two api/server.ts processes on one PostgreSQL scratch
 * database (a clone of the loaded demo). An event committed through process A reaches SSE clients
 * of process B; a client that drops and reconnects with Last-Event-ID gets exactly what it missed;
 * a user out of scope gets none of another grid's events; B's LISTEN connection, killed, comes back
 * and B catches up. PostgreSQL only (PGlite is one process: tests/api/events.test.ts).
 */
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inject } from 'vitest'
import { createDatabase, dropDatabase, uniqueName } from '../support/scratch-db.ts'
import { startServer, type ServerProcess } from '../support/server-process.ts'
import { readSse } from '../support/sse.ts'

const PASSWORD = 'Lanhu#2026'
const engine = inject('engine')
const baseUrl = process.env.DATABASE_URL

describe.skipIf(engine !== 'postgres')('live events across two API processes (PostgreSQL)', () => {
  const name = uniqueName('gridsight_live')
  let url = ''
  let a: ServerProcess
  let b: ServerProcess
  let admin: pg.Client
  const cookies = new Map<string, string>()
  /** two workers with disjoint scopes, and a point (lon, lat) inside each one's grids */
  let inside: { username: string; lon: number; lat: number; gridIds: number[] }[] = []
  const latencies: { total: number; afterResponse: number }[] = []

  beforeAll(async () => {
    url = await createDatabase(baseUrl!, name, inject('template'))
    const env = { DATABASE_URL: url, DEMO: 'off', GRIDSIGHT_SSE_HEARTBEAT_MS: '1000' }
    ;[a, b] = await Promise.all([startServer(env), startServer(env)])
    admin = new pg.Client({ connectionString: url })
    await admin.connect()
    const { rows } = await admin.query(`select username, grid_ids from users where role = 'worker' order by username limit 2`)
    for (const row of rows) {
      const { rows: pts } = await admin.query(`select lon, lat from issues where grid_path && $1::int[] order by id limit 1`, [row.grid_ids])
      inside.push({ username: row.username, lon: pts[0].lon, lat: pts[0].lat, gridIds: row.grid_ids })
    }
    expect(inside).toHaveLength(2)
    expect(inside[0]!.gridIds.some((g) => inside[1]!.gridIds.includes(g))).toBe(false)
  })
  afterAll(async () => {
    await admin?.end()
    await Promise.all([a?.stop(), b?.stop()])
    if (url) await dropDatabase(baseUrl!, name)
    if (latencies.length) {
      const sorted = (k: 'total' | 'afterResponse') => latencies.map((l) => l[k]).sort((x, y) => x - y)
      const pct = (arr: number[], p: number) => arr[Math.min(arr.length - 1, Math.floor(arr.length * p))]!.toFixed(1)
      console.log(
        `[live] cross-process latency over ${latencies.length} events: POST start → SSE on B median ${pct(sorted('total'), 0.5)} ms, p90 ${pct(sorted('total'), 0.9)} ms; ` +
          `after A's response median ${pct(sorted('afterResponse'), 0.5)} ms, p90 ${pct(sorted('afterResponse'), 0.9)} ms`,
      )
    }
  })

  async function login(server: ServerProcess, username: string): Promise<string> {
    const key = `${server.url} ${username}`
    const known = cookies.get(key)
    if (known) return known
    const res = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) })
    const cookie = res.headers.get('set-cookie')?.match(/gs_session=[^;]+/)?.[0]
    if (res.status !== 200 || !cookie) throw new Error(`login ${username}: ${res.status} ${await res.text()}`)
    cookies.set(key, cookie)
    return cookie
  }

  async function subscribe(server: ServerProcess, username: string, lastEventId?: number) {
    const res = await fetch(`${server.url}/api/events`, {
      headers: { cookie: await login(server, username), accept: 'text/event-stream', ...(lastEventId !== undefined ? { 'last-event-id': String(lastEventId) } : {}) },
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/)
    const sse = readSse(res.body!)
    const ready = await sse.next()
    expect(ready.event).toBe('ready')
    return Object.assign(sse, { readyId: Number(ready.id) })
  }

  /** Reports a case through process A (as the district duty chief) at a point; returns its id. */
  async function reportThroughA(at: { lon: number; lat: number }, description: string): Promise<{ issueId: number; t0: number; t1: number }> {
    const t0 = performance.now()
    const res = await fetch(`${a.url}/api/cases`, {
      method: 'POST',
      headers: { cookie: await login(a, 'duty'), 'content-type': 'application/json' },
      body: JSON.stringify({ category: 'exposed_rubbish', description, lon: at.lon, lat: at.lat }),
    })
    const t1 = performance.now()
    const body = (await res.json()) as { case: { id: number } }
    expect(res.status, JSON.stringify(body)).toBe(201)
    return { issueId: body.case.id, t0, t1 }
  }

  /** Next case event on a stream (skipping others, e.g. an overdue sweep's), with its parsed data. */
  async function nextFor(sse: Awaited<ReturnType<typeof subscribe>>, issueId: number) {
    for (;;) {
      const m = await sse.next(10_000)
      const data = JSON.parse(m.data)
      if (data.issueId === issueId) return { id: Number(m.id), data, at: performance.now() }
    }
  }

  it('an event committed through process A reaches SSE clients of process B (latency measured)', async () => {
    const onB = await subscribe(b, 'admin')
    const onA = await subscribe(a, 'admin')
    for (let i = 0; i < 20; i++) {
      const { issueId, t0, t1 } = await reportThroughA(inside[i % 2]!, `live latency ${i}`)
      const got = await nextFor(onB, issueId)
      expect(got.data).toMatchObject({ type: 'case.created', issueId, category: 'exposed_rubbish' })
      latencies.push({ total: got.at - t0, afterResponse: got.at - t1 })
      expect((await nextFor(onA, issueId)).id).toBe(got.id) // the same event, the same id, on both
    }
    await onA.close()
    await onB.close()
  })

  it('a user out of scope gets none of another grid’s events; an in-scope user gets them', async () => {
    const [w0, w1] = inside
    const outside = await subscribe(b, w0!.username)
    const insider = await subscribe(b, w1!.username)
    const theirs = await reportThroughA(w1!, 'in w1 scope only')
    expect((await nextFor(insider, theirs.issueId)).data.gridPath.some((g: number) => w1!.gridIds.includes(g))).toBe(true)
    // a sentinel in w0's own grids: the first thing w0 receives, so nothing of w1's came before it
    const mine = await reportThroughA(w0!, 'in w0 scope')
    const first = JSON.parse((await outside.next(10_000)).data)
    expect(first.issueId).toBe(mine.issueId)
    expect(outside.pending()).toEqual([])
    await outside.close()
    await insider.close()
  })

  it('a dropped client reconnecting with Last-Event-ID gets exactly the missed events, in order', async () => {
    const first = await subscribe(b, 'admin')
    const seen = await reportThroughA(inside[0]!, 'seen before the drop')
    const lastSeen = (await nextFor(first, seen.issueId)).id
    await first.close()
    const missedCases: number[] = []
    for (let i = 0; i < 5; i++) missedCases.push((await reportThroughA(inside[i % 2]!, `missed ${i}`)).issueId)
    // reconnect — to the other process, as a load balancer might
    const again = await subscribe(a, 'admin', lastSeen)
    expect(again.readyId).toBe(lastSeen)
    const { rows } = await admin.query(`select id::int, issue_id from events where id > $1 order by id`, [lastSeen])
    expect(rows.length).toBeGreaterThanOrEqual(5)
    const replayed: { id: string | undefined; data: string }[] = []
    for (let i = 0; i < rows.length; i++) replayed.push(await again.next(10_000))
    expect(replayed.map((m) => Number(m.id))).toEqual(rows.map((r) => r.id)) // exactly the table after lastSeen, in order
    expect(replayed.map((m) => JSON.parse(m.data).issueId).filter((id: number) => missedCases.includes(id))).toEqual(missedCases)
    // then live again, with nothing repeated
    const after = await reportThroughA(inside[0]!, 'after the replay')
    const next = JSON.parse((await again.next(10_000)).data)
    expect(next.issueId).toBe(after.issueId)
    await again.close()
  })

  it('process B’s LISTEN connection, killed, reconnects and B catches up on what it missed', async () => {
    const onB = await subscribe(b, 'admin')
    const { rows } = await admin.query(`select pg_terminate_backend(pid) as killed from pg_stat_activity where datname = $1 and query ilike 'listen%'`, [name])
    expect(rows.filter((r) => r.killed)).toHaveLength(2) // A's and B's listeners
    // committed right away, possibly before B listens again: the catch-up read delivers it
    const during = await reportThroughA(inside[1]!, 'while B was not listening')
    const got = await nextFor(onB, during.issueId)
    expect(got.data.type).toBe('case.created')
    await onB.close()
    expect(b.log()).toMatch(/LISTEN connection lost/)
  })
})
