import { sql, type Kysely } from 'kysely'

/**
 * The civilised-compound standard (issue 7, helper "civstd"): versioned checklists and their items,
 * assessments with one result per item, and each compound's status history. Frozen once landed.
 * - civ_checklists: one row per version of a checklist (kind compound | community); at most one
 *   version of a kind is active; an edit inserts a new version and retires the old one, so an
 *   assessment keeps the items (and weights) it was scored with.
 * - civ_assessments: a compound's (or, for the community checklist, a community grid's) scored
 *   assessment; score and max_score are the weighted sums, rate = score / max_score.
 * - civ_assessment_results.item_id has no foreign key: items are never deleted (a version is
 *   immutable once made), and the demo writes tens of thousands of results.
 * - civ_compound_status: history; the row with the latest `since` is the compound's status.
 */
export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of [
    sql`create table civ_checklists (
      id serial primary key,
      kind text not null check (kind in ('compound', 'community')),
      version integer not null check (version > 0),
      title text not null,
      title_en text not null,
      status text not null check (status in ('draft', 'active', 'retired')),
      source text,
      note text,
      created_by text,
      created_at timestamptz not null default now(),
      unique (kind, version)
    )`,
    sql`create unique index civ_checklists_one_active on civ_checklists (kind) where status = 'active'`,
    sql`create table civ_checklist_items (
      id serial primary key,
      checklist_id integer not null references civ_checklists (id) on delete cascade,
      group_key text not null,
      code text not null,
      text text not null,
      text_en text not null,
      weight double precision not null check (weight > 0),
      method text not null check (method in ('site', 'document', 'survey')),
      threshold jsonb,
      auto_source text,
      case_category text,
      sort integer not null,
      unique (checklist_id, code)
    )`,
    sql`create table civ_assessments (
      id serial primary key,
      compound_id integer references compounds (id),
      grid_id integer,
      checklist_id integer not null references civ_checklists (id),
      source text not null check (source in ('auto', 'inspection', 'mock')),
      ref_id integer,
      score double precision not null,
      max_score double precision not null,
      rate double precision not null,
      assessed_at timestamptz not null,
      assessed_by text,
      check ((compound_id is null) <> (grid_id is null))
    )`,
    sql`create index civ_assessments_compound_idx on civ_assessments (compound_id, assessed_at)`,
    sql`create index civ_assessments_checklist_idx on civ_assessments (checklist_id)`,
    sql`create table civ_assessment_results (
      assessment_id integer not null references civ_assessments (id) on delete cascade,
      item_id integer not null,
      passed boolean,
      value double precision,
      auto boolean not null default false,
      note text,
      primary key (assessment_id, item_id)
    )`,
    sql`create table civ_compound_status (
      id serial primary key,
      compound_id integer not null references compounds (id),
      status text not null check (status in ('not_started', 'in_progress', 'civilised', 'demonstration')),
      score double precision,
      rate double precision,
      assessment_id integer references civ_assessments (id),
      since timestamptz not null,
      reason text not null,
      by text
    )`,
    sql`create index civ_compound_status_compound_idx on civ_compound_status (compound_id, since)`,
    sql`create index civ_compound_status_since_idx on civ_compound_status (since)`,
  ]) {
    await statement.execute(db)
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['civ_compound_status', 'civ_assessment_results', 'civ_assessments', 'civ_checklist_items', 'civ_checklists']) {
    await sql`drop table if exists ${sql.ref(table)}`.execute(db)
  }
}
