/**
 * Grid planning API (api/planning/): validation of an edit, versions on grids; runs on both engines.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Polygon } from 'geojson'
import { call, openTestApp, type TestApp } from './harness.ts'

let t: TestApp
beforeAll(async () => {
  t = await openTestApp()
})
afterAll(() => t?.close())

interface Child {
  id: number
  name: string
  version: number
  geometry: Polygon
}

/** A level-2 area (parent) and its level-3 children, as the API gives them. */
async function family(parentId?: number) {
  const db = t.handle.db
  const parent = parentId ?? (await db.selectFrom('grids').select('id').where('level', '=', 2).orderBy('id').executeTakeFirstOrThrow()).id
  const { body } = await call(t.app, `/api/grids?level=3&parent=${parent}`)
  const children: Child[] = body.features.map((f: any) => ({ id: f.id, name: f.properties.name, version: f.properties.version, geometry: f.geometry }))
  return { parent, children }
}

const edit = (parentId: number, grids: unknown[], removed: number[] = []) => ({ parentId, level: 3, grids, removed })
const asGrid = (parentId: number, c: { id: number | null; name: string; geometry: unknown }) => ({ id: c.id, level: 3, parentId, name: c.name, geometry: c.geometry })
const outer = (g: any): number[][] => (g.type === 'Polygon' ? g.coordinates[0] : g.coordinates[0][0])
function centroid(ring: number[][]): [number, number] {
  const n = ring.length - 1
  return [ring.slice(0, n).reduce((s, p) => s + p[0], 0) / n, ring.slice(0, n).reduce((s, p) => s + p[1], 0) / n]
}
/** A small square of half-side d degrees around a point. */
const square = ([x, y]: [number, number], d: number): Polygon => ({
  type: 'Polygon',
  coordinates: [[[x - d, y - d], [x + d, y - d], [x + d, y + d], [x - d, y + d], [x - d, y - d]]],
})

describe('grid versions', () => {
  it('every grid has an integer version, in the list and in the detail', async () => {
    const list = await call(t.app, '/api/grids?level=3')
    expect(list.status).toBe(200)
    expect(list.body.features.length).toBeGreaterThan(100)
    for (const f of list.body.features) expect(Number.isInteger(f.properties.version)).toBe(true)
    const one = await call(t.app, `/api/grids/${list.body.features[0].id}`)
    expect(one.body.properties.version).toBe(1)
  })
})

