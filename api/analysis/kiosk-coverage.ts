import type { Kysely } from 'kysely'
import { kioskCoverage } from '../../geo/index.ts'
import type { Database } from '../db/database.ts'
import { notFound } from '../errors.ts'
import { inGrid, pointWithin } from '../http/sql.ts'

export interface CoverageRequest {
  radius: number
  grid?: number
  /** the grid level of the per-grid breakdown */
  level: number
}

/** Degrees of latitude per metre; longitude degrees are wider by 1/cos(lat). */
const DEG_PER_M = 1 / 111_320

/**
 * Straight-line kiosk coverage of buildings in a scope. Kiosks are taken from the scope's box
 * grown by the radius, since a kiosk just across the boundary serves buildings inside it.
 * The geometry work is geo's kioskCoverage (kd-tree, exact haversine on candidates).
 */
export async function computeKioskCoverage(db: Kysely<Database>, req: CoverageRequest) {
  let scopeBox: [number, number, number, number] | null = null
  if (req.grid) {
    const grid = await db.selectFrom('grids').select(['minx', 'miny', 'maxx', 'maxy', 'level']).where('id', '=', req.grid).executeTakeFirst()
    if (!grid) throw notFound('grid', req.grid)
    scopeBox = [grid.minx, grid.miny, grid.maxx, grid.maxy]
  }

  let buildingQuery = db.selectFrom('buildings').select(['id', 'cx', 'cy', 'households', 'grid_path', 'name', 'use', 'floors', 'compound_id', 'grid_id', 'geom'])
  if (req.grid) buildingQuery = buildingQuery.where(inGrid(req.grid))
  let kioskQuery = db.selectFrom('kiosks').select(['lon', 'lat'])
  if (scopeBox) {
    const [minx, miny, maxx, maxy] = scopeBox
    const dLat = req.radius * DEG_PER_M
    const dLon = dLat / Math.cos((Math.max(Math.abs(miny), Math.abs(maxy)) * Math.PI) / 180)
    kioskQuery = kioskQuery.where(pointWithin([minx - dLon, miny - dLat, maxx + dLon, maxy + dLat]))
  }
  const [buildings, kiosks] = await Promise.all([buildingQuery.orderBy('id').execute(), kioskQuery.execute()])

  const result = kioskCoverage(
    buildings.map((b) => ({ id: b.id, lon: b.cx, lat: b.cy, households: b.households, groupId: b.grid_path[req.level] ?? -1 })),
    kiosks.map((k) => ({ lon: k.lon, lat: k.lat })),
    { radius: req.radius },
  )

  const uncovered = []
  for (let i = 0; i < buildings.length; i++) {
    if (result.coveredFlags[i]) continue
    const d = result.nearestKioskDistance[i]
    uncovered.push({ ...buildings[i], nearestKioskM: Number.isFinite(d) ? Math.round(d) : null })
  }
  const byGrid = await groupBreakdown(db, result.byGroup, req.level)
  return { result, uncovered, byGrid }
}

type GroupStats = { buildings: { total: number; covered: number }; households: { total: number; covered: number } }

async function groupBreakdown(db: Kysely<Database>, byGroup: Map<number, GroupStats> | undefined, level: number) {
  if (!byGroup || byGroup.size === 0) return []
  const ids = [...byGroup.keys()].filter((id) => id > 0)
  if (ids.length === 0) return []
  const names = await db.selectFrom('grids').select(['id', 'name', 'name_en']).where('id', 'in', ids).where('level', '=', level).execute()
  return names
    .map((g) => {
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
    .sort((a, b) => a.gridId - b.gridId)
}

