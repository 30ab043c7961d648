// topologyCheck: what is wrong with a set of grids? Siblings must tile their parent with no gap and
// no overlap (全覆盖、无缝隙), stay inside it, be more than slivers, have valid rings and a
// responsible person. Every defect comes back as a GeoJSON feature with a reason code, an English
// and a Chinese message, the grid ids involved and its area in m² (on the sphere, measure.ts).
//
// Cost: one validateGeometry per grid, O(v); candidate sibling pairs from a flatbush index over the
// boxes of each family, O(n log n + k); then one Turf overlay (polyclip, exact) per candidate pair
// and two per family (parent − ∪children for gaps, child − parent for each child).
// Grids with invalid geometry are reported and left out of the overlays (polyclip needs valid input),
// so their family's gap check is skipped rather than reporting their area as a gap.

import Flatbush from 'flatbush'
import { difference, featureCollection, intersect, union } from '@turf/turf'
import type { Feature, FeatureCollection, Geometry, MultiPolygon, Point, Polygon, Position } from 'geojson'
import { bbox } from './bbox.ts'
import { geometryArea, haversineLonLat } from './measure.ts'
import { validateGeometry } from './validate.ts'

export type TopologyId = string | number
type Area = Feature<Polygon | MultiPolygon>

/** The grid fields the check reads from feature.properties (feature.id or properties.id is the id). */
export interface TopologyGridProperties {
  id?: TopologyId
  /** The parent grid's id; null or absent for a root (its parent is options.root, when given). */
  parentId?: TopologyId | null
  level?: number
  name?: string
  /** Responsible persons: the leader, and others; a grid needs one with a non-empty name. */
  leader?: { name?: string | null } | null
  persons?: { name?: string | null }[] | null
}

export interface TopologyOptions {
  /** Grids smaller than this many m² are slivers. */
  sliverArea?: number
  /** Grids whose mean width, 2 × area ÷ perimeter (metres), is below this are slivers too (thin strips). */
  sliverWidth?: number
  /** Gap, overlap and outside pieces smaller than this many m² are rounding, not defects. */
  minDefectArea?: number
  /** The area the roots (grids without parentId) should tile, e.g. the district outline. */
  root?: Feature<Polygon | MultiPolygon> | null
}

const defaults = {
  sliverArea: 500,
  sliverWidth: 3,
  minDefectArea: 0.5,
  root: null as TopologyOptions['root'],
}

export type DefectCode = 'gap' | 'overlap' | 'outside_parent' | 'sliver' | 'invalid_ring' | 'no_responsible_person'
export const DEFECT_CODES: readonly DefectCode[] = ['gap', 'overlap', 'outside_parent', 'sliver', 'invalid_ring', 'no_responsible_person']

export interface DefectProperties {
  code: DefectCode
  /** The grid at fault (for a gap: null, the parent is parentId). */
  gridId: TopologyId | null
  /** The other grid of an overlap. */
  otherGridId: TopologyId | null
  parentId: TopologyId | null
  level: number | null
  /** Area of the defect's geometry in m², or of the grid for a sliver; null for point-like defects. */
  areaM2: number | null
  /** The validateGeometry code of an invalid ring; 'area' or 'width' for a sliver. */
  detail: string | null
  message: string
  messageZh: string
}

export type TopologyDefect = Feature<Geometry | null, DefectProperties>

interface Grid {
  id: TopologyId
  feature: Area
  props: TopologyGridProperties
  label: string
  labelZh: string
  valid: boolean
}

const ROOT_KEY = '\u0000root'

