/**
 * Old-compound renovation projects (老旧小区综合整治, seed 001 §11): reads scoped to the caller's
 * grids, creation, and the one-step-forward status workflow. Plain fn(db, …) repository.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely'
import type { SessionUser } from '../../auth/roles.ts'
import { requireScope, scopeFilter } from '../../auth/guard.ts'
import type { Database } from '../../db/database.ts'
import { RENOVATION_STATUSES, type RenovationScope, type RenovationStatus } from '../../db/tables/renovation.table.ts'
import { ApiError, notFound, unprocessable } from '../../errors.ts'
import { chinaDate } from '../../planning/service.ts'

export interface Renovation {
  id: number
  compoundId: number
  compoundName: string
  gridId: number
  streetId: number
  communityId: number
  name: string
  year: number
  status: RenovationStatus
  scope: RenovationScope[]
  plannedStart: string
  plannedEnd: string
  startedAt: string | null
  completedAt: string | null
  acceptedAt: string | null
  budget: number | null
  note: string | null
  households: number
  old: boolean
}

export interface RenovationFilter {
  grid?: number
  year?: number
  status?: RenovationStatus
}

/** The date a step sets when the project enters it (design sets none). */
export const STEP_DATE: Partial<Record<RenovationStatus, 'started_at' | 'completed_at' | 'accepted_at'>> = {
  construction: 'started_at',
  completed: 'completed_at',
  accepted: 'accepted_at',
}

/** The one status a project may move to from `from`, or null at the end of the workflow. */
export function nextStatus(from: RenovationStatus): RenovationStatus | null {
  return RENOVATION_STATUSES[RENOVATION_STATUSES.indexOf(from) + 1] ?? null
}

/** Renovations are not issue categories: a department user's category list does not narrow them. */
const gridScope = (user: SessionUser) => scopeFilter({ ...user, categories: null }, { path: 'c.grid_path' })
const day = (column: string): RawBuilder<string> => sql<string>`to_char(${sql.ref(column)}, 'YYYY-MM-DD')`

function baseQuery(db: Kysely<Database>) {
  return db
    .selectFrom('civ_renovations as r')
    .innerJoin('compounds as c', 'c.id', 'r.compound_id')
    .select([
      'r.id',
      'r.compound_id as compoundId',
      'c.name as compoundName',
      'c.grid_id as gridId',
      sql<number>`c.grid_path[1]`.as('streetId'),
      sql<number>`c.grid_path[2]`.as('communityId'),
      'r.name',
      'r.year',
      'r.status',
      'r.scope',
      day('r.planned_start').as('plannedStart'),
      day('r.planned_end').as('plannedEnd'),
      day('r.started_at').as('startedAt'),
      day('r.completed_at').as('completedAt'),
      day('r.accepted_at').as('acceptedAt'),
      sql<number | null>`r.budget::float8`.as('budget'),
      'r.note',
      'c.households',
      'c.old',
    ])
}

export async function listRenovations(db: Kysely<Database>, user: SessionUser, filter: RenovationFilter = {}): Promise<Renovation[]> {
  let q = baseQuery(db).where(gridScope(user))
  if (filter.grid) q = q.where(sql<boolean>`c.grid_path @> array[${filter.grid}]::integer[]`)
  if (filter.year) q = q.where('r.year', '=', filter.year)
  if (filter.status) q = q.where('r.status', '=', filter.status)
  return (await q.orderBy('r.planned_start').orderBy('r.id').execute()) as Renovation[]
}

/** One project; 404 when it does not exist or lies outside the caller's grids (no existence leak). */
export async function getRenovation(db: Kysely<Database>, user: SessionUser, id: number): Promise<Renovation> {
  const row = await baseQuery(db).where('r.id', '=', id).where(gridScope(user)).executeTakeFirst()
  if (!row) throw notFound('Renovation project', id)
  return row as Renovation
}

