import type { Kysely } from 'kysely'
import type { Database } from '../db/database.ts'
import { latestEventId, readEventsAfter, type EventHub, type LiveEvent } from './hub.ts'

export interface StreamOptions {
  /** Last-Event-ID: replay every readable event after it first; null = only new events */
  after: number | null
  /** whether this client may read the event (grid scope, department categories) */
  canRead: (event: LiveEvent) => boolean
  heartbeatMs: number
  /** what EventSource waits before reconnecting */
  retryMs?: number
}

const PAGE = 500
const encoder = new TextEncoder()

export function formatEvent(event: LiveEvent): string {
  return `id: ${event.id}\ndata: ${JSON.stringify(event)}\n\n`
}

/**
 * An SSE body for one client. It subscribes to the hub before it replays from the table, and
 * buffers live events during the replay; every event passes one cursor (`id > cursor`), so the
 * client gets each readable event exactly once, in id order, with no gap between replay and live.
 * The first message is `event: ready` with the cursor as its id, so even a client that has seen
 * nothing yet resumes from the right place.
 */
export async function openEventStream(db: Kysely<Database>, hub: EventHub, options: StreamOptions): Promise<ReadableStream<Uint8Array>> {
  await hub.start()
  let cursor = options.after ?? (await latestEventId(db))
  let replaying = true
  let closed = false
  const buffered: LiveEvent[] = []
  let controller!: ReadableStreamDefaultController<Uint8Array>
  let heartbeat: NodeJS.Timeout | null = null

  const write = (text: string) => {
    if (closed) return
    try {
      controller.enqueue(encoder.encode(text))
    } catch {
      stop()
    }
  }
  const send = (event: LiveEvent) => {
    if (event.id <= cursor) return
    cursor = event.id
    if (options.canRead(event)) write(formatEvent(event))
  }
  const unsubscribe = hub.subscribe((event) => (replaying ? buffered.push(event) : send(event)))
  const stop = () => {
    if (closed) return
    closed = true
    unsubscribe()
    if (heartbeat) clearInterval(heartbeat)
  }

  return new ReadableStream<Uint8Array>({
    async start(c) {
      controller = c
      write(`retry: ${options.retryMs ?? 2000}\nevent: ready\nid: ${cursor}\ndata: ${JSON.stringify({ lastEventId: cursor })}\n\n`)
      try {
        for (;;) {
          const page = await readEventsAfter(db, cursor, PAGE)
          for (const event of page) send(event)
          if (page.length < PAGE || closed) break
        }
      } catch (error) {
        stop()
        controller.error(error)
        return
      }
      replaying = false
      for (const event of buffered.splice(0)) send(event)
      heartbeat = setInterval(() => write(`: ping ${Date.now()}\n\n`), options.heartbeatMs)
      heartbeat.unref?.()
    },
    cancel() {
      stop()
    },
  })
}
