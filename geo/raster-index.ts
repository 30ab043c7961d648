// createRasterPolygonIndex: the same answers as createPolygonIndex (closed, exact, smallest id on
// shared edges), for millions of points. A raster of cells over the polygons' box sorts every cell
// into one of three kinds at build time:
//   - no polygon edge touches the closed cell: every point in it lies in the same polygons, so the
//     answer (the smallest id among them, or none) is stored and a query is O(1);
//   - edges of some polygons touch it ("edge cell"): those polygons are tested exactly (orient2d,
//     containsClosed), in id order, and only those ranked before the cell's cover polygon (the
//     smallest polygon that holds the whole cell without an edge in it, if any).
// Build: O(E + C) for E edge-cell visits and C raster cells; each polygon's inside cells come from
// a scanline at the cell centres (a centre is at least half a cell from any edge that does not
// touch its cell, so floating point decides it safely). Edges are walked conservatively: a cell
// within 1e-6 cell widths of a segment counts as touched, which absorbs the rounding of the
// lon/lat → cell transform that queries repeat exactly.

import type { Feature, MultiPolygon, Polygon } from 'geojson'
import { compareIds, type PolygonId } from './grid-index.ts'
import { containsClosed, flattenPolygon, type FlatPolygon } from './point-in-polygon.ts'

export interface RasterIndexOptions {
  /** Raster cells per polygon edge (the raster holds about this × the number of edges, capped by maxCells). */
  cellsPerEdge?: number
  /** Upper bound on the number of raster cells (4 bytes each, plus 4 for the build's scratch). */
  maxCells?: number
}

const defaults = {
  cellsPerEdge: 8,
  maxCells: 1 << 23,
}

export interface RasterPolygonIndex<Id extends PolygonId = PolygonId> {
  readonly size: number
  /** Raster columns × rows, and the share of cells answered without a polygon test. */
  readonly stats: { columns: number; rows: number; edgeCells: number; edgeEntries: number }
  /** The smallest id among the polygons whose closure holds the point, or null (as createPolygonIndex). */
  locate(lon: number, lat: number): Id | null
  /** Feature index (input order) of locate's answer, -1 for none: the allocation-free form. */
  locateIndex(lon: number, lat: number): number
  /** locateIndex for n points from flat coordinate arrays into out (Int32Array, -1 for none). */
  locateMany(lon: ArrayLike<number>, lat: ArrayLike<number>, out?: Int32Array): Int32Array
}

const EPS = 1e-6
const NONE = 0x7fffffff