describe('POST /api/planning/validate', () => {
  it('finds nothing wrong with the demo as it is, nor with an unchanged resubmission', async () => {
    const { parent, children } = await family()
    const empty = await call(t.app, '/api/planning/validate', { method: 'POST', json: edit(parent, []) })
    expect(empty.status).toBe(200)
    expect(empty.body).toEqual({ ok: true, problems: [] })
    const same = await call(t.app, '/api/planning/validate', { method: 'POST', json: edit(parent, children.map((c) => asGrid(parent, c))) })
    expect(same.body).toEqual({ ok: true, problems: [] })
  })

  it('a removed grid leaves a gap the size of the grid, with a Chinese and an English message', async () => {
    const { parent, children } = await family()
    const { status, body } = await call(t.app, '/api/planning/validate', { method: 'POST', json: edit(parent, [], [children[0].id]) })
    expect(status).toBe(200)
    expect(body.ok).toBe(false)
    expect(body.problems.map((p: any) => p.code)).toEqual(['gap'])
    expect(body.problems[0].message).toMatch(/未被任何下级网格覆盖/)
    expect(body.problems[0].messageEn).toMatch(/covered by none/)
    expect(body.problems[0].geometry.type).toBe('Polygon')
    const area = (await t.handle.db.selectFrom('grids').select('area_m2').where('id', '=', children[0].id).executeTakeFirstOrThrow()).area_m2
    expect(body.problems[0].areaM2).toBeGreaterThan(area * 0.99)
    expect(body.problems[0].areaM2).toBeLessThan(area * 1.01)
  })

  it('names each kind of problem with the grids at fault', async () => {
    const { parent, children } = await family()
    const [a, b] = children
    const post = async (grids: unknown[], removed: number[] = []) => (await call(t.app, '/api/planning/validate', { method: 'POST', json: edit(parent, grids, removed) })).body
    const inside = centroid(outer(a.geometry))

    // a copy of b as a new grid overlaps b wholly
    const dup = await post([asGrid(parent, { id: null, name: '新网格', geometry: b.geometry })])
    expect(dup.problems.map((p: any) => p.code)).toEqual(['overlap'])
    expect(dup.problems[0].gridIds.sort()).toEqual([-1, b.id].sort())
    expect(dup.problems[0].message).toMatch(/重叠/)

    // a bow-tie ring
    const [x, y] = inside
    const bowtie = { type: 'Polygon', coordinates: [[[x, y], [x + 0.001, y + 0.001], [x + 0.001, y], [x, y + 0.001], [x, y]]] }
    const crossed = await post([asGrid(parent, { ...a, geometry: bowtie })])
    expect(crossed.problems.map((p: any) => p.code)).toContain('self_intersection')
    expect(crossed.problems.find((p: any) => p.code === 'self_intersection').gridIds).toEqual([a.id])
    expect(crossed.problems.find((p: any) => p.code === 'self_intersection').geometry.type).toBe('Point')

    // an unclosed ring is an invalid ring; no coordinates, an empty grid
    const open = await post([asGrid(parent, { ...a, geometry: { type: 'Polygon', coordinates: [outer(a.geometry).slice(0, -1)] } })])
    expect(open.problems.map((p: any) => p.code)).toContain('invalid_ring')
    const empty = await post([asGrid(parent, { ...a, geometry: { type: 'Polygon', coordinates: [] } })])
    expect(empty.problems.map((p: any) => p.code)).toContain('empty')

    // a 10 m square far away: outside the parent (and a sliver: ~400 m²)
    const away = await post([asGrid(parent, { id: null, name: '远处', geometry: square([inside[0] + 0.5, inside[1]], 0.00009) })])
    const codes = away.problems.map((p: any) => p.code)
    expect(codes).toContain('outside_parent')
    expect(codes).toContain('sliver')
    expect(away.problems.find((p: any) => p.code === 'sliver').message).toMatch(/碎片/)
  })

  it('refuses malformed edits with 400 and an unknown parent with 404', async () => {
    const { parent, children } = await family()
    const wrongLevel = await call(t.app, '/api/planning/validate', { method: 'POST', json: { ...edit(parent, []), level: 2 } })
    expect(wrongLevel.status).toBe(400)
    expect(wrongLevel.body.error.code).toBe('invalid_level')
    const stranger = await call(t.app, '/api/planning/validate', { method: 'POST', json: edit(parent, [], [1]) })
    expect(stranger.status).toBe(400)
    expect(stranger.body.error.code).toBe('unknown_grid')
    const mismatch = await call(t.app, '/api/planning/validate', { method: 'POST', json: edit(parent, [{ ...asGrid(parent, children[0]), parentId: parent + 1 }]) })
    expect(mismatch.body.error.code).toBe('grid_mismatch')
    const missing = await call(t.app, '/api/planning/validate', { method: 'POST', json: edit(999_999, []) })
    expect(missing.status).toBe(404)
  })
})

// ---------------------------------------------------------------------------------------------
// Saving, impact, history, rollback. Each test works on its own family so they do not interfere.

import { booleanPointInPolygon, difference, featureCollection, feature as turfFeature, union } from '@turf/turf'
import { sql } from 'kysely'
import { applyDueChangeSets, chinaDate } from '../../api/planning/service.ts'

