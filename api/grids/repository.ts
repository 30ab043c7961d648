import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/database.ts'
import { jsonObject } from '../http/features.ts'
import { inGrid } from '../http/sql.ts'

export interface GridFilter {
  level?: number
  parent?: number
}

const GRID_COLUMNS = [
  'id', 'code', 'name', 'name_en', 'level', 'kind', 'parent_id', 'path', 'leader', 'persons', 'unit',
  'households', 'population', 'area_m2', 'geom', 'version',
] as const

/** Grids as features; the properties are those of gridProperties() in routes.ts. */
export function gridFeatures(db: Kysely<Database>, filter: GridFilter) {
  let q = db.selectFrom('grids').select([
    'id',
    'geom as geometry',
    jsonObject({
      id: 'id',
      code: 'code',
      name: 'name',
      nameEn: 'name_en',
      level: 'level',
      kind: 'kind',
      parentId: 'parent_id',
      leader: 'leader',
      persons: 'persons',
      unit: 'unit',
      households: 'households',
      population: 'population',
      areaM2: sql`round(area_m2)`,
      version: 'version',
    }).as('properties'),
  ])
  if (filter.level !== undefined) q = q.where('level', '=', filter.level)
  if (filter.parent !== undefined) q = q.where('parent_id', '=', filter.parent)
  return q
}

export function findGrid(db: Kysely<Database>, id: number) {
  return db.selectFrom('grids').select(GRID_COLUMNS).where('id', '=', id).executeTakeFirst()
}

export type GridRow = NonNullable<Awaited<ReturnType<typeof findGrid>>>

export async function gridAncestors(db: Kysely<Database>, path: number[]) {
  if (path.length <= 1) return []
  const ids = path.slice(0, -1)
  const rows = await db.selectFrom('grids').select(['id', 'name', 'name_en', 'level']).where('id', 'in', ids).execute()
  return rows.sort((a, b) => a.level - b.level)
}

/** Counts of what lies in a grid's subtree, for its details panel. */
export async function gridStats(db: Kysely<Database>, id: number, now: Date) {
  const count = (table: 'buildings' | 'compounds' | 'facilities') =>
    db.selectFrom(table).select(sql<number>`count(*)::int`.as('n')).where(inGrid(id)).executeTakeFirstOrThrow()
  const [children, buildings, compounds, facilities, kiosks, issues] = await Promise.all([
    db.selectFrom('grids').select(sql<number>`count(*)::int`.as('n')).where('parent_id', '=', id).executeTakeFirstOrThrow(),
    count('buildings'),
    count('compounds'),
    count('facilities'),
    db
      .selectFrom('kiosks')
      .select([
        sql<number>`count(*) filter (where kind = 'kiosk')::int`.as('kiosks'),
        sql<number>`count(*) filter (where kind = 'drop_point')::int`.as('dropPoints'),
      ])
      .where(inGrid(id))
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('issues')
      .select([
        sql<number>`count(*) filter (where status not in ('closed', 'rejected'))::int`.as('open'),
        sql<number>`count(*) filter (where status not in ('closed', 'rejected') and deadline_at < ${now})::int`.as('overdue'),
        sql<number>`count(*) filter (where reported_at >= ${new Date(now.getTime() - 30 * 86_400_000)})::int`.as('last30'),
      ])
      .where(inGrid(id))
      .executeTakeFirstOrThrow(),
  ])
  return {
    children: children.n,
    buildings: buildings.n,
    compounds: compounds.n,
    kiosks: kiosks.kiosks,
    dropPoints: kiosks.dropPoints,
    facilities: facilities.n,
    openIssues: issues.open,
    overdueIssues: issues.overdue,
    issuesLast30Days: issues.last30,
  }
}
