import type { LineString } from 'geojson'
import type { ColumnType, JSONColumnType } from 'kysely'
import type { BboxColumns, GeometryColumn } from './common.ts'

/** A recorded GPS patrol track: generated with the demo, or uploaded (api/patrols/upload.ts). */
export interface PatrolTable extends BboxColumns {
  id: ColumnType<number, number | undefined, never>
  worker: JSONColumnType<{ name: string; phone: string }>
  /** the grid patrolled (the level-2 area for demo tracks); null outside the district */
  grid_id: number | null
  grid_path: number[]
  started_at: Date
  ended_at: Date
  length_m: number
  /** epoch milliseconds of each fix, parallel to the LineString's positions */
  times: JSONColumnType<number[]>
  geom: GeometryColumn<LineString>
  source: ColumnType<'demo' | 'gpx' | 'plt' | 'geojson', 'demo' | 'gpx' | 'plt' | 'geojson' | undefined>
  name: ColumnType<string | null, string | null | undefined>
  uploaded_at: ColumnType<Date | null, Date | null | undefined>
  import: JSONColumnType<{ fixes: number; untimed: number; reordered: number } | null, string | null | undefined, string | null>
}
