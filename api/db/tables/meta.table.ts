import type { ColumnType, JSONColumnType } from 'kysely'

/** Small key/value facts about this database (e.g. when the demo district was loaded). */
export interface MetaTable {
  key: string
  value: JSONColumnType<Record<string, unknown>>
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>
}
