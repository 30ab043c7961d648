// Topological editing: an edit to one grid's boundary is applied to every sibling holding the
// same vertex or edge, so a common boundary stays common — a move never opens a gap or an overlap.
// Each function returns new features; a feature that did not change comes back as the same object.
// O(V) over all vertices of all features.

import type { Feature, Position } from 'geojson'
import { allRings, distanceToSegmentMeters, mapOpenRings, openRing, samePosition, type Area } from './rings.ts'

/** Moves every vertex at `from` to `to`, in every polygon holding it. */
export function moveSharedVertex<F extends Feature<Area>>(features: F[], from: Position, to: Position): F[] {
  return features.map((f) => withGeometry(f, mapOpenRings(f.geometry, (open) => {
    if (!open.some((p) => samePosition(p, from))) return open
    return open.map((p) => (samePosition(p, from) ? [to[0], to[1]] : p))
  })))
}

/**
 * Moves the edge a–b by `delta` ([dLon, dLat]) in every polygon holding it: both ends move, in
 * every ring holding either end, so the neighbours on both sides follow and no gap or overlap
 * opens. The new positions are rounded to `decimals` when given. Throws when no ring holds a–b.
 */
export function moveSharedEdge<F extends Feature<Area>>(features: F[], a: Position, b: Position, delta: Position, decimals?: number): { features: F[]; to: [Position, Position] } {
  const holds = features.some((f) => allRings(f.geometry).some((r) => {
    const open = openRing(r)
    return open.some((p, i) => {
      const q = open[(i + 1) % open.length]
      return (samePosition(p, a) && samePosition(q, b)) || (samePosition(p, b) && samePosition(q, a))
    })
  }))
  if (!holds) throw new RangeError(`moveSharedEdge: no polygon holds the edge [${a}]–[${b}]`)
  const k = decimals === undefined ? 1 : 10 ** decimals
  const shift = (p: Position): Position => (decimals === undefined ? [p[0] + delta[0], p[1] + delta[1]] : [Math.round((p[0] + delta[0]) * k) / k, Math.round((p[1] + delta[1]) * k) / k])
  const to: [Position, Position] = [shift(a), shift(b)]
  if (samePosition(to[0], a) && samePosition(to[1], b)) return { features, to }
  return { features: moveSharedVertex(moveSharedVertex(features, a, to[0]), b, to[1]), to }
}

/** Inserts `at` between `a` and `b` in every ring holding the edge a–b (either direction). */
export function insertSharedVertex<F extends Feature<Area>>(features: F[], a: Position, b: Position, at: Position): F[] {
  return features.map((f) => withGeometry(f, mapOpenRings(f.geometry, (open) => {
    for (let i = 0; i < open.length; i++) {
      const p = open[i], q = open[(i + 1) % open.length]
      if ((samePosition(p, a) && samePosition(q, b)) || (samePosition(p, b) && samePosition(q, a))) {
        return [...open.slice(0, i + 1), [at[0], at[1]], ...open.slice(i + 1)]
      }
    }
    return open
  })))
}

/** Removes the vertex at `at` from every ring holding it; throws if a ring would drop below 3 vertices. */
export function removeSharedVertex<F extends Feature<Area>>(features: F[], at: Position): F[] {
  return features.map((f) => withGeometry(f, mapOpenRings(f.geometry, (open) => {
    if (!open.some((p) => samePosition(p, at))) return open
    const next = open.filter((p) => !samePosition(p, at))
    if (next.length < 3) throw new RangeError(`removeSharedVertex: removing [${at}] leaves a ring of feature ${String(f.id)} with ${next.length} vertices`)
    return next
  })))
}

export type RingEdit =
  | { kind: 'move'; from: Position; to: Position }
  | { kind: 'insert'; a: Position; b: Position; at: Position }
  | { kind: 'remove'; at: Position }
  | { kind: 'other' }

/**
 * The single vertex edit that turns `before` into `after` (same type and ring count), or null when
 * they are equal, or `other` when it is more than one vertex (a whole-feature drag, a redraw).
 */
