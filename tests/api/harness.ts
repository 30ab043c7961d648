import { readFileSync } from 'node:fs'
import { inject } from 'vitest'
import { createApp } from '../../api/app.ts'
import { connect, type DatabaseHandle } from '../../api/db/connect.ts'
import { createDatabase, dropDatabase, uniqueName } from '../support/scratch-db.ts'

export interface TestApp {
  app: ReturnType<typeof createApp>
  handle: DatabaseHandle
  engine: 'pglite' | 'postgres'
  close(): Promise<void>
}

/** A private copy of the loaded demo database for one test file, on this run's engine. */
export async function openTestApp(): Promise<TestApp> {
  const engine = inject('engine')
  const template = inject('template')
  let handle: DatabaseHandle
  let cleanup = async () => {}
  if (engine === 'postgres') {
    const baseUrl = process.env.DATABASE_URL!
    const name = uniqueName('gridsight_test')
    handle = await connect({ databaseUrl: await createDatabase(baseUrl, name, template) })
    cleanup = () => dropDatabase(baseUrl, name)
  } else {
    handle = await connect({ loadDataDir: new Blob([readFileSync(template)]) })
  }
  const app = createApp({ db: handle.db, engine: handle.engine, listen: handle.listen })
  return {
    app,
    handle,
    engine,
    async close() {
      await handle.close()
      await cleanup()
    },
  }
}

export const DEMO_PASSWORD = 'Lanhu#2026'
export type CallInit = RequestInit & {
  json?: unknown
  /** log in as this demo user (password Lanhu#2026); default admin */
  as?: string
  /** send no session cookie */
  anonymous?: boolean
}

/** Session cookies per app and username, so each test file logs each user in once. */
const sessions = new WeakMap<TestApp['app'], Map<string, string>>()

/** Logs `username` in (once per app) and returns the `gs_session=…` cookie pair. */
export async function sessionCookie(app: TestApp['app'], username = 'admin', password = DEMO_PASSWORD): Promise<string> {
  let byUser = sessions.get(app)
  if (!byUser) sessions.set(app, (byUser = new Map()))
  const known = byUser.get(username)
  if (known) return known
  const res = await app.request('/api/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  })
  const cookie = res.headers.get('set-cookie')?.match(/gs_session=[^;]+/)?.[0]
  if (res.status !== 200 || !cookie) throw new Error(`login as ${username} failed: ${res.status} ${await res.text()}`)
  byUser.set(username, cookie)
  return cookie
}

/** Forget cached sessions (after a test logs a user out or changes their password). */
export function forgetSessions(app: TestApp['app'], username?: string): void {
  if (username) sessions.get(app)?.delete(username)
  else sessions.delete(app)
}

/**
 * JSON request helper: app.request() without a port. Sends an admin session unless
 * `as: 'username'` names another demo user or `anonymous: true` asks for none.
 */
export async function call(app: TestApp['app'], path: string, init?: CallInit) {
  const { json, as, anonymous, ...rest } = init ?? {}
  const headers = new Headers(rest.headers)
  if (json !== undefined && !headers.has('content-type')) headers.set('content-type', 'application/json')
  if (!anonymous && !headers.has('cookie')) headers.set('cookie', await sessionCookie(app, as ?? 'admin'))
  const res = await app.request(path, {
    ...rest,
    headers,
    ...(json !== undefined ? { body: JSON.stringify(json) } : {}),
  })
  const text = await res.text()
  let body: any = text
  try {
    body = text ? JSON.parse(text) : null
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body, headers: res.headers }
}
