import { sql, type Kysely } from 'kysely'
import { scopeFilter } from '../auth/guard.ts'
import type { SessionUser } from '../auth/roles.ts'
import type { Database } from '../db/database.ts'
import { cstDay, type LedgerType, type StoredLedgerType } from './model.ts'

/** One ledger entry as the API and the spreadsheets see it (stored or derived from a patrol). */
export interface LedgerRow {
  /** ledger_entries.id, or patrols.id for type patrol */
  id: number
  type: LedgerType
  occurredAt: string
  /** the CST calendar day */
  day: string
  title: string
  place: { kind: 'facility' | 'kiosk' | 'compound' | 'team' | 'grid' | 'patrol'; id: number; name: string }
  gridId: number | null
  streetName: string | null
  villageId: number | null
  villageName: string | null
  lon: number
  lat: number
  people: string[]
  photoIds: number[]
  attributes: Record<string, unknown>
  source: string
}

export interface RowFilter {
  types: readonly LedgerType[]
  start: Date
  end: Date
  /** a grid at any level: rows in it or below */
  gridId?: number
  user: SessionUser
  facilityId?: number
  kioskId?: number
  compoundId?: number
  teamId?: number
  limit?: number
  offset?: number
}

interface RawRow {
  id: number
  type: StoredLedgerType | 'patrol'
  occurred_at: Date | string
  title: string
  place_kind: LedgerRow['place']['kind']
  place_id: number
  place_name: string | null
  grid_id: number | null
  street_name: string | null
  village_id: number | null
  village_name: string | null
  lon: number
  lat: number
  people: string[] | string
  photo_ids: number[]
  attributes: Record<string, unknown> | string
  source: string
}

const parse = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v)

function toRow(r: RawRow): LedgerRow {
  const at = new Date(r.occurred_at)
  return {
    id: r.id,
    type: r.type,
    occurredAt: at.toISOString(),
    day: cstDay(at),
    title: r.title,
    place: { kind: r.place_kind, id: r.place_id, name: r.place_name ?? '' },
    gridId: r.grid_id,
    streetName: r.street_name,
    villageId: r.village_id,
    villageName: r.village_name,
    lon: r.lon,
    lat: r.lat,
    people: parse<string[]>(r.people),
    photoIds: r.photo_ids ?? [],
    attributes: parse<Record<string, unknown>>(r.attributes),
    source: r.source,
  }
}

/**
 * Ledger rows of the given types in [start, end), in the caller's scope (and the grid's, if given),
 * newest first. Patrol records come from the patrols table: one row per track, its start as the
 * time, the worker as the person, the first fix as the place.
 */
export async function ledgerRows(db: Kysely<Database>, f: RowFilter): Promise<{ rows: LedgerRow[]; total: number }> {
  const stored = f.types.filter((t): t is StoredLedgerType => t !== 'patrol')
  const wantPatrol = f.types.includes('patrol') && f.facilityId == null && f.kioskId == null && f.compoundId == null && f.teamId == null
  const parts = []
  if (stored.length) {
    parts.push(sql<RawRow>`
      select e.id, e.type, e.occurred_at, e.title,
        case when e.facility_id is not null then 'facility' when e.kiosk_id is not null then 'kiosk' when e.compound_id is not null then 'compound'
             when e.team_id is not null then 'team' else 'grid' end as place_kind,
        coalesce(e.facility_id, e.kiosk_id, e.compound_id, e.team_id, e.grid_id) as place_id,
        coalesce(fa.name, ki.name, co.name, te.name, pg.name) as place_name,
        e.grid_id, st.name as street_name, vi.id as village_id, vi.name as village_name, e.lon, e.lat, e.people, e.photo_ids, e.attributes, e.source
      from ledger_entries e
      left join facilities fa on fa.id = e.facility_id
      left join kiosks ki on ki.id = e.kiosk_id
      left join compounds co on co.id = e.compound_id
      left join volunteer_teams te on te.id = e.team_id
      left join grid_records pg on pg.id = e.grid_id
      left join grid_records st on st.id = e.grid_path[1]
      left join grid_records vi on vi.id = e.grid_path[2]
      where e.type in (${sql.join(stored)}) and e.occurred_at >= ${f.start} and e.occurred_at < ${f.end}
        and ${scopeFilter({ ...f.user, categories: null }, { path: 'e.grid_path' })}
        ${f.gridId != null ? sql`and e.grid_path @> array[${f.gridId}]::integer[]` : sql``}
        ${f.facilityId != null ? sql`and e.facility_id = ${f.facilityId}` : sql``}
        ${f.kioskId != null ? sql`and e.kiosk_id = ${f.kioskId}` : sql``}
        ${f.compoundId != null ? sql`and e.compound_id = ${f.compoundId}` : sql``}
        ${f.teamId != null ? sql`and e.team_id = ${f.teamId}` : sql``}`)
  }
  if (wantPatrol) {
    parts.push(sql<RawRow>`
      select p.id, 'patrol' as type, p.started_at as occurred_at, coalesce(p.name, '网格巡查') as title, 'patrol' as place_kind, p.id as place_id,
        coalesce(pg.name, '') as place_name, p.grid_id, st.name as street_name, vi.id as village_id, vi.name as village_name,
        (p.geom->'coordinates'->0->>0)::double precision as lon, (p.geom->'coordinates'->0->>1)::double precision as lat,
        jsonb_build_array(p.worker->>'name') as people, '{}'::integer[] as photo_ids,
        jsonb_build_object('phone', p.worker->>'phone', 'ended_at', p.ended_at, 'length_m', p.length_m, 'source', p.source) as attributes, 'patrol' as source
      from patrols p
      left join grid_records pg on pg.id = p.grid_id
      left join grid_records st on st.id = p.grid_path[1]
      left join grid_records vi on vi.id = p.grid_path[2]
      where p.started_at >= ${f.start} and p.started_at < ${f.end}
        and ${scopeFilter({ ...f.user, categories: null }, { path: 'p.grid_path' })}
        ${f.gridId != null ? sql`and p.grid_path @> array[${f.gridId}]::integer[]` : sql``}`)
  }
  if (!parts.length) return { rows: [], total: 0 }
  const union = sql.join(parts, sql` union all `)
  const page = f.limit != null ? sql`limit ${f.limit} offset ${f.offset ?? 0}` : sql``
  const [{ rows }, count] = await Promise.all([
    sql<RawRow>`select * from (${union}) u order by occurred_at desc, type, id desc ${page}`.execute(db),
    f.limit != null ? sql<{ n: number }>`select count(*)::integer as n from (${union}) u`.execute(db) : null,
  ])
  return { rows: rows.map(toRow), total: count ? count.rows[0]!.n : rows.length }
}
