import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { call, DEMO_PASSWORD, forgetSessions, openTestApp, sessionCookie, type TestApp } from './harness.ts'

let t: TestApp
beforeAll(async () => {
  t = await openTestApp()
})
afterAll(() => t?.close())

const login = (username: string, password = DEMO_PASSWORD, headers: Record<string, string> = {}) =>
  t.app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ username, password }) })

describe('sessions', () => {
  it('answers 401 unauthenticated on every route but health, openapi.json and login', async () => {
    const doc = (await call(t.app, '/api/openapi.json', { anonymous: true })).body
    expect((await call(t.app, '/api/health', { anonymous: true })).status).toBe(200)
    let checked = 0
    for (const [path, ops] of Object.entries<Record<string, unknown>>(doc.paths)) {
      for (const method of Object.keys(ops)) {
        const key = `${method.toUpperCase()} ${path}`
        if (['GET /health', 'GET /openapi.json', 'POST /auth/login'].includes(key)) continue
        const url = `/api${path.replace(/\{[^}]+\}/g, '1')}`
        const res = await call(t.app, url, { method: method.toUpperCase(), anonymous: true, ...(method === 'get' ? {} : { json: {} }) })
        expect(res.status, key).toBe(401)
        expect(res.body.error.code, key).toBe('unauthenticated')
        checked++
      }
    }
    expect(checked).toBeGreaterThan(10)
  })

  it('logs in with an HttpOnly SameSite=Lax cookie, Secure only behind TLS, and stores no token in clear', async () => {
    const res = await login('duty')
    expect(res.status).toBe(200)
    const body = (await res.json()) as { user: { username: string; role: string; gridIds: number[] } }
    expect(body.user).toMatchObject({ username: 'duty', role: 'duty_chief', gridIds: [] })
    const cookie = res.headers.get('set-cookie')!
    expect(cookie).toMatch(/^gs_session=[A-Za-z0-9_-]{40,};/)
    expect(cookie).toMatch(/HttpOnly/i)
    expect(cookie).toMatch(/SameSite=Lax/i)
    expect(cookie).not.toMatch(/Secure/i)
    const token = cookie.match(/gs_session=([^;]+)/)![1]!
    const stored = await t.handle.db.selectFrom('sessions').select('id').execute()
    expect(stored.some((s) => s.id === token)).toBe(false)

    const tls = await login('duty', DEMO_PASSWORD, { 'x-forwarded-proto': 'https' })
    expect(tls.headers.get('set-cookie')).toMatch(/;\s*Secure/i)
    const direct = await t.app.request('https://gridsight.example/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'duty', password: DEMO_PASSWORD }),
    })
    expect(direct.headers.get('set-cookie')).toMatch(/;\s*Secure/i)
  })

  it('me names the user; logout ends the session on the server', async () => {
    const res = await login('worker.huayuan')
    const cookie = res.headers.get('set-cookie')!.match(/gs_session=[^;]+/)![0]
    const me = await call(t.app, '/api/auth/me', { headers: { cookie } })
    expect(me.status).toBe(200)
    expect(me.body.user).toMatchObject({ username: 'worker.huayuan', role: 'worker' })
    expect(me.body.user.gridIds.length).toBeGreaterThan(0)
    expect(me.body.user).not.toHaveProperty('password_hash')

    const out = await call(t.app, '/api/auth/logout', { method: 'POST', headers: { cookie } })
    expect(out.status).toBe(200)
    expect(out.headers.get('set-cookie')).toMatch(/gs_session=;/)
    // the same cookie, replayed, opens nothing any more
    const after = await call(t.app, '/api/auth/me', { headers: { cookie } })
    expect(after.status).toBe(401)
    expect(after.body.error.code).toBe('unauthenticated')
    expect((await call(t.app, '/api/grids?level=0', { headers: { cookie } })).status).toBe(401)
  })

  it('refuses wrong passwords and unknown users alike, and a forged cookie', async () => {
    const wrong = await login('leader', 'Lanhu#2025')
    const unknown = await login('nobody', 'Lanhu#2026')
    expect(wrong.status).toBe(401)
    expect(unknown.status).toBe(401)
    const [a, b] = [(await wrong.json()) as any, (await unknown.json()) as any]
    expect(a).toEqual(b)
    expect(a.error.code).toBe('invalid_credentials')
    expect((await call(t.app, '/api/auth/me', { headers: { cookie: 'gs_session=forged-token-value' } })).status).toBe(401)
    const bad = await call(t.app, '/api/auth/login', { method: 'POST', json: { username: 'admin' }, anonymous: true })
    expect(bad.status).toBe(400)
    expect(bad.body.error.code).toBe('invalid_body')
  })

  it('stores passwords as salted scrypt, a different salt per user', async () => {
    const rows = await t.handle.db.selectFrom('users').select(['username', 'password_hash']).execute()
    expect(rows.length).toBeGreaterThanOrEqual(15)
    for (const r of rows) expect(r.password_hash).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/)
    const salts = new Set(rows.map((r) => r.password_hash.split('$')[4]))
    expect(salts.size).toBe(rows.length)
    expect(rows.some((r) => r.password_hash.includes(DEMO_PASSWORD))).toBe(false)
  })

  it('has a demo user for every role', async () => {
    const roles = new Set((await t.handle.db.selectFrom('users').select('role').execute()).map((r) => r.role))
    for (const role of ['worker', 'inspector', 'acceptor', 'duty_chief', 'dispatcher', 'department', 'leader', 'planner', 'admin']) expect(roles).toContain(role)
  })
})

