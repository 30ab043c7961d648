import type { Kysely, Selectable, Transaction } from 'kysely'
import { inScope } from '../../auth/guard.ts'
import type { SessionUser } from '../../auth/roles.ts'
import type { Database } from '../../db/database.ts'
import type { CivInspectionTable, InspectionKind, InspectionPointType } from '../../db/tables/inspections.table.ts'
import { ApiError, notFound, unprocessable } from '../../errors.ts'
import { activeChecklist } from '../standard/checklists.ts'
import type { AssessmentPoint } from './points.ts'

type Db = Kysely<Database> | Transaction<Database>
export type InspectionRow = Selectable<CivInspectionTable>

/** Which checklist scores a point: compounds the compound standard, every other point the community one. */
export const checklistKind = (type: InspectionPointType) => (type === 'compound' ? 'compound' : 'community') as 'compound' | 'community'

/** Users who may carry out inspections: the inspector role (admin may, for support). */
export async function requireInspector(db: Db, inspectorId: number) {
  const u = await db.selectFrom('users').select(['id', 'username', 'name', 'role', 'grid_ids', 'disabled']).where('id', '=', inspectorId).executeTakeFirst()
  if (!u || u.disabled) throw unprocessable('unknown_inspector', `No active user ${inspectorId}`, { inspectorId })
  if (u.role !== 'inspector' && u.role !== 'admin') throw unprocessable('not_an_inspector', `User ${u.username} is a ${u.role}, not an inspector`, { inspectorId, role: u.role })
  return u
}

export interface NewTask {
  kind: InspectionKind
  point: AssessmentPoint
  inspector: { id: number; grid_ids: number[]; username: string }
  due: Date | null
  batchId: number | null
  createdBy: number
}

/** Inserts tasks; each point must lie in its inspector's grids (the case a failure opens is theirs to report). */
export async function insertTasks(db: Db, tasks: readonly NewTask[], now: Date) {
  if (!tasks.length) return []
  const checklistIds = new Map<string, number>()
  for (const kind of new Set(tasks.map((t) => checklistKind(t.point.properties.pointType)))) {
    checklistIds.set(kind, (await activeChecklist(db, kind)).id)
  }
  for (const t of tasks) {
    const p = t.point.properties
    const scope = { id: t.inspector.id, gridIds: t.inspector.grid_ids, role: 'inspector', categories: null } as unknown as SessionUser
    if (!inScope(scope, p.gridPath)) {
      throw unprocessable('outside_inspector_scope', `${p.name} (grid ${p.gridId}) lies outside the grids of ${t.inspector.username}`, { point: t.point.id, gridId: p.gridId, inspectorId: t.inspector.id })
    }
  }
  return db
    .insertInto('civ_inspections')
    .values(
      tasks.map((t) => {
        const p = t.point.properties
        const [lon, lat] = t.point.geometry.coordinates as [number, number]
        return {
          kind: t.kind,
          batch_id: t.batchId,
          point_type: p.pointType,
          compound_id: p.compoundId,
          facility_id: p.facilityId,
          road_id: p.roadId,
          name: p.name,
          lon,
          lat,
          grid_id: p.gridId,
          grid_path: p.gridPath,
          checklist_id: checklistIds.get(checklistKind(p.pointType))!,
          inspector_id: t.inspector.id,
          due: t.due,
          created_by: t.createdBy,
          created_at: now,
        }
      }),
    )
    .returningAll()
    .execute()
}

/**
 * A task as its caller may see it: the assigned inspector, or a district-wide / grid-scoped
 * reader whose scope holds the point. Others get 404 (a task's existence is not disclosed).
 */
export async function visibleTask(db: Db, id: number, user: SessionUser, opts: { forUpdate?: boolean } = {}): Promise<InspectionRow> {
  let q = db.selectFrom('civ_inspections').selectAll().where('id', '=', id)
  if (opts.forUpdate) q = q.forUpdate()
  const row = await q.executeTakeFirst()
  if (!row || !canSeeTask(user, row)) throw notFound('inspection', id)
  return row
}

export function canSeeTask(user: SessionUser, row: Pick<InspectionRow, 'inspector_id' | 'grid_path'>): boolean {
  if (row.inspector_id === user.id) return true
  if (user.role === 'inspector' || user.role === 'worker' || user.role === 'department') return false
  return inScope(user, row.grid_path)
}

/** Only the assigned inspector (or admin) scores a task. */
export function requireOwnTask(user: SessionUser, row: InspectionRow): void {
  if (row.inspector_id !== user.id && user.role !== 'admin') {
    throw new ApiError(403, 'not_your_task', `Inspection ${row.id} is assigned to another inspector`, { inspectionId: row.id })
  }
}

export function taskSummary(r: InspectionRow) {
  return {
    id: r.id,
    kind: r.kind,
    batchId: r.batch_id,
    pointType: r.point_type,
    compoundId: r.compound_id,
    facilityId: r.facility_id,
    roadId: r.road_id,
    name: r.name,
    lon: r.lon,
    lat: r.lat,
    gridId: r.grid_id,
    gridPath: r.grid_path,
    checklistId: r.checklist_id,
    inspectorId: r.inspector_id,
    status: r.status,
    due: r.due?.toISOString() ?? null,
    createdAt: r.created_at.toISOString(),
    startedAt: r.started_at?.toISOString() ?? null,
    submittedAt: r.submitted_at?.toISOString() ?? null,
    score: r.score,
    maxScore: r.max_score,
    rate: r.rate,
    assessmentId: r.assessment_id,
  }
}
