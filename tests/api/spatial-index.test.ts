import { sql, type Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest'
import { connect, type DatabaseHandle } from '../../api/db/connect.ts'
import type { Database } from '../../api/db/database.ts'
import { migrateToLatest } from '../../api/db/migrate.ts'
import { bboxIntersects, pointWithin } from '../../api/http/sql.ts'
import { createDatabase, dropDatabase, uniqueName } from '../support/scratch-db.ts'

/**
 * Window queries must be served by the GiST indexes on both engines. 100,000 synthetic
 * buildings and issues are written straight in SQL; the plan of the very query the API
 * builds must name the index.
 */
let handle: DatabaseHandle
let cleanup = async () => {}

beforeAll(async () => {
  if (inject('engine') === 'postgres') {
    const name = uniqueName('gridsight_idx')
    handle = await connect({ databaseUrl: await createDatabase(process.env.DATABASE_URL!, name) })
    cleanup = () => dropDatabase(process.env.DATABASE_URL!, name)
  } else {
    handle = await connect({})
  }
  const db = handle.db
  await migrateToLatest(db)
  await sql`insert into issue_categories values ('clutter', '乱堆乱放', 'Clutter', 'cleanup', 1, 'working_days', 0)`.execute(db)
  await sql`insert into grids (id, code, name, name_en, level, kind, parent_id, path, leader, unit, area_m2, geom, minx, miny, maxx, maxy)
            values (1, '990102001000000', 'g', 'g', 0, 'street', null, '{1}', '{}', '{}', 1, '{}', 102, 24, 103, 25)`.execute(db)
  await sql`insert into buildings (id, name, use, floors, households, grid_id, grid_path, cx, cy, geom, minx, miny, maxx, maxy)
            select i, 'b', 'residential', 6, 24, 1, '{1}', x + 0.0002, y + 0.0001, '{}', x, y, x + 0.0004, y + 0.0002
            from (select i, 102.3 + (i % 400) * 0.001 as x, 24.2 + (i / 400) * 0.001 as y from generate_series(1, 100000) i) s`.execute(db)
  await sql`insert into issues (category, description, status, source, lon, lat, grid_id, grid_path, reported_at)
            select 'clutter', 'x', 'reported', 'public', 102.3 + (i % 400) * 0.001, 24.2 + (i / 400) * 0.001, 1, '{1}', now()
            from generate_series(1, 100000) i`.execute(db)
  await sql`analyze`.execute(db)
}, 120_000)

afterAll(async () => {
  await handle?.close()
  await cleanup()
})

async function plan(db: Kysely<Database>, compiled: { sql: string; parameters: readonly unknown[] }) {
  const result = await sql<{ 'QUERY PLAN': string }>`explain ${sql.raw(inline(compiled))}`.execute(db)
  return result.rows.map((r) => r['QUERY PLAN']).join('\n')
}

// EXPLAIN cannot take bind parameters on every driver; the window numbers are inlined.
function inline(compiled: { sql: string; parameters: readonly unknown[] }) {
  return compiled.sql.replace(/\$(\d+)/g, (_, n) => String(compiled.parameters[Number(n) - 1]))
}

describe('spatial indexes on 100,000 rows', () => {
  it('a building window query uses the box index', async () => {
    const window: [number, number, number, number] = [102.5, 24.3, 102.51, 24.31]
    const query = handle.db.selectFrom('buildings').select('id').where(bboxIntersects(window))
    const text = await plan(handle.db, query.compile())
    expect(text).toContain('buildings_box_idx')
    expect(text).not.toMatch(/Seq Scan on buildings/)
    const rows = await query.execute()
    expect(rows.length).toBeGreaterThan(0)
    expect(rows.length).toBeLessThan(1000)
  })

  it('an issue window query uses the point index', async () => {
    const query = handle.db.selectFrom('issues').select('id').where(pointWithin([102.5, 24.3, 102.51, 24.31]))
    const text = await plan(handle.db, query.compile())
    expect(text).toContain('issues_point_idx')
    expect(text).not.toMatch(/Seq Scan on issues/)
    expect((await query.execute()).length).toBeGreaterThan(0)
  })
})
