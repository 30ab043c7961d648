import { sql, type Kysely, type Transaction } from 'kysely'
import type { Database } from '../db/database.ts'

/** The NOTIFY channel every API process listens on; the payload is the event id. */
export const EVENTS_CHANNEL = 'gridsight_events'

/**
 * Transaction-level advisory lock key that makes event ids commit in ascending order: a
 * transaction takes it before drawing its id and holds it until it commits or rolls back, so
 * no event with a smaller id can become visible after a larger one. That is what makes
 * `Last-Event-ID` replay (`id > last`) exact. Call recordEvent last in your transaction.
 */
const ORDER_LOCK = 0x67726964 // 'grid'

export type EventType = 'case.created' | 'case.transitioned' | 'case.overdue' | 'case.updated' | (string & {})

export interface EventInput {
  type: EventType
  issueId: number | null
  /** grid ids from level 0 to level 3 of the case: who may read the event is decided on it */
  gridPath: number[]
  payload?: Record<string, unknown>
}

/**
 * Records an event inside the caller's transaction. Nothing is announced unless it commits:
 * PostgreSQL delivers `pg_notify` on commit (and drops it on rollback) — on a server to every
 * process that LISTENs, on embedded PGlite to the in-process listener. Returns the event id.
 */
export async function recordEvent(trx: Kysely<Database> | Transaction<Database>, input: EventInput): Promise<number> {
  if (!trx.isTransaction) return trx.transaction().execute((t) => recordEvent(t, input))
  if (!input.type) throw new Error('recordEvent: type is required')
  await sql`select pg_advisory_xact_lock(${ORDER_LOCK})`.execute(trx)
  const row = await trx
    .insertInto('events')
    .values({
      type: input.type,
      issue_id: input.issueId,
      grid_path: input.gridPath,
      payload: JSON.stringify(input.payload ?? {}),
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  const id = Number(row.id)
  await sql`select pg_notify(${EVENTS_CHANNEL}, ${String(id)})`.execute(trx)
  return id
}
