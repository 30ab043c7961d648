import type { ColumnType, Generated, JSONColumnType } from 'kysely'
import type { Geometry } from 'geojson'

/** GeoJSON geometry stored as jsonb: read as an object, written as a JSON string. */
export type GeometryColumn<G extends Geometry = Geometry> = JSONColumnType<G>

/**
 * Bounding box columns kept beside every stored geometry. A GiST index on
 * box(point(minx, miny), point(maxx, maxy)) serves window queries on both engines
 * (core PostgreSQL, no extension needed).
 */
export interface BboxColumns {
  minx: number
  miny: number
  maxx: number
  maxy: number
}

export type Timestamp = ColumnType<Date, Date | string, Date | string>
export type CreatedAt = ColumnType<Date, Date | string | undefined, never>
export type { Generated, JSONColumnType }
