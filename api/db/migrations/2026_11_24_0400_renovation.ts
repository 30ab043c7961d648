import { sql, type Kysely } from 'kysely'

/**
 * Old-compound renovation projects (老旧小区综合整治, seed 001 §11; helper "civmap"). Frozen once landed.
 * One project per compound and year. Status moves forward one step at a time
 * (planned → design → construction → completed → accepted); the dates of the steps are kept.
 * Scope items are the seed's 整治内容 as codes. Budget in yuan (null when not yet estimated).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table civ_renovations (
      id serial primary key,
      compound_id integer not null references compounds(id),
      name text not null check (length(trim(name)) > 0),
      year integer not null check (year between 2000 and 2100),
      status text not null default 'planned' check (status in ('planned', 'design', 'construction', 'completed', 'accepted')),
      scope text[] not null check (cardinality(scope) > 0 and scope <@ array['road_surface', 'greening', 'bike_shed', 'charging', 'corridor', 'lighting', 'rain_sewage']::text[]),
      planned_start date not null,
      planned_end date not null,
      started_at date,
      completed_at date,
      accepted_at date,
      budget numeric(14, 2) check (budget is null or budget >= 0),
      note text,
      created_by integer references users(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (compound_id, year),
      check (planned_end >= planned_start),
      check (completed_at is null or (started_at is not null and completed_at >= started_at)),
      check (accepted_at is null or (completed_at is not null and accepted_at >= completed_at))
    )`.execute(db)
  await sql`create index civ_renovations_compound_idx on civ_renovations (compound_id)`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists civ_renovations`.execute(db)
}
