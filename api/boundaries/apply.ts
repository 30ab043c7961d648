// Applying a dry run: all or nothing. Through the planning service's applyGridChanges (one
// transaction that validates topology, writes versions and moves assignments at the effective
// date) when it is present; until then through applyDirect here, also one transaction.

import type { MultiPolygon, Polygon } from 'geojson'
import { sql, type Kysely } from 'kysely'
import { geometryArea } from '../../geo/measure.ts'
import type { SessionUser } from '../auth/roles.ts'
import type { Database } from '../db/database.ts'
import { ApiError } from '../errors.ts'
import { bboxColumns } from '../geojson.ts'
import type { ImportJob } from './jobs.ts'
import type { DryRun } from './plan.ts'

/** The planning service's contract (docs: /tmp/notes/contracts.md, "Grid planning API"). */
export interface PlanningGrid {
  id: number | null
  level: number
  parentId: number | null
  name: string
  code?: string
  geometry: Polygon | MultiPolygon
  properties?: Record<string, unknown>
}
export type ApplyGridChanges = (
  db: Kysely<Database>,
  input: { parentId: number | null; level: number; grids: PlanningGrid[]; removed: number[]; effectiveDate: string; reason: string; source: 'editor' | 'import' | 'rollback'; baseVersions?: Record<number, number> },
  actor: SessionUser,
) => Promise<{ changeSetId: number; grids: { id: number; version: number }[] }>

/** The planning service's applyGridChanges if that module exists in this build, else null. */
export async function planningService(): Promise<ApplyGridChanges | null> {
  const specifier = '../planning/service.ts'
  try {
    const mod = (await import(/* @vite-ignore */ specifier)) as { applyGridChanges?: ApplyGridChanges }
    return mod.applyGridChanges ?? null
  } catch {
    return null
  }
}

export function changesOf(dryRun: DryRun) {
  const { level, parentId } = dryRun.target
  const grids: PlanningGrid[] = dryRun.grids
    .filter((g) => g.status === 'new' || g.status === 'changed')
    .map((g) => ({ id: g.id, level, parentId, name: g.name, ...(g.code ? { code: g.code } : {}), geometry: g.geometry, properties: { importedFrom: dryRun.fileName, feature: g.feature } }))
  const removed = dryRun.grids.filter((g) => g.status === 'removed').map((g) => g.id as number)
  return { level, parentId, grids, removed }
}

export async function runApply(db: Kysely<Database>, job: ImportJob, dryRun: DryRun, actor: SessionUser, opts: { effectiveDate: string; reason: string }, apply?: ApplyGridChanges | null) {
  const changes = changesOf(dryRun)
  try {
    if (changes.grids.length === 0 && changes.removed.length === 0) {
      job.result = { changeSetId: null, grids: [], via: 'direct' }
    } else {
      const service = apply === undefined ? await planningService() : apply
      job.stage = 'writing'
      job.progress = 0.1
      if (service) {
        const r = await service(db, { ...changes, effectiveDate: opts.effectiveDate, reason: opts.reason, source: 'import' }, actor)
        job.result = { changeSetId: r.changeSetId, grids: r.grids, via: 'planning' }
      } else {
        const ids = await applyDirect(db, changes, (p) => (job.progress = 0.1 + 0.85 * p))
        job.result = { changeSetId: null, grids: ids.map((id) => ({ id, version: null })), via: 'direct' }
      }
    }
    job.progress = 1
    job.stage = 'done'
    job.state = 'done'
  } catch (e) {
    const err = e as { status?: number; code?: string; message?: string; details?: unknown }
    job.state = 'failed'
    job.stage = 'failed'
    job.error = e instanceof ApiError || err.code
      ? { code: String(err.code ?? 'apply_failed'), message: String(err.message), details: err.details ?? null }
      : { code: 'apply_failed', message: `Nothing was written: ${(e as Error).message}`, details: null }
  } finally {
    job.finishedAt = new Date().toISOString()
  }
}

/** One transaction: removed grids deleted, changed ones updated, new ones inserted (ids and 15-digit codes allocated). */
async function applyDirect(db: Kysely<Database>, changes: ReturnType<typeof changesOf>, progress: (share: number) => void): Promise<number[]> {
  return db.transaction().execute(async (trx) => {
    const total = changes.grids.length + changes.removed.length
    let done = 0
    const step = () => progress(++done / total)
    const ids: number[] = []
    for (const id of changes.removed) {
      await trx.deleteFrom('grids').where('id', '=', id).execute()
      step()
    }
    const parent = changes.parentId === null ? null : await trx.selectFrom('grids').select(['path']).where('id', '=', changes.parentId).executeTakeFirstOrThrow()
    const kind = (await trx.selectFrom('grids').select('kind').where('level', '=', changes.level).limit(1).executeTakeFirst())?.kind ?? 'grid'
    const top = await trx.selectFrom('grids').select([sql<number>`coalesce(max(id), 0)`.as('id'), sql<string>`coalesce(max(code), '0')`.as('code')]).executeTakeFirstOrThrow()
    let nextId = Number(top.id)
    let nextCode = BigInt(top.code)
    const usedCodes = new Set((await trx.selectFrom('grids').select('code').execute()).map((r) => r.code))
    for (const g of changes.grids) {
      const geom = { geom: JSON.stringify(g.geometry), ...bboxColumns(g.geometry), area_m2: geometryArea(g.geometry) }
      if (g.id !== null) {
        await trx.updateTable('grids').set({ name: g.name, ...geom }).where('id', '=', g.id).execute()
        ids.push(g.id)
      } else {
        const id = ++nextId
        let code = g.code && /^\d{15}$/.test(g.code) && !usedCodes.has(g.code) ? g.code : ''
        if (!code) code = String(++nextCode).padStart(15, '0')
        usedCodes.add(code)
        const nobody = JSON.stringify({ name: '', phone: '' })
        await trx.insertInto('grids').values({
          id, code, name: g.name, name_en: g.name, level: g.level, kind, parent_id: g.parentId, path: [...(parent?.path ?? []), id],
          leader: nobody, persons: '[]', unit: nobody, households: 0, population: 0, ...geom,
        }).execute()
        ids.push(id)
      }
      step()
    }
    return ids
  })
}
