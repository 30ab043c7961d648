import { sql, type Kysely } from 'kysely'
import { degreeRadius, kioskCoverage, type KioskCoverage } from '../../geo/index.ts'
import type { Database } from '../db/database.ts'
import { notFound } from '../errors.ts'
import { featureCollectionText, jsonObject } from '../http/features.ts'
import { inGrid, pointWithin } from '../http/sql.ts'

export interface CoverageRequest {
  radius: number
  grid?: number
  /** the grid level of the per-grid breakdown */
  level: number
}

export interface CoverageAnswer {
  result: KioskCoverage
  /** FeatureCollection text of the uncovered buildings, serialised by the database */
  uncoveredText: string
  byGrid: GridCoverage[]
}

interface GridCoverage {
  gridId: number
  name: string
  nameEn: string
  buildings: { total: number; covered: number }
  households: { total: number; covered: number }
  ratio: number
}

/**
 * Straight-line kiosk coverage of the buildings in a scope. Kiosks come from the scope's box
 * grown by the radius, since a kiosk just across the boundary serves buildings inside it.
 * The geometry work is geo's kioskCoverage (kd-tree, exact haversine on candidates); building
 * centroids travel as one aggregated JSON text, which is several times cheaper than rows.
 */
export async function computeKioskCoverage(db: Kysely<Database>, req: CoverageRequest): Promise<CoverageAnswer> {
  let kioskQuery = db.selectFrom('kiosks').select(['lon', 'lat'])
  if (req.grid) {
    const grid = await db.selectFrom('grids').select(['minx', 'miny', 'maxx', 'maxy']).where('id', '=', req.grid).executeTakeFirst()
    if (!grid) throw notFound('grid', req.grid)
    // The widest reach is at the latitude farthest from the equator; 1 % more for rounding.
    const { dLon, dLat } = degreeRadius(Math.max(Math.abs(grid.miny), Math.abs(grid.maxy)), req.radius * 1.01)
    kioskQuery = kioskQuery.where(pointWithin([grid.minx - dLon, grid.miny - dLat, grid.maxx + dLon, grid.maxy + dLat]))
  }
  let buildingQuery = db
    .selectFrom('buildings')
    .select(sql<string>`coalesce(json_agg(json_build_array(id, cx, cy, households, grid_path[${req.level + 1}]) order by id), '[]')::text`.as('rows'))
  if (req.grid) buildingQuery = buildingQuery.where(inGrid(req.grid))
  const [buildingText, kiosks] = await Promise.all([buildingQuery.executeTakeFirstOrThrow(), kioskQuery.execute()])

  const rows = JSON.parse(buildingText.rows) as [number, number, number, number, number | null][]
  const result = kioskCoverage(
    rows.map(([id, lon, lat, households, groupId]) => ({ id, lon, lat, households, groupId: groupId ?? -1 })),
    kiosks,
    { radius: req.radius },
  )

  const uncoveredIds: number[] = []
  const nearest: number[] = []
  rows.forEach((row, i) => {
    if (result.coveredFlags[i]) return
    uncoveredIds.push(row[0])
    const d = result.nearestKioskDistance[i]
    // Rounded up, so an uncovered building never reads as within the radius.
    nearest.push(Number.isFinite(d) ? Math.ceil(d) : -1)
  })
  const uncoveredText = await featureCollectionText(db, uncoveredBuildings(db, uncoveredIds, nearest))
  return { result, uncoveredText, byGrid: await groupBreakdown(db, result.byGroup, req.level) }
}

/** The uncovered buildings with their distance to the nearest kiosk (null: no kiosk at all). */
function uncoveredBuildings(db: Kysely<Database>, ids: number[], nearest: number[]) {
  return db
    .selectFrom(sql<{ id: number; d: number }>`(select unnest(${ids}::integer[]) as id, unnest(${nearest}::integer[]) as d)`.as('u'))
    .innerJoin('buildings as b', 'b.id', 'u.id')
    .select([
      'b.id as id',
      'b.geom as geometry',
      jsonObject({
        id: 'b.id',
        name: 'b.name',
        households: 'b.households',
        gridId: 'b.grid_id',
        compoundId: 'b.compound_id',
        nearestKioskM: sql`nullif(u.d, -1)`,
      }).as('properties'),
    ])
}

async function groupBreakdown(db: Kysely<Database>, byGroup: KioskCoverage['byGroup'], level: number): Promise<GridCoverage[]> {
  const ids = [...(byGroup?.keys() ?? [])].filter((id) => id > 0)
  if (!byGroup || ids.length === 0) return []
  const grids = await db.selectFrom('grids').select(['id', 'name', 'name_en']).where('id', 'in', ids).where('level', '=', level).orderBy('id').execute()
  return grids.map((g) => {
    const s = byGroup.get(g.id)!
    return {
      gridId: g.id,
      name: g.name,
      nameEn: g.name_en,
      buildings: s.buildings,
      households: s.households,
      ratio: s.households.total > 0 ? s.households.covered / s.households.total : 0,
    }
  })
}
