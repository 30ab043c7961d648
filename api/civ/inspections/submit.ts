import type { Kysely, Transaction } from 'kysely'
import type { Caller } from '../../cases/transition.ts'
import { startCase } from '../../cases/transition.ts'
import type { Database } from '../../db/database.ts'
import { ApiError, badRequest } from '../../errors.ts'
import { inScope } from '../../auth/guard.ts'
import { CATEGORY_CODES } from '../../issues/categories.ts'
import { missingPhotos } from '../../photos/repository.ts'
import type { AutoValues } from '../standard/auto.ts'
import { checklistItems, type Item } from '../standard/checklists.ts'
import { recordAssessment } from '../standard/record.ts'
import { scoreResults } from '../standard/scoring.ts'
import { requireOwnTask, visibleTask, type InspectionRow } from './tasks.ts'

export interface ItemResultInput {
  itemId: number
  /** null: not applicable here */
  passed: boolean | null
  note?: string | null
  photoIds?: number[]
  lon?: number | null
  lat?: number | null
}

export interface SubmitInput {
  position?: { lon: number; lat: number; source: 'gps' | 'map' } | null
  results: ItemResultInput[]
}

/**
 * The issue category a failed item opens: its own case_category when that is a category of the
 * case workflow, else one by the item's group — document items (organisation, culture …) still
 * need someone to act, and a facility-type category sends them to the compound's grid.
 */
const CATEGORY_BY_GROUP: Record<string, string> = {
  environment: 'exposed_rubbish',
  atmosphere: 'flyposting',
  security: 'broken_facility',
  services: 'broken_facility',
}
export const FALLBACK_CATEGORY = 'broken_facility'

export function caseCategoryFor(item: Pick<Item, 'caseCategory' | 'groupKey'>): string {
  if (item.caseCategory && CATEGORY_CODES.has(item.caseCategory)) return item.caseCategory
  return CATEGORY_BY_GROUP[item.groupKey] ?? FALLBACK_CATEGORY
}

/** Checks that need no writes: the answers fit the checklist, failures carry evidence, photos exist. */
async function checkSubmission(db: Transaction<Database>, task: InspectionRow, input: SubmitInput) {
  const items = await checklistItems(db, task.checklist_id)
  const byId = new Map(items.map((i) => [i.id, i]))
  const seen = new Set<number>()
  const problems: { path: string; message: string }[] = []
  for (const [k, r] of input.results.entries()) {
    if (!byId.has(r.itemId)) problems.push({ path: `results.${k}.itemId`, message: `item ${r.itemId} is not on checklist ${task.checklist_id}` })
    else if (seen.has(r.itemId)) problems.push({ path: `results.${k}.itemId`, message: `item ${r.itemId} is answered twice` })
    seen.add(r.itemId)
    if (r.passed === false && !r.note?.trim() && !r.photoIds?.length) problems.push({ path: `results.${k}`, message: `a failed item needs a note or a photo` })
  }
  const unanswered = items.filter((i) => !i.autoSource && !seen.has(i.id))
  for (const i of unanswered) problems.push({ path: 'results', message: `item ${i.code} is not answered` })
  if (problems.length) throw badRequest('invalid_results', `Invalid results: ${problems[0]!.path}: ${problems[0]!.message}`, problems)
  const photoIds = input.results.flatMap((r) => r.photoIds ?? [])
  if (photoIds.length) {
    const missing = await missingPhotos(db, photoIds)
    if (missing.length) throw badRequest('unknown_photo', `No photo ${missing.join(', ')}: upload it first (POST /api/photos)`, { missing })
  }
  return { items, byId }
}

/**
 * Submits an inspection, all or nothing: the task row locked, the answers checked, the score
 * computed (recordAssessment for a compound — it merges the automatic items and moves the
 * compound's status; scoreResults for other points), one case per failed item through startCase
 * (category from the item, grid = the point's level-3 grid, linked back by result.case_id), the
 * results and the task's score written. Any refusal or failure rolls everything back.
 */
export async function submitInspection(db: Kysely<Database>, id: number, input: SubmitInput, caller: Caller, now = new Date()) {
  return db.transaction().execute((trx) => submitInTransaction(trx, id, input, caller, now))
}

