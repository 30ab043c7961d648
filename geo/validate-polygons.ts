// Topology checks for validateGeometry's Polygon and MultiPolygon: boundaries that cross or run
// along themselves, holes outside their shell or overlapping each other, overlapping parts.
//
// One flatbush index over every segment of every ring finds the segment pairs to test exactly
// (predicates.ts), O((n + k) log n) for n segments and k candidate pairs; the same index answers
// the point-in-ring ray casts of the containment checks. Known blind spot: two different rings
// that cross only through shared vertices, with every other vertex on the other's boundary, pass.

import Flatbush from 'flatbush'
import { onSegment, orient2d, segmentContact, SegmentContact, contactPoint } from './predicates.ts'
import { planarRingArea } from './measure.ts'
import { formatPosition, geometryError, type GeometryError } from './validate-errors.ts'
import { cleanRing, type CleanRing, type Pt } from './validate-rings.ts'

/** Path of a polygon, of one of its rings, or of one of a ring's positions. */
export type RingPath = (part: number, ring?: number, index?: number) => string

type ContactKind = 'cross' | 'touch' | 'overlap'
/** `places` counts distinct points for crossings and touches, segment pairs for overlaps. */
interface Contact { kind: ContactKind; a: number; b: number; at: Pt; vertex: number; places: Set<string> }

/** Checks polygons (parts → rings → positions); returns them cleaned and RFC 7946-wound, or null after pushing errors. */
export function checkPolygons(polygons: Pt[][][], pathOf: RingPath, errors: GeometryError[]): Pt[][][] | null {
  const before = errors.length
  const rings: CleanRing[] = []
  const shellOf = new Map<number, number>()
  polygons.forEach((polygon, p) =>
    polygon.forEach((raw, r) => {
      const ring = cleanRing(raw, p, r, pathOf(p, r), errors)
      if (!ring) return
      if (r === 0) shellOf.set(p, rings.length)
      rings.push(ring)
    }),
  )
  if (rings.length > 0) {
    const index = indexSegments(rings)
    const contacts = findContacts(rings, index)
    const flagged = reportContacts(rings, contacts, pathOf, errors)
    checkContainment(rings, index, shellOf, flagged, pathOf, errors)
  }
  if (errors.length > before) return null
  return polygons.map((_, p) =>
    rings.filter((ring) => ring.part === p).map((ring) => wind(ring.pts, ring.ring === 0)),
  )
}

function wind(pts: Pt[], exterior: boolean): Pt[] {
  return planarRingArea(pts) > 0 === exterior ? pts.slice() : pts.slice().reverse()
}

interface SegmentIndex { tree: Flatbush; ringOf: Int32Array; startOf: Int32Array; boxes: Float64Array }

function indexSegments(rings: CleanRing[]): SegmentIndex {
  const total = rings.reduce((n, ring) => n + ring.pts.length - 1, 0)
  const tree = new Flatbush(total)
  const ringOf = new Int32Array(total)
  const startOf = new Int32Array(total)
  const boxes = new Float64Array(4 * total) // flatbush reorders its own copy on finish()
  rings.forEach((ring, r) => {
    const pts = ring.pts
    for (let i = 0; i < pts.length - 1; i++) {
      const [ax, ay] = pts[i]
      const [bx, by] = pts[i + 1]
      const s = tree.add(Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by))
      ringOf[s] = r
      startOf[s] = i
      boxes.set([Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by)], 4 * s)
    }
  })
  tree.finish()
  return { tree, ringOf, startOf, boxes }
}

