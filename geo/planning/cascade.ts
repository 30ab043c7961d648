// cascadeDescendants: when grids of one level are redrawn, their descendants follow. Each
// descendant of a changed grid is clipped to the new grids of its parent's level; it keeps its id
// in the part under its old parent (or, if that is gone, the largest part), and every other piece joins an adjacent sibling under its
// new parent (or becomes a new grid when it touches none). Level by level down to level 3, so
// every level still tiles its parent when the edited level does.
//
// Cost per level: candidate pairs from box tests, one polyclip intersection per (descendant,
// overlapping new parent) pair and one union per leftover piece; a level-1 move touches the few
// dozen descendants of the grids involved.

import { featureCollection, intersect, union } from '@turf/turf'
import type { Feature, MultiPolygon, Polygon } from 'geojson'
import { bbox, bboxIntersects } from '../bbox.ts'
import { geometryArea } from '../measure.ts'
import type { Area } from './edit.ts'

export interface CascadeGrid {
  id: number
  level: number
  /** the parent before the change */
  parentId: number
  geometry: Area
}

export interface CascadeResult {
  /** descendants whose geometry or parent changed (id kept) */
  updated: { id: number; level: number; parentId: number; geometry: Area }[]
  /** pieces that joined no sibling: new grids, copying `fromId`'s attributes; ids are provisional (negative) */
  created: { id: number; fromId: number; level: number; parentId: number; geometry: Area }[]
  /** descendants left with no area at all */
  retired: number[]
}

export interface CascadeOptions {
  /** pieces under this many m² are rounding and dropped (matches topologyCheck's minDefectArea) */
  minArea?: number
  /** first provisional id handed to created grids (counting down) */
  firstNewId?: number
}

/**
 * @param changedIds grids at the edited level that were edited or removed (their old children follow)
 * @param parents the edited level after the edit: every new or edited grid (new ones by provisional id)
 * @param descendants every descendant (any depth) of the changed grids, before the change
 */
export function cascadeDescendants(changedIds: readonly number[], parents: readonly { id: number; geometry: Area }[], descendants: readonly CascadeGrid[], options: CascadeOptions = {}): CascadeResult {
  const minArea = options.minArea ?? 0.5
  let nextId = options.firstNewId ?? -100_000
  const result: CascadeResult = { updated: [], created: [], retired: [] }
  let changed = new Set(changedIds)
  let level = Math.min(...descendants.map((d) => d.level))
  let current = parents.map((p) => ({ id: p.id, geometry: p.geometry, box: bbox(p.geometry) }))
  while (changed.size && level <= 3) {
    const candidates = descendants.filter((d) => d.level === level && changed.has(d.parentId))
    if (!candidates.length) break
    const kept = new Map<number, { id: number; parentId: number; geometry: Area; area: number; moved: boolean }>()
    const leftovers: { fromId: number; parentId: number; geometry: Area; area: number }[] = []
    for (const c of candidates) {
      const box = bbox(c.geometry)
      const cArea = geometryArea(c.geometry)
      const pieces = current
        .filter((p) => bboxIntersects(p.box, box))
        .map((p) => ({ parentId: p.id, geometry: clip(c.geometry, p.geometry) }))
        .filter((p): p is { parentId: number; geometry: Area } => p.geometry !== null)
        .map((p) => ({ ...p, area: geometryArea(p.geometry) }))
        .filter((p) => p.area >= minArea)
        .sort((a, b) => b.area - a.area)
      if (!pieces.length) {
        result.retired.push(c.id)
        continue
      }
      // the id stays with the part under the old parent when there is one (the boundary moved past
      // it), else with the largest part
      const home = pieces.findIndex((p) => p.parentId === c.parentId)
      const [main, ...rest] = home > 0 ? [pieces[home], ...pieces.filter((_, i) => i !== home)] : pieces
      // whole and under the same parent: unchanged (keep the stored coordinates, not polyclip's)
      const same = main.parentId === c.parentId && Math.abs(main.area - cArea) <= Math.max(minArea, cArea * 1e-9)
      kept.set(c.id, { id: c.id, parentId: main.parentId, geometry: same ? c.geometry : main.geometry, area: main.area, moved: !same })
      for (const r of rest) leftovers.push({ fromId: c.id, ...r })
    }
    for (const piece of leftovers) {
      const host = [...kept.values()]
        .filter((k) => k.parentId === piece.parentId)
        .sort((a, b) => b.area - a.area)
        .map((k) => ({ k, merged: join(k.geometry, piece.geometry) }))
        .find((x) => x.merged?.type === 'Polygon')
      if (host) {
        host.k.geometry = host.merged!
        host.k.area += piece.area
        host.k.moved = true
      } else {
        const id = nextId--
        result.created.push({ id, fromId: piece.fromId, level, parentId: piece.parentId, geometry: piece.geometry })
      }
    }
    for (const k of kept.values()) if (k.moved) result.updated.push({ id: k.id, level, parentId: k.parentId, geometry: k.geometry })
    const next = [...kept.values()].map((k) => ({ id: k.id, geometry: k.geometry }))
    for (const c of result.created.filter((x) => x.level === level)) next.push({ id: c.id, geometry: c.geometry })
    current = next.map((p) => ({ ...p, box: bbox(p.geometry) }))
    changed = new Set(candidates.map((c) => c.id))
    level++
  }
  return result
}

const feature = (geometry: Area): Feature<Area> => ({ type: 'Feature', properties: {}, geometry })

function clip(a: Area, b: Area): Area | null {
  const f = intersect(featureCollection([feature(a), feature(b)]))
  return (f?.geometry as Polygon | MultiPolygon | undefined) ?? null
}

function join(a: Area, b: Area): Area | null {
  const f = union(featureCollection([feature(a), feature(b)]))
  return (f?.geometry as Polygon | MultiPolygon | undefined) ?? null
}
