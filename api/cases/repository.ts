import type { Kysely, RawBuilder, Selectable } from 'kysely'
import { degreeRadius, haversineLonLat } from '../../geo/measure.ts'
import type { Database } from '../db/database.ts'
import type { IssueUpdateTable } from '../db/tables/cases.table.ts'
import type { IssueTable } from '../db/tables/issues.table.ts'
import { pointWithin } from '../http/sql.ts'
import { photoMeta, type PhotoInfo } from '../photos/repository.ts'
import { CLOSED_STATUSES, type CaseStatus } from './lifecycle.ts'

export type CaseRow = Selectable<IssueTable>
export type UpdateRow = Selectable<IssueUpdateTable>

/** Duplicate suggestions: open cases of the same category this close, reported this recently. */
export const DUPLICATE_DEFAULTS = {
  /** metres between the two points (great-circle) */
  radiusM: Number(process.env.GRIDSIGHT_DUPLICATE_RADIUS_M ?? 30),
  /** days between the earlier case's report and the new one */
  days: Number(process.env.GRIDSIGHT_DUPLICATE_DAYS ?? 7),
  /** most suggestions returned */
  limit: 10,
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null)
export const isOpenStatus = (s: string) => !(CLOSED_STATUSES as readonly string[]).includes(s)

export function caseSummary(row: CaseRow, now: Date) {
  const open = isOpenStatus(row.status)
  return {
    id: row.id,
    category: row.category,
    status: row.status as CaseStatus,
    description: row.description,
    lon: row.lon,
    lat: row.lat,
    gridId: row.grid_id,
    gridPath: row.grid_path,
    department: row.department,
    reportedAt: row.reported_at.toISOString(),
    deadlineAt: iso(row.deadline_at),
    closedAt: iso(row.closed_at),
    open,
    overdue: open && row.deadline_at !== null && row.deadline_at < now,
    version: row.version,
    recurrenceOf: row.recurrence_of,
    mergedInto: row.merged_into,
  }
}

export function caseDetail(row: CaseRow, now: Date) {
  return {
    ...caseSummary(row, now),
    source: row.source,
    reporter: row.reporter,
    acceptedAt: iso(row.accepted_at),
    openedAt: iso(row.opened_at),
    dispatchedAt: iso(row.dispatched_at),
    handledAt: iso(row.handled_at),
    verifiedAt: iso(row.verified_at),
    reworkCount: row.rework_count,
    extensionPending: row.extension_pending,
  }
}

export function findCase(db: Kysely<Database>, id: number) {
  return db.selectFrom('issues').selectAll().where('id', '=', id).executeTakeFirst()
}

export function caseLog(db: Kysely<Database>, id: number) {
  return db.selectFrom('issue_updates').selectAll().where('issue_id', '=', id).orderBy('seq').execute()
}

export function timelineEntry(u: UpdateRow, photos: Map<number, PhotoInfo>) {
  return {
    seq: u.seq,
    action: u.action,
    fromStatus: u.from_status,
    toStatus: u.to_status,
    at: new Date(u.at).toISOString(),
    actor: { id: u.actor_id, name: u.actor_name, role: u.actor_role },
    note: u.note,
    details: u.details,
    photos: u.photo_ids.map((id) => photos.get(id)).filter((p): p is PhotoInfo => p !== undefined),
  }
}

export async function timeline(db: Kysely<Database>, log: UpdateRow[]) {
  const photos = await photoMeta(
    db,
    log.flatMap((u) => u.photo_ids),
  )
  return log.map((u) => timelineEntry(u, photos))
}

/**
 * Open cases of `category` within `radiusM` of (lon, lat) reported in the `days` before `at`,
 * nearest first. The GiST point index narrows to the degree box; haversine decides.
 */
export async function duplicateCandidates(
  db: Kysely<Database>,
  c: { id?: number; category: string; lon: number; lat: number; at: Date },
  scope: RawBuilder<boolean>,
  opts = DUPLICATE_DEFAULTS,
) {
  const { dLon, dLat } = degreeRadius(c.lat, opts.radiusM)
  const box: [number, number, number, number] = [c.lon - dLon, c.lat - dLat, c.lon + dLon, c.lat + dLat]
  let q = db
    .selectFrom('issues')
    .selectAll()
    .where('category', '=', c.category)
    .where(pointWithin(box))
    .where('status', 'not in', CLOSED_STATUSES as CaseStatus[])
    .where('reported_at', '>=', new Date(c.at.getTime() - opts.days * 86_400_000))
    .where('reported_at', '<=', c.at)
    .where(scope)
  if (c.id !== undefined) q = q.where('id', '<>', c.id)
  const rows = await q.execute()
  return rows
    .map((r) => ({ row: r, distanceM: haversineLonLat(c.lon, c.lat, r.lon, r.lat) }))
    .filter((x) => x.distanceM <= opts.radiusM)
    .sort((a, b) => a.distanceM - b.distanceM)
    .slice(0, opts.limit)
}
