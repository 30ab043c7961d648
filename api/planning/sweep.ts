/**
 * The planning sweep: a timer in every API process puts change sets in force once their effective
 * date (China date) has come. Exactly once: applyDueChangeSets re-checks applied_at under the
 * planning lock, so two processes never apply the same change set twice. `now` is injectable so
 * tests drive the clock (as the overdue sweep's is).
 */
import type { Kysely } from 'kysely'
import type { Database } from '../db/database.ts'
import { applyDueChangeSets } from './service.ts'

export function startPlanningSweep(
  db: Kysely<Database>,
  options: { intervalMs?: number; now?: () => Date; onApplied?: (ids: number[]) => void; onError?: (e: unknown) => void } = {},
) {
  const { intervalMs = 60_000, now = () => new Date(), onApplied, onError = (e) => console.error('[planning] sweep failed:', e) } = options
  let running: Promise<number[]> | null = null
  const tick = () => {
    running ??= applyDueChangeSets(db, now())
      .then((ids) => {
        if (ids.length) onApplied?.(ids)
        return ids
      })
      .catch((e) => {
        onError(e)
        return []
      })
      .finally(() => {
        running = null
      })
    return running
  }
  const timer = setInterval(tick, intervalMs)
  timer.unref?.()
  return { tick, stop: () => clearInterval(timer) }
}
