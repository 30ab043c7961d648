import type { Migration } from 'kysely'
import * as initial from './2026_11_22_1900_initial.ts'
import * as authUsers from './2026_11_22_2242_auth_users.ts'
// issue 7 · civ standard (civstd): import here
import * as civStandard from './2026_11_24_0100_civ_standard.ts'
import * as liveEvents from './2026_11_23_2241_live_events.ts'
import * as lifecycleCases from './2026_11_23_2241_lifecycle_cases.ts'
// issue 7 · inspections (inspect): import here
import * as inspections from './2026_11_24_0200_inspections.ts'
import * as calendarLimits from './2026_11_23_2246_calendar_limits.ts'
import * as calendarSweepIndex from './2026_11_23_2308_calendar_sweep_index.ts'
// issue 7 · ledgers (ledger): import here
import * as ledgers from './2026_11_24_0300_ledgers.ts'
import * as patrolUploads from './2026_11_23_2309_patrol_uploads.ts'
// issue 6 · boundary import at level 0 (bounds)
import * as planningRoots from './2026_11_24_0606_planning_roots.ts'
import * as tilesPostgis from './2026_11_23_0150_tiles_postgis.ts'
// issue 7 · progress/renovation (civmap): import here
import * as renovation from './2026_11_24_0400_renovation.ts'
import * as planningVersions from './2026_11_23_0150_planning_versions.ts'

/** Every migration, by name; names sort in the order they run. Frozen once landed. */
export const migrations: Record<string, Migration> = {
  '2026_11_22_1900_initial': initial,
  '2026_11_22_2242_auth_users': authUsers,
  // issue 7 · civ standard (civstd)
  '2026_11_24_0100_civ_standard': civStandard,
  '2026_11_23_2241_live_events': liveEvents,
  '2026_11_23_2241_lifecycle_cases': lifecycleCases,
  // issue 7 · inspections (inspect)
  '2026_11_24_0200_inspections': inspections,
  '2026_11_23_2246_calendar_limits': calendarLimits,
  '2026_11_23_2308_calendar_sweep_index': calendarSweepIndex,
  // issue 7 · ledgers (ledger)
  '2026_11_24_0300_ledgers': ledgers,
  '2026_11_23_2309_patrol_uploads': patrolUploads,
  // issue 6 · boundary import at level 0 (bounds)
  '2026_11_24_0606_planning_roots': planningRoots,
  '2026_11_23_0150_tiles_postgis': tilesPostgis,
  // issue 7 · progress/renovation (civmap)
  '2026_11_24_0400_renovation': renovation,
  '2026_11_23_0150_planning_versions': planningVersions,
}
