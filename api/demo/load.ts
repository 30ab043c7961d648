import { fileURLToPath } from 'node:url'
import { sql, type Kysely } from 'kysely'
import { DEMO_SEED, loadDemoLayers } from '../../scripts/demo/layers.ts'
import { actorsFromUsers, buildHistories } from '../../scripts/demo/histories.ts'
import { userDepartment } from '../cases/departments.ts'
import { generateIssues } from '../../scripts/demo/issues.ts'
import { generatePatrols } from '../../scripts/demo/patrols.ts'
import { insertDemoUsers } from '../auth/demo-users.ts'
import type { Database } from '../db/database.ts'
import { bboxColumns } from '../geojson.ts'
import { insertInBatches } from './batch.ts'
import { demoDeadlines, insertUpdates } from './histories.ts'
import { demoPhotoIds, insertDemoPhotos } from './photos.ts'
import { loadCalendar, loadCategoryLimits } from '../calendar/load.ts'
import { assertValidLayer } from './validate.ts'
import { runDemoSteps } from './steps/index.ts'
import * as rows from './rows.ts'

export const DEMO_DIR = fileURLToPath(new URL('../../geodata/demo/', import.meta.url))
const DEMO_KEY = 'demo_district'

export type Log = (line: string) => void

export async function isDemoLoaded(db: Kysely<Database>): Promise<boolean> {
  const row = await db.selectFrom('meta').select('key').where('key', '=', DEMO_KEY).executeTakeFirst()
  return row !== undefined
}

/** True when the database holds no district at all (a fresh database). */
export async function isEmpty(db: Kysely<Database>): Promise<boolean> {
  const row = await db.selectFrom('districts').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()
  return row.n === 0
}

function progress(log: Log, label: string) {
  let shown = -1
  return (done: number, total: number) => {
    const tenth = Math.floor((done / total) * 10)
    if (tenth > shown) {
      shown = tenth
      log(`  ${label.padEnd(11)} ${String(done).padStart(7)} / ${total}`)
    }
  }
}

/**
 * Loads the demo district in one transaction: a crash half-way leaves the database as it
 * was, and the next start tries again. Issue and patrol times are placed relative to `now`.
 */
