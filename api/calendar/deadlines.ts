/**
 * Deadlines of stored cases: the update log (issue_updates) folded by the pure clocks of
 * clock.ts on the stored calendar and the category's limits.
 *
 * For helper "lifecycle": call `refreshDeadline(trx, issueId)` in the transition's transaction,
 * after appending the update (dispatch, approve_extension, park, resume, report_done, rework, …).
 * It writes issues.deadline_at (null while the clock is stopped with budget left) and clears
 * issues.overdue_at when an extension brings the case back within its limit.
 */
import type { Kysely, Transaction } from 'kysely'
import type { Database } from '../db/database.ts'
import { deadlineFor, type CaseDeadlines, type ClockUpdate } from './clock.ts'
import { loadCalendar, loadCategoryLimits } from './load.ts'
import type { WorkingLimit } from './working-time.ts'

type Db = Kysely<Database> | Transaction<Database>

interface UpdateRow {
  at: Date
  action: string
  to_status: string
  details: Record<string, unknown> | null
}

function extensionOf(details: Record<string, unknown> | null): WorkingLimit | null {
  const e = details?.extension as { value?: unknown; unit?: unknown } | undefined
  if (!e || typeof e.value !== 'number' || (e.unit !== 'working_hours' && e.unit !== 'working_days')) return null
  return { value: e.value, unit: e.unit }
}

/** issue_updates rows (in seq order) as the clocks read them; an approval carrying its own extension wins over the request's. */
export function clockUpdatesOf(rows: readonly UpdateRow[]): ClockUpdate[] {
  const out: ClockUpdate[] = []
  for (const r of rows) {
    const extension = extensionOf(r.details)
    if (r.action === 'approve_extension' && extension) {
      // make the approved amount the one the clock adds
      out.push({ at: r.at, action: 'request_extension', toStatus: r.to_status, extension })
    }
    out.push({ at: r.at, action: r.action, toStatus: r.to_status, extension })
  }
  return out
}

/** Both clocks of a stored case at `now`; null when the case does not exist. */
export async function caseDeadlines(db: Db, issueId: number, now: Date = new Date()): Promise<CaseDeadlines | null> {
  const issue = await db.selectFrom('issues').select(['category']).where('id', '=', issueId).executeTakeFirst()
  if (!issue) return null
  const [rows, cal, limits] = await Promise.all([
    db.selectFrom('issue_updates').select(['at', 'action', 'to_status', 'details']).where('issue_id', '=', issueId).orderBy('seq').execute(),
    loadCalendar(db as Kysely<Database>),
    loadCategoryLimits(db),
  ])
  const limit = limits.get(issue.category)
  if (!limit) throw new Error(`category ${issue.category} has no limits`)
  return deadlineFor(limit, clockUpdatesOf(rows), cal, now)
}

/** Recompute and store a case's deadline (see the module comment). */
export async function refreshDeadline(trx: Db, issueId: number, now: Date = new Date()): Promise<CaseDeadlines | null> {
  const clocks = await caseDeadlines(trx, issueId, now)
  if (!clocks) return null
  const overdue = clocks.current?.overdue ?? false
  await trx
    .updateTable('issues')
    .set((eb) => ({
      deadline_at: clocks.deadline,
      // stays marked while overdue (the sweep announced it); cleared when no longer overdue
      overdue_at: overdue ? eb.fn.coalesce('overdue_at', eb.val(clocks.current!.deadline ?? now)) : null,
    }))
    .where('id', '=', issueId)
    .execute()
  return clocks
}
