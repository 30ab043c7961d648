/**
 * Migration 2026_11_23_2241_lifecycle_cases on a database that already holds foundation-era
 * issues: statuses move to the case set and each row gets a log that folds to its status.
 */
import { Migrator, sql, type Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deriveState } from '../../api/cases/lifecycle.ts'
import { connect, type DatabaseHandle } from '../../api/db/connect.ts'
import { migrations } from '../../api/db/migrations/index.ts'
import { createDatabase, dropDatabase, uniqueName } from '../support/scratch-db.ts'

let handle: DatabaseHandle
let cleanup = async () => {}
beforeAll(async () => {
  const baseUrl = process.env.DATABASE_URL
  if (baseUrl) {
    const name = uniqueName('gridsight_mig')
    handle = await connect({ databaseUrl: await createDatabase(baseUrl, name) })
    cleanup = () => dropDatabase(baseUrl, name)
  } else handle = await connect({})
})
afterAll(async () => {
  await handle?.close()
  await cleanup()
})

const migrator = (db: Kysely<any>) => new Migrator({ db, provider: { getMigrations: async () => migrations }, allowUnorderedMigrations: true })

describe('lifecycle migration over foundation data', () => {
  it('maps statuses and rebuilds consistent logs', async () => {
    const db = handle.db as Kysely<any>
    const to = await migrator(db).migrateTo('2026_11_22_1900_initial')
    expect(to.error).toBeUndefined()
    await sql`insert into grids (id, code, name, name_en, level, kind, parent_id, path, leader, unit, area_m2, geom, minx, miny, maxx, maxy)
      values (1, '330000000000000', 'g', 'g', 0, 'district', null, '{1}', '{}', '{}', 1, '{}', 0, 0, 1, 1)`.execute(db)
    await sql`insert into issue_categories values ('clutter', '乱堆乱放', 'Clutter', 'cleanup', 1, 'working_days', 1)`.execute(db)
    const t = (h: number) => new Date(Date.UTC(2025, 5, 2, h)).toISOString()
    const old = [
      ['reported', t(1), null, null, null, null, null],
      ['accepted', t(1), t(2), null, null, null, null],
      ['opened', t(1), t(2), t(3), null, null, null],
      ['dispatched', t(1), t(2), t(3), t(4), null, null],
      ['parked', t(1), t(2), t(3), t(4), null, null],
      ['feedback', t(1), t(2), t(3), t(4), t(5), null],
      ['closed', t(1), t(2), t(3), t(4), t(5), t(6)],
      ['rejected', t(1), null, null, null, null, t(2)],
    ]
    for (const [status, rep, acc, ope, dis, han, clo] of old) {
      await sql`insert into issues (category, description, status, source, lon, lat, grid_id, grid_path, reported_at, accepted_at, opened_at, dispatched_at, handled_at, closed_at)
        values ('clutter', 'x', ${status}, 'public', 0.5, 0.5, 1, '{1}', ${rep}, ${acc}, ${ope}, ${dis}, ${han}, ${clo})`.execute(db)
    }
    const { error } = await migrator(db).migrateToLatest()
    expect(error).toBeUndefined()
    const rows = (await sql<{ id: number; status: string; version: number }>`select id, status, version from issues order by id`.execute(db)).rows
    expect(rows.map((r) => r.status)).toEqual(['reported', 'accepted', 'opened', 'handling', 'parked', 'feedback', 'closed', 'rejected'])
    for (const row of rows) {
      const log = (await sql<{ action: string; from_status: string | null; to_status: string; seq: number }>`select action, from_status, to_status, seq from issue_updates where issue_id = ${row.id} order by seq`.execute(db)).rows
      expect(deriveState(log).status, `issue ${row.id}`).toBe(row.status)
      expect(row.version).toBe(log.length)
    }
  })
})
