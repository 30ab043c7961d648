import type { Kysely, Transaction } from 'kysely'
import { stratifiedSample } from '../../../geo/index.ts'
import type { Database } from '../../db/database.ts'
import type { InspectionPointType, StratumRow } from '../../db/tables/inspections.table.ts'
import { unprocessable } from '../../errors.ts'
import { assessmentPoints, POINT_TYPES } from './points.ts'
import { insertTasks, requireInspector } from './tasks.ts'

export interface SampleRequest {
  scopeGridId: number
  n: number
  seed: number
  types?: InspectionPointType[]
}

/** The sample a batch would draw (writes nothing): candidates under the scope, stratified. */
export async function drawSample(db: Kysely<Database>, req: SampleRequest) {
  const candidates = await assessmentPoints(db, req.scopeGridId, req.types ?? POINT_TYPES)
  const total = candidates.features.length
  if (req.n > total) throw unprocessable('sample_too_large', `Only ${total} assessment points lie under grid ${req.scopeGridId}; n = ${req.n}`, { n: req.n, candidates: total })
  return { candidates: total, sample: stratifiedSample(candidates, { n: req.n, seed: req.seed }) }
}

export interface BatchRequest extends SampleRequest {
  title: string
  inspectorId: number
  due: Date | null
}

/** A mock assessment (模拟测评): the sample drawn and one task per point, in one transaction. */
export async function createMockBatch(db: Kysely<Database>, req: BatchRequest, createdBy: number, now = new Date()) {
  return db.transaction().execute((trx) => createBatchInTransaction(trx, req, createdBy, now))
}

/** createMockBatch inside the caller's transaction (the demo loader's). */
export async function createBatchInTransaction(trx: Transaction<Database>, req: BatchRequest, createdBy: number, now: Date) {
  const inspector = await requireInspector(trx, req.inspectorId)
  const { sample } = await drawSample(trx, req)
  const strata: StratumRow[] = sample.strata.map((s) => ({ ...s, community: Number(s.community), pointType: s.pointType as InspectionPointType }))
  const batch = await trx
    .insertInto('civ_mock_batches')
    .values({ title: req.title, scope_grid_id: req.scopeGridId, n: req.n, seed: req.seed, strata: JSON.stringify(strata), inspector_id: inspector.id, due: req.due, created_by: createdBy, created_at: now })
    .returningAll()
    .executeTakeFirstOrThrow()
  const tasks = await insertTasks(
    trx,
    sample.features.map((point) => ({ kind: 'mock' as const, point, inspector, due: req.due, batchId: batch.id, createdBy })),
    now,
  )
  return { batch, tasks }
}