describe('lock-out', () => {
  it('locks a username after 5 failures in 15 minutes with 429 and Retry-After, even for the right password, and audits it', async () => {
    for (let i = 0; i < 5; i++) expect((await login('dispatcher', `wrong-${i}`)).status).toBe(401)
    const locked = await login('dispatcher')
    expect(locked.status).toBe(429)
    const retry = Number(locked.headers.get('retry-after'))
    expect(retry).toBeGreaterThan(14 * 60)
    expect(retry).toBeLessThanOrEqual(15 * 60)
    expect(((await locked.json()) as any).error.code).toBe('locked_out')
    // other users are not affected
    expect((await login('acceptor')).status).toBe(200)
    const audited = await t.handle.db.selectFrom('audit_log').select(['action', 'username']).where('username', '=', 'dispatcher').execute()
    expect(audited.filter((a) => a.action === 'auth.login_failed')).toHaveLength(5)
    expect(audited.some((a) => a.action === 'auth.login_locked')).toBe(true)
    // once the failures are older than the window, the right password works again
    await t.handle.db.updateTable('login_attempts').set({ at: new Date(Date.now() - 16 * 60_000) }).where('username', '=', 'dispatcher').execute()
    expect((await login('dispatcher')).status).toBe(200)
  })
})

describe('the harness', () => {
  it('sends admin by default, another user with as, none with anonymous', async () => {
    expect((await call(t.app, '/api/auth/me')).body.user.username).toBe('admin')
    expect((await call(t.app, '/api/auth/me', { as: 'leader' })).body.user.role).toBe('leader')
    expect((await call(t.app, '/api/auth/me', { anonymous: true })).status).toBe(401)
    forgetSessions(t.app, 'leader')
    expect(await sessionCookie(t.app, 'leader')).toMatch(/^gs_session=/)
  })
})

