import type { ColumnType, Generated, JSONColumnType } from 'kysely'
import type { CreatedAt } from './common.ts'

type Time = ColumnType<Date, Date | string | undefined, Date | string>
type OptionalTime = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>

export interface UserTable {
  id: Generated<number>
  username: string
  name: string
  role: string
  /** scope roots: the user may act on grids whose path contains one of these ids */
  grid_ids: ColumnType<number[], number[] | undefined, number[]>
  /** department users: the issue categories they handle; null = any */
  categories: ColumnType<string[] | null, string[] | null | undefined, string[] | null>
  /** department users: the department's name as cases name it (e.g. 区环卫站) */
  department: string | null
  password_hash: string
  disabled: ColumnType<boolean, boolean | undefined, boolean>
  password_changed_at: Time
  created_at: CreatedAt
  updated_at: Time
}

export interface SessionTable {
  /** sha-256 of the cookie token (the token itself is never stored) */
  id: string
  user_id: number
  created_at: CreatedAt
  last_seen_at: Time
  expires_at: ColumnType<Date, Date | string, Date | string>
  revoked_at: OptionalTime
  ip: string | null
  user_agent: string | null
}

export interface LoginAttemptTable {
  id: Generated<number>
  username: string
  ip: string
  at: Time
  success: boolean
}

export interface AuditLogTable {
  id: Generated<number>
  at: Time
  user_id: number | null
  username: string | null
  role: string | null
  action: string
  target: string | null
  details: JSONColumnType<Record<string, unknown> | null, string | null, string | null>
  ip: string | null
  user_agent: string | null
}
