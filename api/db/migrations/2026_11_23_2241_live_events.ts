import { sql, type Kysely } from 'kysely'

/**
 * The live event log (helper "live"): one row per case event, in commit order. The id is the
 * SSE id a reconnecting client sends back as Last-Event-ID; the stream replays `id > last`.
 * Frozen once landed.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table events (
    id bigserial primary key,
    type text not null,
    issue_id integer,
    grid_path integer[] not null default '{}',
    payload jsonb not null default '{}'::jsonb,
    at timestamptz not null default now()
  )`.execute(db)
  await sql`create index events_grid_path_idx on events using gin (grid_path)`.execute(db)
  await sql`create index events_issue_idx on events (issue_id)`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists events`.execute(db)
}
