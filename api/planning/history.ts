import { sql, type Kysely } from 'kysely'
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson'
import { planningProblems } from '../../geo/planning/index.ts'
import type { Database } from '../db/database.ts'
import type { GridSnapshot } from '../db/tables/planning.table.ts'
import { ApiError, notFound } from '../errors.ts'
import type { GridWrite } from './plan.ts'
import { loadGrids } from './repository.ts'
import { applyChangeSet, chinaDate, checkVersions, recordChangeSet, topologyInvalid, type Actor, type ChangeResult } from './service.ts'

const changeSetColumns = ['c.id as changeSetId', 'c.actor_name as by', 'c.actor_role as role', 'c.created_at as at', 'c.effective_date as effectiveDate', 'c.applied_at as appliedAt', 'c.reason', 'c.source', 'c.parent_id as parentId', 'c.level', 'c.rollback_of as rollbackOf', 'c.grid_ids as gridIds', 'c.moves'] as const

type ChangeRow = { changeSetId: number; by: string | null; role: string | null; at: Date; effectiveDate: unknown; appliedAt: Date | null; reason: string; source: string; parentId: number | null; level: number; rollbackOf: number | null; gridIds: number[]; moves: unknown }

const present = (c: ChangeRow) => ({
  ...c,
  at: new Date(c.at).toISOString(),
  appliedAt: c.appliedAt ? new Date(c.appliedAt).toISOString() : null,
  effectiveDate: c.effectiveDate instanceof Date ? chinaDate(c.effectiveDate) : String(c.effectiveDate).slice(0, 10),
})

/** Change sets touching a grid (or all), newest first. */
export async function history(db: Kysely<Database>, gridId?: number, limit = 100) {
  let q = db.selectFrom('planning_change_sets as c').select(changeSetColumns as never)
  if (gridId !== undefined) q = q.where(sql<boolean>`c.grid_ids @> array[${gridId}]::integer[]`)
  const rows = (await q.orderBy('c.id', 'desc').limit(limit).execute()) as unknown as ChangeRow[]
  return rows.map(({ moves, ...c }) => present({ ...c, moves: null }))
}

const collection = (snaps: (GridSnapshot | null)[]): FeatureCollection<Polygon | MultiPolygon> => ({
  type: 'FeatureCollection',
  features: snaps.filter((s): s is GridSnapshot => s !== null).map(({ geometry, ...p }) => ({ type: 'Feature', id: p.id, geometry, properties: p }) as Feature<Polygon | MultiPolygon>),
})

/** One change set with its grids' versions and before / after FeatureCollections for a visual diff. */
export async function changeSet(db: Kysely<Database>, id: number) {
  const row = (await db.selectFrom('planning_change_sets as c').select(changeSetColumns as never).where('c.id', '=', id).executeTakeFirst()) as unknown as ChangeRow | undefined
  if (!row) throw notFound('change set', id)
  const versions = await db.selectFrom('planning_grid_versions').select(['grid_id', 'version', 'action', 'before', 'after']).where('change_set_id', '=', id).orderBy('grid_id').execute()
  return {
    ...present(row),
    grids: versions.map((v) => ({ id: v.grid_id, version: v.version, action: v.action, level: (v.after ?? v.before)!.level })),
    before: collection(versions.map((v) => v.before)),
    after: collection(versions.map((v) => v.after)),
  }
}

/**
 * Rollback = a new change set whose after is the rolled-back set's before, for every grid it wrote
 * (created grids retire, retired ones return). Refused with 409 if any of those grids changed again
 * since, and with 422 if the restored families would not tile their parents.
 */
export async function rollbackChangeSet(db: Kysely<Database>, id: number, input: { reason: string; effectiveDate: string }, actor: Actor, now: Date = new Date()): Promise<ChangeResult> {
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${6_006_006})`.execute(trx)
    const row = await trx.selectFrom('planning_change_sets').select(['id', 'parent_id', 'level', 'applied_at']).where('id', '=', id).executeTakeFirst()
    if (!row) throw notFound('change set', id)
    const versions = await trx.selectFrom('planning_grid_versions').select(['grid_id', 'version', 'before', 'after']).where('change_set_id', '=', id).execute()
    const current = new Map((await trx.selectFrom('grid_records').select(['id', 'version']).where('id', 'in', [0, ...versions.map((v) => v.grid_id)]).execute()).map((r) => [r.id, r.version]))
    const base = Object.fromEntries(versions.map((v) => [String(v.grid_id), v.version]))
    const ids = versions.map((v) => v.grid_id)
    if (row.applied_at === null) {
      throw new ApiError(409, 'not_in_force', `Change set ${id} is not in force yet (its effective date is ahead): nothing to roll back`, { changeSetId: id })
    }
    // a grid written again since this change set: refuse, naming the later change
    await checkVersions(trx, { parentId: row.parent_id, level: row.level, baseVersions: base }, ids.filter((g) => current.has(g)), ids)
    const writes: GridWrite[] = versions.map((v) => ({ id: v.grid_id, level: (v.after ?? v.before)!.level, before: v.after, after: v.before }))
    const problems = await restoredProblems(trx, writes)
    if (problems.length) throw topologyInvalid(problems)
    const changeSetId = await recordChangeSet(trx, { parentId: row.parent_id, level: row.level, effectiveDate: input.effectiveDate, reason: input.reason, source: 'rollback' }, writes, actor, id)
    const applied = input.effectiveDate <= chinaDate(now)
    if (applied) await applyChangeSet(trx, changeSetId, now)
    const out = await trx.selectFrom('planning_grid_versions').select(['grid_id as id', 'version']).where('change_set_id', '=', changeSetId).orderBy('grid_id').execute()
    return { changeSetId, effectiveDate: input.effectiveDate, applied, grids: out }
  })
}

/** Problems of every family a restore writes into, with the restored snapshots in place of the stored grids. */
async function restoredProblems(db: Kysely<Database>, writes: GridWrite[]) {
  const written = new Map(writes.map((w) => [w.id, w]))
  const parentIds = new Set(writes.map((w) => (w.after ?? w.before)!.parentId))
  const out = []
  for (const pid of parentIds) {
    const level = (writes.find((w) => (w.after ?? w.before)!.parentId === pid)!.after ?? writes.find((w) => (w.after ?? w.before)!.parentId === pid)!.before)!.level
    const parentSnap = (pid === null ? null : written.get(pid)?.after) ?? null
    const parent = parentSnap ? { type: 'Feature' as const, id: pid!, geometry: parentSnap.geometry, properties: { name: parentSnap.name } } : await (async () => {
      // level 0 (no parent grid): the streets and towns tile the district outline
      if (pid === null) {
        const d = await db.selectFrom('districts').select(['name', 'geom']).executeTakeFirst()
        return d ? { type: 'Feature' as const, geometry: d.geom, properties: { name: d.name } } : null
      }
      const [p] = await loadGrids(db, { ids: [pid] })
      return p ? { type: 'Feature' as const, id: pid, geometry: p.geometry, properties: { name: p.name } } : null
    })()
    if (!parent) continue
    const stored = (await loadGrids(db, { parentId: pid, level })).filter((g) => !written.has(g.id))
    const children = [
      ...stored.map((g) => ({ type: 'Feature' as const, id: g.id, geometry: g.geometry, properties: { name: g.name } })),
      ...writes.filter((w) => w.after && w.after.parentId === pid).map((w) => ({ type: 'Feature' as const, id: w.id, geometry: w.after!.geometry, properties: { name: w.after!.name } })),
    ]
    out.push(...planningProblems(parent, children))
  }
  return out
}
