import type { Migration } from 'kysely'
import * as initial from './2026_11_22_1900_initial.ts'
import * as authUsers from './2026_11_22_2242_auth_users.ts'
import * as liveEvents from './2026_11_23_2241_live_events.ts'
import * as lifecycleCases from './2026_11_23_2241_lifecycle_cases.ts'
import * as calendarLimits from './2026_11_23_2246_calendar_limits.ts'
import * as calendarSweepIndex from './2026_11_23_2308_calendar_sweep_index.ts'
import * as patrolUploads from './2026_11_23_2309_patrol_uploads.ts'
import * as tilesPostgis from './2026_11_23_0150_tiles_postgis.ts'
import * as planningVersions from './2026_11_23_0150_planning_versions.ts'

/** Every migration, by name; names sort in the order they run. Frozen once landed. */
export const migrations: Record<string, Migration> = {
  '2026_11_22_1900_initial': initial,
  '2026_11_22_2242_auth_users': authUsers,
  '2026_11_23_2241_live_events': liveEvents,
  '2026_11_23_2241_lifecycle_cases': lifecycleCases,
  '2026_11_23_2246_calendar_limits': calendarLimits,
  '2026_11_23_2308_calendar_sweep_index': calendarSweepIndex,
  '2026_11_23_2309_patrol_uploads': patrolUploads,
  '2026_11_23_0150_tiles_postgis': tilesPostgis,
  '2026_11_23_0150_planning_versions': planningVersions,
}
