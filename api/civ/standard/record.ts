import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.ts'
import type { AssessmentSource, CompoundStatus } from '../../db/tables/civ-standard.table.ts'
import { notFound, unprocessable } from '../../errors.ts'
import { autoValue, autoValues, type AutoValues } from './auto.ts'
import { checklistItems, type Item } from './checklists.ts'
import { meetsThreshold, scoreResults, statusFor, type Score } from './scoring.ts'

export interface ResultInput {
  itemId: number
  /** null or absent: not assessed / not applicable (a value with a threshold decides it) */
  passed?: boolean | null
  value?: number | null
  note?: string | null
}

export interface RecordInput {
  compoundId: number
  checklistId: number
  source: AssessmentSource
  refId?: number | null
  results: ResultInput[]
  /** who assessed (a name; stored as text) */
  by: string | null
  at: Date
  /**
   * The compound's auto values; measured now when omitted (seconds: the patrol engine), or
   * `false` to leave the auto items to the caller's results.
   */
  auto?: AutoValues | false
}

export interface MergedResult {
  itemId: number
  passed: boolean | null
  value: number | null
  auto: boolean
  note: string | null
}

/**
 * The results an assessment stores: each auto item measurable from the data takes the measured
 * value (auto = true; passed by its threshold, else the caller's verdict), overriding the
 * caller's; any other item with a value and a threshold and no verdict is decided by the
 * threshold. Pure.
 */
export function mergeResults(items: readonly Item[], results: readonly ResultInput[], auto: AutoValues | false): MergedResult[] {
  const byItem = new Map(results.map((r) => [r.itemId, r]))
  const out: MergedResult[] = []
  for (const item of items) {
    const given = byItem.get(item.id)
    const measured = auto && item.autoSource ? autoValue(auto, item.autoSource) : null
    if (measured !== null) {
      const passed = item.threshold ? meetsThreshold(measured, item.threshold) : (given?.passed ?? null)
      out.push({ itemId: item.id, passed, value: measured, auto: true, note: given?.note ?? null })
      continue
    }
    if (!given) continue
    const value = given.value ?? null
    const passed = given.passed ?? (value !== null && item.threshold ? meetsThreshold(value, item.threshold) : null)
    out.push({ itemId: item.id, passed, value, auto: false, note: given.note ?? null })
  }
  return out
}

/** The compound's status at a time (the latest history row not after it); not_started without one. */
export async function statusAt(db: Kysely<Database>, compoundId: number, at: Date): Promise<CompoundStatus> {
  const row = await db
    .selectFrom('civ_compound_status')
    .select('status')
    .where('compound_id', '=', compoundId)
    .where('since', '<=', at)
    .orderBy('since', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst()
  return row?.status ?? 'not_started'
}

export const percent = (rate: number) => `${Math.round(rate * 1000) / 10} %`

/**
 * Stores one assessment of a compound and its results (auto items merged), scores it, and adds a
 * civ_compound_status row when the status changes. Call inside a transaction: nothing is written
 * when it throws (404 unknown compound or checklist, 422 a result for an item not in the checklist
 * or two results for one item).
 */
export async function recordAssessment(
  trx: Kysely<Database>,
  input: RecordInput,
): Promise<{ assessmentId: number; score: number; maxScore: number; rate: number; status: CompoundStatus; previousStatus: CompoundStatus; statusChanged: boolean; scored: Score }> {
  const compound = await trx.selectFrom('compounds').select('id').where('id', '=', input.compoundId).executeTakeFirst()
  if (!compound) throw notFound('compound', input.compoundId)
  const checklist = await trx.selectFrom('civ_checklists').select(['id', 'kind']).where('id', '=', input.checklistId).executeTakeFirst()
  if (!checklist) throw notFound('checklist', input.checklistId)
  if (checklist.kind !== 'compound') throw unprocessable('wrong_checklist_kind', `checklist ${checklist.id} is a ${checklist.kind} checklist, not a compound one`, { checklistId: checklist.id, kind: checklist.kind })
  const items = await checklistItems(trx, input.checklistId)
  const known = new Set(items.map((i) => i.id))
  const seen = new Set<number>()
  const bad = input.results.filter((r) => !known.has(r.itemId) || seen.has(r.itemId) || !seen.add(r.itemId))
  if (bad.length) {
    throw unprocessable('unknown_item', `results name items not in checklist ${input.checklistId} (or an item twice): ${bad.map((r) => r.itemId).join(', ')}`, { itemIds: bad.map((r) => r.itemId) })
  }
  const auto = input.auto === undefined ? ((await autoValues(trx, { compoundIds: [input.compoundId], at: input.at })).get(input.compoundId) ?? false) : input.auto
  const merged = mergeResults(items, input.results, auto)
  const scored = scoreResults(items, merged)
  const { id: assessmentId } = await trx
    .insertInto('civ_assessments')
    .values({
      compound_id: input.compoundId,
      checklist_id: input.checklistId,
      source: input.source,
      ref_id: input.refId ?? null,
      score: scored.score,
      max_score: scored.maxScore,
      rate: scored.rate,
      assessed_at: input.at,
      assessed_by: input.by,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  if (merged.length) {
    await trx
      .insertInto('civ_assessment_results')
      .values(merged.map((r) => ({ assessment_id: assessmentId, item_id: r.itemId, passed: r.passed, value: r.value, auto: r.auto, note: r.note })))
      .execute()
  }
  const previousStatus = await statusAt(trx, input.compoundId, input.at)
  const status = statusFor(scored, previousStatus)
  if (status !== previousStatus) {
    await trx
      .insertInto('civ_compound_status')
      .values({
        compound_id: input.compoundId,
        status,
        score: scored.score,
        rate: scored.rate,
        assessment_id: assessmentId,
        since: input.at,
        reason: `${input.source} assessment ${assessmentId}: ${scored.score}/${scored.maxScore} (${percent(scored.rate)})`,
        by: input.by,
      })
      .execute()
  }
  return { assessmentId, score: scored.score, maxScore: scored.maxScore, rate: scored.rate, status, previousStatus, statusChanged: status !== previousStatus, scored }
}
