import { sql, type Kysely } from 'kysely'
import { scopeFilter } from '../auth/guard.ts'
import type { SessionUser } from '../auth/roles.ts'
import type { Database } from '../db/database.ts'
import { cstDay, RULES } from './model.ts'

/**
 * Compliance of the ledgers with seed 001, over whole CST months / ISO weeks / quarters that
 * overlap the period and have ended by `now` (a month still running is not judged):
 * - practice stations with fewer than 4 activities in a month, or no theory lecture;
 * - villages/residences (level-1 grids) with fewer than 6 volunteer teams on the period's last day
 *   (or today, if earlier);
 * - kiosks (收集亭, kind kiosk) cleared fewer than 3 times in an ISO week;
 * - villages/residences without a good-person recommendation in a quarter.
 */
export interface ComplianceQuery {
  from: string
  to: string
  gridId?: number
  user: SessionUser
  now: Date
}

export interface StationMiss {
  facilityId: number
  name: string
  villageId: number
  villageName: string
  lon: number
  lat: number
  month: string
  activities: number
  theoryLectures: number
  reasons: Array<'under_quota' | 'no_theory_lecture'>
}
export interface TeamShortfall {
  gridId: number
  name: string
  kind: string
  teams: number
  required: number
  lon: number
  lat: number
}
export interface KioskMiss {
  kioskId: number
  name: string
  villageName: string
  lon: number
  lat: number
  week: string
  weekStart: string
  clearances: number
  required: number
}
export interface GoodPersonMiss {
  gridId: number
  name: string
  quarter: string
  lon: number
  lat: number
}

export interface Compliance {
  period: { from: string; to: string; asOf: string }
  rules: typeof RULES
  /** how many buckets were judged (for the percentages on the screen) */
  judged: { stationMonths: number; villages: number; kioskWeeks: number; villageQuarters: number }
  stations: StationMiss[]
  teams: TeamShortfall[]
  kiosks: KioskMiss[]
  goodPersons: GoodPersonMiss[]
}

const scoped = (user: SessionUser, column: string, gridId?: number) =>
  sql`${scopeFilter({ ...user, categories: null }, { path: column })} ${gridId != null ? sql`and ${sql.ref(column)} @> array[${gridId}]::integer[]` : sql``}`

/** CST wall-clock now, as a timestamp literal */
const localNow = (now: Date) => new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ')

