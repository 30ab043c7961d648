import { sql, type Kysely } from 'kysely'

/**
 * Grid planning at level 0 (helper "bounds", issue 6): streets and towns have no parent grid (they
 * tile the district outline), so a change set of level-0 grids — e.g. a boundary import at level 0 —
 * has parent_id null and level 0. Frozen once landed.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table planning_change_sets alter column parent_id drop not null`.execute(db)
  await sql`alter table planning_change_sets drop constraint planning_change_sets_level_check`.execute(db)
  await sql`alter table planning_change_sets add constraint planning_change_sets_level_check check (level between 0 and 3 and (parent_id is null) = (level = 0))`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table planning_change_sets drop constraint planning_change_sets_level_check`.execute(db)
  await sql`alter table planning_change_sets add constraint planning_change_sets_level_check check (level between 1 and 3)`.execute(db)
  await sql`alter table planning_change_sets alter column parent_id set not null`.execute(db)
}
