// splitPolygon: cut a polygon in two along a drawn line. The line must cross the exterior ring
// exactly twice (entering and leaving; its ends lie outside or on the boundary) and touch no hole;
// holes go to the part holding them. Both parts come back counter-clockwise. The two cut points
// are reported with the edge they lie on, so the caller can insert them into the neighbours that
// hold the same edge (insertSharedVertex) and the common boundary stays vertex-for-vertex shared.
// O(n·m) for a ring of n and a line of m vertices (both small when drawn by hand).

import type { LineString, Polygon, Position } from 'geojson'
import { pointInPolygon } from '../point-in-polygon.ts'
import { planarRingArea } from '../measure.ts'
import { closeRing, openRing, samePosition } from './rings.ts'

export class EditError extends Error {
  readonly code: string
  /** where and whom it concerns, when known: `gridId` (a feature id), `location` (a position) */
  readonly details: { gridId?: string | number; location?: Position }
  constructor(code: string, message: string, details: { gridId?: string | number; location?: Position } = {}) {
    super(message)
    this.name = 'EditError'
    this.code = code
    this.details = details
  }
}

export interface Cut {
  position: Position
  /** The exterior edge the cut lies inside of; null when the line passes through an existing vertex. */
  edge: [Position, Position] | null
}

interface Hit {
  /** line segment index and parameter along it */
  k: number
  s: number
  /** ring edge index and parameter along it */
  i: number
  t: number
  position: Position
}

export interface SplitOptions {
  /** Round the two cut points to this many decimals (editors store coordinates at a fixed precision). */
  precision?: number
}

export function splitPolygon(polygon: Polygon, line: LineString, options: SplitOptions = {}): { parts: [Polygon, Polygon]; cuts: [Cut, Cut] } {
  if (polygon?.type !== 'Polygon') throw new EditError('not_a_polygon', `splitPolygon: expected a Polygon, got ${polygon?.type}`)
  if (line?.type !== 'LineString' || line.coordinates.length < 2) throw new EditError('not_a_line', 'splitPolygon: expected a LineString of 2 or more positions')
  let ring = openRing(polygon.coordinates[0])
  if (planarRingArea(closeRing(ring)) < 0) ring = ring.reverse()
  const holes = polygon.coordinates.slice(1)
  const l = line.coordinates

  for (const hole of holes) {
    if (crossings(l, openRing(hole)).length > 0) throw new EditError('crosses_hole', 'the split line touches a hole of the grid')
  }
  const hits = dedupe(crossings(l, ring)).map((h) => (options.precision === undefined || h.t === 0 || h.t === 1 ? h : { ...h, position: roundTo(h.position, options.precision) }))
  if (hits.length !== 2) {
    throw new EditError('crossings', `the split line must cross the grid's boundary exactly twice, it crosses ${hits.length} time(s)`)
  }
  const [x1, x2] = hits
  const inner = l.slice(x1.k + 1, x2.k + 1).filter((p) => !samePosition(p, x1.position) && !samePosition(p, x2.position))
  const probe = inner[0] ?? [(x1.position[0] + x2.position[0]) / 2, (x1.position[1] + x2.position[1]) / 2]
  if (!pointInPolygon(probe, { type: 'Polygon', coordinates: [closeRing(ring)] })) {
    throw new EditError('outside', 'the split line runs outside the grid between its two crossings')
  }

  // the ring with both cut points in place (a cut through a vertex is that vertex), and where they sit
  const aug: Position[] = []
  for (let i = 0; i < ring.length; i++) {
    aug.push(ring[i])
    for (const h of [x1, x2].filter((h) => h.i === i && h.t > 0 && h.t < 1).sort((p, q) => p.t - q.t)) aug.push(h.position)
  }
  const at = [x1, x2].map((h) => aug.findIndex((q) => samePosition(q, h.position)))
  const walk = (from: number, to: number) => {
    const out: Position[] = []
    for (let k = from; ; k = (k + 1) % aug.length) {
      out.push(aug[k])
      if (k === to) return out
    }
  }
  const partA = [...walk(at[0], at[1]), ...inner.slice().reverse()]
  const partB = [...walk(at[1], at[0]), ...inner]
  if (partA.length < 3 || partB.length < 3) throw new EditError('degenerate', 'the split line runs along the boundary: one side would be empty')
  const polyA: Polygon = { type: 'Polygon', coordinates: [closeRing(partA)] }
  const polyB: Polygon = { type: 'Polygon', coordinates: [closeRing(partB)] }
  for (const hole of holes) {
    ;(pointInPolygon(hole[0], polyA) ? polyA : polyB).coordinates.push(hole)
  }
  const cut = (h: Hit): Cut => ({
    position: h.position,
    edge: h.t === 0 || h.t === 1 ? null : [ring[h.i], ring[(h.i + 1) % ring.length]],
  })
  return { parts: [polyA, polyB], cuts: [cut(x1), cut(x2)] }
}

/** Proper intersections of the line's segments with the ring's edges, sorted along the line. */
function crossings(l: Position[], ring: Position[]): Hit[] {
  const hits: Hit[] = []
  for (let k = 0; k + 1 < l.length; k++) {
    const [p, q] = [l[k], l[k + 1]]
    for (let i = 0; i < ring.length; i++) {
      const [a, b] = [ring[i], ring[(i + 1) % ring.length]]
      const r = [q[0] - p[0], q[1] - p[1]]
      const e = [b[0] - a[0], b[1] - a[1]]
      const den = r[0] * e[1] - r[1] * e[0]
      const w = [a[0] - p[0], a[1] - p[1]]
      if (den === 0) {
        // parallel: a collinear overlap is ambiguous, a parallel miss is nothing
        if (w[0] * r[1] - w[1] * r[0] === 0 && overlaps1d(p, q, a, b)) {
          throw new EditError('along_boundary', 'the split line runs along the grid boundary')
        }
        continue
      }
      const s = (w[0] * e[1] - w[1] * e[0]) / den
      const t = (w[0] * r[1] - w[1] * r[0]) / den
      if (s < 0 || s > 1 || t < 0 || t > 1) continue
      const position: Position = t === 0 ? a : t === 1 ? b : [a[0] + t * e[0], a[1] + t * e[1]]
      hits.push({ k, s, i, t, position })
    }
  }
  return hits.sort((x, y) => x.k - y.k || x.s - y.s)
}

function overlaps1d(p: Position, q: Position, a: Position, b: Position): boolean {
  const axis = Math.abs(q[0] - p[0]) >= Math.abs(q[1] - p[1]) ? 0 : 1
  const [lo1, hi1] = [Math.min(p[axis], q[axis]), Math.max(p[axis], q[axis])]
  const [lo2, hi2] = [Math.min(a[axis], b[axis]), Math.max(a[axis], b[axis])]
  return Math.min(hi1, hi2) > Math.max(lo1, lo2)
}

/** A line through a vertex hits both edges meeting there: keep one hit per point. */
function dedupe(hits: Hit[]): Hit[] {
  const out: Hit[] = []
  for (const h of hits) {
    if (out.some((o) => samePosition(o.position, h.position))) continue
    // prefer describing a vertex hit by the edge starting there (t = 0)
    out.push(h.t === 1 ? { ...h, t: 0, position: h.position } : h)
  }
  return out
}

function roundTo(p: Position, decimals: number): Position {
  const k = 10 ** decimals
  return [Math.round(p[0] * k) / k, Math.round(p[1] * k) / k]
}
