/**
 * A minimal text/event-stream reader for tests: parses messages (event, id, data) and comment
 * lines from a response body, as EventSource would.
 */
export interface SseMessage {
  event: string
  id: string | undefined
  data: string
}

export function readSse(body: ReadableStream<Uint8Array>) {
  const reader = body.getReader()
  const decoder = new TextDecoder()
  let text = ''
  const queue: SseMessage[] = []
  const comments: string[] = []
  let waiting: ((m: SseMessage) => void) | null = null
  let failed: Error | null = null
  let failWaiter: ((e: Error) => void) | null = null

  const parse = () => {
    let end: number
    while ((end = text.indexOf('\n\n')) >= 0) {
      const block = text.slice(0, end)
      text = text.slice(end + 2)
      const message: SseMessage = { event: 'message', id: undefined, data: '' }
      const data: string[] = []
      let any = false
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) {
          comments.push(line.slice(1).trim())
          continue
        }
        const colon = line.indexOf(':')
        const field = colon < 0 ? line : line.slice(0, colon)
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '')
        if (field === 'event') message.event = value
        else if (field === 'id') message.id = value
        else if (field === 'data') data.push(value)
        else continue
        any = true
      }
      if (!any) continue
      message.data = data.join('\n')
      const w = waiting as ((m: SseMessage) => void) | null
      if (w) {
        waiting = null
        failWaiter = null
        w(message)
      } else queue.push(message)
    }
  }
  const pump = (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read()
        if (done) break
        text += decoder.decode(value, { stream: true })
        parse()
      }
      throw new Error('stream ended')
    } catch (error) {
      failed = error as Error
      ;(failWaiter as ((e: Error) => void) | null)?.(failed)
    }
  })()

  return {
    comments,
    /** the next message; rejects after `ms` without one */
    next(ms = 5000): Promise<SseMessage> {
      const queued = queue.shift()
      if (queued) return Promise.resolve(queued)
      if (failed) return Promise.reject(failed)
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting = null
          reject(new Error(`no SSE message within ${ms} ms`))
        }, ms)
        waiting = (m) => {
          clearTimeout(timer)
          resolve(m)
        }
        failWaiter = (e) => {
          clearTimeout(timer)
          reject(e)
        }
      })
    },
    /** messages already received and not yet taken */
    pending: () => queue.splice(0),
    async close() {
      await reader.cancel().catch(() => {})
      await pump
    },
  }
}
