// tilingReport: do the children (grids of one level) cover their parent with no gap and no
// overlap (全覆盖、无缝隙)? Areas in m² on the sphere (measure.ts); ratios are of the parent's area.
//
// Candidate sibling pairs come from a flatbush index over the children's boxes; each candidate
// pair, the children's union and the differences with the parent are computed exactly by Turf's
// overlay (polyclip). Cost: O(n log n) to find the k candidate pairs, then k + 3 overlays.
// Children need ids for overlapPairs: feature.id, else properties.id, else their index.

import Flatbush from 'flatbush'
import { difference, featureCollection, intersect, union } from '@turf/turf'
import type { Feature, MultiPolygon, Polygon } from 'geojson'
import { bbox } from './bbox.ts'
import { geometryArea } from './measure.ts'

type Area = Feature<Polygon | MultiPolygon>
export type TilingId = string | number

export interface TilingOptions {
  /** Sibling intersections smaller than this many m² are taken as shared edges, not overlaps. */
  minOverlapArea?: number
}

const defaults: Required<TilingOptions> = {
  minOverlapArea: 0.01,
}

export interface TilingReport {
  parentArea: number
  /** Area of the union of the children. */
  unionArea: number
  /** Parent not covered by any child (gaps). */
  gapArea: number
  /** Children outside the parent. */
  outsideArea: number
  /** gapArea + outsideArea: the area where parent and union of children disagree. */
  symmetricDifferenceArea: number
  /** Pairs of children whose interiors overlap, by id, with the overlap's area; a < b in input order. */
  overlapPairs: { a: TilingId; b: TilingId; area: number }[]
  /** Largest pairwise overlap / parentArea; 0 when none. */
  maxOverlapRatio: number
  /** gapArea / parentArea. */
  gapRatio: number
}

export function tilingReport(parent: Area, children: Area[], options: TilingOptions = {}): TilingReport {
  const opts = { ...defaults, ...options }
  checkArea(parent, 'parent')
  children.forEach((c, i) => checkArea(c, `child ${i}`))
  const parentArea = geometryArea(parent.geometry)
  if (!(parentArea > 0)) throw new RangeError(`tilingReport: the parent has no area (${parentArea} m²)`)

  const unionFeature = children.length === 0 ? null : children.length === 1 ? children[0] : union(featureCollection(children))
  const unionArea = areaOf(unionFeature)
  const gapArea = unionFeature ? areaOf(difference(featureCollection([parent, unionFeature]))) : parentArea
  const outsideArea = unionFeature ? areaOf(difference(featureCollection([unionFeature, parent]))) : 0

  const overlapPairs = findOverlaps(children, opts.minOverlapArea)
  const maxOverlap = overlapPairs.reduce((m, p) => Math.max(m, p.area), 0)
  return {
    parentArea,
    unionArea,
    gapArea,
    outsideArea,
    symmetricDifferenceArea: gapArea + outsideArea,
    overlapPairs,
    maxOverlapRatio: maxOverlap / parentArea,
    gapRatio: gapArea / parentArea,
  }
}

function findOverlaps(children: Area[], minArea: number): TilingReport['overlapPairs'] {
  const pairs: TilingReport['overlapPairs'] = []
  if (children.length < 2) return pairs
  const boxes = children.map((c) => bbox(c))
  const tree = new Flatbush(children.length)
  for (const b of boxes) tree.add(...b)
  tree.finish()
  boxes.forEach((box, i) => {
    for (const j of tree.search(...box).sort((x, y) => x - y)) {
      if (j <= i) continue
      const area = areaOf(intersect(featureCollection([children[i], children[j]])))
      if (area >= minArea) pairs.push({ a: idOf(children[i], i), b: idOf(children[j], j), area })
    }
  })
  return pairs
}

function areaOf(f: Area | null): number {
  return f ? geometryArea(f.geometry) : 0
}

function idOf(f: Area, i: number): TilingId {
  const id = f.id ?? (f.properties as { id?: unknown } | null)?.id
  return typeof id === 'string' || typeof id === 'number' ? id : i
}

function checkArea(f: Area, name: string): void {
  const type = (f?.geometry as { type?: string } | null | undefined)?.type
  if (type !== 'Polygon' && type !== 'MultiPolygon') {
    throw new TypeError(`tilingReport: the ${name} must be a Polygon or MultiPolygon feature, got ${type ?? JSON.stringify(f)}`)
  }
}
