import type { ColumnType, Generated, JSONColumnType } from 'kysely'
import type { CreatedAt } from './common.ts'

export type ChecklistKind = 'compound' | 'community'
export type ChecklistStatus = 'draft' | 'active' | 'retired'
export type CheckMethod = 'site' | 'document' | 'survey'
export type CompoundStatus = 'not_started' | 'in_progress' | 'civilised' | 'demonstration'
export type AssessmentSource = 'auto' | 'inspection' | 'mock'

/** A pass mark: the measured value `op` value (shares are 0–1, unit '%' means a share shown as a percentage). */
export interface Threshold {
  op: '>=' | '<=' | '='
  value: number
  unit: string
}

/** One version of a checklist (api/civ/standard). */
export interface CivChecklistTable {
  id: Generated<number>
  kind: ChecklistKind
  version: number
  title: string
  title_en: string
  status: ChecklistStatus
  /** where the items come from (seed file, or "edit of v1") */
  source: string | null
  /** the editor's reason for a new version */
  note: string | null
  created_by: string | null
  created_at: CreatedAt
}

export interface CivChecklistItemTable {
  id: Generated<number>
  checklist_id: number
  group_key: string
  code: string
  text: string
  text_en: string
  weight: number
  method: CheckMethod
  threshold: JSONColumnType<Threshold | null, string | null, string | null>
  /** a measure the system fills in itself (api/civ/standard/auto.ts), or null */
  auto_source: string | null
  /** the issue category opened when the item fails, or null */
  case_category: string | null
  sort: number
}

export interface CivAssessmentTable {
  id: Generated<number>
  compound_id: number | null
  /** community checklist: the community grid assessed (compound_id null) */
  grid_id: ColumnType<number | null, number | null | undefined, number | null>
  checklist_id: number
  source: AssessmentSource
  /** the inspection this assessment came from */
  ref_id: number | null
  score: number
  max_score: number
  rate: number
  assessed_at: ColumnType<Date, Date | string, Date | string>
  assessed_by: string | null
}

export interface CivAssessmentResultTable {
  assessment_id: number
  item_id: number
  /** null: not assessed / not applicable (left out of the maximum) */
  passed: boolean | null
  value: number | null
  auto: ColumnType<boolean, boolean | undefined, boolean>
  note: string | null
}

/** Status history: the latest `since` per compound is the compound's status. */
export interface CivCompoundStatusTable {
  id: Generated<number>
  compound_id: number
  status: CompoundStatus
  score: number | null
  rate: number | null
  assessment_id: number | null
  since: ColumnType<Date, Date | string, Date | string>
  reason: string
  by: string | null
}
