/**
 * Inspections (issue 7): an unannounced visit scored on the phone records the compound's
 * assessment and opens one case per failed item (category from the item, grid = the compound's
 * level-3 grid), all or nothing; another inspector's task is invisible; mock assessments sample
 * points stratified by community and point type. Checked against plain SQL, both engines.
 */
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { caseCategoryFor } from '../../api/civ/inspections/submit.ts'
import { CATEGORY_CODES } from '../../api/issues/categories.ts'
import { demoUsers, jpeg, upload, type Users } from './cases-support.ts'
import { openTestApp, type TestApp } from './harness.ts'

let t: TestApp
let u: Users
let huayuan: number
beforeAll(async () => {
  t = await openTestApp()
  u = await demoUsers(t)
  huayuan = (await sql<{ id: number }>`select id from grids where level = 1 order by id limit 1`.execute(t.handle.db)).rows[0]!.id
})
afterAll(() => t?.close())

const count = async (table: string, where = sql`true`) => (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)} where ${where}`.execute(t.handle.db)).rows[0]!.n

async function newVisit(as = 'inspector.huayuan') {
  const points = await u.as(as, '/api/civ/inspection-points?type=compound')
  expect(points.status).toBe(200)
  const taken = (await sql<{ compound_id: number }>`select compound_id from civ_inspections where compound_id is not null`.execute(t.handle.db)).rows.map((r) => r.compound_id)
  const point = points.body.features.find((f: any) => !taken.includes(f.properties.compoundId))
  const r = await u.as(as, '/api/civ/inspections', { method: 'POST', json: { kind: 'unannounced', pointType: 'compound', pointId: point.properties.compoundId } })
  expect(r.status, JSON.stringify(r.body)).toBe(201)
  const detail = await u.as(as, `/api/civ/inspections/${r.body.task.id}`)
  expect(detail.status).toBe(200)
  return { task: r.body.task, items: detail.body.items as any[] }
}

/** every answerable item passed but the given ones failed */
const answers = (items: any[], failed: Record<string, { note?: string; photoIds?: number[] }>) =>
  items.filter((i) => !i.auto).map((i) => (failed[i.code] ? { itemId: i.id, passed: false, ...failed[i.code] } : { itemId: i.id, passed: true }))

describe('unannounced visit → assessment + cases', () => {
  it('lists only points of the inspector’s grids, and refuses a point outside them', async () => {
    const mine = await u.as('inspector.huayuan', '/api/civ/inspection-points')
    expect(mine.body.features.length).toBeGreaterThan(0)
    const scope = u.gridsOf('inspector.huayuan')
    for (const f of mine.body.features) expect(scope).toContain(f.properties.gridId)
    const types = new Set(mine.body.features.map((f: any) => f.properties.pointType))
    expect([...types].sort()).toEqual(['compound', 'market', 'practice_station', 'street'].filter((x) => types.has(x)).sort())
    const outside = (await sql<{ id: number }>`select id from compounds where not (grid_path @> array[${huayuan}]::integer[]) order by id limit 1`.execute(t.handle.db)).rows[0]!.id
    const r = await u.as('inspector.huayuan', '/api/civ/inspections', { method: 'POST', json: { kind: 'unannounced', pointType: 'compound', pointId: outside } })
    expect(r.status).toBe(403)
    expect(r.body.error.code).toBe('out_of_scope')
    const worker = await u.as('worker.huayuan', '/api/civ/inspections', { method: 'POST', json: { kind: 'unannounced', pointType: 'compound', pointId: outside } })
    expect(worker.status).toBe(403)
  })

  it('a failure leaves nothing half-written: unknown photo, missing item, failure without evidence', async () => {
    const { task, items } = await newVisit()
    const todo = items.filter((i) => !i.auto)
    expect(todo.length).toBeGreaterThan(2)
    const before = { issues: await count('issues'), assessments: await count('civ_assessments'), results: await count('civ_inspection_results') }
    // the first failed item is fine, the second names a photo that does not exist
    const bad = answers(items, { [todo[0].code]: { note: '楼道堆物' }, [todo[1].code]: { photoIds: [99999999] } })
    const r1 = await u.as('inspector.huayuan', `/api/civ/inspections/${task.id}/submit`, { method: 'POST', json: { results: bad } })
    expect(r1.status).toBe(400)
    expect(r1.body.error).toMatchObject({ code: 'unknown_photo', details: { missing: [99999999] } })
    const r2 = await u.as('inspector.huayuan', `/api/civ/inspections/${task.id}/submit`, { method: 'POST', json: { results: answers(items, {}).slice(1) } })
    expect(r2.status).toBe(400)
    expect(r2.body.error.code).toBe('invalid_results')
    const r3 = await u.as('inspector.huayuan', `/api/civ/inspections/${task.id}/submit`, { method: 'POST', json: { results: answers(items, { [todo[0].code]: {} }) } })
    expect(r3.status).toBe(400)
    expect(r3.body.error.details[0].message).toMatch(/note or a photo/)
    const r4 = await u.as('inspector.huayuan', `/api/civ/inspections/${task.id}/submit`, { method: 'POST', json: { results: [{ itemId: 'x' }] } })
    expect(r4.status).toBe(400)
    expect(r4.body.error).toHaveProperty('details')
    expect({ issues: await count('issues'), assessments: await count('civ_assessments'), results: await count('civ_inspection_results') }).toEqual(before)
    const row = (await sql<{ status: string }>`select status from civ_inspections where id = ${task.id}`.execute(t.handle.db)).rows[0]!
    expect(row.status).not.toBe('submitted')
  })

  it('another inspector’s task is 404 to read and to submit; a worker may not submit (403)', async () => {
    const { task, items } = await newVisit()
    expect((await u.as('inspector.second', `/api/civ/inspections/${task.id}`)).status).toBe(404)
    const other = await u.as('inspector.second', `/api/civ/inspections/${task.id}/submit`, { method: 'POST', json: { results: answers(items, {}) } })
    expect(other.status).toBe(404)
    const list = await u.as('inspector.second', '/api/civ/inspections')
    expect(list.body.tasks.map((x: any) => x.id)).not.toContain(task.id)
    const worker = await u.as('worker.huayuan', `/api/civ/inspections/${task.id}/submit`, { method: 'POST', json: { results: answers(items, {}) } })
    expect(worker.status).toBe(403)
  })

  it('submits: the compound’s assessment is recorded, each failed item opens a case in the compound’s grid with the item’s category, linked back', async () => {
    const { task, items } = await newVisit()
    const todo = items.filter((i) => !i.auto)
    const photo = await upload(u, 'inspector.huayuan', await jpeg({ seed: 71 }))
    expect(photo.status).toBe(201)
    const [a, b] = [todo[0], todo[todo.length - 1]]
    const issuesBefore = await count('issues')
    const position = { lon: task.lon + 0.0001, lat: task.lat, source: 'map' }
    const r = await u.as('inspector.huayuan', `/api/civ/inspections/${task.id}/submit`, {
      method: 'POST',
      json: { position, results: answers(items, { [a.code]: { note: '宣传栏破损', photoIds: [photo.body.id] }, [b.code]: { note: '未见台账' } }) },
    })
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    expect(r.body.task).toMatchObject({ status: 'submitted', compoundId: task.compoundId })
    expect(r.body.cases).toHaveLength(2)
    expect(await count('issues')).toBe(issuesBefore + 2)

    const compound = (await sql<{ grid_id: number; grid_path: number[] }>`select grid_id, grid_path from compounds where id = ${task.compoundId}`.execute(t.handle.db)).rows[0]!
    const cases = (
      await sql<{ id: number; category: string; grid_id: number; grid_path: number[]; status: string; source: string; description: string; item_id: number; photo_ids: number[] }>`
        select i.id, i.category, i.grid_id, i.grid_path, i.status, i.source, i.description, r.item_id, u.photo_ids
        from civ_inspection_results r join issues i on i.id = r.case_id join issue_updates u on u.issue_id = i.id and u.seq = 1
        where r.inspection_id = ${task.id} order by r.item_id`.execute(t.handle.db)
    ).rows
    expect(cases.map((c) => c.item_id).sort()).toEqual([a.id, b.id].sort())
    const itemRows = (await sql<{ id: number; code: string; text: string; case_category: string | null; group_key: string }>`select id, code, text, case_category, group_key from civ_checklist_items where id in (${a.id}, ${b.id})`.execute(t.handle.db)).rows
    for (const c of cases) {
      const item = itemRows.find((i) => i.id === c.item_id)!
      expect(CATEGORY_CODES.has(c.category)).toBe(true)
      expect(c.category).toBe(item.case_category && CATEGORY_CODES.has(item.case_category) ? item.case_category : caseCategoryFor({ caseCategory: item.case_category, groupKey: item.group_key }))
      expect([c.grid_id, c.grid_path, c.status, c.source]).toEqual([compound.grid_id, compound.grid_path, 'reported', 'inspector'])
      expect(c.description).toContain(item.code)
    }
    expect(cases.find((c) => c.item_id === a.id)!.photo_ids).toEqual([photo.body.id])

    const assessment = (await sql<{ id: number; source: string; ref_id: number; compound_id: number }>`select id, source, ref_id, compound_id from civ_assessments where ref_id = ${task.id} and source = 'inspection'`.execute(t.handle.db)).rows
    expect(assessment).toHaveLength(1)
    expect(assessment[0]).toMatchObject({ compound_id: task.compoundId, id: r.body.task.assessmentId })
    const passedFailed = (await sql<{ passed: boolean; n: number }>`select passed, count(*)::int as n from civ_inspection_results where inspection_id = ${task.id} group by passed`.execute(t.handle.db)).rows
    expect(Object.fromEntries(passedFailed.map((x) => [String(x.passed), x.n]))).toEqual({ true: todo.length - 2, false: 2 })

    // the cases are in the inspector's case list, and the task cannot be submitted twice
    const list = await u.as('inspector.huayuan', '/api/cases?state=open&limit=200')
    expect(list.status).toBe(200)
    for (const c of cases) expect(list.body.cases.map((x: any) => x.id)).toContain(c.id)
    const again = await u.as('inspector.huayuan', `/api/civ/inspections/${task.id}/submit`, { method: 'POST', json: { results: answers(items, {}) } })
    expect(again.status).toBe(409)
  })
})

describe('mock assessment', () => {
  it('samples n points stratified by community and point type: deterministic, proportional, no duplicates', async () => {
    const q = `/api/civ/mock-batches/sample?scope=${huayuan}&n=12&seed=2026`
    const a = await u.as('duty', q)
    expect(a.status, JSON.stringify(a.body)).toBe(200)
    const b = await u.as('duty', q)
    expect(b.body).toEqual(a.body)
    const ids = a.body.points.features.map((f: any) => f.id)
    expect(ids).toHaveLength(12)
    expect(new Set(ids).size).toBe(12)
    let population = 0
    for (const s of a.body.strata) population += s.population
    expect(population).toBe(a.body.candidates)
    for (const s of a.body.strata) expect(Math.abs(s.sampled - (12 * s.population) / population)).toBeLessThan(1)
    // the candidates are the compounds, markets and practice stations under the scope, plus streets
    const compounds = await count('compounds', sql`grid_path @> array[${huayuan}]::integer[]`)
    expect(a.body.strata.filter((s: any) => s.pointType === 'compound').reduce((n: number, s: any) => n + s.population, 0)).toBe(compounds)
    const other = await u.as('duty', `/api/civ/mock-batches/sample?scope=${huayuan}&n=12&seed=7`)
    expect(other.body.points.features.map((f: any) => f.id)).not.toEqual(ids)
    const tooMany = await u.as('duty', `/api/civ/mock-batches/sample?scope=${huayuan}&n=${population + 1}&seed=1`)
    expect(tooMany.status).toBe(422)
    expect(tooMany.body.error.code).toBe('sample_too_large')
    expect((await u.as('duty', `/api/civ/mock-batches/sample?scope=${huayuan}&n=0&seed=1`)).status).toBe(400)
  })

  it('creates one task per sampled point for the inspector, and reports score rates per grid and item with failures', async () => {
    const inspectorId = (await sql<{ id: number }>`select id from users where username = 'inspector.huayuan'`.execute(t.handle.db)).rows[0]!.id
    const r = await u.as('duty', '/api/civ/mock-batches', { method: 'POST', json: { title: '测试测评', scopeGridId: huayuan, n: 6, seed: 11, inspectorId } })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    expect(r.body.tasks).toHaveLength(6)
    const preview = await u.as('duty', `/api/civ/mock-batches/sample?scope=${huayuan}&n=6&seed=11`)
    expect(r.body.tasks.map((x: any) => `${x.pointType}:${x.compoundId ?? x.facilityId ?? x.roadId}`).sort()).toEqual(preview.body.points.features.map((f: any) => f.id).sort())
    const mine = await u.as('inspector.huayuan', `/api/civ/inspections?batch=${r.body.batch.id}`)
    expect(mine.body.tasks).toHaveLength(6)

    // score one non-compound point with one failure
    const task = r.body.tasks.find((x: any) => x.pointType !== 'compound') ?? r.body.tasks[0]
    const detail = await u.as('inspector.huayuan', `/api/civ/inspections/${task.id}`)
    const first = detail.body.items.find((i: any) => !i.auto)
    const sub = await u.as('inspector.huayuan', `/api/civ/inspections/${task.id}/submit`, { method: 'POST', json: { results: answers(detail.body.items, { [first.code]: { note: '缺失' } }) } })
    expect(sub.status, JSON.stringify(sub.body)).toBe(200)
    expect(sub.body.task.rate).toBeGreaterThan(0)
    expect(sub.body.task.rate).toBeLessThan(1)

    const report = await u.as('duty', `/api/civ/mock-batches/${r.body.batch.id}?level=3`)
    expect(report.status).toBe(200)
    expect(report.body.batch.submitted).toBe(1)
    const g = report.body.byGrid.find((x: any) => x.gridId === task.gridId)
    expect(g.rate).toBeCloseTo(sub.body.task.score / sub.body.task.maxScore, 4)
    expect(g.failed).toBe(1)
    const it1 = report.body.byItem.find((x: any) => x.itemId === first.id)
    expect(it1).toMatchObject({ answered: 1, passed: 0, failed: 1, rate: 0 })
    expect(report.body.failures.features).toHaveLength(1)
    expect(report.body.failures.features[0].properties).toMatchObject({ itemId: first.id, inspectionId: task.id })
    expect(report.body.failures.features[0].properties.caseId).toBeGreaterThan(0)

    // a worker may not start a batch; an inspector outside the scope cannot be given its tasks
    expect((await u.as('worker.huayuan', '/api/civ/mock-batches', { method: 'POST', json: { title: 'x测试', scopeGridId: huayuan, n: 2, inspectorId } })).status).toBe(403)
    const second = (await sql<{ id: number }>`select id from users where username = 'inspector.fengming'`.execute(t.handle.db)).rows[0]!.id
    const wrong = await u.as('duty', '/api/civ/mock-batches', { method: 'POST', json: { title: '错误范围', scopeGridId: huayuan, n: 2, seed: 1, inspectorId: second } })
    expect(wrong.status).toBe(422)
    expect(wrong.body.error.code).toBe('outside_inspector_scope')
  })
})
