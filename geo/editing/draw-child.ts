// drawChild: a new grid drawn inside a parent whose children tile it. The drawn polygon is clipped
// to the family (the union of the siblings, which is the parent as long as the level tiles it —
// the precondition every edit here keeps) and carved out of every sibling it overlaps, so the
// level still tiles its parent: the siblings shrink, the new child takes what they lose.
//
// How: the drawn ring and the siblings' rings are first noded — every point where the drawn ring
// crosses or touches a sibling edge becomes a vertex of both (inserted into every sibling holding
// that edge, so neighbours stay vertex-for-vertex shared). After noding, an edge lies either on
// another ring's edge or wholly inside or outside each polygon, so each result is a set of whole
// edges picked by a midpoint test and chained into rings (at a vertex with several ways on, the
// first one clockwise from the way back, which keeps rings that touch at a point apart).
//
// Refused (EditError): a drawn ring that is not a simple polygon (`self_intersection`), a drawing
// that does not overlap the family (`draw_outside`), a child that would come out in several pieces
// (`child_in_parts`), a sibling that would be swallowed whole (`swallows_sibling`: merge it instead,
// so its assignments move by an explicit decision) or cut in two (`splits_sibling`), a MultiPolygon
// sibling that would change (`not_a_polygon`). A sibling that the drawing encloses without touching
// its boundary keeps the child as a hole (an enclave).
// Cost: O(n·m) for the noding (n sibling edges, m drawn edges; m is small when drawn by hand), then
// O((n + m)·v) for the midpoint tests.

import type { Feature, MultiPolygon, Polygon, Position } from 'geojson'
import { contactPoint, onSegment, segmentContact, SegmentContact } from '../predicates.ts'
import { pointInPolygon } from '../point-in-polygon.ts'
import { planarRingArea } from '../measure.ts'
import { validateGeometry } from '../validate.ts'
import { EditError } from './split-polygon.ts'
import { allRings, closeRing, mapOpenRings, openRing, positionKey, samePosition, type Area } from './rings.ts'

export interface DrawChildOptions {
  /** Round the drawn ring and the new crossing points to this many decimals (the editor's precision). */
  precision?: number
}

export interface DrawChildResult<F extends Feature<Area>> {
  /** the new child, counter-clockwise exterior first */
  child: Polygon
  /** every sibling, in input order: the same object when untouched, noded or shrunk otherwise */
  siblings: F[]
  /** ids of the siblings that lost area to the child */
  carved: Array<F['id']>
}

type Edge = [Position, Position]

