import type { MultiPolygon, Polygon } from 'geojson'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isoWeek, pointInPolygon } from '../../geo/index.ts'
import { call, openTestApp, sessionCookie, type TestApp } from './harness.ts'

// The civilised-compound standard on the loaded demo district (docs/civ-standard.md), on the
// engine of this run (PGlite, or PostgreSQL with DATABASE_URL).
let t: TestApp
beforeAll(async () => {
  t = await openTestApp()
})
afterAll(() => t?.close())

const db = () => t.handle.db
const counts = async () => ({
  checklists: Number((await db().selectFrom('civ_checklists').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n),
  items: Number((await db().selectFrom('civ_checklist_items').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n),
})

function itemBody(items: any[]) {
  return items.map(({ groupKey, code, text, textEn, weight, method, threshold, autoSource, caseCategory }) => ({ groupKey, code, text, textEn, weight, method, threshold, autoSource, caseCategory }))
}

describe('checklists', () => {
  it('seeds both checklists as version 1, active', async () => {
    const res = await call(t.app, '/api/civ/checklists', { as: 'leader' })
    expect(res.status).toBe(200)
    const compound = res.body.find((c: any) => c.kind === 'compound')
    const community = res.body.find((c: any) => c.kind === 'community')
    expect(compound).toMatchObject({ version: 1, status: 'active', items: 29, totalWeight: 100, title: '文明小区创建标准' })
    expect(community).toMatchObject({ version: 1, status: 'active', items: 18, totalWeight: 100 })
    const full = await call(t.app, `/api/civ/checklists/${compound.id}`, { as: 'leader' })
    expect(new Set(full.body.items.map((i: any) => i.groupKey))).toEqual(new Set(['organisation', 'atmosphere', 'environment', 'security', 'services', 'neighbourliness', 'culture']))
    const byCode = new Map(full.body.items.map((i: any) => [i.code, i]))
    expect(byCode.get('4.4a')).toMatchObject({ method: 'survey', threshold: { op: '>=', value: 0.7, unit: '%' } })
    expect(byCode.get('4.4b')).toMatchObject({ threshold: { op: '>=', value: 0.8, unit: '%' } })
    expect(byCode.get('3.2')).toMatchObject({ autoSource: 'greening_rate', threshold: { op: '>=', value: 0.2 } })
    expect(byCode.get('7.2')).toMatchObject({ autoSource: 'fitness_area_m2', threshold: { op: '>=', value: 400, unit: 'm²' } })
    expect((byCode.get('1.1') as any).text).toBe('建立文明小区创立领导班子,创立活动有规划、有措施')
    const active = await call(t.app, '/api/civ/checklists/active?kind=community', { as: 'leader' })
    expect(active.body.id).toBe(community.id)
    expect(active.body.items.find((i: any) => i.code === '11')).toMatchObject({ threshold: { op: '>=', value: 1, unit: '%' } })
    expect((await call(t.app, '/api/civ/checklists/999999')).status).toBe(404)
  })
})

describe('compounds: score and status', () => {
  it('every demo compound has a score and a status; the history rises over the year', async () => {
    const res = await call(t.app, '/api/civ/compounds')
    expect(res.status).toBe(200)
    const total = Number((await db().selectFrom('compounds').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n)
    expect(res.body).toHaveLength(total)
    for (const c of res.body) {
      expect(c.status).not.toBe('not_started')
      expect(c.score).toBeGreaterThan(0)
      expect(c.rate).toBeGreaterThan(0)
      expect(c.rate).toBeLessThanOrEqual(1)
      expect(c.checklistVersion).toBe(1)
      expect(c.streetId).not.toBeNull()
    }
    const civilised = res.body.filter((c: any) => c.status === 'civilised' || c.status === 'demonstration').length
    expect(civilised).toBeGreaterThan(40)
    expect(civilised).toBeLessThan(total * 0.8)
    const filtered = await call(t.app, '/api/civ/compounds?status=demonstration')
    expect(filtered.body.length).toBeGreaterThanOrEqual(4)
    expect(filtered.body.every((c: any) => c.status === 'demonstration' && c.rate >= 0.95)).toBe(true)
    const geo = await call(t.app, '/api/civ/compounds?format=geojson&status=demonstration')
    expect(geo.body.type).toBe('FeatureCollection')
    expect(geo.body.features[0].geometry.type).toMatch(/Polygon/)
  })

  it('GET /api/civ/compounds is scoped to the caller', async () => {
    const user = await db().selectFrom('users').select(['username', 'grid_ids']).where('username', 'like', 'inspector.%').orderBy('id').executeTakeFirstOrThrow()
    const res = await call(t.app, '/api/civ/compounds', { as: user.username })
    expect(res.status).toBe(200)
    const inScope = await db().selectFrom('compounds').select(['id', 'grid_path']).orderBy('id').execute()
    const expected = inScope.filter((c) => c.grid_path.some((g) => user.grid_ids.includes(g))).map((c) => c.id)
    expect(expected.length).toBeGreaterThan(0)
    expect(res.body.map((c: any) => c.id)).toEqual(expected)
    const outside = inScope.find((c) => !c.grid_path.some((g) => user.grid_ids.includes(g)))!
    expect((await call(t.app, `/api/civ/compounds/${outside.id}`, { as: user.username })).status).toBe(403)
    expect((await call(t.app, `/api/civ/compounds/${expected[0]}`, { as: user.username })).status).toBe(200)
    expect((await call(t.app, '/api/civ/compounds', { anonymous: true })).status).toBe(401)
  })

  it('a compound’s latest assessment by group and item, auto items marked', async () => {
    const res = await call(t.app, '/api/civ/compounds/1')
    expect(res.status).toBe(200)
    const { latest, history, assessments } = res.body
    expect(latest.checklistVersion).toBe(1)
    expect(latest.byGroup).toHaveLength(7)
    expect(latest.byGroup.reduce((s: number, g: any) => s + g.score, 0)).toBeCloseTo(latest.score, 6)
    const kiosk = latest.items.find((i: any) => i.autoSource === 'kiosk_coverage')
    expect(kiosk.auto).toBe(true)
    expect(typeof kiosk.value).toBe('number')
    expect(history.length).toBeGreaterThanOrEqual(1)
    expect(history[0].status).toBe('in_progress')
    expect(assessments.at(-1).id).toBe(latest.id)
    for (let i = 1; i < history.length; i++) expect(history[i].since >= history[i - 1].since).toBe(true)
  })
})

describe('auto items', () => {
  it('equal what the analysis engines answer for the same compound', async () => {
    const id = 100
    const res = await call(t.app, `/api/civ/compounds/${id}?live=1`)
    expect(res.status).toBe(200)
    const v = res.body.live.values
    const metrics = await call(t.app, `/api/analysis/compound-metrics?compound=${id}`)
    const f = metrics.body.compounds.features[0].properties
    expect(v.greeningRate).toBe(Math.round(f.greeningRate * 1e4) / 1e4)
    expect(v.fitnessAreaM2).toBe(Math.round(f.fitnessAreaM2 * 10) / 10)
    const coverage = await call(t.app, `/api/analysis/kiosk-coverage?scope=compound&id=${id}&radius=300&mode=straight`)
    expect(coverage.status).toBe(200)
    expect(v.kioskCoverage).toBe(Math.round(coverage.body.straight.ratio * 1e4) / 1e4)
    const compound = await db().selectFrom('compounds').select(['grid_id', 'geom']).where('id', '=', id).executeTakeFirstOrThrow()
    const patrol = await call(t.app, `/api/analysis/patrol-compliance?week=${v.patrolWeek}&level=3&corridor=30`)
    expect(patrol.status).toBe(200)
    expect(v.patrolWeek).toBe(isoWeek(Date.now() - 7 * 86_400_000))
    const row = patrol.body.byGrid.find((g: any) => g.gridId === compound.grid_id)
    expect(v.patrolShare).toBe(patrol.body.tracks > 0 ? (row?.share ?? null) : null)
    const issues = await call(t.app, `/api/issues?grid=${compound.grid_id}&status=open`)
    const open: Record<string, number> = {}
    for (const i of issues.body.features) {
      if (pointInPolygon(i.geometry.coordinates, compound.geom as Polygon | MultiPolygon)) open[i.properties.category] = (open[i.properties.category] ?? 0) + 1
    }
    expect(v.openCases).toEqual(open)
    const item = res.body.live.items.find((i: any) => i.autoSource === 'greening_rate')
    expect(item.value).toBe(v.greeningRate)
  })
})

describe('editing a checklist', () => {
  it('admin edit creates a version; old scores keep theirs; new assessments use the new one', async () => {
    const v1 = (await call(t.app, '/api/civ/checklists/active?kind=compound')).body
    const before = (await call(t.app, '/api/civ/compounds/2')).body.latest
    const items = itemBody(v1.items)
    items[0].weight = 6
    items[0].text = '建立文明小区创建领导班子,创建活动有规划、有措施'
    const res = await call(t.app, `/api/civ/checklists/${v1.id}/versions`, { method: 'POST', json: { note: '组织机构权重调整', items } })
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({ kind: 'compound', version: 2, status: 'active', source: 'edit of version 1', note: '组织机构权重调整' })
    expect(res.body.items[0]).toMatchObject({ weight: 6, code: '1.1' })
    const list = (await call(t.app, '/api/civ/checklists?kind=compound')).body
    expect(list.map((c: any) => [c.version, c.status, c.totalWeight])).toEqual([[2, 'active', 103], [1, 'retired', 100]])
    // the old assessment is untouched: same checklist version, same score
    const after = (await call(t.app, '/api/civ/compounds/2')).body.latest
    expect(after).toEqual(before)
    expect(after.checklistVersion).toBe(1)
    // a new assessment uses version 2 (by the inspector of that compound's community, or admin)
    const assessed = await call(t.app, '/api/civ/compounds/2/assessments', {
      method: 'POST',
      json: { results: res.body.items.map((i: any) => ({ itemId: i.id, passed: true })) },
    })
    expect(assessed.status).toBe(201)
    const now = (await call(t.app, '/api/civ/compounds/2')).body
    expect(now.latest).toMatchObject({ id: assessed.body.assessmentId, checklistVersion: 2 })
    expect(now.latest.items.find((i: any) => i.code === '1.1').weight).toBe(6)
    expect(now.assessments.at(-2).checklistVersion).toBe(1)
    // auto items were measured, whatever the caller said
    const green = now.latest.items.find((i: any) => i.autoSource === 'greening_rate')
    expect(green.auto).toBe(true)
    expect(green.passed).toBe(green.value >= 0.2)
    // results for items of another version are refused, nothing written
    const stale = await call(t.app, '/api/civ/compounds/2/assessments', { method: 'POST', json: { results: [{ itemId: v1.items[0].id, passed: true }] } })
    expect(stale.status).toBe(422)
    expect(stale.body.error.code).toBe('unknown_item')
    expect((await call(t.app, '/api/civ/compounds/2')).body.assessments.length).toBe(now.assessments.length)
  })

  it('bad input answers 4xx {error:{code,message,details}} and changes nothing', async () => {
    const active = (await call(t.app, '/api/civ/checklists/active?kind=community')).body
    const items = itemBody(active.items)
    const before = await counts()
    const attempts: [unknown, number, string][] = [
      [{ note: 'x', items: [...items, items[0]] }, 400, 'duplicate_code'],
      [{ note: 'x', items: [{ ...items[0], autoSource: 'moon_phase' }, ...items.slice(1)] }, 400, 'unknown_auto_source'],
      [{ note: 'x', items: [{ ...items[0], caseCategory: 'no_such' }, ...items.slice(1)] }, 400, 'unknown_category'],
      [{ note: 'x', items: [{ ...items[0], threshold: { op: '>=', value: 80, unit: '%' } }, ...items.slice(1)] }, 400, 'invalid_threshold'],
      [{ note: 'x', items: [{ ...items[0], weight: -1 }] }, 400, 'invalid_body'],
      [{ note: 'x', items: [] }, 400, 'invalid_body'],
      [{ items }, 400, 'invalid_body'],
      [{ note: 'x', items: [{ ...items[0], method: 'guess' }] }, 400, 'invalid_body'],
    ]
    for (const [json, status, code] of attempts) {
      const res = await call(t.app, `/api/civ/checklists/${active.id}/versions`, { method: 'POST', json })
      expect(res.status, JSON.stringify(res.body)).toBe(status)
      expect(res.body.error).toMatchObject({ code })
      expect(typeof res.body.error.message).toBe('string')
      expect(res.body.error).toHaveProperty('details')
    }
    const malformed = await t.app.request(`/api/civ/checklists/${active.id}/versions`, { method: 'POST', body: '{', headers: { 'content-type': 'application/json', cookie: await sessionCookie(t.app) } })
    expect(malformed.status).toBe(400)
    expect(await counts()).toEqual(before)
    expect((await call(t.app, '/api/civ/checklists/999999/versions', { method: 'POST', json: { note: 'x', items } })).status).toBe(404)
    expect(await counts()).toEqual(before)
  })

  it('editing a retired version is a 409; non-admins get 403; nothing changes', async () => {
    const list = (await call(t.app, '/api/civ/checklists?kind=compound')).body
    const retired = list.find((c: any) => c.status === 'retired')
    const full = (await call(t.app, `/api/civ/checklists/${retired.id}`)).body
    const before = await counts()
    const stale = await call(t.app, `/api/civ/checklists/${retired.id}/versions`, { method: 'POST', json: { note: 'x', items: itemBody(full.items) } })
    expect(stale.status).toBe(409)
    expect(stale.body.error.code).toBe('stale_version')
    const active = list.find((c: any) => c.status === 'active')
    for (const who of ['leader', 'planner', 'inspector.' + (await db().selectFrom('users').select('username').where('username', 'like', 'inspector.%').executeTakeFirstOrThrow()).username.split('.')[1]]) {
      const res = await call(t.app, `/api/civ/checklists/${active.id}/versions`, { method: 'POST', json: { note: 'x', items: itemBody(full.items) }, as: who })
      expect(res.status, who).toBe(403)
      expect(res.body.error.code).toBe('forbidden')
    }
    expect(await counts()).toEqual(before)
  })
})
