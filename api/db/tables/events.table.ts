import type { ColumnType, Generated, JSONColumnType } from 'kysely'

/** The live event log: id = SSE id, committed in ascending id order (see api/events/record.ts). */
export interface EventTable {
  id: Generated<number>
  type: string
  issue_id: number | null
  grid_path: number[]
  payload: JSONColumnType<Record<string, unknown>, string, string>
  at: ColumnType<Date, Date | string | undefined, never>
}
