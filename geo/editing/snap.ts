// Snapping: the pointer jumps to the nearest neighbour vertex within a pixel tolerance, else to the
// nearest point on a neighbour edge. Distances are measured in screen pixels through `project`
// (the map's lon/lat → pixel), so the tolerance feels the same at every zoom; the point on an
// edge is interpolated in lon/lat at the parameter found in pixels (exact for straight screen
// segments, which a short edge is). O(V) over the candidate polygons' vertices.

import type { Feature, Position } from 'geojson'
import { allRings, openRing, samePosition, type Area } from './rings.ts'

export interface SnapOptions {
  /** lon/lat → screen pixels [x, y]. */
  project: (p: Position) => [number, number]
  /** Snap radius in pixels. */
  tolerance?: number
  /** A vertex being dragged: it is not a snap target, nor are the edges ending at it. */
  ignore?: Position | null
}

export interface Snap {
  position: Position
  kind: 'vertex' | 'edge'
  /** The feature holding the target (the first one when several share it). */
  featureId: Feature['id']
  /** For an edge snap, the edge's ends (to insert the point into every ring holding that edge). */
  edge?: [Position, Position]
}

const defaults = { tolerance: 10 }

export function snapPosition(pointer: Position, features: Feature<Area>[], options: SnapOptions): Snap | null {
  const tolerance = options.tolerance ?? defaults.tolerance
  if (!(tolerance >= 0)) throw new RangeError(`snapPosition: tolerance must be ≥ 0, got ${tolerance}`)
  const ignore = options.ignore ?? null
  const [px, py] = options.project(pointer)
  let best: Snap | null = null
  let bestD = tolerance
  for (const f of features) {
    for (const ring of allRings(f.geometry)) {
      for (const v of openRing(ring)) {
        if (ignore && samePosition(v, ignore)) continue
        const [x, y] = options.project(v)
        const d = Math.hypot(x - px, y - py)
        if (d <= bestD) { bestD = d; best = { position: v, kind: 'vertex', featureId: f.id } }
      }
    }
  }
  if (best) return best
  for (const f of features) {
    for (const ring of allRings(f.geometry)) {
      const open = openRing(ring)
      for (let i = 0; i < open.length; i++) {
        const a = open[i], b = open[(i + 1) % open.length]
        if (ignore && (samePosition(a, ignore) || samePosition(b, ignore))) continue
        const [ax, ay] = options.project(a)
        const [bx, by] = options.project(b)
        const dx = bx - ax, dy = by - ay
        const len2 = dx * dx + dy * dy
        if (len2 === 0) continue
        const t = ((px - ax) * dx + (py - ay) * dy) / len2
        if (t <= 0 || t >= 1) continue
        const d = Math.hypot(ax + t * dx - px, ay + t * dy - py)
        if (d <= bestD) {
          bestD = d
          best = { position: [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])], kind: 'edge', featureId: f.id, edge: [a, b] }
        }
      }
    }
  }
  return best
}

/**
 * The edge under the pointer: the nearest edge of the polygons within `tolerance` pixels, away
 * from its ends (a pointer on a vertex is for the vertex, not the edge). Returns its ends and the
 * ids of the polygons holding it. O(V).
 */
export function pickEdge(pointer: Position, features: Feature<Area>[], options: Omit<SnapOptions, 'ignore'>): { a: Position; b: Position; ids: Feature['id'][] } | null {
  const tolerance = options.tolerance ?? defaults.tolerance
  const [px, py] = options.project(pointer)
  let best: { a: Position; b: Position } | null = null
  let bestD = tolerance
  for (const f of features) {
    for (const ring of allRings(f.geometry)) {
      const open = openRing(ring)
      for (let i = 0; i < open.length; i++) {
        const a = open[i], b = open[(i + 1) % open.length]
        const [ax, ay] = options.project(a)
        const [bx, by] = options.project(b)
        const dx = bx - ax, dy = by - ay
        const len2 = dx * dx + dy * dy
        if (len2 === 0) continue
        const t = ((px - ax) * dx + (py - ay) * dy) / len2
        const len = Math.sqrt(len2)
        if (t * len < tolerance || (1 - t) * len < tolerance) continue
        const d = Math.hypot(ax + t * dx - px, ay + t * dy - py)
        if (d <= bestD) { bestD = d; best = { a, b } }
      }
    }
  }
  if (!best) return null
  const { a, b } = best
  const ids = features.filter((f) => allRings(f.geometry).some((r) => {
    const open = openRing(r)
    return open.some((p, i) => {
      const q = open[(i + 1) % open.length]
      return (samePosition(p, a) && samePosition(q, b)) || (samePosition(p, b) && samePosition(q, a))
    })
  })).map((f) => f.id)
  return { a, b, ids }
}
