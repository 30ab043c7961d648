import { createRoute, z } from '@hono/zod-openapi'
import { ApiError } from '../errors.ts'
import { createRouter } from '../http/router.ts'
import { errorResponse, json } from '../http/schemas.ts'
import { audit, currentUser } from './guard.ts'
import { lockState, recordAttempt } from './lockout.ts'
import { decoyHash, verifyPassword } from './password.ts'
import { clientIp } from './request-info.ts'
import { isRole } from './roles.ts'
import { LoginSchema, SessionSchema } from './schemas.ts'
import { SESSION_LIFETIME_MS, createSession, endSession } from './session.ts'

const login = createRoute({
  method: 'post',
  path: '/auth/login',
  tags: ['auth'],
  summary: 'Log in with username and password; sets the HttpOnly session cookie gs_session',
  request: { body: { content: { 'application/json': { schema: LoginSchema } }, required: true } },
  responses: {
    200: json(SessionSchema, 'Logged in'),
    400: errorResponse('Missing username or password'),
    401: errorResponse('Wrong username or password (the same answer for both)'),
    429: errorResponse('Too many failed attempts: locked for Retry-After seconds'),
  },
})

const logout = createRoute({
  method: 'post',
  path: '/auth/logout',
  tags: ['auth'],
  summary: 'End the current session server-side and clear the cookie',
  responses: { 200: json(z.object({ ok: z.literal(true) }), 'Logged out') },
})

const me = createRoute({
  method: 'get',
  path: '/auth/me',
  tags: ['auth'],
  summary: 'Who is logged in (401 when nobody is)',
  responses: { 200: json(SessionSchema, 'The session user'), 401: errorResponse('No live session') },
})

export const authRoutes = createRouter()
  .openapi(login, async (c) => {
    const { username, password } = c.req.valid('json')
    const db = c.get('db')
    const ip = clientIp(c)
    const lock = await lockState(db, username, ip)
    if (lock.locked) {
      await audit(db, c, 'auth.login_locked', `user:${username}`, { by: lock.by, retryAfter: lock.retryAfter }, { id: null, username, role: null })
      c.header('Retry-After', String(lock.retryAfter))
      throw new ApiError(429, 'locked_out', `Too many failed logins; try again in ${lock.retryAfter} s`, { retryAfter: lock.retryAfter, by: lock.by })
    }
    const row = await db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst()
    // Unknown users cost a scrypt too, so the answer's timing does not tell who exists.
    const ok = await verifyPassword(password, row?.password_hash ?? (await decoyHash()))
    if (!row || !ok || row.disabled || !isRole(row.role)) {
      await recordAttempt(db, username, ip, false)
      const reason = !row ? 'unknown_user' : !ok ? 'wrong_password' : 'disabled'
      await audit(db, c, 'auth.login_failed', `user:${username}`, { reason }, { id: row?.id ?? null, username, role: row?.role ?? null })
      throw new ApiError(401, 'invalid_credentials', 'Wrong username or password')
    }
    await recordAttempt(db, username, ip, true)
    await createSession(db, c, row.id)
    const user = { id: row.id, username: row.username, name: row.name, role: row.role, gridIds: row.grid_ids, categories: row.categories, department: row.department }
    await audit(db, c, 'auth.login', `user:${row.id}`, null, user)
    return c.json({ user, expiresAt: new Date(Date.now() + SESSION_LIFETIME_MS).toISOString() }, 200)
  })
  .openapi(logout, async (c) => {
    const db = c.get('db')
    await endSession(db, c)
    await audit(db, c, 'auth.logout', `user:${currentUser(c).id}`)
    return c.json({ ok: true as const }, 200)
  })
  .openapi(me, async (c) => c.json({ user: currentUser(c) }, 200))