export async function loadDemo(db: Kysely<Database>, { now = new Date(), log = console.log as Log, dir = DEMO_DIR } = {}) {
  const started = performance.now()
  log(`[demo] reading ${dir}`)
  const layers = loadDemoLayers(dir)
  const issues = generateIssues(layers, { seed: DEMO_SEED, now })
  const patrols = generatePatrols(layers, { seed: DEMO_SEED, now })
  const [limits, calendar] = [await loadCategoryLimits(db), await loadCalendar(db)]
  const paths = rows.gridPaths(layers.grids.features)
  const checked = performance.now()
  for (const [name, layer] of Object.entries(layers)) assertValidLayer(name, layer.features)
  log(`[demo] validated every geometry (${Math.round(performance.now() - checked)} ms)`)
  log(`[demo] generated ${issues.length} issues and ${patrols.length} patrol tracks (${Math.round(performance.now() - started)} ms)`)

  await db.transaction().execute(async (trx) => {
    const put = async <T extends keyof Database & string>(table: T, data: Parameters<typeof insertInBatches<T>>[2]) =>
      insertInBatches(trx, table, data, progress(log, table))
    await put('districts', layers.district.features.map(rows.districtRow))
    // Parents before children: the foreign key on parent_id is checked row by row.
    const grids = [...layers.grids.features].sort((a, b) => a.properties.level - b.properties.level || a.properties.id - b.properties.id)
    await put('grids', grids.map((g) => rows.gridRow(g, paths)))
    await put('roads', layers.roads.features.map(rows.roadRow))
    await put('water', layers.water.features.map(rows.waterRow))
    await put('compounds', layers.compounds.features.map((f) => rows.compoundRow(f, paths)))
    await put('green_areas', layers.green.features.map(rows.greenRow))
    await put('buildings', layers.buildings.features.map((f) => rows.buildingRow(f, paths)))
    await put('kiosks', layers.kiosks.features.map((f) => rows.kioskRow(f, paths)))
    await put('facilities', layers.facilities.features.map((f) => rows.facilityRow(f, paths)))
    // users first: the cases' histories are acted by them where one fits
    await insertDemoUsers(trx, layers.grids.features.map((g) => g.properties))
    const users = await trx.selectFrom('users').select(['id', 'username', 'name', 'role', 'grid_ids', 'department']).execute()
    const actors = actorsFromUsers(
      users.map((u) => ({ ...u, gridIds: u.grid_ids })),
      DEMO_SEED,
      userDepartment,
    )
    const built = performance.now()
    const histories = buildHistories(issues, { seed: DEMO_SEED, now, actors })
    const categoryOf = new Map(issues.map((i) => [i.id, i.category]))
    const deadlines = demoDeadlines(histories.updates, (id) => categoryOf.get(id)!, limits, calendar, now)
    log(`[demo] built ${histories.updates.length} case updates (${Math.round(performance.now() - built)} ms)`)
    await put(
      'issues',
      issues.map((i, k) => ({
        id: i.id,
        category: i.category,
        description: i.description,
        status: histories.patches[k].status,
        source: i.source,
        reporter: JSON.stringify({ name: histories.patches[k].reporterName }),
        reporter_id: histories.patches[k].reporterId,
        lon: i.lon,
        lat: i.lat,
        grid_id: i.gridId,
        grid_path: paths.get(i.gridId)!,
        reported_at: i.reportedAt,
        accepted_at: i.acceptedAt ?? null,
        opened_at: i.openedAt ?? null,
        dispatched_at: i.dispatchedAt ?? null,
        deadline_at: deadlines.get(i.id) ?? null,
        handled_at: i.handledAt ?? null,
        closed_at: i.closedAt ?? null,
        department: i.department ?? null,
        rework_count: i.reworkCount ?? 0,
        version: histories.patches[k].version,
        verified_at: histories.patches[k].verifiedAt,
        extension_pending: histories.patches[k].extensionPending,
        recurrence_of: histories.patches[k].recurrenceOf,
      })),
    )
    // ids were given explicitly: move the identity past them
    await sql`select setval(pg_get_serial_sequence('issues', 'id'), (select max(id) from issues))`.execute(trx)
    const photos = await insertDemoPhotos(trx, DEMO_SEED)
    await insertUpdates(trx, histories.updates, progress(log, 'issue_updates'), demoPhotoIds(photos))
    await put(
      'patrols',
      patrols.map((p) => {
        const geometry = { type: 'LineString' as const, coordinates: p.coordinates }
        return {
          worker: JSON.stringify(p.worker),
          grid_id: p.gridId,
          grid_path: paths.get(p.gridId)!,
          started_at: p.startedAt,
          ended_at: p.endedAt,
          length_m: rows.lineLength(p.coordinates),
          times: JSON.stringify(p.times),
          geom: JSON.stringify(geometry),
          ...bboxColumns(geometry),
        }
      }),
    )
    // each feature's own demo rows (api/demo/steps/NN-name.ts), after the core layers above
    await runDemoSteps(trx, { now, seed: DEMO_SEED, log })
    await trx
      .insertInto('meta')
      .values({ key: DEMO_KEY, value: JSON.stringify({ seed: DEMO_SEED, loadedAt: now.toISOString(), issues: issues.length }) })
      .execute()
  })
  // Fresh statistics so the planner picks the spatial indexes from the first query on.
  await sql`analyze`.execute(db)
  const ms = Math.round(performance.now() - started)
  log(`[demo] loaded in ${(ms / 1000).toFixed(1)} s`)
  return { ms, issues: issues.length, patrols: patrols.length }
}
