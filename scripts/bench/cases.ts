/**
 * Case histories in the demo load (issue 4, "the demo district's 12 months of issues become
 * cases"): what building and inserting ~170k update rows adds to loading the demo, and the
 * JSON-recordset insert against the multi-row VALUES insert every other table uses.
 *
 *   npx tsx scripts/bench/cases.ts                      (embedded PGlite)
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx scripts/bench/cases.ts
 */
import { pathToFileURL } from 'node:url'
import { sql } from 'kysely'
import { connect, type DatabaseHandle } from '../../api/db/connect.ts'
import { migrateToLatest } from '../../api/db/migrate.ts'
import { insertInBatches } from '../../api/demo/batch.ts'
import { insertUpdates } from '../../api/demo/histories.ts'
import { DEMO_DIR, loadDemo } from '../../api/demo/load.ts'
import { syncCategories } from '../../api/issues/reference.ts'
import { createDatabase, dropDatabase, uniqueName } from '../../tests/support/scratch-db.ts'
import { buildHistories } from '../demo/histories.ts'
import { generateIssues } from '../demo/issues.ts'
import { DEMO_SEED, loadDemoLayers } from '../demo/layers.ts'
import { HEADER, fmt, row, time } from './measure.ts'

type Out = (s?: string) => void

export async function benchCases(out: Out) {
  const baseUrl = process.env.DATABASE_URL
  let handle: DatabaseHandle
  let cleanup = async () => {}
  if (baseUrl) {
    const name = uniqueName('gridsight_bench_cases')
    handle = await connect({ databaseUrl: await createDatabase(baseUrl, name) })
    cleanup = () => dropDatabase(baseUrl, name)
  } else handle = await connect({})
  const engine = baseUrl ? 'PostgreSQL' : 'PGlite'
  try {
    await migrateToLatest(handle.db)
    await syncCategories(handle.db)
    const now = new Date()
    const t0 = performance.now()
    await loadDemo(handle.db, { now, log: () => {} })
    const loadMs = performance.now() - t0

    const layers = loadDemoLayers(DEMO_DIR)
    const issues = generateIssues(layers, { seed: DEMO_SEED, now })
    let updates = buildHistories(issues, { seed: DEMO_SEED, now }).updates
    const build = await time(`buildHistories (${issues.length} cases → ${updates.length} updates)`, () => (updates = buildHistories(issues, { seed: DEMO_SEED, now }).updates), { runs: 3, warmup: 1 })
    const clear = () => sql`truncate issue_updates`.execute(handle.db)
    const rows = updates.map((u) => ({
      issue_id: u.issueId,
      seq: u.seq,
      actor_id: u.actor.id,
      actor_name: u.actor.name,
      actor_role: u.actor.role,
      at: u.at,
      from_status: u.from,
      to_status: u.to,
      action: u.action,
      note: u.note,
      details: u.details === null ? null : JSON.stringify(u.details),
    }))
    const viaJson = await time(`${engine}: insertUpdates, jsonb_to_recordset in 20k-row chunks`, async () => {
      await clear()
      await handle.db.transaction().execute((trx) => insertUpdates(trx, updates))
    }, { runs: 3, warmup: 1 })
    const viaValues = await time(`${engine}: insertInBatches, multi-row VALUES`, async () => {
      await clear()
      await handle.db.transaction().execute((trx) => insertInBatches(trx, 'issue_updates', rows))
    }, { runs: 3, warmup: 1 })
    out(`### cases: demo histories on ${engine}`)
    out()
    out(HEADER)
    out(row(viaJson, viaValues))
    out(`| ${build.name} | ${fmt(build.medianMs)} | | | |`)
    out()
    const added = build.medianMs + viaJson.medianMs
    out(`Whole demo load on ${engine}: ${fmt(loadMs)}, of which case histories ≈ ${fmt(added)} (${((100 * added) / loadMs).toFixed(0)} %: build + insert).`)
    out()
  } finally {
    await handle.close()
    await cleanup()
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await benchCases((s = '') => console.log(s))
