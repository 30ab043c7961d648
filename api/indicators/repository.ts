/**
 * Loads the cohort of a period (cases opened in it) with their update logs in one aggregated
 * JSON text (fast on PGlite), and judges each case with compute.ts.
 */
import { sql, type Kysely } from 'kysely'
import type { ClockUpdate } from '../calendar/clock.ts'
import { clockUpdatesOf } from '../calendar/deadlines.ts'
import { loadCalendar, loadCategoryLimits } from '../calendar/load.ts'
import type { Database } from '../db/database.ts'
import { caseFacts, type CaseFacts } from './compute.ts'
import type { Period } from './period.ts'

export interface CohortCase {
  id: number
  gridPath: number[]
  /** the department of the latest dispatch, null if never dispatched */
  department: string | null
  /** ids (or names, for staff without an account) of everyone who acted on the case */
  actors: Set<string>
  facts: CaseFacts
}

type Row = [number, string, number[], [number, string, string, Record<string, unknown> | null, number | null, string | null][]]

/** Cases opened (立案) in the period, judged at min(period end, now). Optionally only those under one grid. */
export async function loadCohort(db: Kysely<Database>, period: Period, now: Date, gridId?: number): Promise<CohortCase[]> {
  const asOf = Math.min(+period.to, +now)
  const [cal, limits, result] = await Promise.all([
    loadCalendar(db),
    loadCategoryLimits(db),
    sql<{ text: string | null }>`
      select json_agg(json_build_array(i.id, i.category, i.grid_path, u.log))::text as text
      from issues i
      join lateral (
        select json_agg(json_build_array(extract(epoch from x.at) * 1000, x.action, x.to_status, x.details, x.actor_id, x.actor_name) order by x.seq) as log
        from issue_updates x where x.issue_id = i.id
      ) u on true
      where i.id in (select issue_id from issue_updates where action = 'open' and at >= ${period.from} and at < ${period.to})
        ${gridId === undefined ? sql`` : sql`and i.grid_path @> array[${gridId}]::integer[]`}`.execute(db),
  ])
  const rows = JSON.parse(result.rows[0]?.text ?? 'null') as Row[] | null
  const out: CohortCase[] = []
  for (const [id, category, gridPath, log] of rows ?? []) {
    const limit = limits.get(category)
    if (!limit) continue
    const updates: ClockUpdate[] = clockUpdatesOf(log.map(([at, action, to_status, details]) => ({ at: new Date(at), action, to_status, details })))
    let department: string | null = null
    const actors = new Set<string>()
    for (const [at, action, , details, actorId, actorName] of log) {
      if (at > asOf) break
      if (action === 'dispatch' && typeof details?.department === 'string') department = details.department
      if (actorId !== null) actors.add(String(actorId))
      else if (actorName) actors.add(actorName)
    }
    out.push({ id, gridPath, department, actors, facts: caseFacts(updates, limit, cal, asOf) })
  }
  return out
}
