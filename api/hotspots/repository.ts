/**
 * The cases the hotspot analysis looks at, read in one aggregated JSON text (PGlite turns rows
 * into JS objects slowly; see api/http/features.ts), then classified in JS with geo/hotspots.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely'
import type { Database } from '../db/database.ts'
import { classifyRecurrences, type RecurrenceOptions } from '../../geo/hotspots/index.ts'

/** Rejected (不予受理) and merged (duplicate) cases are not problems on the ground: never counted. */
export const EXCLUDED_STATUSES = ['rejected', 'merged'] as const

export interface HotspotCase {
  id: number
  lon: number
  lat: number
  category: string
  /** epoch ms */
  reportedAt: number
  gridId: number
  /** 0 not, 1 a closed case of its category within the radius and window before it, 2 linked by 复发重开 */
  recurrence: number
  /** failed verification at least once (a 返工 update in its log) */
  reworked: boolean
}

export interface HotspotQuery {
  /** inclusive, a local midnight */
  from: Date
  /** exclusive, a local midnight */
  to: Date
  categories: string[] | null
  /** the caller's read scope (api/cases/access.ts readScope) */
  scope: RawBuilder<boolean>
  recurrence: RecurrenceOptions
}

type Row = [number, number, number, string, string | number, string | number | null, boolean, boolean, number]

/**
 * Cases reported in [from, to) in scope, classified. Closed cases up to `windowDays` before `from`
 * are read too, because a case early in the period may repeat one of them; they are not returned.
 */
export async function loadHotspotCases(db: Kysely<Database>, q: HotspotQuery): Promise<HotspotCase[]> {
  const lookBack = new Date(+q.from - q.recurrence.windowDays * 86_400_000)
  const category = q.categories ? sql`and category in (${sql.join(q.categories)})` : sql``
  const ms = (column: string) => sql`floor(extract(epoch from ${sql.ref(column)}) * 1000)::bigint`
  const { rows } = await sql<{ data: string | null }>`
    select json_agg(json_build_array(
      id, lon, lat, category, ${ms('reported_at')},
      case when status = 'closed' then ${ms('closed_at')} end,
      recurrence_of is not null,
      exists (select 1 from issue_updates u where u.issue_id = issues.id and u.action = 'rework'),
      grid_id
    ) order by reported_at, id)::text as data
    from issues
    where ${q.scope}
      and status not in (${sql.join([...EXCLUDED_STATUSES])})
      ${category}
      and ((reported_at >= ${q.from} and reported_at < ${q.to})
        or (status = 'closed' and closed_at >= ${lookBack} and closed_at < ${q.to}))
  `.execute(db)
  const all = JSON.parse(rows[0]?.data ?? 'null') as Row[] | null
  if (!all) return []
  const flags = classifyRecurrences(
    all.map((r) => ({ lon: r[1], lat: r[2], category: r[3], reportedAt: Number(r[4]), closedAt: r[5] === null ? null : Number(r[5]), linked: r[6] })),
    q.recurrence,
  )
  const from = +q.from
  const to = +q.to
  const out: HotspotCase[] = []
  all.forEach((r, i) => {
    const reportedAt = Number(r[4])
    if (reportedAt < from || reportedAt >= to) return
    out.push({ id: r[0], lon: r[1], lat: r[2], category: r[3], reportedAt, gridId: r[8], recurrence: flags[i], reworked: r[7] })
  })
  return out
}
