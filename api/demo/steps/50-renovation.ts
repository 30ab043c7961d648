/**
 * Demo renovation projects (seed 001 §11: 20 old compounds planned this year): one project per
 * demo compound in the renovation programme (compounds.renovation, all old compounds), in the
 * demo's year. Scope items come from the compound's 整治内容; every project is part of the
 * county's rain/sewage separation works, so rain_sewage is always in. Planned windows spread over
 * the year (the last ones end early next year); each project's status and step dates follow from its window and the demo's now.
 */
import { createRng } from '../../../scripts/demo/random.ts'
import type { RenovationScope, RenovationStatus } from '../../db/tables/renovation.table.ts'
import type { DemoStep } from './index.ts'

/** the generator's 整治内容 (scripts/demo/amenities.ts) → scope codes; 创城氛围营造 is not a works item */
const ITEM_CODES: Record<string, RenovationScope> = {
  路面破损修复: 'road_surface',
  增设绿化: 'greening',
  增设非机动车棚: 'bike_shed',
  增设机动车停车位: 'bike_shed',
  完善充电装置: 'charging',
  楼道修补粉刷: 'corridor',
  公共照明: 'lighting',
  雨污分流改造: 'rain_sewage',
}

const DAY = 86_400_000
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10)

export const demoStep: DemoStep = async (trx, { now, seed }) => {
  const rng = createRng(seed, 'renovation')
  const compounds = await trx
    .selectFrom('compounds')
    .select(['id', 'name', 'households', 'renovation'])
    .where('renovation', 'is not', null)
    .orderBy('id')
    .execute()
  const year = now.getUTCFullYear()
  const yearStart = Date.UTC(year, 0, 10)
  const yearEnd = Date.UTC(year, 11, 31)
  const today = Date.UTC(year, now.getUTCMonth(), now.getUTCDate())
  const rows = compounds.map((c, k) => {
    const items = ((c.renovation as { items?: string[] } | null)?.items ?? []).map((i) => ITEM_CODES[i]).filter((x): x is RenovationScope => Boolean(x))
    const scope = [...new Set<RenovationScope>([...items, 'rain_sewage'])]
    // starts spread from February to mid-December, 2–5 months of works (the last ones end next year)
    const start = Math.max(yearStart, Math.min(yearEnd - 10 * DAY, Date.UTC(year, 1, 1) + Math.round(((k + rng.range(0, 0.8)) / compounds.length) * 320) * DAY))
    const end = start + rng.int(60, 150) * DAY
    let status: RenovationStatus = 'planned'
    let started: number | null = null
    let completed: number | null = null
    let accepted: number | null = null
    if (start - 45 * DAY <= today) status = 'design'
    if (start <= today) {
      status = 'construction'
      started = start + rng.int(0, 12) * DAY
      if (started > today) started = today
    }
    if (started !== null && end <= today) {
      completed = Math.min(today, Math.max(started, end + rng.int(-10, 20) * DAY))
      status = 'completed'
      if (completed + 20 * DAY <= today && rng.chance(0.75)) {
        accepted = completed + rng.int(7, 20) * DAY
        status = 'accepted'
      }
    }
    return {
      compound_id: c.id,
      name: `${c.name}老旧小区综合整治`,
      year,
      status,
      scope,
      planned_start: iso(start),
      planned_end: iso(end),
      started_at: started === null ? null : iso(started),
      completed_at: completed === null ? null : iso(completed),
      accepted_at: accepted === null ? null : iso(accepted),
      budget: Math.round((c.households * rng.range(2500, 6000)) / 10_000) * 10_000,
      note: null,
    }
  })
  if (rows.length) await trx.insertInto('civ_renovations').values(rows).execute()
}
