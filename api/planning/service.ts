/**
 * Saving grid edits as change sets: validated again here (422 topology_invalid), checked against the
 * versions the edit started from (409 version_conflict), written atomically with full before/after
 * snapshots, and switched into force at the effective date: immediately when it is today or past
 * (China date), else by the planning sweep (sweep.ts) on that date. Nothing is written on refusal.
 */
import { sql, type Kysely } from 'kysely'
import { geometryArea } from '../../geo/index.ts'
import type { PlannedGrid, PlanningProblem } from '../../geo/planning/index.ts'
import type { Database } from '../db/database.ts'
import type { GridSnapshot } from '../db/tables/planning.table.ts'
import { ApiError, badRequest, unprocessable } from '../errors.ts'
import { bboxColumns } from '../geojson.ts'
import { finishWrites, planChange, type GridWrite } from './plan.ts'
import { groupMoves, relocations, writeRelocations, type Move } from './relocate.ts'

export interface ChangeInput {
  /** null at level 0 (streets and towns) */
  parentId: number | null
  level: number
  grids: PlannedGrid[]
  removed: number[]
  effectiveDate: string
  reason: string
  source: 'editor' | 'import' | 'rollback'
  /** the version of every edited or removed grid the edit started from; without it (import) no check */
  baseVersions?: Record<string, number>
}

export interface Actor {
  id: number | null
  username: string
  role: string | null
}

export interface ChangeResult {
  changeSetId: number
  effectiveDate: string
  applied: boolean
  grids: { id: number; version: number }[]
}

/** Serialises planning saves (ids, codes, versions): one transaction-scoped advisory lock. */
const PLANNING_LOCK = 6_006_006

/** Today's date in China (the calendar's and the deadlines' time zone). */
export function chinaDate(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10)
}

export function topologyInvalid(problems: PlanningProblem[]): ApiError {
  const codes = [...new Set(problems.map((p) => p.code))].join(', ')
  return unprocessable('topology_invalid', `The edit breaks the tiling (${problems.length} problem${problems.length === 1 ? '' : 's'}: ${codes}); nothing was saved`, { problems })
}

