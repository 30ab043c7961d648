/**
 * The inspections feature's model, pure (no Vue, no fetch): phone sub-routes under /m/inspections,
 * the scoring draft and what it still lacks, and the body POST /civ/inspections/:id/submit takes.
 * Unit-tested in tests/unit/web-inspections.test.ts.
 */

export type InspectionKind = 'scheduled' | 'unannounced' | 'mock'
export type PointType = 'compound' | 'street' | 'market' | 'practice_station'
export type TaskStatus = 'assigned' | 'in_progress' | 'submitted'

export interface InspectionTask {
  id: number
  kind: InspectionKind
  batchId: number | null
  pointType: PointType
  compoundId: number | null
  name: string
  lon: number
  lat: number
  gridId: number
  gridPath: number[]
  checklistId: number
  inspectorId: number
  status: TaskStatus
  due: string | null
  submittedAt: string | null
  score: number | null
  maxScore: number | null
  rate: number | null
}

export interface ChecklistItem {
  id: number
  group: string
  code: string
  text: string
  textEn: string | null
  weight: number
  method: string
  auto: boolean
  caseCategory: string | null
}

export interface ItemAnswer {
  passed: boolean | null
  note: string
  photoIds: number[]
}

export interface Position {
  lon: number
  lat: number
  source: 'gps' | 'map'
}

export type InspectionView = { kind: 'list' } | { kind: 'new' } | { kind: 'task'; id: number }

/** params after `/m`: ['inspections'] → list, ['inspections', 'new'] → new visit, ['inspections', '12'] → task 12. */
export function inspectionView(params: readonly string[]): InspectionView | null {
  if (params[0] !== 'inspections') return null
  if (params[1] === 'new') return { kind: 'new' }
  if (/^\d+$/.test(params[1] ?? '')) return { kind: 'task', id: Number(params[1]) }
  return { kind: 'list' }
}

export const inspectionPath = (v: InspectionView) => (v.kind === 'list' ? '/m/inspections' : v.kind === 'new' ? '/m/inspections/new' : `/m/inspections/${v.id}`)

/** The items the inspector answers (automatic ones are measured by the system). */
export const answerable = (items: readonly ChecklistItem[]) => items.filter((i) => !i.auto)

/** Items grouped in checklist order, group order by first appearance. */
export function groupItems(items: readonly ChecklistItem[]): { group: string; items: ChecklistItem[] }[] {
  const out = new Map<string, ChecklistItem[]>()
  for (const i of items) {
    const list = out.get(i.group) ?? []
    list.push(i)
    out.set(i.group, list)
  }
  return [...out].map(([group, list]) => ({ group, items: list }))
}

export type Missing = { kind: 'unanswered'; n: number } | { kind: 'evidence'; code: string } | { kind: 'position' } | null

/** What the draft still lacks before it can be submitted, first problem only. */
export function missingAnswers(items: readonly ChecklistItem[], answers: ReadonlyMap<number, ItemAnswer>, position: Position | null): Missing {
  const todo = answerable(items)
  const unanswered = todo.filter((i) => answers.get(i.id) === undefined).length
  if (unanswered) return { kind: 'unanswered', n: unanswered }
  for (const i of todo) {
    const a = answers.get(i.id)!
    if (a.passed === false && !a.note.trim() && a.photoIds.length === 0) return { kind: 'evidence', code: i.code }
  }
  if (!position) return { kind: 'position' }
  return null
}

/** The submit body: one result per answered item; photos and notes only where given. */
export function submitBody(items: readonly ChecklistItem[], answers: ReadonlyMap<number, ItemAnswer>, position: Position | null) {
  return {
    position,
    results: answerable(items)
      .filter((i) => answers.has(i.id))
      .map((i) => {
        const a = answers.get(i.id)!
        return { itemId: i.id, passed: a.passed, ...(a.note.trim() ? { note: a.note.trim() } : {}), ...(a.photoIds.length ? { photoIds: a.photoIds } : {}) }
      }),
  }
}

/** Open tasks first (due soonest first, undated last), then submitted ones newest first. */
export function taskOrder(tasks: readonly InspectionTask[]): InspectionTask[] {
  const open = tasks.filter((t) => t.status !== 'submitted').sort((a, b) => (a.due ?? '9999').localeCompare(b.due ?? '9999') || a.id - b.id)
  const done = tasks.filter((t) => t.status === 'submitted').sort((a, b) => (b.submittedAt ?? '').localeCompare(a.submittedAt ?? '') || b.id - a.id)
  return [...open, ...done]
}

export const percent = (rate: number | null) => (rate === null ? '–' : (Math.round(rate * 1000) / 10).toString())
