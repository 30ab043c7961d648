import type { MultiPolygon, Polygon } from 'geojson'
import type { ColumnType, Generated, JSONColumnType } from 'kysely'

/** A grid as one version saw it: enough to draw a diff and to restore it on rollback. */
export interface GridSnapshot {
  id: number
  code: string
  name: string
  nameEn: string
  level: number
  kind: string
  parentId: number | null
  path: number[]
  leader: unknown
  persons: unknown
  unit: unknown
  households: number
  population: number
  geometry: Polygon | MultiPolygon
}

/** One saved grid edit (api/planning/): who, when, why, from which date. */
export interface PlanningChangeSetTable {
  id: Generated<number>
  parent_id: number | null
  level: number
  effective_date: ColumnType<string, string, string>
  reason: string
  source: 'editor' | 'import' | 'rollback'
  rollback_of: number | null
  actor_id: number | null
  actor_name: string | null
  actor_role: string | null
  created_at: ColumnType<Date, Date | string | undefined, never>
  /** when the grids and assignments were switched; null while the effective date is ahead */
  applied_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>
  /** every grid the change set writes (edited, created, retired, and descendants that follow) */
  grid_ids: number[]
  /** what moved when it was applied (counts per kind and grid pair) */
  moves: JSONColumnType<unknown[] | null, string | null | undefined, string | null>
}

/** One version of one grid: the snapshot before (null when created) and after (null when retired). */
export interface PlanningGridVersionTable {
  change_set_id: number
  grid_id: number
  version: number
  action: 'create' | 'update' | 'retire'
  before: JSONColumnType<GridSnapshot | null, string | null, string | null>
  after: JSONColumnType<GridSnapshot | null, string | null, string | null>
}