/** submitInspection inside the caller's transaction (the demo loader's, which measures the automatic items once for all its compounds). */
export async function submitInTransaction(trx: Transaction<Database>, id: number, input: SubmitInput, caller: Caller, now: Date, opts: { auto?: AutoValues | false } = {}) {
  const { user } = caller
  const task = await visibleTask(trx, id, user, { forUpdate: true })
  requireOwnTask(user, task)
  if (task.status === 'submitted') throw new ApiError(409, 'already_submitted', `Inspection ${id} was submitted at ${task.submitted_at?.toISOString()}`, { inspectionId: id })
  if (!inScope(user, task.grid_path)) throw new ApiError(403, 'out_of_scope', `${task.name} lies outside the grids of ${user.username}`, { gridId: task.grid_id })
  const { byId } = await checkSubmission(trx, task, input)

  const results = input.results.map((r) => ({ itemId: r.itemId, passed: r.passed, note: r.note?.trim() || null }))
  let score: number
  let maxScore: number
  let rate: number
  let assessmentId: number | null = null
  let compoundStatus: string | null = null
  if (task.compound_id !== null) {
    const recorded = await recordAssessment(trx, {
      compoundId: task.compound_id,
      checklistId: task.checklist_id,
      source: task.kind === 'mock' ? 'mock' : 'inspection',
      refId: task.id,
      results,
      by: user.name,
      at: now,
      ...(opts.auto !== undefined ? { auto: opts.auto } : {}),
    })
    assessmentId = recorded.assessmentId
    score = recorded.score
    rate = recorded.rate
    compoundStatus = recorded.status
    maxScore = recorded.maxScore
  } else {
    const scored = scoreResults([...byId.values()], results)
    ;({ score, maxScore, rate } = scored)
  }

  const pos = input.position ?? null
  const cases: { itemId: number; caseId: number; category: string }[] = []
  const rows = []
  for (const r of input.results) {
    const item = byId.get(r.itemId)!
    let caseId: number | null = null
    if (r.passed === false) {
      const category = caseCategoryFor(item)
      const note = r.note?.trim()
      const row = await startCase(
        trx,
        {
          category,
          description: `【${KIND_ZH[task.kind]}】${task.name}：${item.code} ${item.text} 不达标${note ? `（${note}）` : ''}`,
          source: 'inspector',
          reporter: JSON.stringify({ name: user.name }),
          reporter_id: user.id,
          lon: r.lon ?? pos?.lon ?? task.lon,
          lat: r.lat ?? pos?.lat ?? task.lat,
          grid_id: task.grid_id,
          grid_path: task.grid_path,
          reported_at: now,
        },
        caller,
        r.photoIds ?? [],
      )
      caseId = row.id
      cases.push({ itemId: r.itemId, caseId, category })
    }
    rows.push({
      inspection_id: task.id,
      item_id: r.itemId,
      passed: r.passed,
      note: r.note?.trim() || null,
      photo_ids: r.photoIds ?? [],
      lon: r.lon ?? null,
      lat: r.lat ?? null,
      case_id: caseId,
    })
  }
  if (rows.length) await trx.insertInto('civ_inspection_results').values(rows).execute()
  const updated = await trx
    .updateTable('civ_inspections')
    .set({
      status: 'submitted',
      submitted_at: now,
      started_at: task.started_at ?? now,
      position_lon: pos?.lon ?? null,
      position_lat: pos?.lat ?? null,
      position_source: pos?.source ?? null,
      score,
      max_score: maxScore,
      rate,
      assessment_id: assessmentId,
    })
    .where('id', '=', task.id)
    .returningAll()
    .executeTakeFirstOrThrow()
  return { task: updated, cases, compoundStatus }
}

const KIND_ZH: Record<InspectionRow['kind'], string> = { scheduled: '定期督查', unannounced: '不定期暗访', mock: '模拟测评' }

/** assigned → in_progress when the inspector opens the task (idempotent; a submitted task stays). */
export async function startInspection(db: Kysely<Database>, id: number, caller: Caller, now = new Date()) {
  return db.transaction().execute(async (trx) => {
    const task = await visibleTask(trx, id, caller.user, { forUpdate: true })
    requireOwnTask(caller.user, task)
    if (task.status !== 'assigned') return task
    return trx.updateTable('civ_inspections').set({ status: 'in_progress', started_at: now }).where('id', '=', id).returningAll().executeTakeFirstOrThrow()
  })
}
