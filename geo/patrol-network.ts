// buildPatrolNetwork: the streets and points a patrol is measured against, cut and indexed once
// per district so that matching a GPS track costs a few index lookups per fix.
//
// Streets are cut into pieces of at most pieceLengthM (each segment into equal parts), in a local
// planar frame in metres (measure.ts localFrame, ~0.1 % error across a 30 km district). A piece
// belongs to the level-3 grid (点位) holding its midpoint. Points:
//  - 'point': one per level-3 grid, its representative point — the midpoint of the grid's street
//    piece nearest to the grid's centroid (where a patrol walking the grid's streets passes), or the
//    centroid itself (buildingCentroid: on the surface) when no street runs through the grid;
//  - 'kiosk' and 'issue': as given, in the level-3 grid that holds them.
// Piece midpoints and points go into kdbush trees. Build O(P log P + P·log G) for P pieces, G grids.

import type { LineString, MultiLineString, MultiPolygon, Polygon } from 'geojson'
import KDBush from 'kdbush'
import { buildingCentroid } from './building-centroid.ts'
import { createPolygonIndex } from './grid-index.ts'
import { localFrame, type LocalFrame } from './measure.ts'

export interface PatrolGrid {
  id: number
  /** grid ids from level 0 down to this grid, inclusive */
  path: number[]
  geometry: Polygon | MultiPolygon
}

export interface PatrolSite {
  id: number
  lon: number
  lat: number
}

export interface PatrolNetworkInput {
  streets: (LineString | MultiLineString)[]
  /** the level-3 grids (点位) */
  grids: PatrolGrid[]
  kiosks?: PatrolSite[]
  issues?: PatrolSite[]
}

export interface NetworkOptions {
  /** Streets are cut into pieces no longer than this (metres); a piece is visited as a whole. */
  pieceLengthM: number
}

export const NETWORK_DEFAULTS: Readonly<NetworkOptions> = { pieceLengthM: 10 }

export const POINT_KINDS = ['point', 'kiosk', 'issue'] as const
export type PointKind = (typeof POINT_KINDS)[number]

export interface PatrolNetwork {
  frame: LocalFrame
  pieceLengthM: number
  pieces: {
    count: number
    /** planar metres: start, end and midpoint */
    ax: Float64Array
    ay: Float64Array
    bx: Float64Array
    by: Float64Array
    mx: Float64Array
    my: Float64Array
    length: Float64Array
    /** index into grids, -1 outside every level-3 grid */
    grid: Int32Array
    /** index into the input streets */
    street: Int32Array
  }
  pieceIndex: KDBush
  points: {
    count: number
    /** index into POINT_KINDS */
    kind: Uint8Array
    /** grid id, kiosk id or issue id */
    id: Float64Array
    x: Float64Array
    y: Float64Array
    grid: Int32Array
  }
  pointIndex: KDBush
  grids: { count: number; id: number[]; path: number[][] }
}

