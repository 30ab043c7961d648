import type { Insertable, Kysely, Transaction, Updateable } from 'kysely'
import { refreshDeadline } from '../calendar/deadlines.ts'
import type { Database } from '../db/database.ts'
import type { IssueTable } from '../db/tables/issues.table.ts'
import { ApiError, notFound, unprocessable } from '../errors.ts'
import { recordEvent } from '../events/record.ts'
import { locateGrid } from '../issues/locate.ts'
import { missingPhotos } from '../photos/repository.ts'
import { canActOn, canRead, type CaseUser } from './access.ts'
import { DEPARTMENT_CODES } from './departments.ts'
import { deriveState, transition, type CaseAction, type TransitionInput } from './lifecycle.ts'
import { isOpenStatus, type CaseRow, type UpdateRow } from './repository.ts'

type Db = Kysely<Database> | Transaction<Database>

export interface TransitionRequest extends TransitionInput {
  action: CaseAction
  expectedVersion?: number
}

export interface Caller {
  user: CaseUser
  ip: string | null
}

/** What the action changes on the cached row besides status and version. */
function rowChanges(action: CaseAction, row: CaseRow, input: TransitionInput, at: Date): Updateable<IssueTable> {
  switch (action) {
    case 'accept':
      return { accepted_at: at }
    case 'open':
      return { opened_at: at }
    case 'dispatch':
      return { dispatched_at: at, department: input.department! }
    case 'return':
      return { department: null }
    case 'request_extension':
      return { extension_pending: true }
    case 'approve_extension':
    case 'deny_extension':
      return { extension_pending: false }
    case 'report_done':
      return { handled_at: at }
    case 'verify':
      return { verified_at: at }
    case 'rework':
      return { rework_count: row.rework_count + 1, verified_at: null }
    case 'close':
    case 'reject':
      return { closed_at: at }
    case 'merge':
      return { closed_at: at, merged_into: input.mergeInto! }
    default:
      return {}
  }
}

function refuse(r: { status: 400 | 403 | 409; code: string; message: string; details: unknown }): never {
  throw new ApiError(r.status, r.code, r.message, r.details)
}

/** Checks that need the database: the department exists, the photos exist, the merge target fits. */
async function checkReferences(trx: Db, row: CaseRow, req: TransitionRequest, user: CaseUser) {
  if (req.action === 'dispatch' && !DEPARTMENT_CODES.has(req.department!)) {
    throw new ApiError(400, 'unknown_department', `No department ${req.department}`, { department: req.department, known: [...DEPARTMENT_CODES] })
  }
  if (req.photoIds?.length) {
    const missing = await missingPhotos(trx, req.photoIds)
    if (missing.length) throw new ApiError(400, 'unknown_photo', `No photo ${missing.join(', ')}: upload it first (POST /api/photos)`, { missing })
  }
  if (req.action === 'merge') {
    const target = await trx.selectFrom('issues').selectAll().where('id', '=', req.mergeInto!).executeTakeFirst()
    const why =
      !target || !canRead(user, target)
        ? `case ${req.mergeInto} does not exist or is not visible to you`
        : target.id === row.id
          ? 'a case cannot be merged into itself'
          : !isOpenStatus(target.status)
            ? `case ${target.id} is ${target.status}; merge into an open case`
            : target.category !== row.category
              ? `case ${target.id} is of category ${target.category}, not ${row.category}`
              : null
    if (why) throw new ApiError(409, 'merge_target_invalid', why, { mergeInto: req.mergeInto })
  }
}

/**
 * One transition, all or nothing: lock the case row, check role, scope, version and legality
 * against the state derived from the log, append the update (seq = version + 1), refresh the
 * cached row and the deadline, record the event. Any refusal throws before anything is written.
 */
export async function applyTransition(db: Kysely<Database>, caseId: number, req: TransitionRequest, caller: Caller, now = new Date()) {
  return db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('issues').selectAll().where('id', '=', caseId).forUpdate().executeTakeFirst()
    if (!row) throw notFound('case', caseId)
    const { user } = caller
    // role first, then scope, then version, then the state
    const log = await trx.selectFrom('issue_updates').selectAll().where('issue_id', '=', caseId).orderBy('seq').execute()
    const state = deriveState(log)
    const result = transition(state, req.action, user.role, req)
    if (!result.ok && result.status === 403) refuse(result)
    if (!canActOn(user, row)) {
      throw new ApiError(403, 'out_of_scope', `Case ${caseId} lies outside the scope of ${user.username}`, { caseId, gridPath: row.grid_path, department: row.department })
    }
    if (req.expectedVersion !== undefined && req.expectedVersion !== row.version) {
      throw new ApiError(409, 'version_conflict', `Case ${caseId} is at version ${row.version}, not ${req.expectedVersion}: reload it`, { expected: req.expectedVersion, actual: row.version })
    }
    if (!result.ok) refuse(result)
    await checkReferences(trx, row, req, user)

    const seq = row.version + 1
    let created: CaseRow | null = null
    if (req.action === 'reopen') created = await createRecurrence(trx, row, req, caller, now)
    const details: Record<string, unknown> = {}
    if (req.department) details.department = req.department
    if (req.reason) details.reason = req.reason
    if (req.extension) details.extension = req.extension
    if (req.mergeInto) details.mergedInto = req.mergeInto
    if (created) details.recurrence = created.id
    const update = await trx
      .insertInto('issue_updates')
      .values({
        issue_id: caseId,
        seq,
        actor_id: user.id,
        actor_name: user.name,
        actor_role: user.role,
        at: now,
        from_status: result.from,
        to_status: result.to,
        action: req.action,
        note: req.note?.trim() || null,
        photo_ids: req.photoIds ? [...req.photoIds] : [],
        details: Object.keys(details).length ? JSON.stringify(details) : null,
        ip: caller.ip,
      })
      .returningAll()
      .executeTakeFirstOrThrow()

    await trx
      .updateTable('issues')
      .set({ ...rowChanges(req.action, row, req, now), status: result.to, version: seq })
      .where('id', '=', caseId)
      .execute()
    // the calendar's clocks read the whole log: deadline_at (null while stopped) and overdue_at
    await refreshDeadline(trx, caseId, now)
    const updated = await trx.selectFrom('issues').selectAll().where('id', '=', caseId).executeTakeFirstOrThrow()
    await recordEvent(trx, {
      type: 'case.transitioned',
      issueId: caseId,
      gridPath: row.grid_path,
      payload: { action: req.action, from: result.from, to: result.to, seq, version: seq, ...(created ? { recurrence: created.id } : {}) },
    })
    if (created) {
      await recordEvent(trx, { type: 'case.created', issueId: created.id, gridPath: created.grid_path, payload: { status: created.status, category: created.category, recurrenceOf: caseId } })
    }
    return { row: updated, update, created }
  })
}

