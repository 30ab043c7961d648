import { describe, expect, it } from 'vitest'
import type { Feature, Polygon, Position } from 'geojson'
import {
  apply, baseVersions, changedDrafts, clientProblems, editBlocker, isDirty, planBody, removedIds, replay, startSession, validNewCode, type Draft,
} from '../../web/src/features/planner/plannerSession'
import { EditError } from '../../geo/index.ts'

const x0 = 102.53, y0 = 24.35, d = 0.002
const ring = (pts: Position[]): Polygon => ({ type: 'Polygon', coordinates: [[...pts, pts[0]]] })
const draft = (id: number, pts: Position[], version = 3): Draft => ({
  type: 'Feature', id, geometry: ring(pts), properties: { gridId: id, name: `网格${id}`, level: 2, parentId: 9, version },
})
const mid: Position = [x0 + d, y0 + d / 2]
// two cells side by side, sharing the edge (x0+d, y0)–mid–(x0+d, y0+d)
const base = [
  draft(1, [[x0, y0], [x0 + d, y0], mid, [x0 + d, y0 + d], [x0, y0 + d]]),
  draft(2, [[x0 + d, y0], [x0 + 2 * d, y0], [x0 + 2 * d, y0 + d], [x0 + d, y0 + d], mid]),
]
const parent: Feature<Polygon> = { type: 'Feature', properties: {}, geometry: ring([[x0, y0], [x0 + 2 * d, y0], [x0 + 2 * d, y0 + d], [x0, y0 + d]]) }

