// mergePolygons: two adjacent siblings become one. They must share one stretch of boundary,
// vertex for vertex (as siblings edited here always do); the stretch is dropped and the rest of
// both rings joined. Two separate stretches would enclose a hole between them and are refused.
// The two ends of the stretch ("junctions") stay unless they became straight-line points of the
// merged ring (within `collinearTolerance` metres), as after a split: then split + merge gives back
// the original ring. Holes of both are kept. O(n + m).

import type { Polygon, Position } from 'geojson'
import { planarRingArea } from '../measure.ts'
import { EditError } from './split-polygon.ts'
import { closeRing, distanceToSegmentMeters, openRing, positionKey, samePosition } from './rings.ts'

export interface MergeOptions {
  /** A junction closer than this (metres) to the line through its neighbours is dropped. */
  collinearTolerance?: number
  /** false keeps every junction (the caller decides with the siblings, e.g. dropCollinearVertex). */
  dropCollinear?: boolean
}

const defaults = { collinearTolerance: 0.001 }

export function mergePolygons(a: Polygon, b: Polygon, options: MergeOptions = {}): { polygon: Polygon; junctions: Position[]; dropped: Position[] } {
  const tol = options.collinearTolerance ?? defaults.collinearTolerance
  if (a?.type !== 'Polygon' || b?.type !== 'Polygon') throw new EditError('not_a_polygon', 'mergePolygons: expected two Polygons')
  const ra = ccw(openRing(a.coordinates[0]))
  const rb = ccw(openRing(b.coordinates[0]))
  const n = ra.length, m = rb.length
  const inB = new Map(rb.map((p, i) => [positionKey(p), i]))
  // edge i of A (ra[i] → ra[i+1]) is shared when B holds it reversed
  const shared = ra.map((p, i) => {
    const q = ra[(i + 1) % n]
    const ip = inB.get(positionKey(p)), iq = inB.get(positionKey(q))
    return ip !== undefined && iq !== undefined && (iq + 1) % m === ip
  })
  const count = shared.filter(Boolean).length
  if (count === 0) throw new EditError('not_adjacent', 'the two grids share no boundary')
  if (count === n) throw new EditError('same_ring', 'the two grids have the same boundary')
  const starts = shared.map((s, i) => s && !shared[(i - 1 + n) % n]).filter(Boolean).length
  if (starts !== 1) throw new EditError('multiple_contacts', `the two grids touch along ${starts} separate stretches; merging them would enclose a hole`)
  const s = shared.findIndex((x, i) => x && !shared[(i - 1 + n) % n])
  let e = s
  while (shared[e % n]) e++
  e %= n
  // A's own boundary from the stretch's end round to its start, then B's from the start to the end
  const ring: Position[] = []
  for (let k = e; ; k = (k + 1) % n) {
    ring.push(ra[k])
    if (k === s) break
  }
  const js = inB.get(positionKey(ra[s]))!, je = inB.get(positionKey(ra[e]))!
  for (let k = (js + 1) % m; k !== je; k = (k + 1) % m) ring.push(rb[k])

  const junctions = [ra[s], ra[e]]
  const dropped: Position[] = []
  for (const j of junctions) {
    const i = ring.findIndex((p) => samePosition(p, j))
    const prev = ring[(i - 1 + ring.length) % ring.length], next = ring[(i + 1) % ring.length]
    if (options.dropCollinear !== false && ring.length > 3 && distanceToSegmentMeters(j, prev, next) <= tol) {
      ring.splice(i, 1)
      dropped.push(j)
    }
  }
  return {
    polygon: { type: 'Polygon', coordinates: [closeRing(ring), ...a.coordinates.slice(1), ...b.coordinates.slice(1)] },
    junctions,
    dropped,
  }
}

function ccw(ring: Position[]): Position[] {
  return planarRingArea(closeRing(ring)) < 0 ? ring.slice().reverse() : ring
}