/** The new case a reopen makes: same place and category, linked to the closed original. */
async function createRecurrence(trx: Db, original: CaseRow, req: TransitionRequest, caller: Caller, now: Date) {
  const row = await trx
    .insertInto('issues')
    .values({
      category: original.category,
      description: original.description,
      status: 'reported',
      source: caller.user.role === 'worker' ? 'grid_worker' : caller.user.role === 'inspector' ? 'inspector' : 'hotline',
      reporter: JSON.stringify({ name: caller.user.name }),
      reporter_id: caller.user.id,
      lon: original.lon,
      lat: original.lat,
      grid_id: original.grid_id,
      grid_path: original.grid_path,
      reported_at: now,
      version: 1,
      recurrence_of: original.id,
    })
    .returningAll()
    .executeTakeFirstOrThrow()
  await insertReport(trx, row, caller, req.note ?? null, req.photoIds ?? [], { recurrenceOf: original.id })
  return row
}

async function insertReport(trx: Db, row: CaseRow, caller: Caller, note: string | null, photoIds: readonly number[], details: Record<string, unknown>) {
  await trx
    .insertInto('issue_updates')
    .values({
      issue_id: row.id,
      seq: 1,
      actor_id: caller.user.id,
      actor_name: caller.user.name,
      actor_role: caller.user.role,
      at: row.reported_at,
      from_status: null,
      to_status: 'reported',
      action: 'report',
      note,
      photo_ids: [...photoIds],
      details: JSON.stringify(details),
      ip: caller.ip,
    })
    .execute()
}

export interface ReportInput {
  category: string
  description: string
  lon: number
  lat: number
  photoIds?: number[]
  source?: 'grid_worker' | 'inspector' | 'public' | 'hotline'
  reportedAt?: Date
}

/** A new case at a point: the level-3 grid holding it must be in the reporter's scope. */
export async function reportCase(db: Kysely<Database>, input: ReportInput, caller: Caller, now = new Date()) {
  const { user } = caller
  const allowed = transition(null, 'report', user.role)
  if (!allowed.ok) refuse(allowed)
  return db.transaction().execute(async (trx) => {
    const grid = await locateGrid(trx, input.lon, input.lat)
    if (!grid) throw unprocessable('outside_grids', `The point ${input.lon}, ${input.lat} lies outside every grid of this district`, { coordinates: [input.lon, input.lat] })
    if (!canActOn(user, { grid_path: grid.path, department: null })) {
      throw new ApiError(403, 'out_of_scope', `The point lies in grid ${grid.id}, outside the scope of ${user.username}`, { gridId: grid.id })
    }
    if (input.photoIds?.length) {
      const missing = await missingPhotos(trx, input.photoIds)
      if (missing.length) throw new ApiError(400, 'unknown_photo', `No photo ${missing.join(', ')}: upload it first (POST /api/photos)`, { missing })
    }
    const source = input.source ?? (user.role === 'worker' ? 'grid_worker' : user.role === 'inspector' ? 'inspector' : 'hotline')
    return startCase(
      trx,
      {
        category: input.category,
        description: input.description,
        source,
        reporter: JSON.stringify({ name: user.name }),
        reporter_id: user.id,
        lon: input.lon,
        lat: input.lat,
        grid_id: grid.id,
        grid_path: grid.path,
        reported_at: input.reportedAt ?? now,
      },
      caller,
      input.photoIds ?? [],
    )
  })
}

/**
 * The one way a case starts: its row in 'reported' at version 1, the log's first ('report') update
 * and the case.created event, in the caller's transaction. A row without its log could never be
 * transitioned. Callers check the grid and the scope first.
 */
export async function startCase(
  trx: Db,
  values: Omit<Insertable<IssueTable>, 'status' | 'version'>,
  caller: Caller,
  photoIds: readonly number[] = [],
): Promise<CaseRow> {
  const row = await trx.insertInto('issues').values({ ...values, status: 'reported', version: 1 }).returningAll().executeTakeFirstOrThrow()
  await insertReport(trx, row, caller, null, photoIds, { source: row.source })
  await recordEvent(trx, { type: 'case.created', issueId: row.id, gridPath: row.grid_path, payload: { status: row.status, category: row.category } })
  return row
}
