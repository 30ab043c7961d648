import type { ColumnType, JSONColumnType } from 'kysely'

/** An explicit calendar day; days not listed follow the weekday rule. `date` is read as YYYY-MM-DD text. */
export interface CalendarDayTable {
  date: ColumnType<string, string, string>
  kind: 'workday' | 'holiday' | 'adjusted_workday'
  name: ColumnType<string, string | undefined, string>
  source: ColumnType<string, string | undefined, string>
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>
}

/** The one row (id = 1) of working-time settings. */
export interface CalendarSettingsTable {
  id: number
  utc_offset_minutes: number
  /** working periods in minutes after local midnight */
  periods: JSONColumnType<{ start: number; end: number }[]>
  rest_weekdays: number[]
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>
}