export function drawChild<F extends Feature<Area>>(siblings: F[], drawn: Polygon, options: DrawChildOptions = {}): DrawChildResult<F> {
  if (drawn?.type !== 'Polygon') throw new EditError('not_a_polygon', `drawChild: expected a drawn Polygon, got ${drawn?.type}`)
  const round = (p: Position): Position => (options.precision === undefined ? [p[0], p[1]] : roundTo(p, options.precision))
  let ring = dedupeConsecutive(openRing(drawn.coordinates[0]).map(round))
  if (ring.length < 3) throw new EditError('self_intersection', 'the drawn polygon needs at least three distinct corners')
  const checked = validateGeometry({ type: 'Polygon', coordinates: [closeRing(ring)] })
  if (!checked.ok) {
    const first = checked.errors[0]
    const location = Array.isArray(first.location) && typeof first.location[0] === 'number' ? (first.location as Position) : undefined
    throw new EditError('self_intersection', `the drawn polygon is not a simple polygon (${first.code}${location ? ` at [${location}]` : ''})`, { location })
  }
  if (planarRingArea(closeRing(ring)) < 0) ring = ring.reverse()

  // 1. noding: split points per drawn edge, and per undirected sibling edge
  const edgeSplits = new Map<string, { a: Position; b: Position; points: Position[] }>()
  for (const f of siblings) {
    for (const r of allRings(f.geometry)) {
      const open = openRing(r)
      for (let i = 0; i < open.length; i++) {
        const [a, b] = [open[i], open[(i + 1) % open.length]]
        const key = undirectedKey(a, b)
        if (!edgeSplits.has(key)) edgeSplits.set(key, { a, b, points: [] })
      }
    }
  }
  const drawnSplits: Position[][] = ring.map(() => [])
  for (let i = 0; i < ring.length; i++) {
    const [p, q] = [ring[i], ring[(i + 1) % ring.length]]
    for (const e of edgeSplits.values()) {
      const { a, b } = e
      const contact = segmentContact(p[0], p[1], q[0], q[1], a[0], a[1], b[0], b[1])
      if (contact === SegmentContact.None) continue
      if (contact === SegmentContact.Crossing) {
        const x = round(contactPoint(p[0], p[1], q[0], q[1], a[0], a[1], b[0], b[1]))
        if (!samePosition(x, p) && !samePosition(x, q)) drawnSplits[i].push(x)
        if (!samePosition(x, a) && !samePosition(x, b)) e.points.push(x)
        continue
      }
      for (const v of [a, b]) if (!samePosition(v, p) && !samePosition(v, q) && onSegment(v[0], v[1], p[0], p[1], q[0], q[1])) drawnSplits[i].push(v)
      for (const v of [p, q]) if (!samePosition(v, a) && !samePosition(v, b) && onSegment(v[0], v[1], a[0], a[1], b[0], b[1])) e.points.push(v)
    }
  }
  const noded: Position[] = []
  ring.forEach((p, i) => {
    noded.push(p)
    noded.push(...alongSegment(p, ring[(i + 1) % ring.length], drawnSplits[i]))
  })
  const drawnRing = dedupeConsecutive(noded)
  const drawnPolygon: Polygon = { type: 'Polygon', coordinates: [closeRing(drawnRing)] }
  let nodedSiblings = siblings
  for (const e of edgeSplits.values()) {
    if (e.points.length) nodedSiblings = insertAlongEdge(nodedSiblings, e.a, e.b, alongSegment(e.a, e.b, e.points))
  }

  // 2. directed edges of the siblings, exteriors counter-clockwise and holes clockwise
  const holder = new Map<string, number>() // directed edge key → sibling index
  const siblingEdges: Edge[][] = nodedSiblings.map((f, s) => {
    const out: Edge[] = []
    for (const r of orientedRings(f.geometry)) {
      for (let i = 0; i < r.length; i++) {
        const e: Edge = [r[i], r[(i + 1) % r.length]]
        holder.set(directedKey(e[0], e[1]), s)
        out.push(e)
      }
    }
    return out
  })
  const drawnEdges: Edge[] = drawnRing.map((p, i) => [p, drawnRing[(i + 1) % drawnRing.length]])
  const drawnDirected = new Set(drawnEdges.map(([p, q]) => directedKey(p, q)))

  // which sibling holds each drawn edge's midpoint (strictly: the edge is on no sibling's boundary)
  const insideSibling = drawnEdges.map(([p, q]) => {
    if (holder.has(directedKey(p, q)) || holder.has(directedKey(q, p))) return -1
    const m = midpoint(p, q)
    return nodedSiblings.findIndex((f) => pointInPolygon(m, f.geometry))
  })

  // 3. the child: D ∩ U
  const childEdges: Edge[] = []
  drawnEdges.forEach(([p, q], i) => {
    if (holder.has(directedKey(p, q)) || insideSibling[i] >= 0) childEdges.push([p, q])
  })
  siblingEdges.forEach((edges) => {
    for (const [a, b] of edges) {
      if (holder.has(directedKey(b, a))) continue // shared by two siblings: inside the family
      if (drawnDirected.has(directedKey(a, b)) || drawnDirected.has(directedKey(b, a))) continue // decided above
      if (pointInPolygon(midpoint(a, b), drawnPolygon)) childEdges.push([a, b])
    }
  })
  const childParts = assemble(childEdges)
  if (childParts.length === 0) throw new EditError('draw_outside', 'the drawn polygon does not overlap the parent grid')
  if (childParts.length > 1) throw new EditError('child_in_parts', `the new grid would come out in ${childParts.length} separate pieces`)

  // 4. every sibling: S \ D
  const carved: Array<F['id']> = []
  const result = nodedSiblings.map((f, s) => {
    const edges: Edge[] = []
    let lost = false
    for (const [a, b] of siblingEdges[s]) {
      if (drawnDirected.has(directedKey(a, b))) lost = true
      else if (drawnDirected.has(directedKey(b, a))) edges.push([a, b])
      else if (pointInPolygon(midpoint(a, b), drawnPolygon)) lost = true
      else edges.push([a, b])
    }
    drawnEdges.forEach(([p, q], i) => {
      if (insideSibling[i] === s) {
        lost = true
        edges.push([q, p])
      }
    })
    if (!lost) return f
    const name = String(f.id ?? s)
    const gridId = f.id ?? s
    if (f.geometry.type !== 'Polygon') throw new EditError('not_a_polygon', `sibling ${name} is a MultiPolygon and cannot be carved`, { gridId })
    const parts = assemble(edges)
    if (parts.length === 0) throw new EditError('swallows_sibling', `the new grid would swallow sibling ${name} whole; merge it instead`, { gridId })
    if (parts.length > 1) throw new EditError('splits_sibling', `the new grid would cut sibling ${name} into ${parts.length} pieces`, { gridId })
    carved.push(f.id)
    return { ...f, geometry: parts[0] }
  })
  return { child: childParts[0], siblings: result, carved }
}

