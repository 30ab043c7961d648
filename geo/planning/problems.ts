// planningProblems: what is wrong with a parent's children after an edit? The analysis engine's
// topologyCheck does the geometry (gaps, overlaps, outside the parent, slivers, invalid rings);
// this names each problem the way the planner sees it: one code per kind, the grids involved,
// a Chinese and an English message and the offending part (or point) as GeoJSON.
//
// Cost: that of topologyCheck on one family (n siblings): O(n log n) candidate pairs, one polyclip
// overlay per candidate pair, one union and one difference for the gap.

import type { Feature, Geometry } from 'geojson'
import { topologyCheck, type TopologyDefect } from '../topology-check.ts'
import type { Area } from './edit.ts'

export type PlanningProblemCode = 'self_intersection' | 'gap' | 'overlap' | 'outside_parent' | 'sliver' | 'invalid_ring' | 'empty'
export const PLANNING_PROBLEM_CODES: readonly PlanningProblemCode[] = ['empty', 'self_intersection', 'invalid_ring', 'outside_parent', 'overlap', 'gap', 'sliver']

export interface PlanningProblem {
  code: PlanningProblemCode
  /** the grids at fault (a new grid by its provisional id, negative); empty for a gap */
  gridIds: number[]
  /** Chinese (zh-CN) */
  message: string
  messageEn: string
  /** the offending part (gap, overlap, part outside), the grid (sliver) or the point (invalid ring) */
  geometry: Geometry | null
  /** m² on the sphere, for areal problems */
  areaM2: number | null
  /** validateGeometry's code for an invalid ring; 'area' or 'width' for a sliver */
  detail: string | null
}

export interface PlanningOptions {
  /** grids under this many m² are slivers (topologyCheck's default: 500) */
  sliverArea?: number
  /** grids with a mean width (2 × area ÷ perimeter) under this many metres are slivers (default 3) */
  sliverWidth?: number
  /** gap, overlap and outside pieces under this many m² are rounding, not problems (default 0.5) */
  minDefectArea?: number
}

/** Problems of `siblings` (features with numeric ids and a name) as the tiling of `parent` (null: overlaps and invalid grids only). */
export function planningProblems(parent: Feature<Area> | null, siblings: readonly Feature[], options: PlanningOptions = {}): PlanningProblem[] {
  const grids = siblings.map((s) => ({ ...s, properties: { ...(s.properties ?? {}), parentId: null, leader: { name: 'n/a' } } }))
  const defects = topologyCheck(grids as Feature[], { ...options, root: parent }).features
  return defects
    .filter((d) => d.properties.code !== 'no_responsible_person')
    .map((d) => toProblem(d, parentLabel(parent)))
    .sort((a, b) => PLANNING_PROBLEM_CODES.indexOf(a.code) - PLANNING_PROBLEM_CODES.indexOf(b.code))
}

function parentLabel(parent: Feature<Area> | null): [string, string] {
  if (!parent) return ['上级网格', 'the parent grid']
  const name = (parent.properties as { name?: string } | null)?.name
  const id = parent.id ?? (parent.properties as { id?: number } | null)?.id
  if (name && id === undefined) return [name, name]
  const ref = name ? `${name}${id !== undefined ? ` (#${id})` : ''}` : id !== undefined ? `#${id}` : ''
  return ref ? [`网格 ${ref}`, `grid ${ref}`] : ['上级网格', 'the parent grid']
}

function toProblem(d: TopologyDefect, [labelZh, labelEn]: [string, string]): PlanningProblem {
  const p = d.properties
  const ids = [p.gridId, p.otherGridId].filter((id): id is number => typeof id === 'number')
  let code: PlanningProblemCode
  if (p.code === 'invalid_ring') code = p.detail === 'self_intersection' ? 'self_intersection' : p.detail === 'empty_geometry' ? 'empty' : 'invalid_ring'
  else code = p.code as PlanningProblemCode
  // topologyCheck speaks of "the root area" (根区域): here the root is the parent being tiled.
  const zh = p.messageZh.replace('根区域', labelZh)
  const en = p.message.replace('the root area', labelEn)
  return { code, gridIds: ids, message: zh, messageEn: en, geometry: d.geometry, areaM2: p.areaM2, detail: p.detail }
}