export async function compliance(db: Kysely<Database>, q: ComplianceQuery): Promise<Compliance> {
  const nowLocal = localNow(q.now)
  const today = cstDay(q.now)
  const asOf = q.to < today ? q.to : today
  const local = (col: string) => sql`(${sql.ref(col)} at time zone 'UTC' + interval '8 hours')`

  const stationBuckets = sql`
    select f.id, f.name, f.lon, f.lat, vi.id as village_id, vi.name as village_name, m.start as month_start,
      count(e.id)::integer as activities,
      count(e.id) filter (where (e.attributes->>'theory_lecture')::boolean)::integer as lectures
    from facilities f
    join grid_records vi on vi.id = f.grid_path[2]
    cross join generate_series(date_trunc('month', ${q.from}::timestamp), date_trunc('month', ${q.to}::timestamp), interval '1 month') as m(start)
    left join ledger_entries e on e.facility_id = f.id and e.type = 'station_activity'
      and ${local('e.occurred_at')} >= m.start and ${local('e.occurred_at')} < m.start + interval '1 month'
    where f.kind = 'practice_station' and m.start + interval '1 month' <= ${nowLocal}::timestamp and ${scoped(q.user, 'f.grid_path', q.gridId)}
    group by f.id, f.name, f.lon, f.lat, vi.id, vi.name, m.start`
  const stations = await sql<{ id: number; name: string; lon: number; lat: number; village_id: number; village_name: string; month: string; activities: number; lectures: number }>`
    select id, name, lon, lat, village_id, village_name, to_char(month_start, 'YYYY-MM') as month, activities, lectures
    from (${stationBuckets}) b
    where activities < ${RULES.stationActivitiesPerMonth} or lectures < ${RULES.theoryLecturesPerMonth}
    order by month_start, id`.execute(db)
  const stationMonths = await sql<{ n: number }>`select count(*)::integer as n from (${stationBuckets}) b`.execute(db)

  const villageBase = sql`
    select g.id, g.name, g.kind, g.minx, g.miny, g.maxx, g.maxy,
      (select count(*)::integer from volunteer_teams t
        where t.grid_id = g.id and t.founded_on <= ${asOf}::date and (t.dissolved_on is null or t.dissolved_on > ${asOf}::date)) as teams,
      s.lon as station_lon, s.lat as station_lat
    from grids g
    left join lateral (select lon, lat from facilities where kind = 'practice_station' and grid_path[2] = g.id order by id limit 1) s on true
    where g.level = 1 and ${scoped(q.user, 'g.path', q.gridId)}`
  const villages = await sql<{ id: number; name: string; kind: string; minx: number; miny: number; maxx: number; maxy: number; teams: number; station_lon: number | null; station_lat: number | null }>`
    select * from (${villageBase}) v order by id`.execute(db)
  const place = (v: (typeof villages.rows)[number]) => ({ lon: v.station_lon ?? (v.minx + v.maxx) / 2, lat: v.station_lat ?? (v.miny + v.maxy) / 2 })

  const kioskBuckets = sql`
    select k.id, k.name, k.lon, k.lat, vi.name as village_name, w.start as week_start, count(e.id)::integer as clearances
    from kiosks k
    join grid_records vi on vi.id = k.grid_path[2]
    cross join generate_series(date_trunc('week', ${q.from}::timestamp), date_trunc('week', ${q.to}::timestamp), interval '1 week') as w(start)
    left join ledger_entries e on e.kiosk_id = k.id and e.type = 'kiosk_clearance'
      and ${local('e.occurred_at')} >= w.start and ${local('e.occurred_at')} < w.start + interval '7 days'
    where k.kind = 'kiosk' and w.start + interval '7 days' <= ${nowLocal}::timestamp and ${scoped(q.user, 'k.grid_path', q.gridId)}
    group by k.id, k.name, k.lon, k.lat, vi.name, w.start`
  const kiosks = await sql<{ id: number; name: string; lon: number; lat: number; village_name: string; week: string; week_start: string; clearances: number }>`
    select id, name, lon, lat, village_name, to_char(week_start, 'IYYY-"W"IW') as week, to_char(week_start, 'YYYY-MM-DD') as week_start, clearances
    from (${kioskBuckets}) b where clearances < ${RULES.clearancesPerWeek}
    order by week_start, id`.execute(db)
  const kioskWeeks = await sql<{ n: number }>`select count(*)::integer as n from (${kioskBuckets}) b`.execute(db)

  const quarterBuckets = sql`
    select g.id, g.name, q.start as quarter_start,
      (select count(*)::integer from ledger_entries e where e.type = 'good_person' and e.grid_path[2] = g.id
        and ${local('e.occurred_at')} >= q.start and ${local('e.occurred_at')} < q.start + interval '3 months') as recommendations
    from grids g
    cross join generate_series(date_trunc('quarter', ${q.from}::timestamp), date_trunc('quarter', ${q.to}::timestamp), interval '3 months') as q(start)
    where g.level = 1 and q.start + interval '3 months' <= ${nowLocal}::timestamp and ${scoped(q.user, 'g.path', q.gridId)}`
  const quarters = await sql<{ id: number; name: string; quarter: string }>`
    select id, name, to_char(quarter_start, 'YYYY-"Q"Q') as quarter from (${quarterBuckets}) b
    where recommendations < ${RULES.goodPersonsPerQuarter} order by quarter_start, id`.execute(db)
  const villageQuarters = await sql<{ n: number }>`select count(*)::integer as n from (${quarterBuckets}) b`.execute(db)
  const byId = new Map(villages.rows.map((v) => [v.id, v]))

  return {
    period: { from: q.from, to: q.to, asOf },
    rules: RULES,
    judged: { stationMonths: stationMonths.rows[0]!.n, villages: villages.rows.length, kioskWeeks: kioskWeeks.rows[0]!.n, villageQuarters: villageQuarters.rows[0]!.n },
    stations: stations.rows.map((r) => ({
      facilityId: r.id,
      name: r.name,
      villageId: r.village_id,
      villageName: r.village_name,
      lon: r.lon,
      lat: r.lat,
      month: r.month,
      activities: r.activities,
      theoryLectures: r.lectures,
      reasons: [
        ...(r.activities < RULES.stationActivitiesPerMonth ? (['under_quota'] as const) : []),
        ...(r.lectures < RULES.theoryLecturesPerMonth ? (['no_theory_lecture'] as const) : []),
      ],
    })),
    teams: villages.rows
      .filter((v) => v.teams < RULES.teamsPerVillage)
      .map((v) => ({ gridId: v.id, name: v.name, kind: v.kind, teams: v.teams, required: RULES.teamsPerVillage, ...place(v) })),
    kiosks: kiosks.rows.map((r) => ({
      kioskId: r.id,
      name: r.name,
      villageName: r.village_name,
      lon: r.lon,
      lat: r.lat,
      week: r.week,
      weekStart: r.week_start,
      clearances: r.clearances,
      required: RULES.clearancesPerWeek,
    })),
    goodPersons: quarters.rows.map((r) => ({ gridId: r.id, name: r.name, quarter: r.quarter, ...place(byId.get(r.id)!) })),
  }
}