export function diffGeometry(before: Area, after: Area): RingEdit | null {
  const a = allRings(before), b = allRings(after)
  if (before.type !== after.type || a.length !== b.length) return { kind: 'other' }
  let found: RingEdit | null = null
  for (let r = 0; r < a.length; r++) {
    const edit = diffRing(openRing(a[r]), openRing(b[r]))
    if (!edit) continue
    if (found) return { kind: 'other' }
    found = edit
  }
  return found
}

function diffRing(before: Position[], after: Position[]): RingEdit | null {
  if (after.length === before.length) {
    const changed: number[] = []
    for (let i = 0; i < before.length; i++) if (!samePosition(before[i], after[i])) changed.push(i)
    if (changed.length === 0) return null
    if (changed.length === 1) return { kind: 'move', from: before[changed[0]], to: after[changed[0]] }
    return { kind: 'other' }
  }
  if (after.length === before.length + 1) {
    for (let i = 0; i < after.length; i++) {
      const rest = [...after.slice(0, i), ...after.slice(i + 1)]
      if (rest.every((p, k) => samePosition(p, before[k]))) {
        return { kind: 'insert', a: after[(i - 1 + after.length) % after.length], b: after[(i + 1) % after.length], at: after[i] }
      }
    }
    return { kind: 'other' }
  }
  if (after.length === before.length - 1) {
    for (let i = 0; i < before.length; i++) {
      const rest = [...before.slice(0, i), ...before.slice(i + 1)]
      if (rest.every((p, k) => samePosition(p, after[k]))) return { kind: 'remove', at: before[i] }
    }
  }
  return { kind: 'other' }
}

/**
 * Applies an edit made to one feature to all of them: `edited` is the feature's new geometry.
 * A vertex move, insertion or removal is applied to every sibling holding that vertex or edge;
 * anything else replaces only the edited feature. Returns the features and what was done.
 */
export function applyTopologicalEdit<F extends Feature<Area>>(
  features: F[], editedId: F['id'], edited: Area,
): { features: F[]; edit: RingEdit | null } {
  const target = features.find((f) => f.id === editedId)
  if (!target) throw new RangeError(`applyTopologicalEdit: no feature with id ${String(editedId)}`)
  const edit = diffGeometry(target.geometry, edited)
  if (!edit) return { features, edit }
  let next: F[]
  if (edit.kind === 'move') next = moveSharedVertex(features, edit.from, edit.to)
  else if (edit.kind === 'insert') next = insertSharedVertex(features, edit.a, edit.b, edit.at)
  else if (edit.kind === 'remove') next = removeSharedVertex(features, edit.at)
  else next = features
  // the edited feature ends exactly as drawn (e.g. a ring rotated by the editor keeps its order)
  return { features: next.map((f) => (f.id === editedId ? withGeometry(f, edited) : f)), edit }
}

function withGeometry<F extends Feature<Area>>(f: F, geometry: Area): F {
  return geometry === f.geometry ? f : { ...f, geometry }
}

/** Where a ring holds a vertex: for finding the vertex under the pointer in tests and UIs. */
export function vertexHolders(features: Feature<Area>[], at: Position): Feature<Area>['id'][] {
  return features.filter((f) => allRings(f.geometry).some((r) => r.some((p) => samePosition(p, at)))).map((f) => f.id)
}

/**
 * Removes the vertex at `at` from every ring holding it when it is a straight-line point in all
 * of them (within `tolerance` metres of the line through its two neighbours), e.g. the ends of a
 * split after the merge that undoes it; otherwise changes nothing, so no neighbour is left with a
 * vertex the others lack.
 */
export function dropCollinearVertex<F extends Feature<Area>>(features: F[], at: Position, tolerance = 0.001): F[] {
  let straight = true
  for (const f of features) {
    for (const ring of allRings(f.geometry)) {
      const open = openRing(ring)
      const i = open.findIndex((p) => samePosition(p, at))
      if (i < 0) continue
      const prev = open[(i - 1 + open.length) % open.length], next = open[(i + 1) % open.length]
      if (open.length <= 3 || distanceToSegmentMeters(at, prev, next) > tolerance) straight = false
    }
  }
  return straight ? removeSharedVertex(features, at) : features
}