export function topologyCheck(grids: Feature[], options: TopologyOptions = {}): FeatureCollection<Geometry | null, DefectProperties> {
  const opts = { ...defaults, ...options }
  for (const key of ['sliverArea', 'sliverWidth', 'minDefectArea'] as const) {
    if (!(Number.isFinite(opts[key]) && opts[key] >= 0)) throw new RangeError(`topologyCheck: opts.${key} must be a number ≥ 0, got ${opts[key]}`)
  }
  const defects: TopologyDefect[] = []
  const byId = new Map<TopologyId, Grid>()
  grids.forEach((f, i) => {
    const props = (f?.properties ?? {}) as TopologyGridProperties
    const id = f?.id ?? props.id
    if (typeof id !== 'string' && typeof id !== 'number') throw new TypeError(`topologyCheck: grid ${i} needs an id (feature.id or properties.id), got ${JSON.stringify(id)}`)
    if (byId.has(id)) throw new RangeError(`topologyCheck: id ${JSON.stringify(id)} is used by more than one grid`)
    const name = props.name ? `${props.name} (#${id})` : `#${id}`
    const grid: Grid = { id, feature: f as Area, props, label: `grid ${name}`, labelZh: `网格 ${name}`, valid: true }
    byId.set(id, grid)
    grid.valid = checkGeometry(grid, defects)
    if (grid.valid) checkSliver(grid, opts, defects)
    checkPersons(grid, defects)
  })

  const families = new Map<TopologyId, Grid[]>()
  for (const g of byId.values()) {
    const key = g.props.parentId ?? ROOT_KEY
    families.set(key, [...(families.get(key) ?? []), g])
  }
  for (const [key, children] of families) {
    const parent = key === ROOT_KEY ? opts.root ?? null : byId.get(key)?.valid ? byId.get(key)!.feature : null
    const parentId = key === ROOT_KEY ? null : key
    const parentLabel = key === ROOT_KEY ? ['the root area', '根区域'] : [byId.get(key)?.label ?? `grid #${key}`, byId.get(key)?.labelZh ?? `网格 #${key}`]
    const valid = children.filter((c) => c.valid)
    checkOverlaps(valid, parentId, opts.minDefectArea, defects)
    if (!parent) continue
    for (const c of valid) checkOutside(c, parent, parentId, parentLabel, opts.minDefectArea, defects)
    if (valid.length === children.length) checkGaps(valid, parent, parentId, parentLabel, opts.minDefectArea, defects)
  }
  defects.sort((a, b) => DEFECT_CODES.indexOf(a.properties.code) - DEFECT_CODES.indexOf(b.properties.code))
  return { type: 'FeatureCollection', features: defects.map((d, i) => ({ ...d, id: i + 1 })) }
}

function defect(
  geometry: Geometry | null, code: DefectCode, grid: Grid | null, parentId: TopologyId | null,
  rest: Partial<DefectProperties> & { message: string; messageZh: string },
): TopologyDefect {
  return {
    type: 'Feature',
    geometry,
    properties: {
      code,
      gridId: grid?.id ?? null,
      otherGridId: null,
      parentId,
      level: grid?.props.level ?? null,
      areaM2: null,
      detail: null,
      ...rest,
    },
  }
}

function checkGeometry(g: Grid, out: TopologyDefect[]): boolean {
  const result = validateGeometry(g.feature?.geometry)
  const type = (g.feature?.geometry as { type?: string } | null)?.type
  if (result.ok && (type === 'Polygon' || type === 'MultiPolygon')) return true
  if (result.ok) {
    out.push(defect(null, 'invalid_ring', g, g.props.parentId ?? null, {
      detail: 'not_an_area', message: `${g.label} is a ${type}, not a polygon`, messageZh: `${g.labelZh} 的几何为 ${type}，不是面`,
    }))
    return false
  }
  for (const e of result.errors) {
    const geometry: Geometry | null = e.location ? ({ type: 'Point', coordinates: e.location } as Point) : drawable(g.feature?.geometry)
    out.push(defect(geometry, 'invalid_ring', g, g.props.parentId ?? null, {
      detail: e.code, message: `${g.label}: ${e.message}`, messageZh: `${g.labelZh}：${e.messageZh}`,
    }))
  }
  return false
}

/** The raw geometry when it can at least be drawn (a broken ring is still a line on the map). */
function drawable(geometry: unknown): Geometry | null {
  const g = geometry as { type?: string; coordinates?: unknown } | null
  return g && (g.type === 'Polygon' || g.type === 'MultiPolygon') && Array.isArray(g.coordinates) ? (g as Geometry) : null
}

function checkSliver(g: Grid, opts: typeof defaults, out: TopologyDefect[]): void {
  const area = geometryArea(g.feature.geometry)
  const width = (2 * area) / perimeter(g.feature.geometry)
  const parentId = g.props.parentId ?? null
  if (area < opts.sliverArea) {
    out.push(defect(g.feature.geometry, 'sliver', g, parentId, {
      areaM2: area, detail: 'area',
      message: `${g.label} covers ${fmt(area)} m², below the sliver threshold of ${opts.sliverArea} m²`,
      messageZh: `${g.labelZh} 面积 ${fmt(area)} m²，小于碎片阈值 ${opts.sliverArea} m²`,
    }))
  } else if (width < opts.sliverWidth) {
    out.push(defect(g.feature.geometry, 'sliver', g, parentId, {
      areaM2: area, detail: 'width',
      message: `${g.label} is a thin strip: mean width ${fmt(width)} m (2 × area ÷ perimeter), below ${opts.sliverWidth} m`,
      messageZh: `${g.labelZh} 为狭长碎片：平均宽度 ${fmt(width)} m（2×面积÷周长），小于 ${opts.sliverWidth} m`,
    }))
  }
}

