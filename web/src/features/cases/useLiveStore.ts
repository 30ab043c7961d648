/**
 * The live connection: one EventSource on /api/events for the whole app. The browser reconnects
 * by itself and sends Last-Event-ID, so the server replays what was missed; when the browser
 * gives up (the stream answered an error), we reopen it after a backoff with `?lastEventId=`.
 * Stores subscribe with `onEvent`; the top bar shows `state`.
 */
import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { LiveEvent } from './model'

export type LiveState = 'idle' | 'connecting' | 'live' | 'reconnecting' | 'offline'

type Listener = (event: LiveEvent) => void

export const useLiveStore = defineStore('live', () => {
  const state = ref<LiveState>('idle')
  const lastEventId = ref<string>('')
  const received = ref(0)
  const listeners = new Set<Listener>()
  let source: EventSource | null = null
  let retryTimer: ReturnType<typeof setTimeout> | null = null
  let backoff = 1000

  function open(): void {
    if (typeof EventSource === 'undefined') {
      state.value = 'offline'
      return
    }
    close(false)
    state.value = state.value === 'live' || state.value === 'reconnecting' ? 'reconnecting' : 'connecting'
    const url = lastEventId.value ? `/api/events?lastEventId=${encodeURIComponent(lastEventId.value)}` : '/api/events'
    const es = (source = new EventSource(url, { withCredentials: true }))
    es.addEventListener('ready', (e) => {
      lastEventId.value = (e as MessageEvent).lastEventId || lastEventId.value
      state.value = 'live'
      backoff = 1000
    })
    es.onmessage = (e) => {
      if (e.lastEventId) lastEventId.value = e.lastEventId
      let event: LiveEvent
      try {
        event = JSON.parse(e.data)
      } catch {
        return
      }
      received.value++
      for (const fn of listeners) fn(event)
    }
    es.onerror = () => {
      if (source !== es) return
      if (es.readyState === EventSource.CLOSED) {
        // the browser gave up (e.g. the server answered 5xx or 401): try again ourselves
        state.value = 'reconnecting'
        retryTimer = setTimeout(open, backoff)
        backoff = Math.min(backoff * 2, 30_000)
      } else {
        state.value = 'reconnecting' // the browser retries on its own with Last-Event-ID
      }
    }
  }

  function close(final = true): void {
    if (retryTimer) clearTimeout(retryTimer)
    retryTimer = null
    source?.close()
    source = null
    if (final) state.value = 'idle'
  }

  /** Calls fn for every event from now on; returns the unsubscribe function. */
  function onEvent(fn: Listener): () => void {
    listeners.add(fn)
    return () => listeners.delete(fn)
  }

  return { state, lastEventId, received, open, close, onEvent }
})
