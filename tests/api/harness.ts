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
  const app = createApp({ db: handle.db, engine: handle.engine })
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

/** JSON request helper: app.request() without a port. */
export async function call(app: TestApp['app'], path: string, init?: RequestInit & { json?: unknown }) {
  const { json, ...rest } = init ?? {}
  const res = await app.request(path, {
    ...rest,
    ...(json !== undefined ? { body: JSON.stringify(json), headers: { 'content-type': 'application/json', ...(rest.headers ?? {}) } } : {}),
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
