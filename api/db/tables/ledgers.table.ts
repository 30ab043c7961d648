import type { ColumnType, JSONColumnType } from 'kysely'
import type { CreatedAt, Timestamp } from './common.ts'

/** The ledger types stored in ledger_entries; patrol records are derived from patrols. */
export const STORED_LEDGER_TYPES = ['station_activity', 'volunteer_activity', 'good_person', 'kiosk_clearance', 'training', 'compound_meeting'] as const
export type StoredLedgerType = (typeof STORED_LEDGER_TYPES)[number]

/** A volunteer team (志愿服务队) of a village/residence (level-1 grid). */
export interface VolunteerTeamTable {
  id: ColumnType<number, number | undefined, never>
  name: string
  grid_id: number
  grid_path: number[]
  leader: string
  members: number
  focus: string
  /** YYYY-MM-DD */
  founded_on: ColumnType<string, string, string>
  dissolved_on: ColumnType<string | null, string | null | undefined, string | null>
  lon: number
  lat: number
}

/** One ledger entry (台账记录); attributes hold the type's own fields. */
export interface LedgerEntryTable {
  id: ColumnType<number, number | undefined, never>
  type: StoredLedgerType
  facility_id: number | null
  kiosk_id: number | null
  compound_id: number | null
  team_id: number | null
  grid_id: number
  grid_path: number[]
  lon: number
  lat: number
  occurred_at: Timestamp
  title: string
  people: JSONColumnType<string[]>
  photo_ids: ColumnType<number[], number[] | undefined, number[]>
  attributes: JSONColumnType<Record<string, unknown>>
  source: ColumnType<'manual' | 'import' | 'demo', 'manual' | 'import' | 'demo' | undefined, never>
  created_by: number | null
  created_at: CreatedAt
}