export function createRasterPolygonIndex<Id extends PolygonId = PolygonId>(
  features: Feature<Polygon | MultiPolygon>[],
  options: RasterIndexOptions = {},
): RasterPolygonIndex<Id> {
  const opts = { ...defaults, ...options }
  if (!(opts.cellsPerEdge > 0)) throw new RangeError(`createRasterPolygonIndex: opts.cellsPerEdge must be > 0, got ${opts.cellsPerEdge}`)
  if (!(Number.isInteger(opts.maxCells) && opts.maxCells >= 1)) throw new RangeError(`createRasterPolygonIndex: opts.maxCells must be a positive integer, got ${opts.maxCells}`)
  const ids = features.map((f, i) => {
    const id = f?.id ?? (f?.properties as { id?: unknown } | null)?.id
    if ((typeof id === 'number' && Number.isFinite(id)) || typeof id === 'string') return id as Id
    throw new TypeError(`createRasterPolygonIndex: feature ${i} needs an id (feature.id or properties.id), got ${JSON.stringify(id)}`)
  })
  // Polygons are processed in id order (rank), so each cell's candidate list comes out sorted.
  const order = ids.map((_, i) => i).sort((a, b) => compareIds(ids[a], ids[b]))
  order.forEach((k, n) => {
    if (n > 0 && compareIds(ids[order[n - 1]], ids[k]) === 0) throw new RangeError(`createRasterPolygonIndex: id ${JSON.stringify(ids[k])} is used by more than one feature`)
  })
  const shapes: FlatPolygon[] = order.map((k) => {
    const g = features[k].geometry as { type?: string } | null
    if (g?.type !== 'Polygon' && g?.type !== 'MultiPolygon') {
      throw new TypeError(`createRasterPolygonIndex: feature ${k} must be a Polygon or MultiPolygon, got ${g ? g.type : String(g)}`)
    }
    return flattenPolygon(features[k].geometry)
  })
  const empty = { columns: 0, rows: 0, edgeCells: 0, edgeEntries: 0 }
  if (shapes.length === 0) {
    return { size: 0, stats: empty, locate: () => null, locateIndex: () => -1, locateMany: (lon, _lat, out) => (out ?? new Int32Array(lon.length)).fill(-1) }
  }

  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity]
  let edges = 0
  for (const s of shapes) {
    minX = Math.min(minX, s.minX)
    minY = Math.min(minY, s.minY)
    maxX = Math.max(maxX, s.maxX)
    maxY = Math.max(maxY, s.maxY)
    edges += s.xy.length / 2
  }
  const spanX = Math.max(maxX - minX, 1e-12)
  const spanY = Math.max(maxY - minY, 1e-12)
  const cells = Math.max(1, Math.min(opts.maxCells, Math.round(opts.cellsPerEdge * edges)))
  const columns = Math.max(1, Math.min(cells, Math.round(Math.sqrt((cells * spanX) / spanY))))
  const rows = Math.max(1, Math.min(Math.floor(cells / columns), Math.round((cells * spanY) / (spanX * columns)) || 1))
  const sx = columns / spanX
  const sy = rows / spanY
  const cellW = spanX / columns
  const cellH = spanY / rows

  const cover = new Int32Array(columns * rows).fill(NONE) // smallest rank holding the whole cell with no edge in it
  const stamp = new Int32Array(columns * rows).fill(-1) // last rank whose edges touched the cell
  let pairCell = new Int32Array(1 << 16)
  let pairRank = new Int32Array(1 << 16)
  let pairs = 0
  const touch = (c: number, rank: number) => {
    if (stamp[c] === rank) return
    stamp[c] = rank
    if (pairs === pairCell.length) {
      pairCell = grow(pairCell)
      pairRank = grow(pairRank)
    }
    pairCell[pairs] = c
    pairRank[pairs++] = rank
  }
  const crossings: number[] = []

  shapes.forEach(({ xy, ringStarts }, rank) => {
    // 1. Every cell an edge touches (conservative walk, column by column).
    for (let r = 0; r + 1 < ringStarts.length; r++) {
      for (let i = ringStarts[r], j = ringStarts[r + 1] - 1; i < ringStarts[r + 1]; j = i++) {
        walkSegment((xy[2 * j] - minX) * sx, (xy[2 * j + 1] - minY) * sy, (xy[2 * i] - minX) * sx, (xy[2 * i + 1] - minY) * sy, columns, rows, rank, touch)
      }
    }
    // 2. Cells whose centre is inside and that no edge of this polygon touches: wholly inside.
    const shape = shapes[rank]
    const r0 = Math.max(0, Math.floor((shape.minY - minY) * sy - 0.5))
    const r1 = Math.min(rows - 1, Math.ceil((shape.maxY - minY) * sy - 0.5))
    for (let row = r0; row <= r1; row++) {
      const y = minY + (row + 0.5) * cellH
      crossings.length = 0
      for (let r = 0; r + 1 < ringStarts.length; r++) {
        for (let i = ringStarts[r], j = ringStarts[r + 1] - 1; i < ringStarts[r + 1]; j = i++) {
          const ay = xy[2 * j + 1]
          const by = xy[2 * i + 1]
          if (ay > y !== by > y) crossings.push(xy[2 * j] + ((y - ay) / (by - ay)) * (xy[2 * i] - xy[2 * j]))
        }
      }
      crossings.sort((a, b) => a - b)
      for (let p = 0; p + 1 < crossings.length; p += 2) {
        const c0 = Math.max(0, Math.ceil((crossings[p] - minX) / cellW - 0.5))
        const c1 = Math.min(columns - 1, Math.floor((crossings[p + 1] - minX) / cellW - 0.5))
        for (let col = c0, c = row * columns + c0; col <= c1; col++, c++) {
          if (stamp[c] !== rank && cover[c] > rank) cover[c] = rank
        }
      }
    }
  })

  // Candidate lists per edge cell (CSR), keeping only polygons ranked before the cell's cover.
  const start = new Int32Array(columns * rows + 1)
  for (let p = 0; p < pairs; p++) if (pairRank[p] < cover[pairCell[p]]) start[pairCell[p] + 1]++
  let edgeCells = 0
  for (let c = 0; c < columns * rows; c++) {
    if (start[c + 1] > 0) edgeCells++
    start[c + 1] += start[c]
  }
  const candidates = new Int32Array(start[columns * rows])
  const fill = start.slice(0, columns * rows)
  for (let p = 0; p < pairs; p++) {
    const c = pairCell[p]
    if (pairRank[p] < cover[c]) candidates[fill[c]++] = pairRank[p] // pairs arrive in rank order
  }
  const featureOf = Int32Array.from(order)

  const locateIndex = (lon: number, lat: number): number => {
    if (!(lon >= minX && lon <= maxX && lat >= minY && lat <= maxY)) return -1
    const col = Math.min(columns - 1, Math.floor((lon - minX) * sx))
    const row = Math.min(rows - 1, Math.floor((lat - minY) * sy))
    const c = row * columns + col
    for (let q = start[c], end = start[c + 1]; q < end; q++) {
      const rank = candidates[q]
      if (containsClosed(shapes[rank], lon, lat)) return featureOf[rank]
    }
    const rank = cover[c]
    return rank === NONE ? -1 : featureOf[rank]
  }

  return {
    size: shapes.length,
    stats: { columns, rows, edgeCells, edgeEntries: candidates.length },
    locate(lon, lat) {
      const k = locateIndex(lon, lat)
      return k < 0 ? null : ids[k]
    },
    locateIndex,
    locateMany(lon, lat, out = new Int32Array(lon.length)) {
      if (lat.length !== lon.length || out.length < lon.length) throw new RangeError(`createRasterPolygonIndex: locateMany needs lon, lat and out of one length, got ${lon.length}, ${lat.length}, ${out.length}`)
      for (let i = 0; i < lon.length; i++) out[i] = locateIndex(lon[i], lat[i])
      return out
    },
  }
}

