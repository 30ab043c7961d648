import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { serve } from '@hono/node-server'
import { serveStatic } from '@hono/node-server/serve-static'
import { createApp } from './app.ts'
import { startOverdueSweep } from './calendar/sweep.ts'
import { startPlanningSweep } from './planning/sweep.ts'
import { connect } from './db/connect.ts'
import { migrateToLatest } from './db/migrate.ts'
import { isEmpty, loadDemo } from './demo/load.ts'
import { syncCategories } from './issues/reference.ts'

/**
 * Starts gridsight: opens the database (embedded PGlite in DATA_DIR, or the PostgreSQL server
 * in DATABASE_URL), brings the schema up to date, loads the demo district into an empty
 * database, and serves the API under /api and the built web app everywhere else.
 */
const port = Number(process.env.PORT ?? 8080)
const dataDir = resolve(process.env.DATA_DIR ?? 'data')
const staticDir = resolve(process.env.STATIC_DIR ?? 'dist/web')
const databaseUrl = process.env.DATABASE_URL || undefined
const loadDemoData = process.env.DEMO !== 'off'

async function main() {
  const t0 = performance.now()
  const since = () => `${((performance.now() - t0) / 1000).toFixed(1)} s`
  const handle = await connect({ databaseUrl, dataDir })
  console.log(`[db] ${handle.engine} at ${handle.location} (${since()})`)
  const applied = await migrateToLatest(handle.db)
  if (applied.length) console.log(`[db] applied migrations: ${applied.join(', ')}`)
  await syncCategories(handle.db)
  if (loadDemoData && (await isEmpty(handle.db))) {
    console.log('[demo] empty database: loading the demo district 岚湖区（演示）…')
    await loadDemo(handle.db)
  }

  const app = createApp({ db: handle.db, engine: handle.engine, listen: handle.listen })
  // marks cases overdue within 15 s of their deadline and announces case.overdue (api/calendar/sweep.ts)
  const sweep = startOverdueSweep(handle.db, { onMarked: (m) => console.log(`[sweep] ${m.length} case(s) now overdue`) })
  // puts grid change sets in force on their effective date (api/planning/sweep.ts)
  const planningSweep = startPlanningSweep(handle.db, { onApplied: (ids) => console.log(`[planning] change set(s) ${ids.join(', ')} now in force`) })
  if (existsSync(staticDir)) {
    app.use('/*', serveStatic({ root: staticDir }))
    // Client-side routes fall back to the app shell.
    app.get('*', serveStatic({ root: staticDir, path: 'index.html' }))
  } else {
    console.warn(`[web] ${staticDir} not found: serving the API only (run "npm run build")`)
  }

  const server = serve({ fetch: app.fetch, port }, (info) => {
    console.log(`gridsight ready on http://localhost:${info.port} (${since()})`)
  })
  const shutdown = async () => {
    sweep.stop()
    planningSweep.stop()
    server.close()
    await handle.close()
    process.exit(0)
  }
  process.on('SIGINT', shutdown)
  process.on('SIGTERM', shutdown)
}

main().catch((error) => {
  console.error(`gridsight failed to start: ${error instanceof Error ? error.message : String(error)}`)
  process.exit(1)
})
