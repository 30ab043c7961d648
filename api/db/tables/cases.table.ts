import type { ColumnType, Generated, JSONColumnType } from 'kysely'
import type { Timestamp } from './common.ts'

/** One transition of a case (api/cases/lifecycle.ts); the case's history is these rows by seq. */
export interface IssueUpdateTable {
  id: Generated<string>
  issue_id: number
  /** 1 for the report, then +1 per transition; equals issues.version after it */
  seq: number
  actor_id: number | null
  actor_name: string | null
  actor_role: string
  at: Timestamp
  from_status: string | null
  to_status: string
  action: string
  note: string | null
  photo_ids: ColumnType<number[], number[] | undefined, number[]>
  details: JSONColumnType<Record<string, unknown> | null, string | null | undefined, string | null>
  ip: string | null
}

/** An uploaded photo; bytes in the database so every API process serves them. */
export interface PhotoTable {
  id: Generated<number>
  /** hex SHA-256 of the bytes: the same image uploaded twice is stored once */
  sha256: string
  mime: 'image/jpeg' | 'image/png' | 'image/webp'
  size: number
  width: number | null
  height: number | null
  bytes: Uint8Array
  thumb: Uint8Array | null
  thumb_mime: string | null
  taken_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>
  lon: number | null
  lat: number | null
  uploaded_by: number | null
  uploaded_at: ColumnType<Date, Date | string | undefined, never>
}
