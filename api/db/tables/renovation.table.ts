import type { ColumnType, Generated } from 'kysely'
import type { CreatedAt } from './common.ts'

export const RENOVATION_STATUSES = ['planned', 'design', 'construction', 'completed', 'accepted'] as const
export type RenovationStatus = (typeof RENOVATION_STATUSES)[number]
/** 整治内容 of seed 001 §11 as codes */
export const RENOVATION_SCOPE = ['road_surface', 'greening', 'bike_shed', 'charging', 'corridor', 'lighting', 'rain_sewage'] as const
export type RenovationScope = (typeof RENOVATION_SCOPE)[number]

/** Dates are `date` columns: read and written as 'YYYY-MM-DD' text (see renovations.ts). */
type DateColumn = ColumnType<string, string, string>
type OptionalDate = ColumnType<string | null, string | null | undefined, string | null>

/** An old-compound renovation project (api/civ/progress/renovations.ts). */
export interface CivRenovationTable {
  id: Generated<number>
  compound_id: number
  name: string
  year: number
  status: ColumnType<RenovationStatus, RenovationStatus | undefined, RenovationStatus>
  scope: RenovationScope[]
  planned_start: DateColumn
  planned_end: DateColumn
  started_at: OptionalDate
  completed_at: OptionalDate
  accepted_at: OptionalDate
  /** yuan; numeric comes back as text on PostgreSQL, so reads cast it */
  budget: ColumnType<string | number | null, number | null | undefined, number | null>
  note: ColumnType<string | null, string | null | undefined, string | null>
  created_by: ColumnType<number | null, number | null | undefined, never>
  created_at: CreatedAt
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>
}
