import type { ColumnType, Generated, JSONColumnType } from 'kysely'
import type { CreatedAt } from './common.ts'

type OptionalTime = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>

export type InspectionKind = 'scheduled' | 'unannounced' | 'mock'
export type InspectionPointType = 'compound' | 'street' | 'market' | 'practice_station'
export type InspectionStatus = 'assigned' | 'in_progress' | 'submitted'

export interface StratumRow {
  key: string
  community: number
  pointType: InspectionPointType
  population: number
  sampled: number
}

/** One mock-assessment sampling run (模拟测评). */
export interface CivMockBatchTable {
  id: Generated<number>
  title: string
  scope_grid_id: number
  n: number
  seed: number
  strata: JSONColumnType<StratumRow[]>
  inspector_id: number
  due: OptionalTime
  created_by: number | null
  created_at: CreatedAt
}

/** One inspection task: a point scored item by item by one inspector. */
export interface CivInspectionTable {
  id: Generated<number>
  kind: InspectionKind
  batch_id: number | null
  point_type: InspectionPointType
  compound_id: number | null
  facility_id: number | null
  road_id: number | null
  name: string
  lon: number
  lat: number
  /** the level-3 grid holding the point: failed items open cases there */
  grid_id: number
  grid_path: number[]
  checklist_id: number
  inspector_id: number
  status: ColumnType<InspectionStatus, InspectionStatus | undefined, InspectionStatus>
  due: OptionalTime
  created_by: number | null
  created_at: CreatedAt
  started_at: OptionalTime
  submitted_at: OptionalTime
  position_lon: number | null
  position_lat: number | null
  position_source: 'gps' | 'map' | null
  score: number | null
  max_score: number | null
  rate: number | null
  assessment_id: number | null
}

export interface CivInspectionResultTable {
  inspection_id: number
  item_id: number
  /** null: not applicable */
  passed: boolean | null
  note: string | null
  photo_ids: ColumnType<number[], number[] | undefined, number[]>
  lon: number | null
  lat: number | null
  case_id: number | null
}
