import { sql, type Kysely } from 'kysely'
import type { UpdateRecord } from '../../scripts/demo/histories.ts'
import { deadlineFor, type CaseLimits, type WorkingCalendar } from '../calendar/index.ts'
import { clockUpdatesOf } from '../calendar/deadlines.ts'
import type { Database } from '../db/database.ts'

/** Rows a statement: one JSON parameter each, so the statement size, not the parameter count, limits it. */
const CHUNK = 20_000

/**
 * Inserts the demo's case histories. Each chunk travels as one JSON text expanded by
 * jsonb_to_recordset on the server: ~170k rows bind no per-value parameters, which is what
 * makes multi-row VALUES slow on PGlite.
 */
export async function insertUpdates(
  db: Kysely<Database>,
  updates: readonly UpdateRecord[],
  onProgress?: (done: number, total: number) => void,
  photosOf: (u: UpdateRecord) => number[] = () => [],
) {
  for (let i = 0; i < updates.length; i += CHUNK) {
    const rows = updates.slice(i, i + CHUNK).map((u) => ({
      issue_id: u.issueId,
      seq: u.seq,
      actor_id: u.actor.id,
      actor_name: u.actor.name,
      actor_role: u.actor.role,
      at: u.at.toISOString(),
      from_status: u.from,
      to_status: u.to,
      action: u.action,
      note: u.note,
      details: u.details,
      photo_ids: photosOf(u),
    }))
    await sql`insert into issue_updates (issue_id, seq, actor_id, actor_name, actor_role, at, from_status, to_status, action, note, details, photo_ids)
      select issue_id, seq, actor_id, actor_name, actor_role, at, from_status, to_status, action, note, details, photo_ids
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        as r (issue_id integer, seq integer, actor_id integer, actor_name text, actor_role text, at timestamptz, from_status text, to_status text, action text, note text, details jsonb, photo_ids integer[])`.execute(db)
    onProgress?.(Math.min(i + CHUNK, updates.length), updates.length)
  }
}

/**
 * Each demo case's deadline as a live transition would store it (api/calendar/deadlines.ts):
 * the calendar's clocks over the case's log, on the stored calendar and category limits.
 * `updates` in (issueId, seq) order.
 */
export function demoDeadlines(updates: readonly UpdateRecord[], categoryOf: (issueId: number) => string, limits: Map<string, CaseLimits>, cal: WorkingCalendar, now: Date): Map<number, Date | null> {
  const out = new Map<number, Date | null>()
  let from = 0
  for (let i = 1; i <= updates.length; i++) {
    if (i < updates.length && updates[i].issueId === updates[from].issueId) continue
    const log = updates.slice(from, i)
    const id = updates[from].issueId
    const limit = limits.get(categoryOf(id))
    if (!limit) throw new Error(`category ${categoryOf(id)} has no limits`)
    const rows = log.map((u) => ({ at: u.at, action: u.action, to_status: u.to, details: u.details }))
    out.set(id, deadlineFor(limit, clockUpdatesOf(rows), cal, now).deadline)
    from = i
  }
  return out
}
