import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { endOfChinaDay } from '../../api/civ/progress/targets.ts'
import { call, openTestApp, type TestApp } from './harness.ts'

let t: TestApp
beforeAll(async () => {
  t = await openTestApp()
})
afterAll(() => t?.close())

/** The same counts in plain SQL: each compound's latest status row before the cutoff. */
async function sqlCounts(date: string, grid?: number) {
  const cutoff = new Date(endOfChinaDay(date)).toISOString()
  const r = await sql<{ demonstration: number; civilised: number; compounds: number }>`
    select count(*) filter (where s.status = 'demonstration')::int as demonstration,
           count(*) filter (where s.status in ('civilised', 'demonstration'))::int as civilised,
           count(*)::int as compounds
    from compounds c
    left join lateral (
      select x.status from civ_compound_status x where x.compound_id = c.id and x.since < ${cutoff}::timestamptz order by x.since desc, x.id desc limit 1
    ) s on true
    where ${grid ? sql`c.grid_path @> array[${grid}]::integer[]` : sql`true`}`.execute(t.handle.db)
  return r.rows[0]!
}

describe('GET /api/civ/targets on the demo district', () => {
  it('gives the seed’s targets and a series that plain SQL reproduces date by date', async () => {
    const { status, body } = await call(t.app, '/api/civ/targets')
    expect(status).toBe(200)
    const y = body.year
    expect(body.targets.map((x: any) => [x.metric, x.date, x.value])).toEqual([
      ['demonstration', `${y}-08-31`, 5],
      ['civilised', `${y}-10-31`, 50],
      ['civilisedShare', `${y}-12-31`, 0.8],
    ])
    expect(body.dates.at(-1)).toBe(body.asOf)
    expect(body.total.compounds).toBe(body.districtCompounds)
    // every fourth date and the last: the whole series would be slow on PGlite
    const picks = body.dates.map((_: string, i: number) => i).filter((i: number) => i % 4 === 0 || i === body.dates.length - 1)
    for (const i of picks) {
      const want = await sqlCounts(body.dates[i])
      expect([body.dates[i], body.total.series.demonstration[i], body.total.series.civilised[i]]).toEqual([body.dates[i], want.demonstration, want.civilised])
      expect(body.total.series.civilisedShare[i]).toBeCloseTo(want.civilised / want.compounds, 4)
    }
    console.log(`[civ targets] ${t.engine}: ${body.dates.length} dates to ${body.asOf}; now ${JSON.stringify(body.total.current)} of ${body.total.compounds}; expected ${JSON.stringify(body.total.expected)} → ${body.total.verdict}`)
    // the demo history moves over the year: the curve rises
    expect(body.total.current.civilised).toBeGreaterThan(body.total.series.civilised[0])
  })

  it('breaks down by street and community, adding up to the total, each reproduced by SQL', async () => {
    const { body } = await call(t.app, '/api/civ/targets')
    const streets = body.units.filter((u: any) => u.level === 0)
    const communities = body.units.filter((u: any) => u.level === 1)
    // the streets and communities that have compounds (the villages have none)
    const held = (await sql<{ streets: number; communities: number }>`select count(distinct grid_path[1])::int as streets, count(distinct grid_path[2])::int as communities from compounds`.execute(t.handle.db)).rows[0]!
    expect([streets.length, communities.length]).toEqual([held.streets, held.communities])
    expect(communities.length).toBeGreaterThan(streets.length)
    const last = body.dates.length - 1
    const sum = (us: any[], k: string) => us.reduce((a, u) => a + u.series[k][last], 0)
    expect(sum(streets, 'civilised')).toBe(body.total.current.civilised)
    expect(sum(communities, 'demonstration')).toBe(body.total.current.demonstration)
    const community = communities.find((u: any) => u.compounds > 3)
    const want = await sqlCounts(body.asOf, community.gridId)
    expect([community.compounds, community.current.demonstration, community.current.civilised]).toEqual([want.compounds, want.demonstration, want.civilised])
    // scoped to one street: the same numbers as that street's row of the district view
    const street = streets[0]
    const scoped = (await call(t.app, `/api/civ/targets?grid=${street.gridId}`)).body
    expect(scoped.total.series).toEqual(street.series)
    expect(scoped.units.every((u: any) => u.gridId === street.gridId || u.parentId === street.gridId)).toBe(true)
    // scoped to a community: the community alone (not its street with one community's compounds)
    const inCommunity = (await call(t.app, `/api/civ/targets?grid=${community.gridId}`)).body
    expect(inCommunity.units.map((u: any) => u.gridId)).toEqual([community.gridId])
    expect(inCommunity.total.series).toEqual(community.series)
    // count targets scale with the unit's share of the district's compounds
    expect(street.targets[1].value).toBe(Math.ceil((50 * street.compounds) / body.districtCompounds))
    for (const u of body.units) expect(u.verdict).toBe((['demonstration', 'civilised', 'civilisedShare'] as const).some((m) => u.current[m] < u.expected[m]) ? 'behind' : 'on_target')
  })

  it('is scoped to the caller and refuses a bad grid or year', async () => {
    const head = await t.handle.db.selectFrom('users').select('grid_ids').where('username', '=', 'head.huayuan').executeTakeFirstOrThrow()
    const mine = (await call(t.app, '/api/civ/targets', { as: 'head.huayuan' })).body
    const want = await sqlCounts(mine.asOf, head.grid_ids[0])
    expect([mine.total.compounds, mine.total.current.civilised]).toEqual([want.compounds, want.civilised])
    expect((await call(t.app, '/api/civ/targets?grid=99999')).status).toBe(404)
    expect((await call(t.app, '/api/civ/targets?year=20')).status).toBe(400)
    const past = (await call(t.app, '/api/civ/targets?year=2020')).body
    expect(past.asOf).toBe('2020-12-31')
    expect(past.total.current.civilised).toBe((await sqlCounts('2020-12-31')).civilised)
  })
})
