import pg from 'pg'

export interface ListenerOptions {
  /** first reconnect delay; doubles up to maxDelayMs */
  minDelayMs?: number
  maxDelayMs?: number
  log?: (line: string) => void
}

/**
 * A dedicated PostgreSQL connection that LISTENs on one channel and reconnects when the
 * connection is lost (server restart, network, idle kill). Notifications sent while it was
 * away are not queued by PostgreSQL, so `onConnect` runs after every (re)connection: the caller
 * catches up from its table there. Resolves once the first LISTEN is in place.
 */
export async function listenPostgres(
  url: string,
  channel: string,
  onNotify: (payload: string) => void,
  onConnect: () => void = () => {},
  options: ListenerOptions = {},
): Promise<() => Promise<void>> {
  const minDelay = options.minDelayMs ?? 200
  const maxDelay = options.maxDelayMs ?? 5000
  const log = options.log ?? ((line) => console.warn(line))
  let client: pg.Client | null = null
  let stopped = false
  let delay = minDelay
  let timer: NodeJS.Timeout | null = null

  const scheduleReconnect = (reason: string) => {
    if (stopped || timer) return
    log(`[events] LISTEN connection lost (${reason}); reconnecting in ${delay} ms`)
    timer = setTimeout(() => {
      timer = null
      open().catch((error: Error) => scheduleReconnect(error.message))
    }, delay)
    delay = Math.min(delay * 2, maxDelay)
  }

  async function open() {
    const c = new pg.Client({ connectionString: url, keepAlive: true })
    client = c
    let lost = false
    const onLost = (reason: string) => {
      if (lost || client !== c) return
      lost = true
      client = null
      c.end().catch(() => {})
      scheduleReconnect(reason)
    }
    c.on('notification', (message) => {
      if (message.channel === channel) onNotify(message.payload ?? '')
    })
    c.on('error', (error) => onLost(error.message))
    c.on('end', () => onLost('connection ended'))
    try {
      await c.connect()
      await c.query(`listen "${channel.replace(/"/g, '""')}"`)
    } catch (error) {
      if (client === c) client = null
      lost = true
      c.end().catch(() => {})
      throw error
    }
    if (stopped) {
      await c.end().catch(() => {})
      return
    }
    delay = minDelay
    onConnect()
  }

  await open()
  return async () => {
    stopped = true
    if (timer) clearTimeout(timer)
    const c = client
    client = null
    await c?.end().catch(() => {})
  }
}
