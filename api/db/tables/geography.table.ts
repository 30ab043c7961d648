import type { LineString, MultiLineString, MultiPolygon, Polygon } from 'geojson'
import type { ColumnType, JSONColumnType } from 'kysely'
import type { BboxColumns, CreatedAt, GeometryColumn } from './common.ts'

export interface Person {
  role: string
  roleZh: string
  name: string
  phone: string
}

export interface DistrictTable extends BboxColumns {
  id: number
  code: string
  name: string
  name_en: string
  geom: GeometryColumn<Polygon | MultiPolygon>
}

export interface GridTable extends BboxColumns {
  id: number
  code: string
  name: string
  name_en: string
  /** 0 street/town, 1 community/village, 2 area 片区, 3 point 点位 */
  level: number
  kind: string
  parent_id: number | null
  /** ids from level 0 down to this grid, inclusive */
  path: number[]
  leader: JSONColumnType<Person>
  persons: JSONColumnType<Person[]>
  unit: JSONColumnType<{ name: string; phone: string }>
  households: number
  population: number
  area_m2: number
  geom: GeometryColumn<Polygon | MultiPolygon>
  created_at: CreatedAt
  /** bumped by each planning change set touching the grid (optimistic concurrency) */
  version: ColumnType<number, number | undefined, number>
  /** set when a planning change retires the grid; grids (the view) holds only unretired ones */
  retired_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>
}

export interface RoadTable extends BboxColumns {
  id: number
  name: string | null
  class: string
  length_m: number
  geom: GeometryColumn<LineString | MultiLineString>
}

export interface WaterTable extends BboxColumns {
  id: number
  kind: string
  name: string | null
  geom: GeometryColumn<Polygon | MultiPolygon | LineString | MultiLineString>
}

export interface GreenAreaTable extends BboxColumns {
  id: number
  kind: string
  name: string | null
  compound_id: number | null
  area_m2: number
  geom: GeometryColumn<Polygon | MultiPolygon>
}

export interface CompoundTable extends BboxColumns {
  id: number
  name: string
  grid_id: number
  grid_path: number[]
  has_property: boolean
  property_company: string | null
  old: boolean
  renovation: JSONColumnType<{ planned: boolean; year: number; status: string } | null, string | null, string | null>
  built_year: number | null
  building_count: number
  households: number
  pilot: boolean
  area_m2: number
  geom: GeometryColumn<Polygon | MultiPolygon>
}

export interface BuildingTable extends BboxColumns {
  id: number
  name: string
  use: string
  floors: number
  households: number
  compound_id: number | null
  grid_id: number
  grid_path: number[]
  /** centroid used by coverage analyses (inside the footprint) */
  cx: number
  cy: number
  geom: GeometryColumn<Polygon | MultiPolygon>
}

export interface KioskTable {
  id: number
  kind: 'kiosk' | 'drop_point'
  name: string
  streams: JSONColumnType<string[]>
  compound_id: number | null
  building_id: number | null
  grid_id: number
  grid_path: number[]
  supervisor: JSONColumnType<{ name: string; phone: string } | null, string | null, string | null>
  open_hours: string | null
  lon: number
  lat: number
}

export interface FacilityTable {
  id: number
  kind: string
  name: string
  grid_id: number
  grid_path: number[]
  compound_id: number | null
  props: JSONColumnType<Record<string, unknown>>
  lon: number
  lat: number
}
