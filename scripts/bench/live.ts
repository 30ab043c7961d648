/**
 * Live events (issue 4, "Live"): what recordEvent costs a transaction and how soon a committed
 * event reaches another connection's hub.
 *
 *   npx tsx scripts/bench/live.ts                      (PGlite, in process)
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx scripts/bench/live.ts
 *
 * On PostgreSQL the writer and the listening hub use separate connections (separate pools, as two
 * API processes would); the two-process end-to-end figure comes from
 * tests/api/events-processes.test.ts, which prints it. Baseline for the write: the same row
 * inserted in a transaction without the ordering lock and the NOTIFY.
 */
import { pathToFileURL } from 'node:url'
import { connect, type DatabaseHandle } from '../../api/db/connect.ts'
import { migrateToLatest } from '../../api/db/migrate.ts'
import { EventHub } from '../../api/events/hub.ts'
import { recordEvent } from '../../api/events/record.ts'
import { createDatabase, dropDatabase, uniqueName } from '../../tests/support/scratch-db.ts'
import { HEADER, fmt, row, time } from './measure.ts'

type Out = (s?: string) => void
const N = 200

function pct(samples: number[], p: number) {
  const s = [...samples].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor(s.length * p))]!
}

async function measure(out: Out, engine: string, writer: DatabaseHandle, listener: DatabaseHandle) {
  const hub = new EventHub(listener.db, listener.listen)
  await hub.start()
  const arrived = new Map<number, number>()
  let wake: (() => void) | null = null
  hub.subscribe((e) => {
    arrived.set(e.id, performance.now())
    wake?.()
  })
  const afterCommit: number[] = []
  for (let i = 0; i < N; i++) {
    const id = await writer.db.transaction().execute((trx) => recordEvent(trx, { type: 'bench', issueId: null, gridPath: [1, 2, 3, 4], payload: { i } }))
    const committed = performance.now()
    if (!arrived.has(id)) await new Promise<void>((r) => (wake = () => arrived.has(id) && r()))
    afterCommit.push(Math.max(0, arrived.get(id)! - committed))
  }
  out(`| ${engine} | ${N} | ${fmt(pct(afterCommit, 0.5))} | ${fmt(pct(afterCommit, 0.9))} | ${fmt(Math.max(...afterCommit))} |`)
  await hub.close()
  const write = await time(`${engine}: transaction with recordEvent`, () => writer.db.transaction().execute((trx) => recordEvent(trx, { type: 'bench', issueId: null, gridPath: [1], payload: {} })), { runs: 51, warmup: 5 })
  const plain = await time(`${engine}: transaction with a plain insert`, () => writer.db.transaction().execute((trx) => trx.insertInto('events').values({ type: 'bench', issue_id: null, grid_path: [1], payload: '{}' }).execute()), { runs: 51, warmup: 5 })
  return row(write, plain)
}

export async function benchLive(out: Out): Promise<void> {
  out('### Live events: commit → hub delivery on another connection')
  out()
  out('| engine | events | median after commit | p90 | max |')
  out('|---|---|---|---|---|')
  const rows: string[] = []
  const pglite = await connect({})
  await migrateToLatest(pglite.db)
  rows.push(await measure(out, 'PGlite (in process)', pglite, pglite))
  await pglite.close()
  const base = process.env.DATABASE_URL
  if (base) {
    const name = uniqueName('gridsight_bench_live')
    const url = await createDatabase(base, name)
    const a = await connect({ databaseUrl: url })
    await migrateToLatest(a.db)
    const b = await connect({ databaseUrl: url })
    try {
      rows.push(await measure(out, 'PostgreSQL (two pools)', a, b))
    } finally {
      await a.close()
      await b.close()
      await dropDatabase(base, name)
    }
  }
  out()
  out('Cost of recordEvent (advisory ordering lock + insert + NOTIFY) against a plain insert, one transaction each:')
  out()
  out(HEADER)
  for (const r of rows) out(r)
  out()
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await benchLive((s = '') => console.log(s))
}