const db = () => t.handle.db
const F = (g: any) => turfFeature(g)
const unite = (a: any, b: any) => union(featureCollection([F(a), F(b)]))!.geometry
const minus = (a: any, b: any) => difference(featureCollection([F(a), F(b)]))!.geometry
const vertexKeys = (g: any) => new Set((g.type === 'Polygon' ? [g.coordinates] : g.coordinates).flat(2).map((p: number[]) => `${p[0]},${p[1]}`))
const sharedVertices = (a: any, b: any) => {
  const ka = vertexKeys(a)
  return [...vertexKeys(b)].filter((k) => ka.has(k)).length
}

async function grid(id: number) {
  return db().selectFrom('grid_records').select(['id', 'parent_id', 'level', 'path', 'version', 'retired_at', 'geom', 'name']).where('id', '=', id).executeTakeFirstOrThrow()
}
async function counts() {
  const n = async (table: 'planning_change_sets' | 'planning_grid_versions' | 'grid_records') => Number((await db().selectFrom(table).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()).n)
  const v = await db().selectFrom('grid_records').select(sql<string>`sum(version)::text`.as('v')).executeTakeFirstOrThrow()
  const moved = await db().selectFrom('buildings').select(sql<string>`md5(string_agg(grid_path::text, ',' order by id))`.as('h')).executeTakeFirstOrThrow()
  return { sets: await n('planning_change_sets'), versions: await n('planning_grid_versions'), grids: await n('grid_records'), sumVersion: v.v, buildings: moved.h }
}
/** Two adjacent children (sharing ≥ 2 vertices) of the n-th level-2 area. */
async function adjacentPair(n: number) {
  const parents = await db().selectFrom('grids').select('id').where('level', '=', 2).orderBy('id').offset(n).limit(1).execute()
  const { parent, children } = await family(parents[0].id)
  for (const a of children) for (const b of children) if (a.id < b.id && sharedVertices(a.geometry, b.geometry) >= 2) return { parent, children, a, b }
  throw new Error('no adjacent pair')
}
const change = (parent: number, grids: any[], removed: number[], baseVersions: Record<string, number>, extra: Record<string, unknown> = {}) => ({
  parentId: parent, level: 3, grids, removed, baseVersions, effectiveDate: chinaDate(), reason: '测试：合并点位', ...extra,
})

