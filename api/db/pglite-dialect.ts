import type { PGlite } from '@electric-sql/pglite'
import {
  CompiledQuery,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
} from 'kysely'

/**
 * Kysely dialect for embedded PGlite.
 *
 * PGlite is a single connection. Kysely's transactions assume a connection of their own, so the
 * driver hands out that one connection to one borrower at a time (a FIFO lock): a transaction
 * in one request never sees statements of another interleaved into it, as with a real pool.
 */
export class PGliteDialect implements Dialect {
  constructor(private readonly client: PGlite) {}
  createAdapter() {
    return new PostgresAdapter()
  }
  createDriver(): Driver {
    return new PGliteDriver(this.client)
  }
  createIntrospector(db: Kysely<any>) {
    return new PostgresIntrospector(db)
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler()
  }
}

class PGliteDriver implements Driver {
  private queue: Promise<void> = Promise.resolve()
  private release: (() => void) | null = null
  private readonly connection: PGliteConnection

  constructor(private readonly client: PGlite) {
    this.connection = new PGliteConnection(client)
  }

  async init() {}

  async acquireConnection(): Promise<DatabaseConnection> {
    const previous = this.queue
    let unlock!: () => void
    this.queue = new Promise<void>((resolve) => (unlock = resolve))
    await previous
    this.release = unlock
    return this.connection
  }

  async releaseConnection() {
    const unlock = this.release
    this.release = null
    unlock?.()
  }

  async beginTransaction(conn: DatabaseConnection) {
    await conn.executeQuery(CompiledQuery.raw('begin'))
  }
  async commitTransaction(conn: DatabaseConnection) {
    await conn.executeQuery(CompiledQuery.raw('commit'))
  }
  async rollbackTransaction(conn: DatabaseConnection) {
    await conn.executeQuery(CompiledQuery.raw('rollback'))
  }
  async destroy() {
    if (!this.client.closed) await this.client.close()
  }
}

class PGliteConnection implements DatabaseConnection {
  constructor(private readonly client: PGlite) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const result = await this.client.query<R>(query.sql, [...query.parameters])
    const affected = result.affectedRows ?? 0
    const mutates = /^\s*(insert|update|delete|merge)/i.test(query.sql)
    return {
      rows: result.rows,
      ...(mutates ? { numAffectedRows: BigInt(affected) } : {}),
    }
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('PGlite does not support streaming queries')
  }
}
