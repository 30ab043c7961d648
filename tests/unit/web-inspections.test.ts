import { describe, expect, it } from 'vitest'
import { groupItems, inspectionPath, inspectionView, missingAnswers, submitBody, taskOrder, type ChecklistItem, type InspectionTask, type ItemAnswer } from '../../web/src/features/inspections/model'

const item = (id: number, group: string, auto = false): ChecklistItem => ({ id, group, code: `C${id}`, text: `item ${id}`, textEn: null, weight: 1, method: 'site', auto, caseCategory: null })
const items = [item(1, 'environment'), item(2, 'security'), item(3, 'environment'), item(4, 'environment', true)]
const ans = (passed: boolean | null, note = '', photoIds: number[] = []): ItemAnswer => ({ passed, note, photoIds })

describe('inspection phone routes', () => {
  it('parses and builds /m/inspections paths', () => {
    expect(inspectionView(['inspections'])).toEqual({ kind: 'list' })
    expect(inspectionView(['inspections', 'new'])).toEqual({ kind: 'new' })
    expect(inspectionView(['inspections', '12'])).toEqual({ kind: 'task', id: 12 })
    expect(inspectionView(['inspections', 'x'])).toEqual({ kind: 'list' })
    expect(inspectionView(['report'])).toBeNull()
    for (const v of [{ kind: 'list' }, { kind: 'new' }, { kind: 'task', id: 7 }] as const) {
      expect(inspectionView(inspectionPath(v).split('/').filter(Boolean).slice(1))).toEqual(v)
    }
  })
})

describe('scoring draft', () => {
  it('groups items in checklist order', () => {
    expect(groupItems(items).map((g) => [g.group, g.items.map((i) => i.id)])).toEqual([['environment', [1, 3, 4]], ['security', [2]]])
  })
  it('names the first thing missing: unanswered items (auto ones excluded), evidence for a failure, the position', () => {
    const pos = { lon: 102.5, lat: 24.3, source: 'map' as const }
    expect(missingAnswers(items, new Map([[1, ans(true)]]), pos)).toEqual({ kind: 'unanswered', n: 2 })
    expect(missingAnswers(items, new Map([[1, ans(true)], [2, ans(false)], [3, ans(null)]]), pos)).toEqual({ kind: 'evidence', code: 'C2' })
    expect(missingAnswers(items, new Map([[1, ans(true)], [2, ans(false, '', [9])], [3, ans(null)]]), null)).toEqual({ kind: 'position' })
    expect(missingAnswers(items, new Map([[1, ans(true)], [2, ans(false, ' stairwell ')], [3, ans(null)]]), pos)).toBeNull()
  })
  it('builds the submit body without the automatic items, notes trimmed, empty fields left out', () => {
    const body = submitBody(items, new Map([[1, ans(true)], [2, ans(false, ' stairwell ', [9])], [3, ans(null)], [4, ans(true)]]), null)
    expect(body).toEqual({ position: null, results: [{ itemId: 1, passed: true }, { itemId: 2, passed: false, note: 'stairwell', photoIds: [9] }, { itemId: 3, passed: null }] })
  })
  it('orders open tasks by due date (undated last), then submitted ones newest first', () => {
    const task = (id: number, status: InspectionTask['status'], due: string | null, submittedAt: string | null = null) => ({ id, status, due, submittedAt }) as InspectionTask
    const out = taskOrder([task(1, 'submitted', null, '2026-11-01'), task(2, 'assigned', null), task(3, 'in_progress', '2026-11-30'), task(4, 'submitted', null, '2026-11-20'), task(5, 'assigned', '2026-11-25')])
    expect(out.map((t) => t.id)).toEqual([5, 3, 2, 4, 1])
  })
})
