import { sql, type Kysely } from 'kysely'
import type { Listen } from '../db/connect.ts'
import type { Database } from '../db/database.ts'
import { EVENTS_CHANNEL } from './record.ts'

/** An event as streamed: the row plus the case's category and department (who may read it depends on them). */
export interface LiveEvent {
  id: number
  type: string
  issueId: number | null
  gridPath: number[]
  category: string | null
  /** the department the case is dispatched to now (a department reads those too) */
  department: string | null
  payload: Record<string, unknown>
  at: string
}

type Subscriber = (event: LiveEvent) => void

const PAGE = 500

/**
 * One per API process: LISTENs once on the events channel and fans new events out to every
 * SSE client of this process. A notification is only a wake-up; the table is the truth — on
 * each wake-up (and after every listener reconnection) the hub reads `id > lastId` in id order,
 * so a lost or coalesced notification never loses an event. Ids commit in ascending order
 * (record.ts), so `id > lastId` is exact.
 */
export class EventHub {
  private lastId = 0
  private started: Promise<void> | null = null
  private stopListening: (() => Promise<void>) | null = null
  private readonly subscribers = new Set<Subscriber>()
  private fetching = false
  private again = false
  private closed = false
  /** for tests and logs: notifications received, reads done */
  readonly stats = { notifications: 0, reads: 0, delivered: 0 }

  constructor(
    private readonly db: Kysely<Database>,
    private readonly listen: Listen,
  ) {}

  /** Starts listening (once); resolves when the LISTEN is in place. */
  start(): Promise<void> {
    this.started ??= (async () => {
      this.lastId = await latestEventId(this.db)
      this.stopListening = await this.listen(
        EVENTS_CHANNEL,
        () => {
          this.stats.notifications++
          this.wake()
        },
        () => this.wake(),
      )
    })()
    return this.started
  }

  /** Adds a subscriber for events committed from now on; returns the unsubscribe function. */
  subscribe(fn: Subscriber): () => void {
    this.subscribers.add(fn)
    return () => this.subscribers.delete(fn)
  }

  get subscriberCount() {
    return this.subscribers.size
  }

  /** Reads and fans out everything after lastId; concurrent wake-ups coalesce into one more read. */
  wake(): void {
    if (this.closed) return
    if (this.fetching) {
      this.again = true
      return
    }
    this.fetching = true
    void (async () => {
      try {
        do {
          this.again = false
          for (;;) {
            const page = await readEventsAfter(this.db, this.lastId, PAGE)
            this.stats.reads++
            for (const event of page) {
              this.lastId = event.id
              for (const fn of this.subscribers) {
                this.stats.delivered++
                try {
                  fn(event)
                } catch (error) {
                  console.warn(`[events] subscriber failed: ${(error as Error).message}`)
                }
              }
            }
            if (page.length < PAGE) break
          }
        } while (this.again && !this.closed)
      } catch (error) {
        if (!this.closed) console.warn(`[events] reading new events failed: ${(error as Error).message}`)
      } finally {
        this.fetching = false
      }
    })()
  }

  async close(): Promise<void> {
    this.closed = true
    this.subscribers.clear()
    await this.started?.catch(() => {})
    await this.stopListening?.()
  }
}

export async function latestEventId(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom('events').select(sql<number>`coalesce(max(id), 0)`.as('id')).executeTakeFirstOrThrow()
  return Number(row.id)
}

/** Events with id > after, oldest first, at most `limit`, each with its case's category. */
export async function readEventsAfter(db: Kysely<Database>, after: number, limit: number): Promise<LiveEvent[]> {
  const rows = await db
    .selectFrom('events as e')
    .leftJoin('issues as i', 'i.id', 'e.issue_id')
    .select([
      'e.id',
      'e.type',
      'e.issue_id',
      'e.grid_path',
      'e.payload',
      sql<string>`to_char(e.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`.as('at'),
      'i.category',
      'i.department',
    ])
    .where('e.id', '>', after)
    .orderBy('e.id')
    .limit(limit)
    .execute()
  return rows.map((r) => ({
    id: Number(r.id),
    type: r.type,
    issueId: r.issue_id,
    gridPath: r.grid_path,
    category: r.category ?? null,
    department: r.department ?? null,
    payload: r.payload,
    at: r.at,
  }))
}
