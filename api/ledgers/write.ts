import { sql, type Kysely } from 'kysely'
import { inScope } from '../auth/guard.ts'
import type { SessionUser } from '../auth/roles.ts'
import type { Database } from '../db/database.ts'
import { cstDay, STORED_LEDGER_TYPES, WASTE_STREAMS, type StoredLedgerType } from './model.ts'

/**
 * Checking a new ledger entry and writing it: the one path for POST /api/ledgers/entries and for
 * every imported row, so both refuse the same things with the same reasons (zh and en).
 */
export interface EntryInput {
  type: string
  occurredAt: string | Date
  title: string
  people: string[]
  photoIds?: number[]
  lon?: number | null
  lat?: number | null
  facilityId?: number | null
  kioskId?: number | null
  compoundId?: number | null
  teamId?: number | null
  gridId?: number | null
  /** station_activity */
  theoryLecture?: boolean | null
  /** station_activity, training: how many took part */
  participants?: number | null
  /** volunteer_activity */
  volunteers?: number | null
  hours?: number | null
  /** good_person */
  nominee?: string | null
  deeds?: string | null
  /** kiosk_clearance */
  stream?: string | null
  weightKg?: number | null
  company?: string | null
  vehicle?: string | null
  /** training */
  topic?: string | null
  /** compound_meeting */
  topics?: string | null
  attendees?: number | null
}

/** A reason an entry is refused: which field, a code, and the message in both languages. */
export interface EntryProblem {
  field: string
  code: string
  message: string
  messageZh: string
}

export interface CheckedEntry {
  type: StoredLedgerType
  facility_id: number | null
  kiosk_id: number | null
  compound_id: number | null
  team_id: number | null
  grid_id: number
  grid_path: number[]
  lon: number
  lat: number
  occurred_at: string
  title: string
  people: string[]
  photo_ids: number[]
  attributes: Record<string, unknown>
  /** the place's name, for dry runs */
  placeName: string
}

const problem = (field: string, code: string, message: string, messageZh: string): EntryProblem => ({ field, code, message, messageZh })

interface Place {
  grid_id: number
  grid_path: number[]
  lon: number
  lat: number
  name: string
}

/** Looks places up once per batch (an import checks thousands of rows against a few hundred places). */
export class PlaceCache {
  private cache = new Map<string, Promise<(Place & Record<string, unknown>) | null>>()
  constructor(readonly db: Kysely<Database>) {}

  private get(key: string, load: () => Promise<(Place & Record<string, unknown>) | null>) {
    let hit = this.cache.get(key)
    if (!hit) this.cache.set(key, (hit = load()))
    return hit
  }
  facility(id: number) {
    return this.get(`f${id}`, async () => (await this.db.selectFrom('facilities').select(['grid_id', 'grid_path', 'lon', 'lat', 'name', 'kind']).where('id', '=', id).executeTakeFirst()) ?? null)
  }
  kiosk(id: number) {
    return this.get(`k${id}`, async () => {
      const r = await this.db.selectFrom('kiosks').select(['grid_id', 'grid_path', 'lon', 'lat', 'name', 'kind', 'streams']).where('id', '=', id).executeTakeFirst()
      return r ? { ...r, streams: typeof r.streams === 'string' ? JSON.parse(r.streams) : r.streams } : null
    })
  }
  compound(id: number) {
    return this.get(`c${id}`, async () => {
      const r = await this.db.selectFrom('compounds').select(['grid_id', 'grid_path', 'minx', 'miny', 'maxx', 'maxy', 'name']).where('id', '=', id).executeTakeFirst()
      return r ? { grid_id: r.grid_id, grid_path: r.grid_path, name: r.name, lon: (r.minx + r.maxx) / 2, lat: (r.miny + r.maxy) / 2 } : null
    })
  }
  team(id: number) {
    return this.get(`t${id}`, async () => {
      const r = await sql<Place & Record<string, unknown>>`
        select grid_id, grid_path, lon, lat, name, to_char(founded_on, 'YYYY-MM-DD') as founded_on, to_char(dissolved_on, 'YYYY-MM-DD') as dissolved_on
        from volunteer_teams where id = ${id}`.execute(this.db)
      return r.rows[0] ?? null
    })
  }
  grid(id: number) {
    return this.get(`g${id}`, async () => {
      const r = await this.db.selectFrom('grids').select(['id', 'path', 'level', 'minx', 'miny', 'maxx', 'maxy', 'name']).where('id', '=', id).executeTakeFirst()
      return r ? { grid_id: r.id, grid_path: r.path, level: r.level, name: r.name, lon: (r.minx + r.maxx) / 2, lat: (r.miny + r.maxy) / 2 } : null
    })
  }
  /** practice stations and teams by exact name (import templates may carry names only) */
  async idByName(kind: 'facility' | 'team' | 'kiosk' | 'compound', name: string): Promise<number[]> {
    const key = `n:${kind}:${name}`
    const hit = await this.get(key, async () => {
      const table = { facility: 'facilities', team: 'volunteer_teams', kiosk: 'kiosks', compound: 'compounds' }[kind]
      const rows = await sql<{ id: number }>`select id from ${sql.table(table)} where name = ${name} order by id`.execute(this.db)
      return { grid_id: 0, grid_path: [], lon: 0, lat: 0, name, ids: rows.rows.map((r) => r.id) }
    })
    return (hit?.ids as number[]) ?? []
  }
}

