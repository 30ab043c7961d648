/** The planning API as the planner reads it (contract: /tmp/notes/contracts.md, owner planapi). */
import type { FeatureCollection, Geometry, MultiPolygon, Polygon } from 'geojson'

export interface PlanGrid {
  /** null for a grid the edit creates */
  id: number | null
  level: number
  parentId: number | null
  name: string
  code?: string
  geometry: Polygon | MultiPolygon
  properties?: Record<string, unknown>
}

export interface PlanBody {
  parentId: number | null
  level: number
  grids: PlanGrid[]
  removed: number[]
}

/** `draw_refused` is the editor's own: a drawn grid it could not place (never from the server). */
export type ProblemCode = 'self_intersection' | 'gap' | 'overlap' | 'outside_parent' | 'sliver' | 'invalid_ring' | 'empty' | 'draw_refused'

export interface Problem {
  code: ProblemCode
  gridIds: number[]
  message: string
  messageEn: string
  geometry: Geometry | null
}

export interface ValidateResponse {
  ok: boolean
  problems: Problem[]
}

export type MoveKind = 'building' | 'compound' | 'household' | 'kiosk' | 'facility' | 'case' | 'patrol_point'

export interface ImpactResponse {
  moves: { kind: MoveKind; fromGridId: number | null; toGridId: number | null; count: number; ids: number[] }[]
  /** every grid of the moves, with the name it will have (new grids included) and its leader */
  persons: { gridId: number | null; gridName: string; person: { name?: string; role?: string; roleZh?: string; phone?: string } | null; gains: Partial<Record<MoveKind, number>>; loses: Partial<Record<MoveKind, number>> }[]
  summary: { zh: string; en: string }
  features: FeatureCollection
}

export interface ChangeResponse {
  changeSetId: number
  effectiveDate: string
  grids: { id: number; version: number }[]
}

export interface ConflictDetails {
  changed: { gridId: number; version: number; by: string; at: string; reason: string }[]
}

export interface HistoryEntry {
  changeSetId: number
  by: string
  at: string
  effectiveDate: string
  reason: string
  source: 'editor' | 'import' | 'rollback'
  gridIds: number[]
}

export interface ChangeDetail extends HistoryEntry {
  before: FeatureCollection
  after: FeatureCollection
}
