/**
 * The tiles bench's data: 1,000,000 case points over the L workload (scripts/bench/workloads.ts
 * has buildings and grids but no cases), seeded, loaded once into a bench database per engine
 * and kept for the next run:
 *   PGlite      `$GRIDSIGHT_BENCH_DIR/tiles-pglite` (default /tmp/gridsight-bench) — batched inserts,
 *               20,000 rows per statement through json_populate_recordset
 *   PostgreSQL  database `gridsight_bench_tiles` on DATABASE_URL's server — COPY from a CSV file
 *               (the server reads it: same machine, superuser)
 * Each case sits within ±15 m of a building drawn at random (cases concentrate where people
 * live, as in the demo), in that building's level-3 grid; a year of reports, ~22 % still open.
 */
import { createWriteStream, mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { once } from 'node:events'
import { sql, type Kysely } from 'kysely'
import { connect, type DatabaseHandle } from '../../api/db/connect.ts'
import type { Database } from '../../api/db/database.ts'
import { migrateToLatest } from '../../api/db/migrate.ts'
import { gridPaths, gridRow } from '../../api/demo/rows.ts'
import { syncCategories } from '../../api/issues/reference.ts'
import { CATEGORIES } from '../../api/issues/categories.ts'
import { createDatabase, databaseUrl } from '../../tests/support/scratch-db.ts'
import { createRng } from '../demo/random.ts'
import { loadWorkload, type Workload } from './workloads.ts'

export const CASE_COUNT = Number(process.env.GRIDSIGHT_BENCH_CASES ?? 1_000_000)
const BENCH_DIR = process.env.GRIDSIGHT_BENCH_DIR ?? '/tmp/gridsight-bench'
const PG_DB = 'gridsight_bench_tiles'
const DAY = 86_400_000
const OPEN_STATES = ['reported', 'accepted', 'opened', 'dispatched', 'handling', 'feedback', 'verified']

const log = (msg: string) => process.stderr.write(`[tiles] ${msg}\n`)

/** One case as a CSV line (columns of COLUMNS). */
const COLUMNS = ['id', 'category', 'description', 'status', 'source', 'lon', 'lat', 'grid_id', 'grid_path', 'reported_at', 'deadline_at', 'closed_at']

function* generateCases(w: Workload, paths: Map<number, number[]>, now: number) {
  const rng = createRng(w.seed, 'bench:tiles:cases')
  const b = w.buildings
  for (let id = 1; id <= CASE_COUNT; id++) {
    const k = Math.floor(rng() * b.count)
    const lon = b.lon[k] + (rng() - 0.5) * 0.0003
    const lat = b.lat[k] + (rng() - 0.5) * 0.00027
    const category = CATEGORIES[Math.floor(rng() * CATEGORIES.length)].code
    const reported = now - rng() * 365 * DAY
    const deadline = reported + (1 + Math.floor(rng() * 15)) * DAY
    const open = rng() < 0.22
    const status = open ? OPEN_STATES[Math.floor(rng() * OPEN_STATES.length)] : 'closed'
    const closed = open ? null : Math.min(now, reported + rng() * 20 * DAY)
    yield [id, category, '基准测试案件', status, 'bench', lon, lat, b.gridId[k], paths.get(b.gridId[k])!, reported, deadline, closed] as const
  }
}

async function insertGrids(db: Kysely<Database>, w: Workload) {
  const grids = [...(await w.grids())].sort((a, b) => a.properties.level - b.properties.level || a.properties.id - b.properties.id)
  const paths = gridPaths(grids)
  for (let i = 0; i < grids.length; i += 500) await db.insertInto('grids').values(grids.slice(i, i + 500).map((g) => gridRow(g, paths))).execute()
  return paths
}

const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString())

async function loadPglite(h: DatabaseHandle, w: Workload, paths: Map<number, number[]>, now: number) {
  let batch: Record<string, unknown>[] = []
  const flush = async () => {
    await sql`insert into issues (${sql.join(COLUMNS.map((c) => sql.ref(c)))})
      select ${sql.join(COLUMNS.map((c) => sql.ref(c)))} from json_populate_recordset(null::issues, ${JSON.stringify(batch)}::json)`.execute(h.db)
    batch = []
  }
  for (const c of generateCases(w, paths, now)) {
    batch.push({ id: c[0], category: c[1], description: c[2], status: c[3], source: c[4], lon: c[5], lat: c[6], grid_id: c[7], grid_path: c[8], reported_at: iso(c[9]), deadline_at: iso(c[10]), closed_at: iso(c[11]) })
    if (batch.length === 20_000) {
      await flush()
      if (c[0] % 200_000 === 0) log(`  pglite ${c[0].toLocaleString('en')} cases…`)
    }
  }
  if (batch.length) await flush()
}

async function loadPostgres(h: DatabaseHandle, w: Workload, paths: Map<number, number[]>, now: number) {
  mkdirSync(BENCH_DIR, { recursive: true })
  const file = join(BENCH_DIR, 'cases.csv')
  const out = createWriteStream(file)
  for (const c of generateCases(w, paths, now)) {
    const line = `${c[0]},${c[1]},${c[2]},${c[3]},${c[4]},${c[5]},${c[6]},${c[7]},"{${c[8].join(',')}}",${iso(c[9])},${iso(c[10])},${iso(c[11]) ?? ''}\n`
    if (!out.write(line)) await once(out, 'drain')
  }
  out.end()
  await once(out, 'finish')
  await sql`copy issues (${sql.join(COLUMNS.map((c) => sql.ref(c)))}) from ${sql.lit(file)} with (format csv)`.execute(h.db)
  rmSync(file)
}

/** Opens the engine's bench database, loading the L grids and 1M cases first if it has not got them. */
export async function openBenchDatabase(engine: 'pglite' | 'postgres'): Promise<DatabaseHandle> {
  const baseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
  let h: DatabaseHandle
  if (engine === 'postgres') {
    try {
      h = await connect({ databaseUrl: databaseUrl(baseUrl, PG_DB) })
      await sql`select 1`.execute(h.db)
    } catch {
      await createDatabase(baseUrl, PG_DB)
      h = await connect({ databaseUrl: databaseUrl(baseUrl, PG_DB) })
    }
  } else {
    h = await connect({ dataDir: join(BENCH_DIR, 'tiles-pglite') })
  }
  await migrateToLatest(h.db)
  const have = (await sql<{ n: number }>`select count(*)::int as n from issues`.execute(h.db)).rows[0].n
  if (have === CASE_COUNT) return h
  if (have !== 0) throw new Error(`bench database ${h.location} holds ${have} cases, expected 0 or ${CASE_COUNT}: remove it`)
  const w = await loadWorkload('L')
  const t0 = performance.now()
  await syncCategories(h.db)
  const paths = await insertGrids(h.db, w)
  const now = Date.now()
  if (engine === 'postgres') await loadPostgres(h, w, paths, now)
  else await loadPglite(h, w, paths, now)
  await sql`analyze issues`.execute(h.db)
  log(`${engine}: loaded ${CASE_COUNT.toLocaleString('en')} cases and ${paths.size.toLocaleString('en')} grids in ${((performance.now() - t0) / 1000).toFixed(0)} s`)
  return h
}

