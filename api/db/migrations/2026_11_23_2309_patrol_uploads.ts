import { sql, type Kysely } from 'kysely'

/**
 * Uploaded patrol tracks (helper "patrol"). Frozen once landed.
 * - patrols.grid_id / grid_path may be empty: a track recorded outside the district is stored as
 *   uploaded (it simply visits nothing), grid_path '{}'.
 * - source: 'demo' for generated tracks, else the file format the track was read from;
 *   name: the track's name in the file; uploaded_at; import: what reading the file reported
 *   (fixes, untimed points dropped, out-of-order fixes sorted).
 */
export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of [
    sql`alter table patrols alter column grid_id drop not null`,
    sql`alter table patrols add column source text not null default 'demo' check (source in ('demo', 'gpx', 'plt', 'geojson'))`,
    sql`alter table patrols add column name text`,
    sql`alter table patrols add column uploaded_at timestamptz`,
    sql`alter table patrols add column import jsonb`,
    sql`create index patrols_ended_idx on patrols (ended_at)`,
  ]) {
    await statement.execute(db)
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists patrols_ended_idx`.execute(db)
  for (const column of ['import', 'uploaded_at', 'name', 'source']) await sql`alter table patrols drop column if exists ${sql.ref(column)}`.execute(db)
  await sql`delete from patrols where grid_id is null`.execute(db)
  await sql`alter table patrols alter column grid_id set not null`.execute(db)
}
