import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'
import { connect } from '../../api/db/connect.ts'
import { migrateToLatest } from '../../api/db/migrate.ts'
import { loadDemo } from '../../api/demo/load.ts'
import { syncCategories } from '../../api/issues/reference.ts'
import { createDatabase, dropDatabase, uniqueName } from '../support/scratch-db.ts'

/**
 * Loads the demo district once per run into a template, which every test file clones:
 * PGlite by dumping its data directory, PostgreSQL with CREATE DATABASE … TEMPLATE.
 * Tests then run on real databases with the real data, isolated from each other.
 */
declare module 'vitest' {
  export interface ProvidedContext {
    engine: 'pglite' | 'postgres'
    template: string
  }
}

export default async function setup(project: TestProject) {
  const baseUrl = process.env.DATABASE_URL
  const quiet = (line: string) => {
    if (/loaded in|generated/.test(line)) console.log(line)
  }
  if (baseUrl) {
    const name = uniqueName('gridsight_test_tpl')
    const url = await createDatabase(baseUrl, name)
    const handle = await connect({ databaseUrl: url })
    await migrateToLatest(handle.db)
    await syncCategories(handle.db)
    await loadDemo(handle.db, { log: quiet })
    await handle.close()
    project.provide('engine', 'postgres')
    project.provide('template', name)
    return async () => dropDatabase(baseUrl, name)
  }
  const dir = mkdtempSync(join(tmpdir(), 'gridsight-test-'))
  const handle = await connect({})
  await migrateToLatest(handle.db)
  await syncCategories(handle.db)
  await loadDemo(handle.db, { log: quiet })
  const dump = await handle.dumpDataDir!()
  const file = join(dir, 'template.tar')
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()))
  await handle.close()
  project.provide('engine', 'pglite')
  project.provide('template', file)
  return async () => rmSync(dir, { recursive: true, force: true })
}
