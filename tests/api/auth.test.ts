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
