import type { Kysely, Transaction } from 'kysely'
import type { Role, SessionUser } from '../../auth/roles.ts'
import { createBatchInTransaction } from '../../civ/inspections/mock.ts'
import { autoValues } from '../../civ/standard/auto.ts'
import { assessmentPoints, scopeRoot } from '../../civ/inspections/points.ts'
import { submitInTransaction, type ItemResultInput } from '../../civ/inspections/submit.ts'
import { insertTasks } from '../../civ/inspections/tasks.ts'
import type { Database } from '../../db/database.ts'
import type { DemoStep } from './index.ts'

const DAY = 86_400_000

/** Notes a demo inspector writes for a failed item, by the item's group. */
const NOTES: Record<string, string> = {
  environment: '楼栋间有暴露垃圾，绿化带有种菜现象',
  atmosphere: '公益广告宣传栏破损，内容过期',
  security: '楼道灯损坏，消防通道堆放杂物',
  services: '便民设施损坏未修缮',
}

async function sessionUser(trx: Kysely<Database>, username: string): Promise<SessionUser> {
  const u = await trx.selectFrom('users').select(['id', 'username', 'name', 'role', 'grid_ids', 'categories', 'department']).where('username', '=', username).executeTakeFirstOrThrow()
  return { id: u.id, username: u.username, name: u.name, role: u.role as Role, gridIds: u.grid_ids, categories: u.categories, department: u.department }
}

/** Every answerable item passed but `failures` of them (picked by k), each failure with a note. */
async function answers(trx: Kysely<Database>, inspectionId: number, k: number, failures: number): Promise<ItemResultInput[]> {
  const task = await trx.selectFrom('civ_inspections').select('checklist_id').where('id', '=', inspectionId).executeTakeFirstOrThrow()
  const items = await trx.selectFrom('civ_checklist_items').select(['id', 'group_key', 'auto_source']).where('checklist_id', '=', task.checklist_id).orderBy('sort').orderBy('id').execute()
  const todo = items.filter((i) => !i.auto_source)
  const failed = new Set(Array.from({ length: Math.min(failures, todo.length) }, (_, j) => todo[(k * 7 + j * 5) % todo.length]!.id))
  return todo.map((i) => (failed.has(i.id) ? { itemId: i.id, passed: false, note: NOTES[i.group_key] ?? '资料不全，未见工作台账' } : { itemId: i.id, passed: true }))
}

/**
 * Inspections for the demo (issue 7): three past visits by inspector.huayuan (two scheduled, one
 * unannounced), each with failed items that opened cases, and one open mock assessment of the
 * inspector's community — 8 points, 3 already scored — so the phone shows open tasks and the
 * report shows score rates and failures. Deterministic for the demo seed.
 */
export const demoStep: DemoStep = async (trx, ctx) => {
  const t = trx as Transaction<Database>
  const inspector = await sessionUser(trx, 'inspector.huayuan')
  const duty = await sessionUser(trx, 'duty')
  const caller = { user: inspector, ip: null }
  const community = await scopeRoot(trx, inspector.gridIds)
  if (!community) throw new Error('demo step 40-inspections: inspector.huayuan has no scope')
  const row = await trx.selectFrom('users').select(['id', 'username', 'grid_ids']).where('id', '=', inspector.id).executeTakeFirstOrThrow()
  const compounds = (await assessmentPoints(trx, community, ['compound'])).features
  const now = ctx.now.getTime()
  // the automatic items measured once for the community's compounds (per submission it takes seconds)
  const auto = await autoValues(trx, { compoundIds: compounds.map((c) => c.properties.compoundId!), at: ctx.now })
  const autoOf = (compoundId: number | null) => (compoundId === null ? undefined : (auto.get(compoundId) ?? false))

  const past = [
    { kind: 'scheduled' as const, daysAgo: 40, failures: 2 },
    { kind: 'unannounced' as const, daysAgo: 19, failures: 1 },
    { kind: 'scheduled' as const, daysAgo: 6, failures: 3 },
  ]
  for (const [k, visit] of past.entries()) {
    const point = compounds[(ctx.seed + k * 11) % compounds.length]!
    const at = new Date(now - visit.daysAgo * DAY)
    const [task] = await insertTasks(t, [{ kind: visit.kind, point, inspector: row, due: at, batchId: null, createdBy: visit.kind === 'scheduled' ? duty.id : inspector.id }], new Date(at.getTime() - 2 * DAY))
    const [lon, lat] = point.geometry.coordinates as [number, number]
    await submitInTransaction(t, task!.id, { position: { lon, lat, source: 'gps' }, results: await answers(trx, task!.id, k, visit.failures) }, caller, at, { auto: autoOf(task!.compound_id) })
  }

  const created = new Date(now - 2 * DAY)
  const { tasks } = await createBatchInTransaction(
    t,
    { title: '花园社区模拟测评（演示）', scopeGridId: community, n: 8, seed: ctx.seed, inspectorId: inspector.id, due: new Date(now + 5 * DAY) },
    duty.id,
    created,
  )
  for (const [k, task] of tasks.slice(0, 3).entries()) {
    const at = new Date(now - DAY + k * 3_600_000)
    await submitInTransaction(t, task.id, { position: { lon: task.lon, lat: task.lat, source: 'gps' }, results: await answers(trx, task.id, k + 3, 1 + (k % 2)) }, caller, at, { auto: autoOf(task.compound_id) })
  }
  ctx.log(`[demo] inspections: ${past.length} past visits, mock batch of ${tasks.length} tasks (3 scored)`)
}
