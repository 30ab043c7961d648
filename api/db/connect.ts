import { mkdirSync } from 'node:fs'
import { PGlite } from '@electric-sql/pglite'
import { Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import type { Database } from './database.ts'
import { PGliteDialect } from './pglite-dialect.ts'

export type Engine = 'pglite' | 'postgres'

export interface DatabaseHandle {
  db: Kysely<Database>
  engine: Engine
  /** where the data lives, for logs: a folder or the server URL without its password */
  location: string
  close(): Promise<void>
  /** embedded only: the whole database as a tarball (tests clone a loaded template from it) */
  dumpDataDir?: () => Promise<Blob>
}

export interface ConnectOptions {
  /** postgres://… — use a PostgreSQL server instead of the embedded database */
  databaseUrl?: string
  /** folder for the embedded database; omitted = in memory */
  dataDir?: string
  /** an embedded database from a dump (tests clone a loaded template this way) */
  loadDataDir?: Blob
}

const INT8_OID = 20

/** Opens the database the configuration names: a PostgreSQL server, else embedded PGlite. */
export async function connect(options: ConnectOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) return connectPostgres(options.databaseUrl)
  return connectPGlite(options.dataDir, options.loadDataDir)
}

async function connectPGlite(dataDir?: string, loadDataDir?: Blob): Promise<DatabaseHandle> {
  if (dataDir) mkdirSync(dataDir, { recursive: true })
  const client = await PGlite.create(dataDir, loadDataDir ? { loadDataDir } : {})
  // Timestamps rendered in SQL (json_build_object) read the same on both engines.
  await client.exec(`set timezone = 'UTC'`)
  const db = new Kysely<Database>({ dialect: new PGliteDialect(client) })
  return {
    db,
    engine: 'pglite',
    location: dataDir ?? 'memory',
    close: () => db.destroy(),
    dumpDataDir: () => client.dumpDataDir('none'),
  }
}

async function connectPostgres(url: string): Promise<DatabaseHandle> {
  // Counts come back as int8; make them numbers as PGlite does, so both engines agree.
  const types = {
    getTypeParser(oid: number, format?: 'text' | 'binary') {
      if (oid === INT8_OID) return (value: string) => Number(value)
      return pg.types.getTypeParser(oid, format)
    },
  }
  const pool = new pg.Pool({ connectionString: url, max: 10, types, options: '-c timezone=UTC' })
  // An idle connection the server drops (restart, failover) must not take the process down.
  pool.on('error', (error) => console.warn(`[db] idle PostgreSQL connection lost: ${error.message}`))
  // Fail fast with a clear message rather than on the first request.
  const client = await pool.connect().catch((error: Error) => {
    throw new Error(`cannot connect to PostgreSQL at ${redact(url)}: ${error.message}`)
  })
  client.release()
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
  return { db, engine: 'postgres', location: redact(url), close: () => db.destroy() }
}

export function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@')
}
