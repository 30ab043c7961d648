/**
 * One label point per polygon feature, computed once on the main thread so that a grid split
 * across vector tiles is still labelled once, and inside its own shape (a concave grid's
 * centroid can fall outside it).
 */
import type { Feature, FeatureCollection, MultiPolygon, Point, Polygon, Position } from 'geojson'

type Ring = Position[]

/** Signed shoelace area and centroid of a ring, in degree units (good enough for placement). */
function ringCentroid(ring: Ring): { area: number; x: number; y: number } {
  let area = 0
  let cx = 0
  let cy = 0
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [x0, y0] = ring[j]
    const [x1, y1] = ring[i]
    const cross = x0 * y1 - x1 * y0
    area += cross
    cx += (x0 + x1) * cross
    cy += (y0 + y1) * cross
  }
  area /= 2
  if (area === 0) return { area: 0, x: ring[0][0], y: ring[0][1] }
  return { area, x: cx / (6 * area), y: cy / (6 * area) }
}

export function pointInPolygon(point: Position, rings: Ring[]): boolean {
  const [px, py] = point
  let inside = false
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i]
      const [xj, yj] = ring[j]
      if (yi > py !== yj > py && px < ((xj - xi) * (py - yi)) / (yj - yi) + xi) inside = !inside
    }
  }
  return inside
}

/**
 * The midpoint of the widest interior run of the horizontal line at `y` (even-odd rule over all
 * rings, so holes are skipped). O(vertices).
 */
function widestSpanAt(y: number, rings: Ring[]): { x: number; width: number } | null {
  const xs: number[] = []
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i]
      const [xj, yj] = ring[j]
      if (yi > y !== yj > y) xs.push(((xj - xi) * (y - yi)) / (yj - yi) + xi)
    }
  }
  xs.sort((a, b) => a - b)
  let best: { x: number; width: number } | null = null
  for (let i = 0; i + 1 < xs.length; i += 2) {
    const width = xs[i + 1] - xs[i]
    if (!best || width > best.width) best = { x: (xs[i] + xs[i + 1]) / 2, width }
  }
  return best
}

/** A point inside the polygon: its centroid when that lies inside, else a scan-line midpoint. */
export function polygonLabelPoint(rings: Ring[]): Position {
  const outer = rings[0]
  const c = ringCentroid(outer)
  if (pointInPolygon([c.x, c.y], rings)) return [c.x, c.y]
  let minY = Infinity
  let maxY = -Infinity
  for (const [, y] of outer) {
    minY = Math.min(minY, y)
    maxY = Math.max(maxY, y)
  }
  let best: { x: number; y: number; width: number } | null = null
  const samples = 9
  for (let k = 1; k <= samples; k++) {
    const y = minY + ((maxY - minY) * k) / (samples + 1)
    const span = widestSpanAt(y, rings)
    if (span && (!best || span.width > best.width)) best = { x: span.x, y, width: span.width }
  }
  return best ? [best.x, best.y] : [c.x, c.y]
}

/** The largest polygon of a (Multi)Polygon, by outer-ring area. */
function largestPolygon(geometry: Polygon | MultiPolygon): { rings: Ring[]; area: number } {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates
  let best = { rings: polygons[0], area: -1 }
  for (const rings of polygons) {
    const area = Math.abs(ringCentroid(rings[0]).area)
    if (area > best.area) best = { rings, area }
  }
  return best
}

/**
 * Label points for polygon features. Each point keeps the feature's id and properties and adds
 * `area` (square degrees, for label priority). Features without polygon geometry are skipped.
 */
export function labelPoints<P extends object>(
  collection: FeatureCollection<Polygon | MultiPolygon | null, P>,
): FeatureCollection<Point, P & { area: number }> {
  const features: Feature<Point, P & { area: number }>[] = []
  for (const feature of collection.features) {
    const geometry = feature.geometry
    if (!geometry || (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon')) continue
    const { rings, area } = largestPolygon(geometry)
    if (!rings?.[0]?.length) continue
    features.push({
      type: 'Feature',
      id: feature.id,
      geometry: { type: 'Point', coordinates: polygonLabelPoint(rings) },
      properties: { ...feature.properties, area } as P & { area: number },
    })
  }
  return { type: 'FeatureCollection', features }
}