/** Chains directed edges into rings and groups them into polygons (holes into their exterior). */
function assemble(edges: Edge[]): Polygon[] {
  const out = new Map<string, { edge: Edge; used: boolean }[]>()
  for (const edge of edges) {
    const k = positionKey(edge[0])
    if (!out.has(k)) out.set(k, [])
    out.get(k)!.push({ edge, used: false })
  }
  const rings: Position[][] = []
  for (const list of out.values()) {
    for (const start of list) {
      if (start.used) continue
      start.used = true
      const r: Position[] = [start.edge[0]]
      let [from, at] = start.edge
      while (!samePosition(at, start.edge[0])) {
        r.push(at)
        const next = (out.get(positionKey(at)) ?? []).filter((x) => !x.used)
        if (next.length === 0) break // an open chain: cannot happen on noded input; dropped below
        const back = Math.atan2(from[1] - at[1], from[0] - at[0])
        const cw = (x: { edge: Edge }) => {
          const d = back - Math.atan2(x.edge[1][1] - at[1], x.edge[1][0] - at[0])
          return d <= 0 ? d + 2 * Math.PI : d
        }
        const pick = next.reduce((best, x) => (cw(x) < cw(best) ? x : best))
        pick.used = true
        ;[from, at] = pick.edge
      }
      if (samePosition(at, start.edge[0]) && r.length >= 3) rings.push(r)
    }
  }
  const exteriors = rings.filter((r) => planarRingArea(closeRing(r)) > 0).map((r) => ({ type: 'Polygon', coordinates: [closeRing(r)] }) as Polygon)
  for (const hole of rings.filter((r) => planarRingArea(closeRing(r)) < 0)) {
    const probe = hole.find((p) => !exteriors.some((e) => e.coordinates[0].some((q) => samePosition(p, q)))) ?? midpoint(hole[0], hole[1])
    const owner = exteriors.find((e) => pointInPolygon(probe, e))
    if (owner) owner.coordinates.push(closeRing(hole))
  }
  return exteriors
}

/** Inserts `points` (ordered from a to b) between a and b in every ring holding that edge. */
function insertAlongEdge<F extends Feature<Area>>(features: F[], a: Position, b: Position, points: Position[]): F[] {
  return features.map((f) => {
    const geometry = mapOpenRings(f.geometry, (open) => {
      for (let i = 0; i < open.length; i++) {
        const p = open[i], q = open[(i + 1) % open.length]
        if (samePosition(p, a) && samePosition(q, b)) return [...open.slice(0, i + 1), ...points, ...open.slice(i + 1)]
        if (samePosition(p, b) && samePosition(q, a)) return [...open.slice(0, i + 1), ...points.slice().reverse(), ...open.slice(i + 1)]
      }
      return open
    })
    return geometry === f.geometry ? f : { ...f, geometry }
  })
}

/** Open rings of a polygon with the exterior counter-clockwise and holes clockwise. */
function orientedRings(geometry: Area): Position[][] {
  const parts = geometry.type === 'Polygon' ? [geometry.coordinates] : (geometry as MultiPolygon).coordinates
  const out: Position[][] = []
  for (const part of parts) {
    part.forEach((r, i) => {
      const open = openRing(r)
      const ccw = planarRingArea(closeRing(open)) > 0
      out.push(ccw === (i === 0) ? open : open.slice().reverse())
    })
  }
  return out
}

/** The distinct points strictly between p and q, ordered from p. */
function alongSegment(p: Position, q: Position, points: Position[]): Position[] {
  const dx = q[0] - p[0], dy = q[1] - p[1]
  const t = (x: Position) => (x[0] - p[0]) * dx + (x[1] - p[1]) * dy
  const sorted = points.slice().sort((x, y) => t(x) - t(y))
  return sorted.filter((x, i) => !samePosition(x, p) && !samePosition(x, q) && (i === 0 || !samePosition(x, sorted[i - 1])))
}

function dedupeConsecutive(ring: Position[]): Position[] {
  const out = ring.filter((p, i) => i === 0 || !samePosition(p, ring[i - 1]))
  while (out.length > 1 && samePosition(out[0], out[out.length - 1])) out.pop()
  return out
}

function midpoint(a: Position, b: Position): Position {
  return [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2]
}

function undirectedKey(a: Position, b: Position): string {
  const [x, y] = [positionKey(a), positionKey(b)]
  return x < y ? `${x}|${y}` : `${y}|${x}`
}

function directedKey(a: Position, b: Position): string {
  return `${positionKey(a)}>${positionKey(b)}`
}

function roundTo(p: Position, decimals: number): Position {
  const k = 10 ** decimals
  return [Math.round(p[0] * k) / k, Math.round(p[1] * k) / k]
}
