import { sql, type Kysely } from 'kysely'
import type { Feature, Geometry } from 'geojson'
import { topologyCheck, type DefectProperties } from '../../geo/index.ts'
import type { Database } from '../db/database.ts'
import { badRequest, notFound } from '../errors.ts'
import { inGrid } from '../http/sql.ts'

export interface TopologyRequest {
  /** The level whose grids are checked against their parents (0 = streets/towns against the district). */
  level?: number
  /** Only grids under this one (at any depth). */
  parent?: number
  sliverArea?: number
  sliverWidth?: number
}

type GridRow = [number, number | null, number, string, unknown, unknown, Geometry]

/**
 * Loads the grids a request is about, plus their parents (or the district outline for level 0),
 * and runs geo's topologyCheck. Defects of the parents themselves are left out: they belong to a
 * check one level up. With neither level nor parent, the whole tree is checked against the district.
 */
export async function checkTopology(db: Kysely<Database>, req: TopologyRequest) {
  let level = req.level
  let under: { id: number; level: number } | null = null
  if (req.parent !== undefined) {
    under = (await db.selectFrom('grids').select(['id', 'level']).where('id', '=', req.parent).executeTakeFirst()) ?? null
    if (!under) throw notFound('grid', req.parent)
    level ??= under.level + 1
    if (level <= under.level) {
      throw badRequest('invalid_level', `level ${level} is not below the parent grid ${req.parent} (level ${under.level})`, { level, parentLevel: under.level })
    }
    if (level > 3) throw badRequest('invalid_level', `grid ${req.parent} is at level ${under.level}, the lowest: it has no children to check`, { parentLevel: under.level })
  }
  const levels = level === undefined ? [0, 1, 2, 3] : level === 0 ? [0] : [level - 1, level]
  let query = db
    .selectFrom('grids')
    .select(sql<string>`coalesce(json_agg(json_build_array(id, parent_id, level, name, leader, persons, geom) order by id), '[]')::text`.as('rows'))
    .where('level', 'in', levels)
  if (under) query = query.where(inGrid(under.id, 'path'))
  const rows = JSON.parse((await query.executeTakeFirstOrThrow()).rows) as GridRow[]
  const parentLevel = level === undefined || level === 0 ? null : level - 1
  const parents = new Set(rows.filter((r) => r[2] === parentLevel).map((r) => r[0]))
  const grids: Feature[] = rows.map(([id, parentId, lvl, name, leader, persons, geom]) => ({
    type: 'Feature',
    id,
    geometry: geom,
    // A grid whose parent is outside the loaded set is a root of this check.
    properties: { parentId: parentId !== null && rows.some((r) => r[0] === parentId) ? parentId : null, level: lvl, name, leader, persons },
  }))
  const checksRoots = level === undefined || level === 0
  const district = checksRoots ? await db.selectFrom('districts').select('geom').executeTakeFirst() : undefined
  const result = topologyCheck(grids, {
    root: district ? { type: 'Feature', properties: {}, geometry: district.geom } : null,
    ...(req.sliverArea !== undefined ? { sliverArea: req.sliverArea } : {}),
    ...(req.sliverWidth !== undefined ? { sliverWidth: req.sliverWidth } : {}),
  })
  const defects = result.features
    .filter((d) => d.properties.gridId === null || !parents.has(d.properties.gridId as number))
    .map((d, i) => ({ ...d, id: i + 1 }))
  const counts: Partial<Record<DefectProperties['code'], number>> = {}
  for (const d of defects) counts[d.properties.code] = (counts[d.properties.code] ?? 0) + 1
  return {
    type: 'FeatureCollection' as const,
    features: defects,
    summary: { level: level ?? null, parent: req.parent ?? null, gridsChecked: rows.length - parents.size, counts },
  }
}