const nonNegInt = (v: unknown) => v == null || (Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 100_000)

/**
 * Checks one entry for `user` (scope, place, date, fields). Returns the row to insert or every
 * problem found. `now` bounds the date (no entries in the future).
 */
export async function checkEntry(input: EntryInput, user: SessionUser, places: PlaceCache, now: Date): Promise<{ entry: CheckedEntry } | { problems: EntryProblem[] }> {
  const problems: EntryProblem[] = []
  const type = input.type as StoredLedgerType
  if (!(STORED_LEDGER_TYPES as readonly string[]).includes(input.type)) {
    return { problems: [problem('type', 'invalid_type', `unknown ledger type "${input.type}"; one of ${STORED_LEDGER_TYPES.join(', ')}`, `台账类型“${input.type}”无效`)] }
  }
  const at = input.occurredAt instanceof Date ? input.occurredAt : new Date(input.occurredAt)
  if (Number.isNaN(at.getTime())) problems.push(problem('occurredAt', 'invalid_date', 'not a date', '日期无效'))
  else if (at.getTime() > now.getTime() + 5 * 60_000) problems.push(problem('occurredAt', 'date_in_future', `${cstDay(at)} is in the future`, `日期 ${cstDay(at)} 晚于今天`))
  else if (at.getUTCFullYear() < 2000) problems.push(problem('occurredAt', 'date_too_early', 'dates before 2000 are not ledger entries', '日期早于 2000 年'))
  const title = (input.title ?? '').trim()
  if (!title) problems.push(problem('title', 'missing_title', 'the title (activity name) is required', '缺少活动名称/标题'))
  else if (title.length > 200) problems.push(problem('title', 'title_too_long', 'at most 200 characters', '标题超过 200 字'))
  const people = (input.people ?? []).map((p) => p.trim()).filter(Boolean)
  if (!people.length) problems.push(problem('people', 'missing_people', 'name at least one person', '至少填写一名人员'))
  else if (people.length > 100 || people.some((p) => p.length > 40)) problems.push(problem('people', 'invalid_people', 'at most 100 names of at most 40 characters', '人员最多 100 人、每个姓名不超过 40 字'))
  const photoIds = input.photoIds ?? []

  let place: (Place & Record<string, unknown>) | null = null
  const need = (field: string, value: number | null | undefined, what: string, whatZh: string) => {
    if (value == null) problems.push(problem(field, `missing_${field}`, `${what} is required for ${type}`, `缺少${whatZh}`))
    return value
  }
  const ids = { facility_id: null as number | null, kiosk_id: null as number | null, compound_id: null as number | null, team_id: null as number | null }
  const attributes: Record<string, unknown> = {}
  switch (type) {
    case 'station_activity': {
      const id = need('facilityId', input.facilityId, 'a practice station (facilityId)', '实践站')
      if (id != null) {
        place = await places.facility(id)
        if (!place || place.kind !== 'practice_station') problems.push(problem('facilityId', 'unknown_station', `practice station ${id} does not exist`, `实践站 ${id} 不存在`))
        ids.facility_id = id
      }
      if (input.theoryLecture == null) problems.push(problem('theoryLecture', 'missing_theory_lecture', 'say whether it was a theory lecture (是/否)', '请填写是否理论宣讲（是/否）'))
      if (!nonNegInt(input.participants)) problems.push(problem('participants', 'invalid_count', 'participants: a whole number ≥ 0', '参与人数应为非负整数'))
      Object.assign(attributes, { theory_lecture: input.theoryLecture === true, participants: input.participants ?? null })
      break
    }
    case 'volunteer_activity': {
      const id = need('teamId', input.teamId, 'a volunteer team (teamId)', '志愿服务队')
      if (id != null) {
        place = await places.team(id)
        if (!place) problems.push(problem('teamId', 'unknown_team', `volunteer team ${id} does not exist`, `志愿服务队 ${id} 不存在`))
        else if (!Number.isNaN(at.getTime()) && (cstDay(at) < (place.founded_on as string) || (place.dissolved_on != null && cstDay(at) >= (place.dissolved_on as string)))) {
          problems.push(problem('occurredAt', 'team_not_active', `the team did not exist on ${cstDay(at)}`, `${cstDay(at)} 该志愿服务队尚未成立或已解散`))
        }
        ids.team_id = id
      }
      if (!nonNegInt(input.volunteers)) problems.push(problem('volunteers', 'invalid_count', 'volunteers: a whole number ≥ 0', '志愿者人数应为非负整数'))
      if (input.hours != null && !(input.hours > 0 && input.hours <= 24)) problems.push(problem('hours', 'invalid_hours', 'hours: more than 0, at most 24', '服务时长应在 0–24 小时之间'))
      Object.assign(attributes, { team: place?.name ?? null, volunteers: input.volunteers ?? null, hours: input.hours ?? null })
      break
    }
    case 'good_person': {
      const id = need('gridId', input.gridId, 'the village/residence (gridId)', '村(居)')
      if (id != null) {
        place = await places.grid(id)
        if (!place || place.level !== 1) problems.push(problem('gridId', 'not_a_village', `grid ${id} is not a village/residence (level 1)`, `网格 ${id} 不是村(居)`))
      }
      const nominee = (input.nominee ?? '').trim()
      if (!nominee) problems.push(problem('nominee', 'missing_nominee', 'the person recommended is required', '缺少被推荐人'))
      Object.assign(attributes, { nominee, deeds: input.deeds ?? null })
      break
    }
    case 'kiosk_clearance': {
      const id = need('kioskId', input.kioskId, 'a kiosk (kioskId)', '收集亭')
      if (id != null) {
        place = await places.kiosk(id)
        if (!place) problems.push(problem('kioskId', 'unknown_kiosk', `kiosk ${id} does not exist`, `收集亭 ${id} 不存在`))
        ids.kiosk_id = id
      }
      if (!input.stream || !(WASTE_STREAMS as readonly string[]).includes(input.stream)) problems.push(problem('stream', 'invalid_stream', `stream: one of ${WASTE_STREAMS.join(', ')}`, '垃圾类别应为可回收物、有害垃圾、厨余垃圾或其他垃圾'))
      else if (place && !(place.streams as string[]).includes(input.stream)) problems.push(problem('stream', 'stream_not_collected', `this kiosk does not collect ${input.stream}`, '该收集亭不收集此类垃圾'))
      if (input.weightKg == null || !(input.weightKg > 0 && input.weightKg <= 20_000)) problems.push(problem('weightKg', 'invalid_weight', 'weight: more than 0 kg, at most 20,000 kg', '重量应大于 0、不超过 20000 千克'))
      if (!(input.company ?? '').trim()) problems.push(problem('company', 'missing_company', 'the clearance company is required', '缺少清运单位'))
      Object.assign(attributes, { stream: input.stream, weight_kg: input.weightKg, company: (input.company ?? '').trim(), vehicle: input.vehicle ?? null })
      break
    }
    case 'training': {
      if (input.facilityId != null) {
        place = await places.facility(input.facilityId)
        if (!place) problems.push(problem('facilityId', 'unknown_facility', `facility ${input.facilityId} does not exist`, `设施 ${input.facilityId} 不存在`))
        ids.facility_id = input.facilityId
      } else {
        const id = need('gridId', input.gridId, 'a grid or a facility', '网格或场所')
        if (id != null) {
          place = await places.grid(id)
          if (!place) problems.push(problem('gridId', 'unknown_grid', `grid ${id} does not exist`, `网格 ${id} 不存在`))
        }
      }
      if (!nonNegInt(input.participants)) problems.push(problem('participants', 'invalid_count', 'participants: a whole number ≥ 0', '参训人数应为非负整数'))
      Object.assign(attributes, { topic: input.topic ?? null, participants: input.participants ?? null, hours: input.hours ?? null })
      break
    }
    case 'compound_meeting': {
      const id = need('compoundId', input.compoundId, 'a compound (compoundId)', '小区')
      if (id != null) {
        place = await places.compound(id)
        if (!place) problems.push(problem('compoundId', 'unknown_compound', `compound ${id} does not exist`, `小区 ${id} 不存在`))
        ids.compound_id = id
      }
      if (!nonNegInt(input.attendees)) problems.push(problem('attendees', 'invalid_count', 'attendees: a whole number ≥ 0', '参会人数应为非负整数'))
      Object.assign(attributes, { topics: input.topics ?? null, attendees: input.attendees ?? null })
      break
    }
  }
  if (place && !inScope(user, place.grid_path)) {
    problems.push(problem('place', 'out_of_scope', `${place.name} lies outside the scope of ${user.username}`, `${place.name}不在您的管辖范围内`))
  }
  const lon = input.lon ?? place?.lon
  const lat = input.lat ?? place?.lat
  if ((input.lon != null || input.lat != null) && !(lon != null && lat != null && Math.abs(lon) <= 180 && Math.abs(lat) <= 90)) {
    problems.push(problem('lon', 'invalid_coordinates', 'longitude −180…180 and latitude −90…90, both or neither', '经纬度无效'))
  }
  if (photoIds.length) {
    const found = await sql<{ id: number }>`select id from photos where id in (${sql.join(photoIds)})`.execute(places.db)
    const missing = photoIds.filter((id) => !found.rows.some((r) => r.id === id))
    if (missing.length) problems.push(problem('photoIds', 'unknown_photo', `no photo ${missing.join(', ')}`, `照片 ${missing.join('、')} 不存在`))
  }
  if (problems.length || !place) return { problems }
  return {
    entry: {
      type,
      ...ids,
      grid_id: place.grid_id,
      grid_path: place.grid_path,
      lon: lon!,
      lat: lat!,
      occurred_at: at.toISOString(),
      title,
      people,
      photo_ids: photoIds,
      attributes,
      placeName: place.name,
    },
  }
}

/** Inserts checked entries (one statement over a JSON recordset); returns their ids in order. */
export async function insertEntries(db: Kysely<Database>, entries: readonly CheckedEntry[], source: 'manual' | 'import', userId: number): Promise<number[]> {
  if (!entries.length) return []
  const rows = entries.map(({ placeName: _, ...e }, ord) => ({ ...e, ord }))
  const result = await sql<{ id: number }>`
    insert into ledger_entries (type, facility_id, kiosk_id, compound_id, team_id, grid_id, grid_path, lon, lat, occurred_at, title, people, photo_ids, attributes, source, created_by)
    select type, facility_id, kiosk_id, compound_id, team_id, grid_id, grid_path, lon, lat, occurred_at, title, people, photo_ids, attributes, ${source}, ${userId}
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
      as r (ord integer, type text, facility_id integer, kiosk_id integer, compound_id integer, team_id integer, grid_id integer, grid_path integer[], lon double precision, lat double precision,
            occurred_at timestamptz, title text, people jsonb, photo_ids integer[], attributes jsonb)
    order by ord
    returning id`.execute(db)
  return result.rows.map((r) => r.id).sort((a, b) => a - b)
}
