import { sql, type Kysely } from 'kysely'

/**
 * The first schema. Frozen once landed: later changes come as new migrations.
 *
 * Geometry is GeoJSON in jsonb plus a bounding box in four float columns. A GiST index on
 * box(point(minx, miny), point(maxx, maxy)) (points: on point(lon, lat)) makes window queries
 * indexed on embedded PGlite and on a PostgreSQL server alike, with no extension. Geometry is
 * validated in the API before it is written; the database never sees an invalid polygon.
 */
const BBOX = sql.raw('minx double precision not null, miny double precision not null, maxx double precision not null, maxy double precision not null')

function boxIndex(table: string) {
  return sql.raw(`create index ${table}_box_idx on ${table} using gist (box(point(minx, miny), point(maxx, maxy)))`)
}
function pointIndex(table: string) {
  return sql.raw(`create index ${table}_point_idx on ${table} using gist (point(lon, lat))`)
}
function pathIndex(table: string, column = 'grid_path') {
  return sql.raw(`create index ${table}_${column}_idx on ${table} using gin (${column})`)
}

export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    sql`create table meta (
      key text primary key,
      value jsonb not null,
      updated_at timestamptz not null default now()
    )`,
    sql`create table districts (
      id integer primary key,
      code text not null unique,
      name text not null,
      name_en text not null,
      geom jsonb not null,
      ${BBOX}
    )`,
    sql`create table grids (
      id integer primary key,
      code text not null unique check (code ~ '^[0-9]{15}$'),
      name text not null,
      name_en text not null,
      level smallint not null check (level between 0 and 3),
      kind text not null,
      parent_id integer references grids (id),
      path integer[] not null,
      leader jsonb not null,
      persons jsonb not null default '[]',
      unit jsonb not null,
      households integer not null default 0,
      population integer not null default 0,
      area_m2 double precision not null,
      geom jsonb not null,
      ${BBOX},
      created_at timestamptz not null default now(),
      check ((level = 0) = (parent_id is null))
    )`,
    boxIndex('grids'),
    sql`create index grids_level_idx on grids (level)`,
    sql`create index grids_parent_idx on grids (parent_id)`,
    pathIndex('grids', 'path'),
    sql`create table roads (
      id integer primary key,
      name text,
      class text not null,
      length_m double precision not null,
      geom jsonb not null,
      ${BBOX}
    )`,
    boxIndex('roads'),
    sql`create table water (
      id integer primary key,
      kind text not null,
      name text,
      geom jsonb not null,
      ${BBOX}
    )`,
    boxIndex('water'),
    sql`create table compounds (
      id integer primary key,
      name text not null,
      grid_id integer not null references grids (id),
      grid_path integer[] not null,
      has_property boolean not null,
      property_company text,
      old boolean not null default false,
      renovation jsonb,
      built_year integer,
      building_count integer not null default 0,
      households integer not null default 0,
      pilot boolean not null default false,
      area_m2 double precision not null,
      geom jsonb not null,
      ${BBOX}
    )`,
    boxIndex('compounds'),
    pathIndex('compounds'),
    sql`create table green_areas (
      id integer primary key,
      kind text not null,
      name text,
      compound_id integer references compounds (id),
      area_m2 double precision not null,
      geom jsonb not null,
      ${BBOX}
    )`,
    boxIndex('green_areas'),
    sql`create index green_areas_compound_idx on green_areas (compound_id)`,
    sql`create table buildings (
      id integer primary key,
      name text not null,
      use text not null,
      floors integer not null,
      households integer not null default 0,
      compound_id integer references compounds (id),
      grid_id integer not null references grids (id),
      grid_path integer[] not null,
      cx double precision not null,
      cy double precision not null,
      geom jsonb not null,
      ${BBOX}
    )`,
    boxIndex('buildings'),
    pathIndex('buildings'),
    sql`create index buildings_compound_idx on buildings (compound_id)`,
    sql`create table kiosks (
      id integer primary key,
      kind text not null check (kind in ('kiosk', 'drop_point')),
      name text not null,
      streams jsonb not null,
      compound_id integer references compounds (id),
      building_id integer references buildings (id),
      grid_id integer not null references grids (id),
      grid_path integer[] not null,
      supervisor jsonb,
      open_hours text,
      lon double precision not null,
      lat double precision not null
    )`,
    pointIndex('kiosks'),
    pathIndex('kiosks'),
    sql`create table facilities (
      id integer primary key,
      kind text not null,
      name text not null,
      grid_id integer not null references grids (id),
      grid_path integer[] not null,
      compound_id integer references compounds (id),
      props jsonb not null default '{}',
      lon double precision not null,
      lat double precision not null
    )`,
    pointIndex('facilities'),
    pathIndex('facilities'),
    sql`create table patrols (
      id integer generated by default as identity primary key,
      worker jsonb not null,
      grid_id integer not null references grids (id),
      grid_path integer[] not null,
      started_at timestamptz not null,
      ended_at timestamptz not null,
      length_m double precision not null,
      times jsonb not null,
      geom jsonb not null,
      ${BBOX}
    )`,
    boxIndex('patrols'),
    pathIndex('patrols'),
    sql`create index patrols_started_idx on patrols (started_at)`,
    sql`create table issue_categories (
      code text primary key,
      name_zh text not null,
      name_en text not null,
      group_code text not null,
      limit_value integer not null check (limit_value > 0),
      limit_unit text not null check (limit_unit in ('working_hours', 'working_days')),
      sort integer not null
    )`,
    sql`create table issues (
      id integer generated by default as identity primary key,
      category text not null references issue_categories (code),
      description text not null,
      status text not null,
      source text not null,
      reporter jsonb,
      lon double precision not null check (lon between -180 and 180),
      lat double precision not null check (lat between -90 and 90),
      grid_id integer not null references grids (id),
      grid_path integer[] not null,
      reported_at timestamptz not null,
      accepted_at timestamptz,
      opened_at timestamptz,
      dispatched_at timestamptz,
      deadline_at timestamptz,
      handled_at timestamptz,
      closed_at timestamptz,
      department text,
      rework_count integer not null default 0,
      created_at timestamptz not null default now()
    )`,
    pointIndex('issues'),
    pathIndex('issues'),
    sql`create index issues_category_idx on issues (category)`,
    sql`create index issues_status_idx on issues (status)`,
    sql`create index issues_reported_idx on issues (reported_at)`,
  ]
  for (const statement of statements) await statement.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['issues', 'issue_categories', 'patrols', 'facilities', 'kiosks', 'buildings', 'green_areas', 'compounds', 'water', 'roads', 'grids', 'districts', 'meta']) {
    await sql`drop table if exists ${sql.table(table)}`.execute(db)
  }
}