export interface RenovationInput {
  compoundId: number
  name?: string
  year?: number
  scope: RenovationScope[]
  plannedStart: string
  plannedEnd: string
  budget?: number | null
  note?: string | null
}

export async function createRenovation(db: Kysely<Database>, user: SessionUser, input: RenovationInput): Promise<Renovation> {
  if (input.plannedEnd < input.plannedStart) {
    throw unprocessable('invalid_dates', `plannedEnd ${input.plannedEnd} is before plannedStart ${input.plannedStart}`, { plannedStart: input.plannedStart, plannedEnd: input.plannedEnd })
  }
  const year = input.year ?? Number(input.plannedStart.slice(0, 4))
  return db.transaction().execute(async (trx) => {
    const compound = await trx.selectFrom('compounds').select(['id', 'name', 'grid_path']).where('id', '=', input.compoundId).executeTakeFirst()
    if (!compound) throw unprocessable('unknown_compound', `Compound ${input.compoundId} does not exist`, { compoundId: input.compoundId })
    requireScope(user, compound.grid_path, null, `Compound ${compound.id}`)
    const taken = await trx.selectFrom('civ_renovations').select('id').where('compound_id', '=', compound.id).where('year', '=', year).executeTakeFirst()
    if (taken) throw new ApiError(409, 'duplicate_project', `Compound ${compound.id} already has renovation project ${taken.id} in ${year}`, { id: taken.id, compoundId: compound.id, year })
    const { id } = await trx
      .insertInto('civ_renovations')
      .values({
        compound_id: compound.id,
        name: input.name?.trim() || `${compound.name}老旧小区改造`,
        year,
        scope: [...new Set(input.scope)],
        planned_start: input.plannedStart,
        planned_end: input.plannedEnd,
        budget: input.budget ?? null,
        note: input.note ?? null,
        created_by: user.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    return getRenovation(trx, user, id)
  })
}

export interface StatusChange {
  status: RenovationStatus
  /** the day the step happened (YYYY-MM-DD); default today in China */
  date?: string
  note?: string | null
}

/**
 * Moves a project one step forward, recording the step's date. Concurrent callers are serialised
 * by the row lock: the second sees the new status and gets 409.
 */
export async function changeStatus(db: Kysely<Database>, user: SessionUser, id: number, change: StatusChange, today = new Date()): Promise<Renovation> {
  const date = change.date ?? chinaDate(today)
  if (date > chinaDate(today)) throw unprocessable('future_date', `The date ${date} is in the future`, { date })
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('civ_renovations as r')
      .innerJoin('compounds as c', 'c.id', 'r.compound_id')
      .select(['r.id', 'r.status', 'c.grid_path', day('r.started_at').as('startedAt'), day('r.completed_at').as('completedAt')])
      .where('r.id', '=', id)
      .forUpdate('r')
      .executeTakeFirst()
    if (!row) throw notFound('Renovation project', id)
    requireScope(user, row.grid_path, null, `Renovation project ${id}`)
    const allowed = nextStatus(row.status)
    if (change.status !== allowed) {
      throw new ApiError(409, 'invalid_transition', `A project in status ${row.status} can move only to ${allowed ?? '(nothing: accepted is final)'}, not ${change.status}`, { from: row.status, to: change.status, allowed })
    }
    const previous = change.status === 'completed' ? row.startedAt : change.status === 'accepted' ? row.completedAt : null
    if (previous && date < previous) {
      throw unprocessable('invalid_dates', `The ${change.status} date ${date} is before the previous step's ${previous}`, { date, previous })
    }
    const column = STEP_DATE[change.status]
    await trx
      .updateTable('civ_renovations')
      .set({
        status: change.status,
        ...(column ? { [column]: date } : {}),
        ...(change.note !== undefined ? { note: change.note } : {}),
        updated_at: sql<Date>`now()` as unknown as Date,
      })
      .where('id', '=', id)
      .execute()
    return getRenovation(trx, user, id)
  })
}
