import type {
  BuildingTable,
  CompoundTable,
  DistrictTable,
  FacilityTable,
  GreenAreaTable,
  GridTable,
  KioskTable,
  RoadTable,
  WaterTable,
} from './tables/geography.table.ts'
import type { PatrolTable } from './tables/patrols.table.ts'
// issue 7 · ledgers (ledger) / progress (civmap): table imports here
import type { CivRenovationTable } from './tables/renovation.table.ts'
import type { LedgerEntryTable, VolunteerTeamTable } from './tables/ledgers.table.ts'
import type { EventTable } from './tables/events.table.ts'
import type { IssueUpdateTable, PhotoTable } from './tables/cases.table.ts'
import type { CalendarDayTable, CalendarSettingsTable } from './tables/calendar.table.ts'
import type { IssueCategoryTable, IssueTable } from './tables/issues.table.ts'
import type { AuditLogTable, LoginAttemptTable, SessionTable, UserTable } from './tables/auth.table.ts'
// issue 7 · civ standard (civstd) / inspections (inspect): table imports here
import type { CivAssessmentResultTable, CivAssessmentTable, CivChecklistItemTable, CivChecklistTable, CivCompoundStatusTable } from './tables/civ-standard.table.ts'
import type { CivInspectionResultTable, CivInspectionTable, CivMockBatchTable } from './tables/inspections.table.ts'
import type { MetaTable } from './tables/meta.table.ts'
import type { PlanningChangeSetTable, PlanningGridVersionTable } from './tables/planning.table.ts'

/** The one typed view of the schema; each table's row type lives in tables/. */
export interface Database {
  meta: MetaTable
  districts: DistrictTable
  grids: GridTable
  roads: RoadTable
  water: WaterTable
  green_areas: GreenAreaTable
  compounds: CompoundTable
  buildings: BuildingTable
  kiosks: KioskTable
  facilities: FacilityTable
  // issue 7 · civ standard (civstd)
  civ_checklists: CivChecklistTable
  civ_checklist_items: CivChecklistItemTable
  civ_assessments: CivAssessmentTable
  civ_assessment_results: CivAssessmentResultTable
  civ_compound_status: CivCompoundStatusTable
  patrols: PatrolTable
  issue_categories: IssueCategoryTable
  issues: IssueTable
  events: EventTable
  issue_updates: IssueUpdateTable
  // issue 7 · inspections (inspect)
  civ_mock_batches: CivMockBatchTable
  civ_inspections: CivInspectionTable
  civ_inspection_results: CivInspectionResultTable
  photos: PhotoTable
  calendar_days: CalendarDayTable
  calendar_settings: CalendarSettingsTable
  users: UserTable
  // issue 7 · ledgers (ledger)
  volunteer_teams: VolunteerTeamTable
  ledger_entries: LedgerEntryTable
  sessions: SessionTable
  login_attempts: LoginAttemptTable
  audit_log: AuditLogTable
  // issue 7 · progress/renovation (civmap)
  civ_renovations: CivRenovationTable
  /** every grid ever, retired ones too (grids is the view of those in force) */
  grid_records: GridTable
  planning_change_sets: PlanningChangeSetTable
  planning_grid_versions: PlanningGridVersionTable
}
