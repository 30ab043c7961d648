import type { Migration } from 'kysely'
import * as initial from './2026_11_22_1900_initial.ts'

/** Every migration, by name; names sort in the order they run. Frozen once landed. */
export const migrations: Record<string, Migration> = {
  '2026_11_22_1900_initial': initial,
}