function perimeter(geometry: Polygon | MultiPolygon): number {
  const rings = geometry.type === 'Polygon' ? geometry.coordinates : geometry.coordinates.flat()
  let sum = 0
  for (const ring of rings) {
    for (let i = 1; i < ring.length; i++) sum += haversineLonLat(ring[i - 1][0], ring[i - 1][1], ring[i][0], ring[i][1])
  }
  return sum
}

function checkPersons(g: Grid, out: TopologyDefect[]): void {
  const named = (p: { name?: string | null } | null | undefined) => typeof p?.name === 'string' && p.name.trim() !== ''
  if (named(g.props.leader) || (g.props.persons ?? []).some(named)) return
  out.push(defect(drawable(g.feature?.geometry), 'no_responsible_person', g, g.props.parentId ?? null, {
    message: `${g.label} has no responsible person (no leader or person with a name)`,
    messageZh: `${g.labelZh} 未落实责任人（无网格长或其他责任人姓名）`,
  }))
}

/** Pairs of siblings whose interiors overlap, from flatbush candidates; one defect per overlap piece. */
function checkOverlaps(children: Grid[], parentId: TopologyId | null, minArea: number, out: TopologyDefect[]): void {
  if (children.length < 2) return
  const boxes = children.map((c) => bbox(c.feature))
  const tree = new Flatbush(children.length)
  for (const b of boxes) tree.add(...b)
  tree.finish()
  boxes.forEach((box, i) => {
    for (const j of tree.search(...box).sort((x, y) => x - y)) {
      if (j <= i) continue
      const [a, b] = [children[i], children[j]]
      for (const piece of pieces(intersect(featureCollection([a.feature, b.feature])), minArea)) {
        out.push(defect(piece.geometry, 'overlap', a, parentId, {
          otherGridId: b.id, areaM2: piece.area,
          message: `${a.label} and ${b.label} overlap by ${fmt(piece.area)} m²`,
          messageZh: `${a.labelZh} 与 ${b.labelZh} 重叠 ${fmt(piece.area)} m²`,
        }))
      }
    }
  })
}

function checkOutside(c: Grid, parent: Area, parentId: TopologyId | null, [pl, plZh]: string[], minArea: number, out: TopologyDefect[]): void {
  for (const piece of pieces(difference(featureCollection([c.feature, parent])), minArea)) {
    out.push(defect(piece.geometry, 'outside_parent', c, parentId, {
      areaM2: piece.area,
      message: `${c.label} reaches ${fmt(piece.area)} m² outside its parent ${pl}`,
      messageZh: `${c.labelZh} 超出上级 ${plZh} ${fmt(piece.area)} m²`,
    }))
  }
}

function checkGaps(children: Grid[], parent: Area, parentId: TopologyId | null, [pl, plZh]: string[], minArea: number, out: TopologyDefect[]): void {
  const covered = children.length === 1 ? children[0].feature : union(featureCollection(children.map((c) => c.feature)))
  const rest = covered ? difference(featureCollection([parent, covered])) : parent
  for (const piece of pieces(rest, minArea)) {
    out.push(defect(piece.geometry, 'gap', null, parentId, {
      level: children[0].props.level ?? null, areaM2: piece.area,
      message: `${fmt(piece.area)} m² of ${pl} is covered by none of its children`,
      messageZh: `${plZh} 内有 ${fmt(piece.area)} m² 未被任何下级网格覆盖`,
    }))
  }
}

/** The polygons of an overlay result with at least minArea m², each with its area. */
function pieces(f: Area | null, minArea: number): { geometry: Polygon; area: number }[] {
  if (!f) return []
  const polys: Position[][][] = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates
  return polys
    .map((coordinates) => ({ geometry: { type: 'Polygon', coordinates } as Polygon, area: 0 }))
    .map((p) => ({ ...p, area: geometryArea(p.geometry) }))
    .filter((p) => p.area >= minArea && p.area > 0)
}

function fmt(x: number): string {
  return x >= 100 ? x.toFixed(0) : x >= 1 ? x.toFixed(1) : x.toPrecision(2)
}
