import type { ColumnType, Generated, JSONColumnType } from 'kysely'
import type { CreatedAt } from './common.ts'

export interface IssueCategoryTable {
  code: string
  name_zh: string
  name_en: string
  group_code: string
  /** handling limit (处置时限) */
  limit_value: number
  limit_unit: 'working_hours' | 'working_days'
  sort: number
  /** dispatch limit (派遣时限), from 立案 to 派遣 */
  dispatch_limit_value: ColumnType<number, number | undefined, number>
  dispatch_limit_unit: ColumnType<'working_hours' | 'working_days', 'working_hours' | 'working_days' | undefined, 'working_hours' | 'working_days'>
}

type OptionalTime = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>

export interface IssueTable {
  id: Generated<number>
  category: string
  description: string
  status: string
  source: string
  reporter: JSONColumnType<{ name: string } | null, string | null, string | null>
  lon: number
  lat: number
  /** the level-3 grid containing the point */
  grid_id: number
  /** grid ids from level 0 to level 3 */
  grid_path: number[]
  reported_at: ColumnType<Date, Date | string, Date | string>
  accepted_at: OptionalTime
  opened_at: OptionalTime
  dispatched_at: OptionalTime
  deadline_at: OptionalTime
  handled_at: OptionalTime
  closed_at: OptionalTime
  department: string | null
  rework_count: ColumnType<number, number | undefined, number>
  /** when the overdue sweep found the deadline passed (null: not overdue, or not yet swept) */
  overdue_at: OptionalTime
  created_at: CreatedAt
  /** the seq of the last update: bumped by every transition (optimistic concurrency) */
  version: ColumnType<number, number | undefined, number>
  verified_at: OptionalTime
  /** an extension request awaits a decision */
  extension_pending: ColumnType<boolean, boolean | undefined, boolean>
  reporter_id: number | null
  /** this case is a recurrence of that closed case */
  recurrence_of: number | null
  /** this duplicate was merged into that case */
  merged_into: number | null
}