/** Calls touch for every cell within EPS (cell units) of segment a→b, in raster coordinates. */
function walkSegment(
  ax: number, ay: number, bx: number, by: number, columns: number, rows: number, rank: number,
  touch: (c: number, rank: number) => void,
): void {
  if (ax > bx) [ax, ay, bx, by] = [bx, by, ax, ay]
  const c0 = Math.max(0, Math.floor(ax - EPS))
  const c1 = Math.min(columns - 1, Math.floor(bx + EPS))
  const slope = bx > ax ? (by - ay) / (bx - ax) : 0
  for (let col = c0; col <= c1; col++) {
    // The segment's y-range over this column's x-range grown by EPS (all of it for a vertical segment).
    const x0 = Math.max(ax, col - EPS)
    const x1 = Math.min(bx, col + 1 + EPS)
    let y0 = bx > ax ? ay + slope * (x0 - ax) : ay
    let y1 = bx > ax ? ay + slope * (x1 - ax) : by
    if (x0 > x1) y0 = y1 = col < ax ? ay : by // the column is only within EPS of an end point
    if (y0 > y1) [y0, y1] = [y1, y0]
    const r0 = Math.max(0, Math.floor(y0 - EPS))
    const r1 = Math.min(rows - 1, Math.floor(y1 + EPS))
    for (let row = r0; row <= r1; row++) touch(row * columns + col, rank)
  }
}

function grow(a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2)
  b.set(a)
  return b
}