describe('user management (admin)', () => {
  const cookieOf = async (username: string, password = DEMO_PASSWORD) => (await login(username, password)).headers.get('set-cookie')?.match(/gs_session=[^;]+/)?.[0] ?? ''

  it('creates a user with validation, and only an admin may', async () => {
    const base = { username: 'worker.new', name: '新网格员', role: 'worker', password: 'Grid#Work2026', gridIds: [197, 198] }
    expect((await call(t.app, '/api/users', { method: 'POST', json: base, as: 'duty' })).status).toBe(403)
    const weak = await call(t.app, '/api/users', { method: 'POST', json: { ...base, password: 'short' } })
    expect([weak.status, weak.body.error.code]).toEqual([400, 'weak_password'])
    const grid = await call(t.app, '/api/users', { method: 'POST', json: { ...base, gridIds: [999999] } })
    expect([grid.status, grid.body.error.code]).toEqual([422, 'unknown_grid'])
    const role = await call(t.app, '/api/users', { method: 'POST', json: { ...base, role: 'king' } })
    expect(role.status).toBe(400)
    const dept = await call(t.app, '/api/users', { method: 'POST', json: { ...base, role: 'department', gridIds: [] } })
    expect([dept.status, dept.body.error.code]).toEqual([422, 'department_scope_required'])
    const name = await call(t.app, '/api/users', { method: 'POST', json: { ...base, username: 'Bad Name!' } })
    expect(name.status).toBe(400)
    expect(await t.handle.db.selectFrom('users').select('id').where('username', '=', 'worker.new').executeTakeFirst()).toBeUndefined()

    const made = await call(t.app, '/api/users', { method: 'POST', json: base })
    expect(made.status).toBe(201)
    expect(made.body).toMatchObject({ username: 'worker.new', role: 'worker', gridIds: [197, 198], disabled: false })
    expect(made.body).not.toHaveProperty('password_hash')
    expect((await call(t.app, '/api/users', { method: 'POST', json: base })).status).toBe(409)
    expect((await login('worker.new', 'Grid#Work2026')).status).toBe(200)
    expect((await call(t.app, '/api/users', { as: 'leader' })).status).toBe(403)
    expect((await call(t.app, '/api/users')).body.users.length).toBeGreaterThan(15)
  })

  it('changes role and scope, disables (ending sessions) and resets passwords', async () => {
    const id = (await t.handle.db.selectFrom('users').select('id').where('username', '=', 'worker.fengming').executeTakeFirstOrThrow()).id
    const cookie = await cookieOf('worker.fengming')
    expect((await call(t.app, '/api/auth/me', { headers: { cookie } })).status).toBe(200)

    const moved = await call(t.app, `/api/users/${id}`, { method: 'PATCH', json: { role: 'inspector', gridIds: [7] } })
    expect(moved.status).toBe(200)
    expect((await call(t.app, '/api/auth/me', { headers: { cookie } })).body.user).toMatchObject({ role: 'inspector', gridIds: [7] })
    expect((await call(t.app, `/api/users/${id}`, { method: 'PATCH', json: { gridIds: [-1] } })).status).toBe(400)
    expect((await call(t.app, '/api/users/999999', { method: 'PATCH', json: { name: 'x' } })).status).toBe(404)

    expect((await call(t.app, `/api/users/${id}`, { method: 'PATCH', json: { disabled: true } })).status).toBe(200)
    expect((await call(t.app, '/api/auth/me', { headers: { cookie } })).status).toBe(401)
    expect((await login('worker.fengming')).status).toBe(401)
    await call(t.app, `/api/users/${id}`, { method: 'PATCH', json: { disabled: false } })
    const again = await cookieOf('worker.fengming')

    const weak = await call(t.app, `/api/users/${id}/password`, { method: 'POST', json: { password: 'aaaaaaaaaaaa' } })
    expect(weak.status).toBe(400)
    expect((await call(t.app, `/api/users/${id}/password`, { method: 'POST', json: { password: 'New#Pass2026x' } })).status).toBe(200)
    expect((await call(t.app, '/api/auth/me', { headers: { cookie: again } })).status).toBe(401)
    expect((await login('worker.fengming')).status).toBe(401)
    expect((await login('worker.fengming', 'New#Pass2026x')).status).toBe(200)

    const adminId = (await call(t.app, '/api/auth/me')).body.user.id
    expect((await call(t.app, `/api/users/${adminId}`, { method: 'PATCH', json: { disabled: true } })).body.error.code).toBe('self_lockout')
  })

  it('lets a user change their own password with the current one; other sessions end', async () => {
    const one = await cookieOf('planner')
    const two = await cookieOf('planner')
    const wrong = await call(t.app, '/api/auth/password', { method: 'POST', json: { currentPassword: 'nope', newPassword: 'Plan#2026new' }, headers: { cookie: one } })
    expect([wrong.status, wrong.body.error.code]).toEqual([403, 'wrong_password'])
    const ok = await call(t.app, '/api/auth/password', { method: 'POST', json: { currentPassword: DEMO_PASSWORD, newPassword: 'Plan#2026new' }, headers: { cookie: one } })
    expect(ok.status).toBe(200)
    expect((await call(t.app, '/api/auth/me', { headers: { cookie: one } })).status).toBe(200)
    expect((await call(t.app, '/api/auth/me', { headers: { cookie: two } })).status).toBe(401)
    expect((await login('planner', 'Plan#2026new')).status).toBe(200)
  })
})

describe('audit log', () => {
  it('records who, role, what, target, when and from where for logins and every mutating route; admin reads it with filters', async () => {
    await call(t.app, '/api/issues', {
      method: 'POST',
      as: 'acceptor',
      headers: { 'user-agent': 'audit-test/1.0' },
      json: { type: 'Feature', geometry: { type: 'Point', coordinates: [102.545, 24.355] }, properties: { category: 'exposed_rubbish', description: '审计测试' } },
    })
    const { status, body } = await call(t.app, '/api/audit?user=acceptor&action=POST%20/issues')
    expect(status).toBe(200)
    expect(body.total).toBeGreaterThanOrEqual(1)
    const entry = body.entries[0]
    expect(entry).toMatchObject({ username: 'acceptor', role: 'acceptor', action: 'POST /issues', target: '/issues', userAgent: 'audit-test/1.0' })
    expect(entry.ip).toBeTruthy()
    expect(Date.now() - new Date(entry.at).getTime()).toBeLessThan(60_000)
    const logins = await call(t.app, '/api/audit?action=auth.*&limit=500')
    const actions = new Set(logins.body.entries.map((e: { action: string }) => e.action))
    for (const a of ['auth.login', 'auth.login_failed', 'auth.logout', 'auth.login_locked', 'auth.password_change']) expect(actions).toContain(a)
    expect((await call(t.app, '/api/audit?from=yesterday')).status).toBe(400)
    expect((await call(t.app, '/api/audit', { as: 'leader' })).status).toBe(403)
  })
})