export function buildPatrolNetwork(input: PatrolNetworkInput, options: Partial<NetworkOptions> = {}): PatrolNetwork {
  const { pieceLengthM } = { ...NETWORK_DEFAULTS, ...options }
  if (!(Number.isFinite(pieceLengthM) && pieceLengthM > 0)) throw new RangeError(`buildPatrolNetwork: pieceLengthM must be > 0, got ${pieceLengthM}`)
  const frame = localFrame(...frameOrigin(input))
  const gridIndex = createPolygonIndex<number>(input.grids.map((g, i) => ({ type: 'Feature', id: i, properties: {}, geometry: g.geometry })))
  const locate = (lon: number, lat: number) => gridIndex.locate(lon, lat) ?? -1

  const ax: number[] = []
  const ay: number[] = []
  const bx: number[] = []
  const by: number[] = []
  const street: number[] = []
  input.streets.forEach((geometry, s) => {
    const lines = geometry.type === 'LineString' ? [geometry.coordinates] : geometry.coordinates
    for (const line of lines) {
      for (let i = 1; i < line.length; i++) {
        const [x0, y0] = frame.toXY(line[i - 1])
        const [x1, y1] = frame.toXY(line[i])
        const parts = Math.max(1, Math.ceil(Math.hypot(x1 - x0, y1 - y0) / pieceLengthM))
        for (let k = 0; k < parts; k++) {
          ax.push(x0 + ((x1 - x0) * k) / parts)
          ay.push(y0 + ((y1 - y0) * k) / parts)
          bx.push(x0 + ((x1 - x0) * (k + 1)) / parts)
          by.push(y0 + ((y1 - y0) * (k + 1)) / parts)
          street.push(s)
        }
      }
    }
  })
  const count = ax.length
  const pieces = {
    count,
    ax: Float64Array.from(ax),
    ay: Float64Array.from(ay),
    bx: Float64Array.from(bx),
    by: Float64Array.from(by),
    mx: new Float64Array(count),
    my: new Float64Array(count),
    length: new Float64Array(count),
    grid: new Int32Array(count),
    street: Int32Array.from(street),
  }
  const pieceIndex = new KDBush(Math.max(1, count))
  for (let i = 0; i < count; i++) {
    const mx = (pieces.ax[i] + pieces.bx[i]) / 2
    const my = (pieces.ay[i] + pieces.by[i]) / 2
    pieces.mx[i] = mx
    pieces.my[i] = my
    pieces.length[i] = Math.hypot(pieces.bx[i] - pieces.ax[i], pieces.by[i] - pieces.ay[i])
    const [lon, lat] = frame.toLonLat([mx, my])
    pieces.grid[i] = locate(lon, lat)
    pieceIndex.add(mx, my)
  }
  if (count === 0) pieceIndex.add(Infinity, Infinity)
  pieceIndex.finish()

  // Representative points of the level-3 grids: the piece midpoint nearest the centroid.
  const kind: number[] = []
  const ids: number[] = []
  const px: number[] = []
  const py: number[] = []
  const pgrid: number[] = []
  const bestPiece = new Int32Array(input.grids.length).fill(-1)
  const bestD = new Float64Array(input.grids.length).fill(Infinity)
  const centroids = input.grids.map((g) => frame.toXY(buildingCentroid(g.geometry)))
  for (let i = 0; i < count; i++) {
    const g = pieces.grid[i]
    if (g < 0) continue
    const d = Math.hypot(pieces.mx[i] - centroids[g][0], pieces.my[i] - centroids[g][1])
    if (d < bestD[g]) {
      bestD[g] = d
      bestPiece[g] = i
    }
  }
  input.grids.forEach((g, i) => {
    kind.push(0)
    ids.push(g.id)
    const p = bestPiece[i]
    px.push(p >= 0 ? pieces.mx[p] : centroids[i][0])
    py.push(p >= 0 ? pieces.my[p] : centroids[i][1])
    pgrid.push(i)
  })
  const addSites = (sites: PatrolSite[] | undefined, k: number) => {
    for (const s of sites ?? []) {
      if (!Number.isFinite(s.lon) || !Number.isFinite(s.lat)) throw new RangeError(`buildPatrolNetwork: ${POINT_KINDS[k]} ${s.id} has no finite position`)
      const [x, y] = frame.toXY([s.lon, s.lat])
      kind.push(k)
      ids.push(s.id)
      px.push(x)
      py.push(y)
      pgrid.push(locate(s.lon, s.lat))
    }
  }
  addSites(input.kiosks, 1)
  addSites(input.issues, 2)
  const points = {
    count: kind.length,
    kind: Uint8Array.from(kind),
    id: Float64Array.from(ids),
    x: Float64Array.from(px),
    y: Float64Array.from(py),
    grid: Int32Array.from(pgrid),
  }
  const pointIndex = new KDBush(Math.max(1, points.count))
  for (let i = 0; i < points.count; i++) pointIndex.add(points.x[i], points.y[i])
  if (points.count === 0) pointIndex.add(Infinity, Infinity)
  pointIndex.finish()

  return {
    frame,
    pieceLengthM,
    pieces,
    pieceIndex,
    points,
    pointIndex,
    grids: { count: input.grids.length, id: input.grids.map((g) => g.id), path: input.grids.map((g) => g.path.slice()) },
  }
}

/** Centre of the streets' (else the grids') lon/lat box: the origin of the planar frame. */
function frameOrigin(input: PatrolNetworkInput): [number, number] {
  let minX = Infinity
  let minY = Infinity
  let maxX = -Infinity
  let maxY = -Infinity
  const visit = (p: number[]) => {
    if (p[0] < minX) minX = p[0]
    if (p[0] > maxX) maxX = p[0]
    if (p[1] < minY) minY = p[1]
    if (p[1] > maxY) maxY = p[1]
  }
  for (const s of input.streets) (s.type === 'LineString' ? [s.coordinates] : s.coordinates).forEach((l) => l.forEach(visit))
  if (minX > maxX) for (const g of input.grids) (g.geometry.type === 'Polygon' ? [g.geometry.coordinates] : g.geometry.coordinates).forEach((p) => p[0].forEach(visit))
  if (minX > maxX) return [0, 0]
  if (maxX - minX > 180) throw new RangeError('buildPatrolNetwork: the data spans more than 180° of longitude')
  return [(minX + maxX) / 2, (minY + maxY) / 2]
}
