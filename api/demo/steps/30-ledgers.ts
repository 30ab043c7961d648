import { sql } from 'kysely'
import { createRng, type Rng } from '../../../scripts/demo/random.ts'
import { cstDay, cstStart, nextDay, RULES } from '../../ledgers/model.ts'
import type { DemoStep } from './index.ts'

/**
 * Ledgers (台账) for the demo district: a year of entries up to the demo's "now" — volunteer teams,
 * practice-station activities, volunteer activities, quarterly good-person recommendations,
 * kiosk clearances, monthly waste-sorting trainings and compound meetings — with deliberate misses
 * (short months, months without a theory lecture, villages short of teams, kiosks not cleared for a
 * week) so the compliance views have something to show. Set-based: each table is one statement
 * over a JSON recordset.
 */

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建文辉力海云峰志永林俊凤琴成国民宏德春梅荣'
const SURNAME_LIST = [...SURNAMES]
const GIVEN_LIST = [...GIVEN]
const name = (rng: Rng) => rng.pick(SURNAME_LIST) + rng.pick(GIVEN_LIST) + (rng.chance(0.6) ? rng.pick(GIVEN_LIST) : '')
const people = (rng: Rng, lo: number, hi: number) => Array.from({ length: rng.int(lo, hi) }, () => name(rng))

const TEAM_FOCUS = ['理论宣讲', '环境保护', '敬老助残', '文化文艺', '法律服务', '健康指导', '扶贫帮困', '文明交通', '关爱未成年人', '垃圾分类督导']
const LECTURES = ['党的二十大精神宣讲', '社会主义核心价值观宣讲', '习近平新时代中国特色社会主义思想学习', '法治精神进村(居)宣讲', '移风易俗新风尚宣讲', '民法典进万家宣讲']
const ACTIVITIES = ['科技普及讲座', '文艺辅导', '技能培训', '四点半课堂', '暑期公益课堂', '文明家庭评比', '鲜花换纸钱倡议', '健康义诊', '垃圾分类入户宣传', '道德讲堂', '敬老助老活动', '环境卫生大扫除']
const VOLUNTEER = ['环境卫生清扫', '文明交通劝导', '敬老院慰问', '关爱留守儿童', '垃圾分类督导', '义务理发', '法律咨询', '健康知识宣传', '创城入户宣传', '清理小广告']
const COMPANIES = ['岚湖环境服务有限公司', '绿源再生资源回收有限公司', '城美环卫工程有限公司']
const WEIGHT: Record<string, [number, number]> = { recyclable: [20, 120], hazardous: [0.5, 6], kitchen: [60, 260], other: [40, 180] }

interface Row {
  type: string
  facility_id?: number | null
  kiosk_id?: number | null
  compound_id?: number | null
  team_id?: number | null
  grid_id: number
  grid_path: number[]
  lon: number
  lat: number
  occurred_at: string
  title: string
  people: string[]
  attributes: Record<string, unknown>
}

/** A CST day + hour (fractional) as an ISO instant. */
const at = (day: string, hour: number) => new Date(cstStart(day).getTime() + hour * 3600_000).toISOString()

