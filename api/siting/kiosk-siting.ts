import { sql, type Kysely } from 'kysely'
import type { LineString, MultiLineString, Position } from 'geojson'
import { candidateSites, containsClosed, degreeRadius, flattenPolygon, type FlatPolygon, exactMaxCoverage, kioskSiting, type CandidateKind, type KioskSiting } from '../../geo/index.ts'
import type { Database } from '../db/database.ts'
import { notFound, unprocessable } from '../errors.ts'
import { bboxIntersects, inGrid, pointWithin } from '../http/sql.ts'

export interface SitingRequest {
  k: number
  radius: number
  /** Scope: a grid id at any level; the whole district when absent. */
  grid?: number
  /** A candidate kind generated from the map, or the candidates themselves ([lon, lat]). */
  candidates: CandidateKind | Position[]
  spacing: number
  /** Replaces the stored kiosks (a what-if plan); absent: the kiosks and drop points in the database. */
  existing?: Position[]
  /** Also solve exactly (branch and bound) to report the greedy's gap. */
  exact: boolean
}

export interface SitingAnswer {
  result: KioskSiting
  candidateCount: number
  existingCount: number
  exact: { value: number; optimal: boolean; gap: number; nodes: number; elapsedMs: number } | null
}

/** Candidate sites above this are refused: the sets would take seconds and megabytes. */
export const MAX_CANDIDATES = 50_000
/** The exact solver is offered up to this many candidates, with this node budget. */
export const MAX_EXACT_CANDIDATES = 2_000
const EXACT_NODES = 2_000_000

/**
 * The k sites, among candidates inside the scope's box, that bring the most not-yet-covered
 * households of the scope within the radius (geo kioskSiting). Existing kiosks come from the
 * scope's box grown by the radius, as for coverage: a kiosk across the boundary serves inside it.
 */
export async function computeKioskSiting(db: Kysely<Database>, req: SitingRequest): Promise<SitingAnswer> {
  let box: [number, number, number, number] | undefined
  let area: FlatPolygon | undefined
  if (req.grid) {
    const grid = await db.selectFrom('grids').select(['minx', 'miny', 'maxx', 'maxy', 'geom']).where('id', '=', req.grid).executeTakeFirst()
    if (!grid) throw notFound('grid', req.grid)
    box = [grid.minx, grid.miny, grid.maxx, grid.maxy]
    area = flattenPolygon(grid.geom)
  }
  let buildingQuery = db
    .selectFrom('buildings')
    .select(sql<string>`coalesce(json_agg(json_build_array(cx, cy, households) order by id), '[]')::text`.as('rows'))
  if (req.grid) buildingQuery = buildingQuery.where(inGrid(req.grid))
  const rows = JSON.parse((await buildingQuery.executeTakeFirstOrThrow()).rows) as [number, number, number][]
  const buildings = { lon: rows.map((r) => r[0]), lat: rows.map((r) => r[1]), households: rows.map((r) => r[2]) }

  const existing = req.existing ? req.existing.map(([lon, lat]) => ({ lon, lat })) : await storedKiosks(db, box, req.radius)
  const candidates = Array.isArray(req.candidates)
    ? { lon: req.candidates.map((p) => p[0]), lat: req.candidates.map((p) => p[1]) }
    : await generatedCandidates(db, req.candidates, req.spacing, box, area, buildings)
  const candidateCount = candidates.lon.length
  if (candidateCount > MAX_CANDIDATES) {
    throw unprocessable('too_many_candidates', `${candidateCount} candidate sites; at most ${MAX_CANDIDATES}: raise the spacing or narrow the scope`, { candidates: candidateCount, max: MAX_CANDIDATES })
  }
  if (req.exact && candidateCount > MAX_EXACT_CANDIDATES) {
    throw unprocessable('too_many_candidates_for_exact', `The exact solver takes at most ${MAX_EXACT_CANDIDATES} candidate sites, this request has ${candidateCount}`, { candidates: candidateCount, max: MAX_EXACT_CANDIDATES })
  }

  const result = kioskSiting(buildings, existing, candidates, { radius: req.radius, k: req.k })
  let exact: SitingAnswer['exact'] = null
  if (req.exact) {
    const t0 = performance.now()
    const e = exactMaxCoverage(result.instance, req.k, { maxNodes: EXACT_NODES })
    const gap = e.value > 0 ? (e.value - result.bounds.greedy) / e.value : 0
    exact = { value: e.value, optimal: e.optimal, gap, nodes: e.nodes, elapsedMs: Math.round(performance.now() - t0) }
  }
  return { result, candidateCount, existingCount: existing.length, exact }
}

async function storedKiosks(db: Kysely<Database>, box: [number, number, number, number] | undefined, radius: number) {
  let q = db.selectFrom('kiosks').select(['lon', 'lat'])
  if (box) {
    // The widest reach is at the latitude farthest from the equator; 1 % more for rounding.
    const { dLon, dLat } = degreeRadius(Math.max(Math.abs(box[1]), Math.abs(box[3])), radius * 1.01)
    q = q.where(pointWithin([box[0] - dLon, box[1] - dLat, box[2] + dLon, box[3] + dLat]))
  }
  return q.execute()
}

async function generatedCandidates(
  db: Kysely<Database>,
  kind: CandidateKind,
  spacing: number,
  box: [number, number, number, number] | undefined,
  area: FlatPolygon | undefined,
  buildings: { lon: number[]; lat: number[]; households: number[] },
) {
  if (kind === 'building') return candidateSites({ buildings }, { kind, spacing })
  let q = db.selectFrom('roads').select(sql<string>`coalesce(json_agg(geom order by id), '[]')::text`.as('lines'))
  if (box) q = q.where(bboxIntersects(box))
  const geoms = JSON.parse((await q.executeTakeFirstOrThrow()).lines) as (LineString | MultiLineString)[]
  const roads = geoms.flatMap((g) => (g.type === 'LineString' ? [g.coordinates] : g.coordinates))
  const sites = candidateSites({ roads }, { kind, spacing })
  if (!area) return sites
  // Keep the ones inside the scope (boundary included): a kiosk for this scope stands in it.
  const lon: number[] = []
  const lat: number[] = []
  for (let i = 0; i < sites.lon.length; i++) {
    if (containsClosed(area, sites.lon[i], sites.lat[i])) {
      lon.push(sites.lon[i])
      lat.push(sites.lat[i])
    }
  }
  return { lon, lat }
}