describe('POST /api/planning/changes', () => {
  it('merging two neighbours saves: the kept grid grows and moves to version 2, the other retires, its objects move, the topology stays clean', async () => {
    const { parent, a, b } = await adjacentPair(0)
    const inB = await db().selectFrom('buildings').select('id').where('grid_id', '=', b.id).execute()
    const res = await call(t.app, '/api/planning/changes', {
      method: 'POST',
      json: change(parent, [asGrid(parent, { ...a, geometry: unite(a.geometry, b.geometry) })], [b.id], { [a.id]: a.version, [b.id]: b.version }),
      as: 'planner',
    })
    expect(res.status).toBe(201)
    expect(res.body.effectiveDate).toBe(chinaDate())
    expect(res.body.grids).toEqual(expect.arrayContaining([{ id: a.id, version: 2 }, { id: b.id, version: 2 }]))
    expect((await grid(b.id)).retired_at).not.toBeNull()
    expect((await call(t.app, `/api/grids/${b.id}`)).status).toBe(404)
    expect((await call(t.app, `/api/grids/${a.id}`)).body.properties.version).toBe(2)
    const nowInA = await db().selectFrom('buildings').select('id').where('grid_id', '=', a.id).where('id', 'in', [0, ...inB.map((r) => r.id)]).execute()
    expect(nowInA.length).toBe(inB.length)
    const topo = await call(t.app, `/api/analysis/topology?parent=${parent}`)
    expect(topo.body.features).toEqual([])
    const audit = await db().selectFrom('audit_log').select(['action', 'username']).where('action', '=', 'planning.save').execute()
    expect(audit.length).toBeGreaterThan(0)
    const hist = await call(t.app, `/api/planning/history?grid=${b.id}`)
    expect(hist.body[0]).toMatchObject({ changeSetId: res.body.changeSetId, reason: '测试：合并点位', source: 'editor' })
    expect(hist.body[0].by).toMatch(/planner/)
  }, 60_000)

  it('refuses each kind of invalid edit with 422 topology_invalid naming it, and writes nothing', async () => {
    const { parent, children, a, b } = await adjacentPair(1)
    const base = Object.fromEntries(children.map((c) => [c.id, c.version]))
    const [x, y] = centroid(outer(a.geometry))
    const cases: [string, any][] = [
      ['gap', change(parent, [], [a.id], base)],
      ['overlap', change(parent, [asGrid(parent, { ...a, geometry: unite(a.geometry, b.geometry) })], [], base)],
      ['self_intersection', change(parent, [asGrid(parent, { ...a, geometry: { type: 'Polygon', coordinates: [[[x, y], [x + 0.001, y + 0.001], [x + 0.001, y], [x, y + 0.001], [x, y]]] } })], [], base)],
      ['outside_parent', change(parent, [asGrid(parent, { id: null, name: '外', geometry: square([x + 0.5, y], 0.002) })], [], base)],
      ['sliver', change(parent, [asGrid(parent, { ...a, geometry: minus(a.geometry, square([x, y], 0.00005)) }), asGrid(parent, { id: null, name: '碎', geometry: square([x, y], 0.00005) })], [], base)],
      ['empty', change(parent, [asGrid(parent, { ...a, geometry: { type: 'Polygon', coordinates: [] } })], [], base)],
    ]
    const before = await counts()
    for (const [code, json] of cases) {
      const res = await call(t.app, '/api/planning/changes', { method: 'POST', json })
      expect(res.status, code).toBe(422)
      expect(res.body.error.code).toBe('topology_invalid')
      expect(res.body.error.details.problems.map((p: any) => p.code), code).toContain(code)
      expect(res.body.error.message).toContain(code)
    }
    expect(await counts()).toEqual(before)
  }, 120_000)

  it('two saves from the same base: the first 201, the second 409 with who changed it, when and why; nothing of the second written', async () => {
    const { parent, a, b } = await adjacentPair(2)
    const base = { [a.id]: a.version, [b.id]: b.version }
    const first = await call(t.app, '/api/planning/changes', { method: 'POST', json: change(parent, [asGrid(parent, { ...a, geometry: unite(a.geometry, b.geometry) })], [b.id], base, { reason: '先到' }), as: 'planner' })
    expect(first.status).toBe(201)
    const before = await counts()
    const second = await call(t.app, '/api/planning/changes', { method: 'POST', json: change(parent, [asGrid(parent, { ...b, geometry: unite(a.geometry, b.geometry) })], [a.id], base, { reason: '后到' }) })
    expect(second.status).toBe(409)
    expect(second.body.error.code).toBe('version_conflict')
    const changed = second.body.error.details.changed
    expect(changed.length).toBeGreaterThan(0)
    expect(changed[0]).toMatchObject({ changeSetId: first.body.changeSetId, reason: '先到' })
    expect(changed[0].by).toMatch(/planner/)
    expect(Date.parse(changed[0].at)).toBeGreaterThan(0)
    expect(await counts()).toEqual(before)
  }, 60_000)

  it('planner and admin may save; a leader may not (403); anyone may validate', async () => {
    const { parent } = await adjacentPair(3)
    const denied = await call(t.app, '/api/planning/changes', { method: 'POST', json: change(parent, [], [], {}), as: 'leader' })
    expect(denied.status).toBe(403)
    const check = await call(t.app, '/api/planning/validate', { method: 'POST', json: edit(parent, []), as: 'leader' })
    expect(check.status).toBe(200)
  })
})