export const demoStep: DemoStep = async (trx, { now, seed, log }) => {
  const rng = createRng(seed, 'ledgers')
  const today = cstDay(now)
  const [ty, tm] = today.split('-').map(Number) as [number, number]
  // twelve months: the 1st of the month eleven months back … today
  const months = Array.from({ length: 12 }, (_, i) => new Date(Date.UTC(ty, tm - 12 + i, 1)).toISOString().slice(0, 7))
  const monthDays = new Map<string, string[]>()
  for (const month of months) {
    const out: string[] = []
    for (let d = `${month}-01`; d.startsWith(month) && d <= today; d = nextDay(d)) out.push(d)
    monthDays.set(month, out)
  }
  const daysOf = (month: string) => monthDays.get(month)!
  const jitter = () => (rng() - 0.5) * 0.0006

  const villages = await trx.selectFrom('grids').select(['id', 'name', 'kind', 'path', 'minx', 'miny', 'maxx', 'maxy']).where('level', '=', 1).orderBy('id').execute()
  const stations = await trx.selectFrom('facilities').select(['id', 'name', 'grid_id', 'grid_path', 'lon', 'lat']).where('kind', '=', 'practice_station').orderBy('id').execute()
  const kiosks = await trx.selectFrom('kiosks').select(['id', 'name', 'grid_id', 'grid_path', 'streams', 'lon', 'lat']).where('kind', '=', 'kiosk').orderBy('id').execute()
  const compounds = await trx.selectFrom('compounds').select(['id', 'name', 'grid_id', 'grid_path', 'minx', 'miny', 'maxx', 'maxy']).orderBy('id').execute()
  const stationOf = new Map<number, (typeof stations)[number]>()
  for (const s of stations) if (s.grid_path[1] != null && !stationOf.has(s.grid_path[1])) stationOf.set(s.grid_path[1], s)
  const base = (v: (typeof villages)[number]) => {
    const s = stationOf.get(v.id)
    return s ? { lon: s.lon, lat: s.lat } : { lon: (v.minx + v.maxx) / 2, lat: (v.miny + v.maxy) / 2 }
  }

  // volunteer teams: 6–8 per village/residence; every sixth is short (4–5 teams), and a few lose a team mid-year
  const firstDay = `${months[0]}-01`
  const teams: Array<{ name: string; grid_id: number; grid_path: number[]; leader: string; members: number; focus: string; founded_on: string; dissolved_on: string | null; lon: number; lat: number }> = []
  villages.forEach((v, i) => {
    const n = i % 6 === 2 ? rng.int(4, 5) : rng.int(6, 8)
    const focuses = rng.shuffle([...TEAM_FOCUS]).slice(0, n)
    const b = base(v)
    focuses.forEach((focus, k) => {
      const late = k === n - 1 && rng.chance(0.3)
      const dissolved = k === 0 && n === 6 && i % 9 === 4
      teams.push({
        name: `${v.name}${focus}志愿服务队`,
        grid_id: v.id,
        grid_path: v.path,
        leader: name(rng),
        members: rng.int(8, 45),
        focus,
        founded_on: late ? `${months[rng.int(3, 8)]}-${String(rng.int(1, 28)).padStart(2, '0')}` : `20${rng.int(18, 24)}-0${rng.int(1, 9)}-1${rng.int(0, 9)}`,
        dissolved_on: dissolved ? `${months[7]}-15` : null,
        lon: b.lon + jitter(),
        lat: b.lat + jitter(),
      })
    })
  })
  const teamIds = (
    await sql<{ id: number; grid_id: number; grid_path: number[]; name: string; founded_on: string; dissolved_on: string | null; lon: number; lat: number }>`
    insert into volunteer_teams (name, grid_id, grid_path, leader, members, focus, founded_on, dissolved_on, lon, lat)
    select name, grid_id, grid_path, leader, members, focus, founded_on, dissolved_on, lon, lat
    from jsonb_to_recordset(${JSON.stringify(teams)}::jsonb)
      as r (name text, grid_id integer, grid_path integer[], leader text, members integer, focus text, founded_on date, dissolved_on date, lon double precision, lat double precision)
    returning id, grid_id, grid_path, name, to_char(founded_on, 'YYYY-MM-DD') as founded_on, to_char(dissolved_on, 'YYYY-MM-DD') as dissolved_on, lon, lat`.execute(trx)
  ).rows

  const rows: Row[] = []
  // practice-station activities: 4–6 a month with a theory lecture; ~8 % of months short, ~6 % without a lecture
  for (const s of stations) {
    for (const month of months) {
      const days = daysOf(month)
      if (!days.length) continue
      const short = rng.chance(0.08)
      const noLecture = rng.chance(0.06)
      const n = Math.min(days.length, short ? rng.int(1, 3) : rng.int(RULES.stationActivitiesPerMonth, 6))
      const picked = rng.shuffle([...days]).slice(0, n).sort()
      picked.forEach((day, k) => {
        const lecture = k === 0 && !noLecture
        rows.push({
          type: 'station_activity',
          facility_id: s.id,
          grid_id: s.grid_id,
          grid_path: s.grid_path,
          lon: s.lon,
          lat: s.lat,
          occurred_at: at(day, rng.int(9, 19) + (rng.chance(0.5) ? 0.5 : 0)),
          title: lecture ? rng.pick(LECTURES) : rng.pick(ACTIVITIES),
          people: people(rng, 2, 5),
          attributes: { theory_lecture: lecture, participants: rng.int(12, 80), organiser: `${s.name.replace('新时代文明实践站', '')}` },
        })
      })
    }
  }
  // volunteer activities: one a month per team while it exists, now and then two
  for (const team of teamIds) {
    for (const month of months) {
      const days = daysOf(month).filter((d) => d >= team.founded_on && (!team.dissolved_on || d < team.dissolved_on))
      if (!days.length) continue
      for (const day of rng.shuffle([...days]).slice(0, rng.chance(0.2) ? 2 : 1)) {
        rows.push({
          type: 'volunteer_activity',
          team_id: team.id,
          grid_id: team.grid_id,
          grid_path: team.grid_path,
          lon: team.lon + jitter(),
          lat: team.lat + jitter(),
          occurred_at: at(day, rng.int(8, 17)),
          title: rng.pick(VOLUNTEER),
          people: people(rng, 3, 8),
          attributes: { team: team.name, volunteers: rng.int(4, 20), hours: rng.int(2, 6) },
        })
      }
    }
  }
  // good persons: one a quarter per village/residence, ~10 % of quarters missed
  const quarters = [...new Set(months.map((m) => `${m.slice(0, 4)}-Q${Math.ceil(Number(m.slice(5)) / 3)}`))]
  for (const v of villages) {
    const b = base(v)
    for (const q of quarters) {
      if (rng.chance(0.1)) continue
      const qMonths = months.filter((m) => `${m.slice(0, 4)}-Q${Math.ceil(Number(m.slice(5)) / 3)}` === q)
      const days = qMonths.flatMap(daysOf)
      if (!days.length) continue
      const nominee = name(rng)
      rows.push({
        type: 'good_person',
        grid_id: v.id,
        grid_path: v.path,
        lon: b.lon,
        lat: b.lat,
        occurred_at: at(rng.pick(days), 10),
        title: `推荐“身边好人”${nominee}`,
        people: [nominee],
        attributes: { nominee, deeds: rng.pick(['助人为乐', '见义勇为', '诚实守信', '敬业奉献', '孝老爱亲']) },
      })
    }
  }
  // kiosk clearances: a trip (one stream) on ~60 % of days; every fifth kiosk has bad months (a trip on a quarter of the days)
  kiosks.forEach((k, i) => {
    const company = COMPANIES[k.grid_path[0]! % COMPANIES.length]!
    const streams = k.streams as string[]
    for (const month of months) {
      const bad = i % 5 === 1 && rng.chance(0.35)
      for (const day of daysOf(month)) {
        if (!rng.chance(bad ? 0.25 : 0.62)) continue
        {
          const stream = rng.weighted(streams.map((s) => (s === 'kitchen' ? 4 : s === 'other' ? 3 : 1))) 
          const [lo, hi] = WEIGHT[streams[stream]!] ?? [10, 100]
          rows.push({
            type: 'kiosk_clearance',
            kiosk_id: k.id,
            grid_id: k.grid_id,
            grid_path: k.grid_path,
            lon: k.lon,
            lat: k.lat,
            occurred_at: at(day, rng.int(5, 9) + rng.int(0, 59) / 60),
            title: `${k.name}清运`,
            people: [name(rng)],
            attributes: { stream: streams[stream], weight_kg: Math.round(rng.range(lo, hi) * 10) / 10, company, vehicle: `云F·${rng.int(10000, 99999)}` },
          })
        }
      }
    }
  })
  // waste-sorting training: monthly per residence (社区) at its practice station
  for (const v of villages.filter((g) => g.kind === 'community')) {
    const b = base(v)
    for (const month of months) {
      const days = daysOf(month)
      if (!days.length || rng.chance(0.07)) continue
      rows.push({
        type: 'training',
        grid_id: v.id,
        grid_path: v.path,
        lon: b.lon,
        lat: b.lat,
        occurred_at: at(rng.pick(days), 15),
        title: '生活垃圾分类专题培训',
        people: people(rng, 1, 2),
        attributes: { topic: 'waste_sorting', audience: '督导员、宣传员、志愿者、保洁员', participants: rng.int(10, 40), hours: 2 },
      })
    }
  }
  // compound meetings: monthly per compound, ~5 % missed
  for (const c of compounds) {
    for (const month of months) {
      const days = daysOf(month)
      if (!days.length || rng.chance(0.05)) continue
      rows.push({
        type: 'compound_meeting',
        compound_id: c.id,
        grid_id: c.grid_id,
        grid_path: c.grid_path,
        lon: (c.minx + c.maxx) / 2,
        lat: (c.miny + c.maxy) / 2,
        occurred_at: at(rng.pick(days), 19),
        title: `${c.name}${month.slice(5)}月小区例会`,
        people: people(rng, 3, 6),
        attributes: { topics: rng.pick(['垃圾分类', '楼道清理', '停车秩序', '违建劝导', '绿化养护', '创城迎检']), attendees: rng.int(6, 25) },
      })
    }
  }
  const nowIso = now.toISOString()
  const kept = rows.filter((r) => r.occurred_at <= nowIso)
  const generated = performance.now()
  const CHUNK = 20_000
  for (let i = 0; i < kept.length; i += CHUNK) {
    const chunk = kept.slice(i, i + CHUNK)
    await sql`insert into ledger_entries (type, facility_id, kiosk_id, compound_id, team_id, grid_id, grid_path, lon, lat, occurred_at, title, people, attributes, source, created_at)
      select type, facility_id, kiosk_id, compound_id, team_id, grid_id, grid_path, lon, lat, occurred_at, title, people, attributes, 'demo', occurred_at
      from jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb)
        as r (type text, facility_id integer, kiosk_id integer, compound_id integer, team_id integer, grid_id integer, grid_path integer[], lon double precision, lat double precision,
              occurred_at timestamptz, title text, people jsonb, attributes jsonb)`.execute(trx)
  }
  log(`[demo] ledgers: ${teamIds.length} volunteer teams, ${kept.length} ledger entries since ${firstDay} (insert ${Math.round(performance.now() - generated)} ms)`)
}
