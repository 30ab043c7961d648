import type { Kysely } from 'kysely'
import type { Database } from '../db/database.ts'
import type { Edit } from './check.ts'
import { finishWrites, planChange } from './plan.ts'
import { groupMoves, movedFeatures, relocations, type Move, type MoveKind } from './relocate.ts'
import { loadGrids } from './repository.ts'

const LABEL: Record<MoveKind, { zh: string; unit: string; en: [string, string] }> = {
  case: { zh: '未结案件', unit: '件', en: ['open case', 'open cases'] },
  building: { zh: '楼栋', unit: '栋', en: ['building', 'buildings'] },
  household: { zh: '户', unit: '', en: ['household', 'households'] },
  compound: { zh: '小区', unit: '个', en: ['compound', 'compounds'] },
  kiosk: { zh: '收集亭/投放点', unit: '个', en: ['kiosk or drop point', 'kiosks and drop points'] },
  facility: { zh: '设施', unit: '处', en: ['facility', 'facilities'] },
  patrol_point: { zh: '巡查轨迹', unit: '条', en: ['patrol track', 'patrol tracks'] },
}

/**
 * What an edit would move, without writing: the after-state of every grid it writes (cascade
 * included), then geo's point index over the level-3 grids of the region locates every object again.
 */
export async function impact(db: Kysely<Database>, edit: Edit) {
  const started = performance.now()
  const plan = await planChange(db, edit)
  finishWrites(plan.writes, plan.parent, new Map(), new Set(), { codes: false })
  const moved = await relocations(db, plan.writes)
  const moves = groupMoves(moved)
  const gridIds = [...new Set(moves.flatMap((m) => [m.fromGridId, m.toGridId]))]
  const stored = new Map((await loadGrids(db, { ids: gridIds.filter((id) => id > 0) })).map((g) => [g.id, g]))
  const written = new Map(plan.writes.filter((w) => w.after).map((w) => [w.id, w.after!]))
  const nameOf = (id: number) => written.get(id)?.name ?? stored.get(id)?.name ?? `#${id}`
  const leaderOf = (id: number) => (written.get(id)?.leader ?? stored.get(id)?.leader ?? null) as { name?: string; role?: string; roleZh?: string; phone?: string } | null
  const persons = gridIds.map((gridId) => {
    const gains: Partial<Record<MoveKind, number>> = {}
    const loses: Partial<Record<MoveKind, number>> = {}
    for (const m of moves) {
      if (m.toGridId === gridId) gains[m.kind] = (gains[m.kind] ?? 0) + m.count
      if (m.fromGridId === gridId) loses[m.kind] = (loses[m.kind] ?? 0) + m.count
    }
    return { gridId, gridName: nameOf(gridId), person: leaderOf(gridId), gains, loses }
  })
  return {
    moves,
    persons,
    summary: summarise(moves, nameOf),
    features: movedFeatures(moved),
    problems: plan.problems,
    elapsedMs: Math.round(performance.now() - started),
  }
}

/** "此次调整将 37 件未结案件、4 个收集亭/投放点从 网格A 移至 网格B" per pair of grids, and in English. */
export function summarise(moves: Move[], nameOf: (id: number) => string): { zh: string; en: string } {
  const pairs = new Map<string, Move[]>()
  for (const m of moves) pairs.set(`${m.fromGridId}>${m.toGridId}`, [...(pairs.get(`${m.fromGridId}>${m.toGridId}`) ?? []), m])
  if (!pairs.size) return { zh: '此次调整不改变任何对象的所属网格', en: 'This edit moves nothing to another grid' }
  const zh: string[] = []
  const en: string[] = []
  for (const ms of pairs.values()) {
    const [from, to] = [nameOf(ms[0].fromGridId), nameOf(ms[0].toGridId)]
    zh.push(`${ms.map((m) => `${m.count} ${LABEL[m.kind].unit}${LABEL[m.kind].zh}`).join('、')}从 ${from} 移至 ${to}`)
    const parts = ms.map((m) => `${m.count} ${LABEL[m.kind].en[m.count === 1 ? 0 : 1]}`)
    en.push(`${parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}` : parts[0]} from ${from} to ${to}`)
  }
  return { zh: `此次调整将 ${zh.join('；')}`, en: `This moves ${en.join('; ')}` }
}
