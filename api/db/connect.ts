import { mkdirSync } from 'node:fs'
import { PGlite } from '@electric-sql/pglite'
import { Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import type { Database } from './database.ts'
import { listenPostgres } from '../events/pg-listener.ts'
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
  /**
   * LISTEN on a channel: `onNotify(payload)` for every NOTIFY, delivered once its transaction
   * commits (never on rollback). PostgreSQL: a dedicated connection that reconnects; embedded
   * PGlite: in process. `onConnect` runs after each (re)connection so the caller can catch up.
   * Returns a stop function; close() stops every listener too.
   */
  listen: Listen
}

export type Listen = (channel: string, onNotify: (payload: string) => void, onConnect?: () => void) => Promise<() => Promise<void>>

/** Remembers stop functions so close() ends dedicated listener connections too. */
function listeners() {
  const stops = new Set<() => Promise<void>>()
  return {
    add(stop: () => Promise<void>) {
      const once = async () => {
        if (stops.delete(once)) await stop()
      }
      stops.add(once)
      return once
    },
    stopAll: () => Promise.all([...stops].map((stop) => stop())),
  }
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
  const live = listeners()
  return {
    db,
    engine: 'pglite',
    location: dataDir ?? 'memory',
    async close() {
      await live.stopAll()
      await db.destroy()
    },
    // LISTEN through the connection lock, so it never lands inside another borrower's transaction.
    listen: (channel, onNotify, onConnect) =>
      db.connection().execute(async () => {
        const unlisten = await client.listen(channel, onNotify)
        onConnect?.()
        return live.add(() => db.connection().execute(() => unlisten()))
      }),
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
  const live = listeners()
  return {
    db,
    engine: 'postgres',
    location: redact(url),
    async close() {
      await live.stopAll()
      await db.destroy()
    },
    listen: async (channel, onNotify, onConnect) => live.add(await listenPostgres(url, channel, onNotify, onConnect)),
  }
}

export function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@')
}
