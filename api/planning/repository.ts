import { sql, type Kysely } from 'kysely'
import type { Feature } from 'geojson'
import type { Area } from '../../geo/planning/index.ts'
import type { Database } from '../db/database.ts'
import { badRequest, notFound } from '../errors.ts'

export interface GridRecord {
  id: number
  code: string
  name: string
  nameEn: string
  level: number
  kind: string
  parentId: number | null
  path: number[]
  leader: unknown
  persons: unknown
  unit: unknown
  households: number
  population: number
  version: number
  geometry: Area
}

type Db = Kysely<Database>

/** Grids in force matching `where`, as records (one aggregated JSON text: PGlite converts rows slowly). */
export async function loadGrids(db: Db, where: { parentId?: number | null; level?: number; ids?: number[] }): Promise<GridRecord[]> {
  let q = db.selectFrom('grids').select(
    sql<string>`coalesce(json_agg(json_build_object('id', id, 'code', code, 'name', name, 'nameEn', name_en, 'level', level, 'kind', kind,
      'parentId', parent_id, 'path', path, 'leader', leader, 'persons', persons, 'unit', unit, 'households', households,
      'population', population, 'version', version, 'geometry', geom) order by id), '[]')::text`.as('rows'),
  )
  if (where.parentId === null) q = q.where('parent_id', 'is', null)
  else if (where.parentId !== undefined) q = q.where('parent_id', '=', where.parentId)
  if (where.level !== undefined) q = q.where('level', '=', where.level)
  if (where.ids !== undefined) {
    if (!where.ids.length) return []
    q = q.where('id', 'in', where.ids)
  }
  return JSON.parse((await q.executeTakeFirstOrThrow()).rows) as GridRecord[]
}

export const gridFeature = (g: GridRecord): Feature<Area> => ({ type: 'Feature', id: g.id, geometry: g.geometry, properties: { name: g.name, level: g.level, parentId: g.parentId } })

/** The parent of an edit: it must exist, be in force and sit one level above. */
export async function loadParent(db: Db, parentId: number, level: number): Promise<GridRecord> {
  const [parent] = await loadGrids(db, { ids: [parentId] })
  if (!parent) throw notFound('grid', parentId)
  if (parent.level !== level - 1) {
    throw badRequest('invalid_level', `grid ${parentId} is at level ${parent.level}: its children are at level ${parent.level + 1}, not ${level}`, { parentId, parentLevel: parent.level, level })
  }
  return parent
}
