/**
 * The kiosk coverage view: the uncovered buildings in red and, around every kiosk and drop point
 * (the API counts both), its reach drawn to scale as a ring polygon. Rings are polygons rather
 * than circle symbols because a circle's whole quad is shaded every frame: a hundred rings of a
 * few hundred pixels each at street zoom would cost a software renderer seconds per frame.
 * The per-grid choropleth lives with the grid layers.
 */
import type { Feature, FeatureCollection, Polygon, Position } from 'geojson'
import type { LayerSpecification } from 'maplibre-gl'
import { destinationPoint } from '../../../../geo/index.ts'
import { COVERAGE } from '../palette'
import { SRC } from '../sources'
import { HIDDEN, byZoom, meta } from './common'

/** A ring of `radiusM` metres around `centre`, as a closed counter-clockwise polygon of `steps` sides. */
export function circlePolygon(centre: Position, radiusM: number, steps = 48): Polygon {
  const ring: Position[] = []
  // bearings run clockwise from north, so walk them backwards for RFC 7946 winding
  for (let i = 0; i < steps; i++) ring.push(destinationPoint(centre, 360 - (360 * i) / steps, radiusM))
  ring.push(ring[0])
  return { type: 'Polygon', coordinates: [ring] }
}

export function coverageRings(points: readonly Feature<{ type: 'Point'; coordinates: Position }>[], radiusM: number): FeatureCollection<Polygon> {
  return {
    type: 'FeatureCollection',
    features: points.map((p, i) => ({
      type: 'Feature',
      id: p.id ?? i,
      geometry: circlePolygon(p.geometry.coordinates, radiusM),
      properties: {},
    })),
  }
}

export function coverageLayers(): LayerSpecification[] {
  return [
    {
      id: 'coverage-ring-fill',
      type: 'fill',
      source: SRC.rings,
      maxzoom: 14,
      layout: { visibility: HIDDEN },
      paint: { 'fill-color': COVERAGE.ring, 'fill-opacity': 0.06 },
      metadata: meta('coverage'),
    },
    {
      id: 'coverage-ring',
      type: 'line',
      source: SRC.rings,
      layout: { visibility: HIDDEN },
      paint: { 'line-color': COVERAGE.ring, 'line-width': byZoom([[12, 0.8], [17, 1.5]], 1), 'line-opacity': 0.55 },
      metadata: meta('coverage'),
    },
    {
      id: 'coverage-uncovered-fill',
      type: 'fill',
      source: SRC.uncovered,
      layout: { visibility: HIDDEN },
      paint: { 'fill-color': COVERAGE.uncoveredFill, 'fill-opacity': 0.85 },
      metadata: meta('coverage'),
    },
    {
      id: 'coverage-uncovered-line',
      type: 'line',
      source: SRC.uncovered,
      layout: { visibility: HIDDEN },
      paint: { 'line-color': COVERAGE.uncoveredLine, 'line-width': byZoom([[12, 1], [17, 2]], 1) },
      metadata: meta('coverage'),
    },
  ]
}
