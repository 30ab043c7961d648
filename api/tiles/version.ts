/** What the tile cache keys start with (api/tiles/cache.ts), and which encoder a database gets. */
import { sql, type Kysely } from 'kysely'
import type { Engine } from '../db/connect.ts'
import type { Database } from '../db/database.ts'
import type { Tiler } from './cases.ts'

/**
 * The cases' data version: the newest live-event id (every lifecycle step and the overdue sweep
 * record one, api/events/record.ts) and the newest case id (a report adds one). Two index
 * lookups; exact across API processes since event ids commit in ascending order.
 */
export async function casesVersion(db: Kysely<Database>): Promise<string> {
  const { rows } = await sql<{ e: string | number; i: string | number }>`select
    (select coalesce(max(id), 0) from events) as e, (select coalesce(max(id), 0) from issues) as i`.execute(db)
  return `${rows[0].e}.${rows[0].i}`
}

/** The grids' version: their number, newest id and summed bounding boxes (a redrawn grid moves its box). */
export async function gridsVersion(db: Kysely<Database>): Promise<string> {
  const { rows } = await sql<{ v: string }>`select concat_ws('.', count(*), max(id), sum(minx + miny + maxx + maxy)) as v from grids`.execute(db)
  return rows[0].v
}

const tilers = new WeakMap<Kysely<Database>, Promise<Tiler>>()

/**
 * PostGIS's ST_AsMVT when the database has PostGIS (the migration 2026_11_23_0150_tiles_postgis
 * creates it where the server offers it), else the JS encoder. GRIDSIGHT_TILER=js|postgis forces one.
 */
export function tilerFor(db: Kysely<Database>, engine: Engine): Promise<Tiler> {
  const forced = process.env.GRIDSIGHT_TILER
  if (forced === 'js' || forced === 'postgis') return Promise.resolve(forced)
  if (engine === 'pglite') return Promise.resolve('js')
  let tiler = tilers.get(db)
  if (!tiler) {
    tiler = sql<{ ok: boolean }>`select exists (select 1 from pg_extension where extname = 'postgis') as ok`
      .execute(db)
      .then(({ rows }) => (rows[0]?.ok ? 'postgis' : 'js') as Tiler)
    tilers.set(db, tiler)
  }
  return tiler
}
