// Ring helpers shared by the readers: winding, point in ring, and grouping loose rings (a
// Shapefile record, an OSM multipolygon) into polygons with their holes.

import type { Position } from 'geojson'

/** Twice the signed area in the file's own units (positive = counter-clockwise). */
export function signedArea2(ring: Position[]): number {
  let s = 0
  for (let i = 0, n = ring.length; i < n - 1; i++) s += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1]
  return s
}

export function pointInRing(x: number, y: number, ring: Position[]): boolean {
  let inside = false
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]
    const [xj, yj] = ring[j]
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside
  }
  return inside
}

/**
 * Groups rings into polygons: `isOuter` says which rings are shells; each other ring becomes a
 * hole of the smallest shell holding its first vertex (a hole inside no shell becomes a shell of
 * its own, so no ring is lost). Output winding is RFC 7946: shells counter-clockwise, holes clockwise.
 */
export function groupRings(rings: Position[][], isOuter: (ring: Position[], i: number) => boolean): Position[][][] {
  const shells: { ring: Position[]; area: number; holes: Position[][] }[] = []
  const holes: Position[][] = []
  rings.forEach((ring, i) => (isOuter(ring, i) ? shells.push({ ring, area: Math.abs(signedArea2(ring)), holes: [] }) : holes.push(ring)))
  for (const hole of holes) {
    const [x, y] = hole[0]
    let best: (typeof shells)[number] | null = null
    for (const s of shells) if (pointInRing(x, y, s.ring) && (!best || s.area < best.area)) best = s
    if (best) best.holes.push(hole)
    else shells.push({ ring: hole, area: Math.abs(signedArea2(hole)), holes: [] })
  }
  return shells.map((s) => [wind(s.ring, true), ...s.holes.map((h) => wind(h, false))])
}

function wind(ring: Position[], ccw: boolean): Position[] {
  return signedArea2(ring) > 0 === ccw ? ring : [...ring].reverse()
}
