import { createHash, randomBytes } from 'node:crypto'
import type { Context, MiddlewareHandler } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import type { Kysely } from 'kysely'
import type { Database } from '../db/database.ts'
import { errorBody } from '../errors.ts'
import type { AppEnv } from '../http/env.ts'
import { clientIp, isSecure, userAgent } from './request-info.ts'
import { isRole, type SessionUser } from './roles.ts'

export const SESSION_COOKIE = 'gs_session'
/** A session ends 12 h after login, or after 2 h without a request, whichever comes first. */
export const SESSION_LIFETIME_MS = 12 * 3600_000
export const SESSION_IDLE_MS = 2 * 3600_000
/** last_seen_at is written at most once a minute per session */
const TOUCH_EVERY_MS = 60_000

const tokenHash = (token: string) => createHash('sha256').update(token).digest('base64url')

/** Routes anyone may call without a session. */
const PUBLIC = new Set(['GET /api/health', 'GET /api/openapi.json', 'POST /api/auth/login'])

export async function createSession(db: Kysely<Database>, c: Context, userId: number): Promise<void> {
  const token = randomBytes(32).toString('base64url')
  const now = Date.now()
  await db
    .insertInto('sessions')
    .values({ id: tokenHash(token), user_id: userId, expires_at: new Date(now + SESSION_LIFETIME_MS), ip: clientIp(c), user_agent: userAgent(c) })
    .execute()
  setCookie(c, SESSION_COOKIE, token, { httpOnly: true, sameSite: 'Lax', secure: isSecure(c), path: '/', maxAge: SESSION_LIFETIME_MS / 1000 })
}

/** Ends the caller's session server-side (the cookie alone no longer opens anything) and clears the cookie. */
export async function endSession(db: Kysely<Database>, c: Context): Promise<void> {
  const token = getCookie(c, SESSION_COOKIE)
  if (token) await db.updateTable('sessions').set({ revoked_at: new Date() }).where('id', '=', tokenHash(token)).where('revoked_at', 'is', null).execute()
  deleteCookie(c, SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'Lax', secure: isSecure(c) })
}

/** Ends every session of a user (password reset, disable). */
export async function endUserSessions(db: Kysely<Database>, userId: number, exceptToken?: string): Promise<void> {
  let q = db.updateTable('sessions').set({ revoked_at: new Date() }).where('user_id', '=', userId).where('revoked_at', 'is', null)
  if (exceptToken) q = q.where('id', '!=', tokenHash(exceptToken))
  await q.execute()
}

export function sessionToken(c: Context): string | undefined {
  return getCookie(c, SESSION_COOKIE)
}

export async function userForToken(db: Kysely<Database>, token: string, now = new Date()): Promise<SessionUser | null> {
  const row = await db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(['s.id as sid', 's.last_seen_at', 'u.id', 'u.username', 'u.name', 'u.role', 'u.grid_ids', 'u.categories', 'u.department'])
    .where('s.id', '=', tokenHash(token))
    .where('s.revoked_at', 'is', null)
    .where('s.expires_at', '>', now)
    .where('s.last_seen_at', '>', new Date(now.getTime() - SESSION_IDLE_MS))
    .where('u.disabled', '=', false)
    .executeTakeFirst()
  if (!row || !isRole(row.role)) return null
  if (now.getTime() - row.last_seen_at.getTime() > TOUCH_EVERY_MS) {
    await db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', row.sid).execute()
  }
  return { id: row.id, username: row.username, name: row.name, role: row.role, gridIds: row.grid_ids, categories: row.categories, department: row.department }
}

/** Every /api route but the public ones needs a live session: 401 `unauthenticated` otherwise. */
export const requireSession: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (PUBLIC.has(`${c.req.method} ${c.req.path}`) || c.req.method === 'OPTIONS') return next()
  const token = getCookie(c, SESSION_COOKIE)
  const user = token ? await userForToken(c.get('db'), token) : null
  if (!user) {
    return c.json(errorBody('unauthenticated', token ? 'The session has ended; log in again' : 'Log in first: this route needs a session'), 401)
  }
  c.set('user', user)
  return next()
}