/** Every pair of segments that meets where it should not, grouped by ring pair and kind. */
function findContacts(rings: CleanRing[], { tree, ringOf, startOf, boxes }: SegmentIndex): Map<string, Contact> {
  const contacts = new Map<string, Contact>()
  for (let s = 0; s < ringOf.length; s++) {
    const ra = ringOf[s]
    const i = startOf[s]
    const A = rings[ra].pts
    const [ax, ay] = A[i]
    const [bx, by] = A[i + 1]
    const found = tree.search(boxes[4 * s], boxes[4 * s + 1], boxes[4 * s + 2], boxes[4 * s + 3])
    for (const t of found) {
      if (t <= s) continue
      const rb = ringOf[t]
      const j = startOf[t]
      const B = rings[rb].pts
      const [cx, cy] = B[j]
      const [dx, dy] = B[j + 1]
      const contact = segmentContact(ax, ay, bx, by, cx, cy, dx, dy)
      if (contact === SegmentContact.None) continue
      let kind: ContactKind
      if (ra === rb) {
        const last = A.length - 2
        const adjacent = j === i + 1 || (i === 0 && j === last)
        if (adjacent) {
          if (contact !== SegmentContact.Overlap) continue // a spike: the ring turns back on itself
          kind = 'overlap'
        } else {
          kind = contact === SegmentContact.Crossing ? 'cross' : contact === SegmentContact.Touch ? 'touch' : 'overlap'
        }
      } else {
        if (contact === SegmentContact.Touch) continue // rings may meet at single points
        kind = contact === SegmentContact.Crossing ? 'cross' : 'overlap'
      }
      const at = contactPoint(ax, ay, bx, by, cx, cy, dx, dy)
      const place = kind === 'overlap' ? `${s}:${t}` : `${at[0]},${at[1]}`
      const key = `${ra}:${rb}:${kind}`
      const known = contacts.get(key)
      if (known) known.places.add(place)
      else contacts.set(key, { kind, a: ra, b: rb, at, vertex: rings[ra].orig[i], places: new Set([place]) })
    }
  }
  return contacts
}

function reportContacts(
  rings: CleanRing[], contacts: Map<string, Contact>, pathOf: RingPath, errors: GeometryError[],
): Set<string> {
  const flagged = new Set<string>()
  for (const { kind, a, b, at, vertex, places } of contacts.values()) {
    const A = rings[a]
    const B = rings[b]
    const pa = pathOf(A.part, A.ring)
    const pb = pathOf(B.part, B.ring)
    const where = formatPosition(at)
    const count = places.size
    const more = count < 2 ? '' : kind === 'overlap' ? ` (${count} overlapping segment pairs)` : ` (${count} places in all)`
    const moreZh = count < 2 ? '' : kind === 'overlap' ? `（共 ${count} 对重叠线段）` : `（共 ${count} 处）`
    const [en, zh] =
      a === b
        ? kind === 'cross' ? [`Ring ${pa} crosses itself at ${where}`, `环 ${pa} 在 ${where} 处自相交`]
        : kind === 'touch' ? [`Ring ${pa} touches itself at ${where}; split it into separate polygons there`, `环 ${pa} 在 ${where} 处与自身相接；应在此处拆分为多个多边形`]
        : [`Ring ${pa} runs back over itself (a spike or doubled edge) at ${where}`, `环 ${pa} 在 ${where} 处折返重叠（尖刺或重复边）`]
        : kind === 'cross' ? [`Rings ${pa} and ${pb} cross at ${where}`, `环 ${pa} 与环 ${pb} 在 ${where} 处交叉`]
        : [`Rings ${pa} and ${pb} share a stretch of boundary starting at ${where}; merge the polygons (union) or separate them`,
           `环 ${pa} 与环 ${pb} 有一段边界重合，起点 ${where}；应合并这些多边形或将其分开`]
    errors.push(geometryError('self_intersection', pathOf(A.part, A.ring, vertex), en + more, zh + moreZh, at))
    if (a !== b && kind === 'cross') {
      const relation = relationKey(A, B)
      if (!flagged.has(relation)) {
        flagged.add(relation)
        errors.push(relationError(A, B, pathOf, `their boundaries cross at ${where}`, `边界在 ${where} 处交叉`, at))
      }
    }
  }
  return flagged
}

function relationKey(A: CleanRing, B: CleanRing): string {
  if (A.part !== B.part) return `parts:${Math.min(A.part, B.part)}:${Math.max(A.part, B.part)}`
  if (A.ring === 0 || B.ring === 0) return `hole:${A.part}:${Math.max(A.ring, B.ring)}`
  return `holes:${A.part}:${Math.min(A.ring, B.ring)}:${Math.max(A.ring, B.ring)}`
}