describe('a level-1 boundary move: impact, save, rollback', () => {
  /** Level-1 neighbours A and B, and X, a level-3 grid of B sharing an edge with A, moved over to A. */
  async function transfer() {
    const level1 = await db().selectFrom('grids').select(['id', 'parent_id', 'geom', 'version', 'name']).where('level', '=', 1).orderBy('id').execute()
    for (const A of level1) {
      for (const B of level1) {
        if (A.id === B.id || A.parent_id !== B.parent_id || sharedVertices(A.geom, B.geom) < 2) continue
        const xs = await db().selectFrom('grids').select(['id', 'geom', 'parent_id']).where('level', '=', 3).where(sql<boolean>`path @> array[${B.id}]::integer[]`).orderBy('id').execute()
        for (const X of xs) {
          if (sharedVertices(X.geom, A.geom) < 2) continue
          const siblingsOfX = await db().selectFrom('grids').select('id').where('parent_id', '=', X.parent_id).execute()
          if (siblingsOfX.length < 2) continue
          const body = {
            parentId: A.parent_id!, level: 1, removed: [] as number[],
            grids: [
              { id: A.id, level: 1, parentId: A.parent_id!, name: A.name, geometry: unite(A.geom, X.geom) },
              { id: B.id, level: 1, parentId: B.parent_id!, name: B.name, geometry: minus(B.geom, X.geom) },
            ],
          }
          return { A, B, X, body }
        }
      }
    }
    throw new Error('no level-1 neighbours with a transferable level-3 grid')
  }

  it('impact counts what lies in the moved grid (independent point-in-polygon), names both grids and their leaders, and writes nothing', async () => {
    const { A, B, X, body } = await transfer()
    const before = await counts()
    const started = performance.now()
    const res = await call(t.app, '/api/planning/impact', { method: 'POST', json: body })
    const ms = performance.now() - started
    console.log(`[planning] impact of moving level-3 grid ${X.id} from level-1 ${B.id} to ${A.id}: ${Math.round(ms)} ms (server ${res.body.elapsedMs} ms), ${res.body.features.features.length} objects`)
    expect(res.status).toBe(200)
    expect(res.body.problems).toEqual([])
    const feature = F(X.geom)
    const inside = async (table: 'buildings' | 'kiosks' | 'facilities' | 'issues', x: string, y: string, extra = sql<boolean>`true`) => {
      const rows = await sql<{ id: number; x: number; y: number; hh: number }>`select id, ${sql.ref(x)} as x, ${sql.ref(y)} as y, ${table === 'buildings' ? sql`households` : sql`0`} as hh from ${sql.table(table)} where ${extra}`.execute(db())
      return rows.rows.filter((r) => booleanPointInPolygon([r.x, r.y], feature))
    }
    const buildings = await inside('buildings', 'cx', 'cy')
    const kiosks = await inside('kiosks', 'lon', 'lat')
    const cases = await inside('issues', 'lon', 'lat', sql<boolean>`status not in ('closed', 'rejected')`)
    const count = (kind: string) => res.body.moves.filter((m: any) => m.kind === kind && m.fromGridId === B.id && m.toGridId === A.id).reduce((s: number, m: any) => s + m.count, 0)
    expect(buildings.length).toBeGreaterThan(0)
    expect(count('building')).toBe(buildings.length)
    expect(count('household')).toBe(buildings.reduce((s, r) => s + Number(r.hh), 0))
    expect(count('kiosk')).toBe(kiosks.length)
    expect(count('case')).toBe(cases.length)
    expect(res.body.moves.every((m: any) => m.fromGridId === B.id && m.toGridId === A.id)).toBe(true)
    expect(res.body.summary.zh).toContain(`从 ${B.name} 移至 ${A.name}`)
    expect(res.body.summary.en).toMatch(new RegExp(`\\d+ buildings?.* from ${B.name} to ${A.name}`))
    const gainer = res.body.persons.find((p: any) => p.gridId === A.id)
    expect(gainer.gains.building).toBe(buildings.length)
    expect(gainer.person.name.length).toBeGreaterThan(0)
    expect(res.body.persons.find((p: any) => p.gridId === B.id).loses.building).toBe(buildings.length)
    expect(res.body.features.features.length).toBe(res.body.moves.filter((m: any) => m.kind !== 'household').reduce((s: number, m: any) => s + m.count, 0))
    expect(await counts()).toEqual(before)
  }, 120_000)

  it('a future effective date moves nothing until the sweep runs on that date; then the tree still tiles', async () => {
    const { A, B, X, body } = await transfer()
    const today = chinaDate()
    const tomorrow = chinaDate(new Date(Date.now() + 86_400_000))
    const xBefore = await grid(X.id)
    const saved = await call(t.app, '/api/planning/changes', { method: 'POST', json: { ...body, baseVersions: { [A.id]: A.version, [B.id]: B.version }, effectiveDate: tomorrow, reason: '社区边界调整' } })
    expect(saved.status).toBe(201)
    expect(saved.body.applied).toBe(false)
    expect((await grid(X.id)).path).toEqual(xBefore.path)
    expect((await grid(A.id)).geom).toEqual(A.geom)
    expect(await applyDueChangeSets(db(), new Date(`${today}T12:00:00+08:00`))).toEqual([])
    expect((await grid(X.id)).path).toEqual(xBefore.path)
    // a second edit of the same grids while the first waits: 409
    const again = await call(t.app, '/api/planning/changes', { method: 'POST', json: { ...body, baseVersions: { [A.id]: A.version + 1, [B.id]: B.version + 1 }, effectiveDate: today, reason: '再改' } })
    expect(again.status).toBe(409)
    expect(again.body.error.details.changed[0].pending).toBe(true)

    expect(await applyDueChangeSets(db(), new Date(`${tomorrow}T00:00:30+08:00`))).toEqual([saved.body.changeSetId])
    const xAfter = await grid(X.id)
    expect(xAfter.path.slice(0, 2)).toEqual([xBefore.path[0], A.id])
    const buildingsOfX = await db().selectFrom('buildings').select('grid_path').where('grid_id', '=', X.id).execute()
    expect(buildingsOfX.every((r) => r.grid_path[1] === A.id)).toBe(true)
    const topo = await call(t.app, '/api/analysis/topology')
    expect(topo.body.features).toEqual([])

    // rollback: a new change set restoring every grid exactly
    const detail = await call(t.app, `/api/planning/changes/${saved.body.changeSetId}`)
    expect(detail.status).toBe(200)
    expect(detail.body.before.features.map((f: any) => f.id)).toContain(A.id)
    expect(detail.body.after.features.find((f: any) => f.id === X.id).properties.path[1]).toBe(A.id)
    const touched = detail.body.grids.map((g: any) => g.id)
    const originals = new Map(detail.body.before.features.map((f: any) => [f.id, f.geometry]))
    const back = await call(t.app, `/api/planning/changes/${saved.body.changeSetId}/rollback`, { method: 'POST', json: { reason: '撤销调整', effectiveDate: today }, as: 'planner' })
    expect(back.status).toBe(201)
    for (const id of touched) {
      const g = await grid(id)
      if (originals.has(id)) expect(g.geom, `grid ${id}`).toEqual(originals.get(id))
      else expect(g.retired_at, `grid ${id} created by the change`).not.toBeNull()
    }
    expect((await grid(X.id)).path).toEqual(xBefore.path)
    expect((await call(t.app, '/api/analysis/topology')).body.features).toEqual([])
    const hist = await call(t.app, `/api/planning/history?grid=${X.id}`)
    expect(hist.body.map((h: any) => h.source)).toEqual(['rollback', 'editor'])
    // rolling the same change back twice: its grids have moved on
    const twice = await call(t.app, `/api/planning/changes/${saved.body.changeSetId}/rollback`, { method: 'POST', json: { reason: '再撤销', effectiveDate: today } })
    expect(twice.status).toBe(409)
  }, 300_000)
})