describe('planner session', () => {
  it('a vertex move changes both holders; the body names them with their versions', () => {
    const s = apply(startSession(base), { kind: 'vertex', edit: { kind: 'move', from: mid, to: [mid[0] + 0.0003, mid[1]] } })
    expect(changedDrafts(s).map((x) => x.id)).toEqual([1, 2])
    expect(isDirty(s)).toBe(true)
    const body = planBody(s, 9, 2)
    expect(body.grids.map((g) => g.id)).toEqual([1, 2])
    expect(body.removed).toEqual([])
    expect(baseVersions(s)).toEqual({ 1: 3, 2: 3 })
    expect(clientProblems(s.drafts, parent, 9)).toEqual([])
  })

  it('moving a vertex on the parent boundary outward reports outside_parent and a gap with Chinese text', () => {
    const corner: Position = [x0 + d, y0]
    const s = apply(startSession(base), { kind: 'vertex', edit: { kind: 'move', from: corner, to: [corner[0], corner[1] - 0.0005] } })
    const problems = clientProblems(s.drafts, parent, 9)
    expect(problems.map((p) => p.code)).toContain('outside_parent')
    expect(problems.find((p) => p.code === 'outside_parent')!.message).toMatch(/父|超出|外/)
  })

  it('split then merge is a round trip; the new grid is created, then removed', () => {
    const split = apply(startSession(base), { kind: 'split', key: 1, newKey: -1, name: '新', line: { type: 'LineString', coordinates: [[x0 - 0.001, y0 + d / 4], [x0 + d + 0.0001, y0 + d / 4]] } })
    expect(split.drafts).toHaveLength(3)
    // the neighbour got the cut point on its shared edge
    expect(split.drafts.find((x) => x.id === 2)!.geometry.coordinates[0]).toHaveLength(7)
    expect(planBody(split, 9, 2).grids.map((g) => g.id)).toEqual([1, 2, null])
    expect(clientProblems(split.drafts, parent, 9)).toEqual([])
    const merged = apply(split, { kind: 'merge', keep: 1, drop: -1 })
    expect(merged.drafts.map((x) => JSON.stringify(x.geometry.coordinates[0].slice(0, -1).map(String).sort()))).toEqual(
      base.map((x) => JSON.stringify(x.geometry.coordinates[0].slice(0, -1).map(String).sort())),
    )
  })

  it('merging two saved grids removes the dropped one', () => {
    const s = apply(startSession(base), { kind: 'merge', keep: 2, drop: 1 })
    expect(removedIds(s)).toEqual([1])
    expect(baseVersions(s)).toEqual({ 1: 3, 2: 3 })
  })

  it('replays the edit log on fresher versions and skips what no longer applies', () => {
    const moveMid = { kind: 'vertex' as const, edit: { kind: 'move' as const, from: mid, to: [mid[0] + 0.0003, mid[1]] } }
    const moveCorner = { kind: 'vertex' as const, edit: { kind: 'move' as const, from: [x0, y0 + d], to: [x0 + 0.0001, y0 + d] } }
    const s = apply(apply(startSession(base), moveMid), moveCorner)
    // someone else moved the middle vertex meanwhile (version 4)
    const other: Position = [mid[0] - 0.0002, mid[1]]
    const fresher = base.map((x) => ({
      ...x,
      geometry: ring((x.geometry.coordinates[0] as Position[]).slice(0, -1).map((p) => (p[0] === mid[0] && p[1] === mid[1] ? other : p))),
      properties: { ...x.properties, version: 4 },
    }))
    const result = replay(fresher, s.ops)
    expect(result.applied).toBe(1)
    expect(result.skipped).toEqual([moveMid])
    expect(baseVersions(result.session)).toEqual({ 1: 4 })
  })

  it('a drawn child across the shared edge: both siblings shrink, the new grid holds the name and code typed, the family still tiles', () => {
    const drawn = ring([[x0 + d / 2, y0 + d / 4], [x0 + 1.5 * d, y0 + d / 4], [x0 + 1.5 * d, y0 + 0.75 * d], [x0 + d / 2, y0 + 0.75 * d]])
    const s = apply(startSession(base), { kind: 'draw', polygon: drawn, newKey: -1, name: '新建片区', code: '530402001001200' })
    expect(s.drafts.map((x) => x.id)).toEqual([1, 2, -1])
    expect(changedDrafts(s).map((x) => x.id)).toEqual([1, 2, -1])
    const body = planBody(s, 9, 2)
    expect(body.grids.find((g) => g.id === null)).toMatchObject({ name: '新建片区', code: '530402001001200', parentId: 9, level: 2 })
    expect(baseVersions(s)).toEqual({ 1: 3, 2: 3 })
    expect(clientProblems(s.drafts, parent, 9)).toEqual([])
    // the shared vertex mid is inside the drawing: it is gone from both
    expect(s.drafts.every((x) => !(x.geometry.coordinates as Position[][]).flat().some((p) => p[0] === mid[0] && p[1] === mid[1]))).toBe(true)
  })

  it('a drawing that swallows a sibling is refused with its code and the sibling named in the details', () => {
    const drawn = ring([[x0 + d / 2, y0 - d], [x0 + 3 * d, y0 - d], [x0 + 3 * d, y0 + 2 * d], [x0 + d / 2, y0 + 2 * d]])
    let caught: unknown
    try {
      apply(startSession(base), { kind: 'draw', polygon: drawn, newKey: -1, name: 'x' })
    } catch (err) {
      caught = err
    }
    expect(caught).toBeInstanceOf(EditError)
    expect(caught).toMatchObject({ code: 'swallows_sibling', details: { gridId: 2 } })
  })

  it('a MultiPolygon grid is blocked with a reason, and split / merge / carving it are refused, never silently ignored', () => {
    const multi: Draft = { ...base[1], geometry: { type: 'MultiPolygon', coordinates: [base[1].geometry.coordinates as Position[][]] } }
    const family = [base[0], multi]
    expect(editBlocker(multi)).toBe('multipolygon')
    expect(editBlocker(base[0])).toBeNull()
    expect(() => apply(startSession(family), { kind: 'split', key: 2, line: { type: 'LineString', coordinates: [[x0 + 1.5 * d, y0 - d], [x0 + 1.5 * d, y0 + 2 * d]] }, newKey: -1, name: 's' }))
      .toThrow(expect.objectContaining({ code: 'not_a_polygon' }))
    expect(() => apply(startSession(family), { kind: 'merge', keep: 1, drop: 2 })).toThrow(expect.objectContaining({ code: 'not_a_polygon' }))
    const drawn = ring([[x0 + d / 2, y0 + d / 4], [x0 + 1.5 * d, y0 + d / 4], [x0 + 1.5 * d, y0 + 0.75 * d], [x0 + d / 2, y0 + 0.75 * d]])
    expect(() => apply(startSession(family), { kind: 'draw', polygon: drawn, newKey: -1, name: 'x' })).toThrow(expect.objectContaining({ code: 'not_a_polygon' }))
  })

  it('a typed grid code is empty or 15 digits', () => {
    expect(validNewCode('')).toBe(true)
    expect(validNewCode(' 530402001001200 ')).toBe(true)
    expect(validNewCode('53040200100120')).toBe(false)
    expect(validNewCode('53040200100120x')).toBe(false)
  })

  it('a whole shared edge moved: both ends move in both neighbours, one edit in the log; an edge nobody holds is refused', () => {
    const top: Position = [x0 + d, y0 + d]
    const s = apply(startSession(base), { kind: 'edge', a: mid, b: top, delta: [0.0002, 0] })
    expect(s.ops).toHaveLength(1)
    const keys = (x: Draft) => (x.geometry.coordinates as Position[][])[0].map((p) => `${p[0]},${p[1]}`)
    for (const g of s.drafts) {
      expect(keys(g)).toContain(`${Math.round((mid[0] + 0.0002) * 1e9) / 1e9},${Math.round(mid[1] * 1e9) / 1e9}`)
      expect(keys(g)).not.toContain(`${mid[0]},${mid[1]}`)
    }
    expect(() => apply(startSession(base), { kind: 'edge', a: [x0, y0], b: top, delta: [0.0001, 0] })).toThrow(expect.objectContaining({ code: 'missing_edge' }))
  })
})
