import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/database.ts'

/**
 * Lock-out: after 5 failed logins for one username, or 20 from one IP address, within
 * 15 minutes, further attempts are refused with 429 until the oldest failure leaves the window.
 * Attempts refused by the lock are not counted (so Retry-After holds).
 */
export const LOCKOUT = { windowMs: 15 * 60_000, perUsername: 5, perIp: 20 }

export interface LockState {
  locked: boolean
  /** seconds until an attempt may be made again */
  retryAfter: number
  by: 'username' | 'ip' | null
}

async function failures(db: Kysely<Database>, column: 'username' | 'ip', value: string, since: Date) {
  const row = await db
    .selectFrom('login_attempts')
    .select([sql<number>`count(*)::int`.as('n'), sql<Date | null>`min(at)`.as('oldest')])
    .where(column, '=', value)
    .where('success', '=', false)
    .where('at', '>', since)
    .executeTakeFirstOrThrow()
  return row
}

/** Failures count only since the last successful login of that username. */
export async function lockState(db: Kysely<Database>, username: string, ip: string, now = new Date()): Promise<LockState> {
  const windowStart = new Date(now.getTime() - LOCKOUT.windowMs)
  const lastSuccess = await db
    .selectFrom('login_attempts')
    .select(sql<Date | null>`max(at)`.as('at'))
    .where('username', '=', username)
    .where('success', '=', true)
    .where('at', '>', windowStart)
    .executeTakeFirst()
  const userSince = lastSuccess?.at && new Date(lastSuccess.at) > windowStart ? new Date(lastSuccess.at) : windowStart
  const checks: [LockState['by'] & string, number, Awaited<ReturnType<typeof failures>>][] = [
    ['username', LOCKOUT.perUsername, await failures(db, 'username', username, userSince)],
    ['ip', LOCKOUT.perIp, await failures(db, 'ip', ip, windowStart)],
  ]
  for (const [by, limit, { n, oldest }] of checks) {
    if (n >= limit && oldest) {
      const until = new Date(oldest).getTime() + LOCKOUT.windowMs
      return { locked: true, retryAfter: Math.max(1, Math.ceil((until - now.getTime()) / 1000)), by }
    }
  }
  return { locked: false, retryAfter: 0, by: null }
}

export async function recordAttempt(db: Kysely<Database>, username: string, ip: string, success: boolean): Promise<void> {
  await db.insertInto('login_attempts').values({ username, ip, success }).execute()
}