/** Validate, version-check, write the change set and (if due) apply it; all or nothing. */
export async function applyGridChanges(db: Kysely<Database>, input: ChangeInput, actor: Actor, now: Date = new Date()): Promise<ChangeResult> {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.effectiveDate) || Number.isNaN(Date.parse(input.effectiveDate))) {
    throw badRequest('invalid_effective_date', `effectiveDate must be a date YYYY-MM-DD, got ${JSON.stringify(input.effectiveDate)}`)
  }
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${PLANNING_LOCK})`.execute(trx)
    // versions first: a grid retired or redrawn since the edit began is a conflict, not a bad request
    const named = [...input.grids.map((g) => g.id).filter((id): id is number => id !== null), ...input.removed]
    await checkVersions(trx, input, named, named)
    const plan = await planChange(trx, input)
    if (plan.problems.length) throw topologyInvalid(plan.problems)
    await checkVersions(trx, { ...input, baseVersions: undefined }, [], plan.writes.filter((w) => w.before).map((w) => w.id))
    if (!plan.writes.length) throw badRequest('no_change', 'The edit changes nothing: every grid is as stored')
    const ids = await allocateIds(trx, plan.writes)
    const taken = new Set((await trx.selectFrom('grid_records').select('code').execute()).map((r) => r.code))
    for (const w of plan.writes) {
      const code = w.after?.code
      if (code && !w.before && taken.has(code)) throw badRequest('duplicate_code', `grid code ${code} is already used`, { code })
      if (code && w.before && code !== w.before.code && taken.has(code)) throw badRequest('duplicate_code', `grid code ${code} is already used`, { code })
    }
    finishWrites(plan.writes, plan.parent, ids, taken, { parentCode: plan.parentCode })
    const changeSetId = await recordChangeSet(trx, input, plan.writes, actor, null)
    const applied = input.effectiveDate <= chinaDate(now)
    if (applied) await applyChangeSet(trx, changeSetId, now)
    const versions = await trx.selectFrom('planning_grid_versions').select(['grid_id as id', 'version']).where('change_set_id', '=', changeSetId).orderBy('grid_id').execute()
    return { changeSetId, effectiveDate: input.effectiveDate, applied, grids: versions }
  })
}

/** 409 when an edited or removed grid moved on since baseVersions, or a change set not yet in force touches the family. */
export async function checkVersions(db: Kysely<Database>, input: { parentId: number | null; level: number; baseVersions?: Record<string, number> }, changedIds: number[], touched: number[]): Promise<void> {
  const pending = await db.selectFrom('planning_change_sets').select('id')
    .where('applied_at', 'is', null)
    .where((eb) => eb.or([eb.and([input.parentId === null ? eb('parent_id', 'is', null) : eb('parent_id', '=', input.parentId), eb('level', '=', input.level)]), ...(touched.length ? [sql<boolean>`grid_ids && array[${sql.join(touched)}]::integer[]`] : [])]))
    .execute()
  const stale: number[] = []
  if (input.baseVersions) {
    const missing = changedIds.filter((id) => input.baseVersions![String(id)] === undefined)
    if (missing.length) throw badRequest('missing_base_version', `baseVersions must give the version each edited or removed grid was read at; missing: ${missing.join(', ')}`, { missing })
    const rows = changedIds.length ? await db.selectFrom('grid_records').select(['id', 'version']).where('id', 'in', changedIds).execute() : []
    for (const r of rows) if (r.version !== input.baseVersions[String(r.id)]) stale.push(r.id)
  }
  if (!stale.length && !pending.length) return
  const changed = await db
    .selectFrom('planning_grid_versions as v')
    .innerJoin('planning_change_sets as c', 'c.id', 'v.change_set_id')
    .select(['v.grid_id as gridId', 'v.version', 'c.id as changeSetId', 'c.actor_name as by', 'c.created_at as at', 'c.reason', 'c.effective_date as effectiveDate', 'c.applied_at as appliedAt'])
    .where((eb) => eb.or([
      ...(stale.length ? [eb.and([eb('v.grid_id', 'in', stale), eb('v.version', '>', sql<number>`(${sql.lit(0)})`)])] : []),
      ...(pending.length ? [eb('c.id', 'in', pending.map((p) => p.id))] : []),
    ]))
    .orderBy('c.id')
    .orderBy('v.grid_id')
    .execute()
  const relevant = changed.filter((c) => pending.some((p) => p.id === c.changeSetId) || (stale.includes(c.gridId) && c.version > (input.baseVersions?.[String(c.gridId)] ?? 0)))
  const who = relevant[relevant.length - 1]
  throw new ApiError(409, 'version_conflict',
    stale.length
      ? `Grid ${stale.join(', ')} changed since this edit began${who ? ` (${who.by ?? 'someone'}, ${new Date(who.at).toISOString()}: ${who.reason})` : ''}; reload and edit again`
      : `A change set not yet in force (effective ${pending.length ? relevant[0]?.effectiveDate : ''}) already redraws these grids; wait for it or roll it back`,
    { changed: relevant.map((c) => ({ ...c, at: new Date(c.at).toISOString(), effectiveDate: String(c.effectiveDate).slice(0, 10), pending: c.appliedAt === null })), stale },
  )
}

async function allocateIds(db: Kysely<Database>, writes: GridWrite[]): Promise<Map<number, number>> {
  const { rows } = await sql<{ n: number }>`select greatest(
      (select coalesce(max(id), 0) from grid_records),
      (select coalesce(max(grid_id), 0) from planning_grid_versions)) + 1 as n`.execute(db)
  let next = Number(rows[0].n)
  const ids = new Map<number, number>()
  for (const w of [...writes].sort((a, b) => a.level - b.level || b.id - a.id)) if (w.id < 0) ids.set(w.id, next++)
  return ids
}

/** The change set row and one version row per grid; bumps the grids' versions now (even if pending). */
export async function recordChangeSet(db: Kysely<Database>, input: Omit<ChangeInput, 'grids' | 'removed'>, writes: GridWrite[], actor: Actor, rollbackOf: number | null): Promise<number> {
  const current = new Map((await db.selectFrom('grid_records').select(['id', 'version']).where('id', 'in', [0, ...writes.map((w) => w.id)]).execute()).map((r) => [r.id, r.version]))
  const { id } = await db
    .insertInto('planning_change_sets')
    .values({
      parent_id: input.parentId, level: input.level, effective_date: input.effectiveDate, reason: input.reason, source: input.source, rollback_of: rollbackOf,
      actor_id: actor.id, actor_name: actor.username, actor_role: actor.role, grid_ids: writes.map((w) => w.id).sort((a, b) => a - b),
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  for (const w of writes) {
    const version = (current.get(w.id) ?? 0) + 1
    await db.insertInto('planning_grid_versions').values({
      change_set_id: id, grid_id: w.id, version, action: !w.before ? 'create' : !w.after ? 'retire' : 'update',
      before: w.before ? JSON.stringify(w.before) : null, after: w.after ? JSON.stringify(w.after) : null,
    }).execute()
    if (current.has(w.id)) await db.updateTable('grid_records').set({ version }).where('id', '=', w.id).execute()
  }
  return id
}

/** Puts a recorded change set in force: grids created, redrawn or retired, objects relocated, households recounted. */
export async function applyChangeSet(db: Kysely<Database>, changeSetId: number, now: Date = new Date()): Promise<Move[]> {
  const rows = await db.selectFrom('planning_grid_versions').select(['grid_id', 'version', 'action', 'before', 'after']).where('change_set_id', '=', changeSetId).execute()
  const writes: GridWrite[] = rows.map((r) => ({ id: r.grid_id, level: (r.after ?? r.before)!.level, before: r.before, after: r.after }))
  const moved = await relocations(db, writes)
  for (const r of rows.sort((a, b) => (a.after ?? a.before)!.level - (b.after ?? b.before)!.level)) {
    if (r.action === 'create') await db.insertInto('grid_records').values({ ...gridColumns(r.after!), id: r.grid_id, version: r.version } as never).execute()
    else if (r.action === 'update') await db.updateTable('grid_records').set({ ...gridColumns(r.after!), retired_at: null } as never).where('id', '=', r.grid_id).execute()
    else await db.updateTable('grid_records').set({ retired_at: now }).where('id', '=', r.grid_id).execute()
  }
  await writeRelocations(db, moved)
  const live = rows.filter((r) => r.after).map((r) => r.grid_id)
  if (live.length) {
    await sql`update grid_records g set households = coalesce((select sum(b.households) from buildings b where b.grid_path @> array[g.id]), 0)::int
      where g.id in (${sql.join(live)})`.execute(db)
  }
  const moves = groupMoves(moved)
  await db.updateTable('planning_change_sets').set({ applied_at: now, moves: JSON.stringify(moves.map(({ ids, ...m }) => ({ ...m, ids: ids.slice(0, 1000) }))) }).where('id', '=', changeSetId).execute()
  return moves
}

function gridColumns(s: GridSnapshot): Record<string, unknown> {
  return {
    code: s.code, name: s.name, name_en: s.nameEn, level: s.level, kind: s.kind, parent_id: s.parentId, path: s.path,
    leader: JSON.stringify(s.leader), persons: JSON.stringify(s.persons), unit: JSON.stringify(s.unit),
    households: s.households, population: s.population, area_m2: geometryArea(s.geometry), geom: JSON.stringify(s.geometry), ...bboxColumns(s.geometry),
  }
}

/** Change sets whose effective date has come (China date of `now`), applied oldest first; returns their ids. */
export async function applyDueChangeSets(db: Kysely<Database>, now: Date = new Date()): Promise<number[]> {
  const due = await db.selectFrom('planning_change_sets').select('id').where('applied_at', 'is', null).where('effective_date', '<=', chinaDate(now)).orderBy('effective_date').orderBy('id').execute()
  const done: number[] = []
  for (const { id } of due) {
    await db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(${PLANNING_LOCK})`.execute(trx)
      const still = await trx.selectFrom('planning_change_sets').select('id').where('id', '=', id).where('applied_at', 'is', null).executeTakeFirst()
      if (still) await applyChangeSet(trx, id, now)
    })
    done.push(id)
  }
  return done
}

export type { Move }