function relationError(A: CleanRing, B: CleanRing, pathOf: RingPath, why: string, whyZh: string, at: Pt): GeometryError {
  if (A.part !== B.part) {
    const pa = pathOf(Math.min(A.part, B.part))
    const pb = pathOf(Math.max(A.part, B.part))
    return geometryError('overlapping_parts', pa,
      `Polygons ${pa} and ${pb} of the MultiPolygon overlap: ${why}`, `多面中的多边形 ${pa} 与 ${pb} 相互重叠：${whyZh}`, at)
  }
  const [hole, other] = A.ring === 0 ? [B, A] : [A, B]
  const ph = pathOf(hole.part, hole.ring)
  const po = pathOf(other.part, other.ring)
  if (other.ring === 0) {
    return geometryError('hole_outside_shell', ph,
      `Hole ${ph} reaches outside its exterior ring ${po}: ${why}`, `内环（洞）${ph} 超出了外环 ${po}：${whyZh}`, at)
  }
  return geometryError('overlapping_holes', ph,
    `Holes ${po} and ${ph} overlap: ${why}`, `内环（洞）${po} 与 ${ph} 相互重叠：${whyZh}`, at)
}

/** Holes inside their shell, holes apart, parts apart: tested by casting rays from vertices. */
function checkContainment(
  rings: CleanRing[], index: SegmentIndex, shellOf: Map<number, number>, flagged: Set<string>,
  pathOf: RingPath, errors: GeometryError[],
): void {
  const check = (A: CleanRing, B: CleanRing, inA: (r: number) => boolean, fail: (v: number) => boolean, whyEn: string, whyZh: string) => {
    const key = relationKey(A, B)
    if (flagged.has(key)) return
    for (let v = 0; v < B.pts.length - 1; v++) {
      if (!fail(locate(B.pts[v], rings, index, inA))) continue
      flagged.add(key)
      const vertex = `${formatPosition(B.pts[v])} (${pathOf(B.part, B.ring, B.orig[v])})`
      errors.push(relationError(A, B, pathOf, `vertex ${vertex} ${whyEn}`, `顶点 ${vertex} ${whyZh}`, B.pts[v]))
      return
    }
  }
  const holesOf = new Map<number, number[]>()
  rings.forEach((ring, r) => {
    if (ring.ring > 0) holesOf.set(ring.part, [...(holesOf.get(ring.part) ?? []), r])
  })
  const parts: number[] = [...shellOf.keys()]
  for (const p of parts) {
    const shell = shellOf.get(p)!
    const holes = holesOf.get(p) ?? []
    for (const h of holes) {
      check(rings[shell], rings[h], (r) => r === shell, (loc) => loc < 0, `lies outside it`, `位于外环之外`)
    }
    for (const h1 of holes) {
      for (const h2 of holes) {
        if (h1 === h2 || !boxesMeet(rings[h1].box, rings[h2].box)) continue
        check(rings[h1], rings[h2], (r) => r === h1, (loc) => loc > 0, `lies inside the other hole`, `位于另一个洞内`)
      }
    }
  }
  if (parts.length < 2) return
  const partTree = new Flatbush(parts.length)
  for (const p of parts) partTree.add(...rings[shellOf.get(p)!].box)
  partTree.finish()
  parts.forEach((pa, ia) => {
    const A = rings[shellOf.get(pa)!]
    for (const ib of partTree.search(...A.box)) {
      if (ib === ia) continue
      const pb = parts[ib]
      const B = rings[shellOf.get(pb)!]
      check(A, B, (r) => rings[r].part === pa, (loc) => loc > 0, `lies inside ${pathOf(pa)}`, `位于 ${pathOf(pa)} 内部`)
    }
  })
}

function boxesMeet(a: CleanRing['box'], b: CleanRing['box']): boolean {
  return a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3]
}

/** 1 inside, 0 on the boundary, -1 outside the even-odd region of the rings picked by `inSet`. */
function locate([px, py]: Pt, rings: CleanRing[], { tree, ringOf, startOf }: SegmentIndex, inSet: (r: number) => boolean): number {
  let inside = false
  for (const s of tree.search(px, py, tree.maxX, py)) {
    const r = ringOf[s]
    if (!inSet(r)) continue
    const pts = rings[r].pts
    const [ax, ay] = pts[startOf[s]]
    const [bx, by] = pts[startOf[s] + 1]
    if (onSegment(px, py, ax, ay, bx, by)) return 0
    if (ay > py !== by > py) {
      const o = orient2d(ax, ay, bx, by, px, py)
      if (by > ay ? o > 0 : o < 0) inside = !inside
    }
  }
  return inside ? 1 : -1
}
