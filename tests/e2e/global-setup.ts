import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'
import { createDatabase, dropDatabase, uniqueName } from '../support/scratch-db.ts'

/**
 * The real app for the browser tests: builds the SPA when web/ changed since the last build,
 * starts api/server.ts on a free port with a fresh PGlite directory (or a fresh scratch database
 * when DATABASE_URL names a PostgreSQL server), waits for "ready on", and gives the tests its URL.
 * With GRIDSIGHT_E2E_URL set it only hands that URL on.
 */
declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string
  }
}

const READY_TIMEOUT_MS = 480_000

/** The one build check the project has (also used by `npm start`); loaded by path so tsc leaves the .mjs alone. */
async function ensureWebBuild(): Promise<void> {
  const modulePath = '../../scripts/web-build.mjs'
  const { ensureWebBuild: build } = (await import(modulePath)) as { ensureWebBuild(o: { log(line: string): void }): Promise<boolean> }
  await build({ log: (line) => console.log(line) })
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

function waitForReady(child: ChildProcess, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let log = ''
    const timer = setTimeout(() => fail(new Error(`server did not print "ready on" within ${READY_TIMEOUT_MS / 1000} s`)), READY_TIMEOUT_MS)
    const fail = (err: Error) => {
      clearTimeout(timer)
      reject(new Error(`${err.message}\n--- server output ---\n${log.slice(-4000)}`))
    }
    const onData = (chunk: Buffer) => {
      const text = chunk.toString()
      log += text
      for (const line of text.split('\n')) if (/\[demo\]|ready on|\[db\]/.test(line)) console.log(`[e2e server] ${line.trim()}`)
      if (log.includes(`ready on http://localhost:${port}`)) {
        clearTimeout(timer)
        resolve()
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.once('exit', (code, signal) => fail(new Error(`server exited early (code ${code}, signal ${signal})`)))
  })
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000)
    child.once('exit', () => {
      clearTimeout(killer)
      resolve()
    })
    child.kill('SIGTERM')
  })
}

export default async function setup(project: TestProject) {
  // GRIDSIGHT_E2E_URL points the tests at an app that is already running (nothing is built or started)
  const external = process.env.GRIDSIGHT_E2E_URL
  if (external) {
    project.provide('baseUrl', external.replace(/\/$/, ''))
    return
  }
  await ensureWebBuild()
  const port = await freePort()
  const dataDir = mkdtempSync(join(tmpdir(), 'gridsight-e2e-'))
  const adminUrl = process.env.DATABASE_URL
  const scratch = adminUrl ? uniqueName('gridsight_e2e') : null
  const databaseUrl = adminUrl && scratch ? await createDatabase(adminUrl, scratch) : undefined

  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), DATA_DIR: dataDir, STATIC_DIR: 'dist/web' }
  delete env.DATABASE_URL
  if (databaseUrl) env.DATABASE_URL = databaseUrl
  // node --import tsx is what `npx tsx` runs, minus the npx wrapper process that would outlive a kill
  const child = spawn(process.execPath, ['--import', 'tsx', 'api/server.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] })

  const teardown = async () => {
    await stop(child)
    rmSync(dataDir, { recursive: true, force: true })
    if (adminUrl && scratch) await dropDatabase(adminUrl, scratch)
  }
  try {
    await waitForReady(child, port)
  } catch (err) {
    await teardown()
    throw err
  }
  project.provide('baseUrl', `http://localhost:${port}`)
  return teardown
}
