import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.ts'
import { notFound } from '../../errors.ts'
import { taskSummary } from './tasks.ts'

const round = (x: number, d = 4) => Math.round(x * 10 ** d) / 10 ** d

/**
 * What a mock assessment found: every task with its score, the score rate per grid at `level`
 * (0 street … 3 point; rate = Σ score / Σ max over the submitted tasks of the grid), the pass rate
 * per checklist item (passed / answered, n/a excluded), and the failures as points (the item's
 * position, else the inspector's, else the point's) with the case each opened.
 */
export async function batchReport(db: Kysely<Database>, batchId: number, level: 0 | 1 | 2 | 3) {
  const batch = await db.selectFrom('civ_mock_batches').selectAll().where('id', '=', batchId).executeTakeFirst()
  if (!batch) throw notFound('mock batch', batchId)
  const tasks = await db.selectFrom('civ_inspections').selectAll().where('batch_id', '=', batchId).orderBy('id').execute()
  const results = tasks.length
    ? await db
        .selectFrom('civ_inspection_results as r')
        .innerJoin('civ_inspections as t', 't.id', 'r.inspection_id')
        .innerJoin('civ_checklist_items as i', 'i.id', 'r.item_id')
        .select(['r.inspection_id', 'r.item_id', 'r.passed', 'r.note', 'r.photo_ids', 'r.lon', 'r.lat', 'r.case_id', 'i.code', 'i.text', 'i.text_en', 'i.checklist_id', 't.position_lon', 't.position_lat', 't.lon as point_lon', 't.lat as point_lat', 't.name', 't.grid_id'])
        .where('t.batch_id', '=', batchId)
        .orderBy('r.inspection_id')
        .orderBy('r.item_id')
        .execute()
    : []

  const gridIds = [...new Set(tasks.map((t) => t.grid_path[level] ?? t.grid_id))]
  const names = gridIds.length ? await db.selectFrom('grid_records').select(['id', 'name', 'name_en']).where('id', 'in', gridIds).execute() : []
  const nameOf = new Map(names.map((g) => [g.id, g]))
  const byGrid = new Map<number, { gridId: number; name: string; nameEn: string; tasks: number; submitted: number; score: number; maxScore: number; failed: number }>()
  for (const t of tasks) {
    const gridId = t.grid_path[level] ?? t.grid_id
    let g = byGrid.get(gridId)
    if (!g) byGrid.set(gridId, (g = { gridId, name: nameOf.get(gridId)?.name ?? '', nameEn: nameOf.get(gridId)?.name_en ?? '', tasks: 0, submitted: 0, score: 0, maxScore: 0, failed: 0 }))
    g.tasks++
    if (t.status === 'submitted') {
      g.submitted++
      g.score += t.score ?? 0
      g.maxScore += t.max_score ?? 0
    }
  }
  const taskGrid = new Map(tasks.map((t) => [t.id, t.grid_path[level] ?? t.grid_id]))
  const byItem = new Map<number, { itemId: number; checklistId: number; code: string; text: string; textEn: string; answered: number; passed: number; failed: number }>()
  for (const r of results) {
    let it = byItem.get(r.item_id)
    if (!it) byItem.set(r.item_id, (it = { itemId: r.item_id, checklistId: r.checklist_id, code: r.code, text: r.text, textEn: r.text_en ?? '', answered: 0, passed: 0, failed: 0 }))
    if (r.passed === null) continue
    it.answered++
    if (r.passed) it.passed++
    else {
      it.failed++
      byGrid.get(taskGrid.get(r.inspection_id)!)!.failed++
    }
  }
  const failures = results.filter((r) => r.passed === false)
  return {
    batch: {
      id: batch.id,
      title: batch.title,
      scopeGridId: batch.scope_grid_id,
      n: batch.n,
      seed: batch.seed,
      strata: batch.strata,
      inspectorId: batch.inspector_id,
      due: batch.due?.toISOString() ?? null,
      createdAt: batch.created_at.toISOString(),
      submitted: tasks.filter((t) => t.status === 'submitted').length,
    },
    level,
    tasks: tasks.map(taskSummary),
    byGrid: [...byGrid.values()].map((g) => ({ ...g, rate: g.maxScore > 0 ? round(g.score / g.maxScore) : null })).sort((a, b) => a.gridId - b.gridId),
    byItem: [...byItem.values()].map((i) => ({ ...i, rate: i.answered > 0 ? round(i.passed / i.answered) : null })).sort((a, b) => a.checklistId - b.checklistId || a.code.localeCompare(b.code)),
    failures: {
      type: 'FeatureCollection' as const,
      features: failures.map((r, k) => ({
        type: 'Feature' as const,
        id: k + 1,
        geometry: { type: 'Point' as const, coordinates: [r.lon ?? r.position_lon ?? r.point_lon, r.lat ?? r.position_lat ?? r.point_lat] },
        properties: { inspectionId: r.inspection_id, itemId: r.item_id, code: r.code, text: r.text, textEn: r.text_en ?? '', note: r.note, caseId: r.case_id, name: r.name, gridId: r.grid_id, photoIds: r.photo_ids },
      })),
    },
  }
}
