// Ring helpers shared by the editing operations. Rings are GeoJSON rings (closed: last = first);
// operations open them, edit, and close them again. Coordinates compare exactly: siblings that
// share a boundary hold the very same numbers (the demo district does, and every edit here keeps it so).

import type { MultiPolygon, Polygon, Position } from 'geojson'

export type Area = Polygon | MultiPolygon

export function samePosition(a: Position, b: Position): boolean {
  return a[0] === b[0] && a[1] === b[1]
}

export function positionKey(p: Position): string {
  return `${p[0]},${p[1]}`
}

/** The ring without its closing position (a copy). */
export function openRing(ring: Position[]): Position[] {
  return ring.length > 1 && samePosition(ring[0], ring[ring.length - 1]) ? ring.slice(0, -1) : ring.slice()
}

/** The ring with its closing position (a copy). */
export function closeRing(open: Position[]): Position[] {
  return [...open, open[0]]
}

/** Every ring of a Polygon or MultiPolygon, exterior first per part. */
export function allRings(geometry: Area): Position[][] {
  return geometry.type === 'Polygon' ? geometry.coordinates : geometry.coordinates.flat()
}

/**
 * A new geometry with `edit` applied to each open ring; returns the input itself when no ring
 * changed (`edit` returns its argument unchanged to say so), so callers can tell what moved.
 */
export function mapOpenRings<G extends Area>(geometry: G, edit: (open: Position[]) => Position[]): G {
  let changed = false
  const one = (ring: Position[]) => {
    const open = openRing(ring)
    const next = edit(open)
    if (next === open) return ring
    changed = true
    return closeRing(next)
  }
  const coordinates = geometry.type === 'Polygon'
    ? (geometry as Polygon).coordinates.map(one)
    : (geometry as MultiPolygon).coordinates.map((part) => part.map(one))
  return changed ? ({ ...geometry, coordinates } as G) : geometry
}

/** Distance in metres from p to the segment a–b, on a local equirectangular frame (fine at grid scale). */
export function distanceToSegmentMeters(p: Position, a: Position, b: Position): number {
  const k = Math.cos((p[1] * Math.PI) / 180) * 111_319.49
  const ax = (a[0] - p[0]) * k, ay = (a[1] - p[1]) * 111_319.49
  const bx = (b[0] - p[0]) * k, by = (b[1] - p[1]) * 111_319.49
  const dx = bx - ax, dy = by - ay
  const len2 = dx * dx + dy * dy
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / len2))
  return Math.hypot(ax + t * dx, ay + t * dy)
}
