/**
 * The `cases` layer of a vector tile: the issues in the tile's bounds, filtered and scoped,
 * aggregated per tile in SQL so counts are exact at every zoom.
 *
 * Below SINGLE_ZOOM the tile is cut into square cells of CLUSTER_CELL tile units and every cell
 * with cases becomes one feature at the mean position of its cases: a cluster (`count` ≥ 2,
 * `overdue` and `open` counts, dominant `status` = the most frequent, ties to the first by name)
 * or, for a lone case, the case itself. From SINGLE_ZOOM every case is its own feature:
 * `id` (also the MVT feature id), `status`, `category`, `overdue` and `open` (0 or 1, so a
 * single reads like a cluster of one).
 *
 * A case belongs to exactly one tile per zoom: its integer tile position (floor, y down) lies in
 * [0, EXTENT)² — so the counts of a tile's features sum to the cases in the tile's bounds, and
 * those of its four children to its own. The same SQL runs on both engines; only the encoding
 * differs: PostGIS ST_AsMVT where it is installed, api/tiles/mvt.ts otherwise.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely'
import type { Database } from '../db/database.ts'
import { CLOSED_STATUSES } from '../cases/lifecycle.ts'
import { filterIssues, type IssueFilter } from '../issues/repository.ts'
import { encodeTile, type TileFeature } from './mvt.ts'
import { EXTENT, tileBounds, type TileId } from './tile.ts'

export const CASES_LAYER = 'cases'
/** Cell side in tile units: 512 of 4096 = 64 px on a 512-px tile, about a cluster's diameter. */
export const CLUSTER_CELL = 512
/** From this zoom on every case is drawn by itself (MapLibre overzooms the deepest tiles). */
export const SINGLE_ZOOM = 16

export type Tiler = 'postgis' | 'js'

/** One feature of the layer, as the SQL returns it. */
export interface CaseTileRow {
  id: number | null
  x: number
  y: number
  count: number | null
  overdue: number
  open: number
  status: string
  category: string | null
}

const CLOSED = CLOSED_STATUSES as readonly string[]

/** The features of one tile; `scope` is the caller's read scope (api/cases/access.ts readScope). */
function caseTileQuery(db: Kysely<Database>, tile: TileId, filter: IssueFilter, scope: RawBuilder<boolean>, now: Date): RawBuilder<CaseTileRow> {
  const n = 2 ** tile.z
  const [w, s, e, nth] = tileBounds(tile)
  const open = sql<boolean>`status not in (${sql.join(CLOSED)})`
  // the index narrows to the tile's lon/lat box; the exact half-open test runs on tile units below
  const inner = filterIssues(db.selectFrom('issues'), { ...filter, bbox: [w, s, e, nth] }, now)
    .where(scope)
    .select([
      'id',
      'status',
      'category',
      sql<number>`(${open})::int`.as('open'),
      sql<number>`(${open} and deadline_at is not null and deadline_at < ${now})::int`.as('overdue'),
      sql<number>`floor(((lon + 180) / 360 * ${n} - ${tile.x}) * ${EXTENT})::int`.as('px'),
      sql<number>`floor(((1 - ln(tan(radians(lat)) + 1 / cos(radians(lat))) / pi()) / 2 * ${n} - ${tile.y}) * ${EXTENT})::int`.as('py'),
    ])
  const points = sql`(select * from (${inner}) q where px >= 0 and px < ${EXTENT} and py >= 0 and py < ${EXTENT})`
  if (tile.z >= SINGLE_ZOOM) {
    return sql<CaseTileRow>`select id, px as x, py as y, null::int as count, overdue, open, status, category
      from ${points} p order by id`
  }
  return sql<CaseTileRow>`select case when n = 1 then id end as id, x, y, case when n > 1 then n end as count, overdue, open,
        case when n = 1 then status1 else dominant end as status, case when n = 1 then category end as category
      from (
        select count(*)::int as n, round(avg(px))::int as x, round(avg(py))::int as y,
          sum(overdue)::int as overdue, sum(open)::int as open, min(id) as id, min(status) as status1,
          min(category) as category, mode() within group (order by status) as dominant
        from ${points} p group by px / ${CLUSTER_CELL}, py / ${CLUSTER_CELL}
      ) c order by y, x`
}

/** Rows as plain numbers (bigint ids and counts arrive as strings from pg on some paths). */
export async function caseTileRows(db: Kysely<Database>, tile: TileId, filter: IssueFilter, scope: RawBuilder<boolean>, now: Date): Promise<CaseTileRow[]> {
  // one JSON text instead of row objects: PGlite converts rows to JS slowly (docs/architecture.md)
  const { rows } = await sql<{ j: string | null }>`select json_agg(t)::text as j from (${caseTileQuery(db, tile, filter, scope, now)}) t`.execute(db)
  return rows[0]?.j ? (JSON.parse(rows[0].j) as CaseTileRow[]) : []
}

/** Features in the encoder's form; null properties are left out of the tile. */
export function caseFeatures(rows: readonly CaseTileRow[]): TileFeature[] {
  return rows.map((r) => ({
    type: 'point',
    id: r.id ?? undefined,
    point: [r.x, r.y],
    properties: { id: r.id, count: r.count, overdue: r.overdue, open: r.open, status: r.status, category: r.category },
  }))
}

/** The tile's bytes (an empty tile is zero bytes, as ST_AsMVT gives). */
export async function renderCasesTile(
  db: Kysely<Database>,
  tiler: Tiler,
  tile: TileId,
  filter: IssueFilter,
  scope: RawBuilder<boolean>,
  now: Date,
): Promise<Uint8Array> {
  if (tiler === 'js') return encodeTile([{ name: CASES_LAYER, features: caseFeatures(await caseTileRows(db, tile, filter, scope, now)) }])
  const { rows } = await sql<{ mvt: Uint8Array | null }>`select ST_AsMVT(t, ${CASES_LAYER}, ${EXTENT}, 'geom', 'fid') as mvt
    from (select ST_Point(x, y) as geom, id as fid, id, count, overdue, open, status, category from (${caseTileQuery(db, tile, filter, scope, now)}) r) t`.execute(db)
  return rows[0]?.mvt ?? new Uint8Array(0)
}

export interface CaseCounts {
  total: number
  open: number
  overdue: number
  closed: number
}

/** The cases the filter and scope leave, as the layer panel and the district summary count them. */
export async function countCases(db: Kysely<Database>, filter: IssueFilter, scope: RawBuilder<boolean>, now: Date): Promise<CaseCounts> {
  const open = sql<boolean>`status not in (${sql.join(CLOSED)})`
  const row = await filterIssues(db.selectFrom('issues'), filter, now)
    .where(scope)
    .select([
      sql<number>`count(*)::int`.as('total'),
      sql<number>`(count(*) filter (where ${open}))::int`.as('open'),
      sql<number>`(count(*) filter (where ${open} and deadline_at < ${now}))::int`.as('overdue'),
    ])
    .executeTakeFirstOrThrow()
  return { ...row, closed: row.total - row.open }
}
