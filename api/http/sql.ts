import { sql, type RawBuilder } from 'kysely'
import type { Bbox } from '../geojson.ts'

/** Index-served test: the row's bbox columns intersect the window (GiST on box(point, point)). */
export function bboxIntersects(bbox: Bbox): RawBuilder<boolean> {
  return sql<boolean>`box(point(minx, miny), point(maxx, maxy)) && box(point(${bbox[0]}, ${bbox[1]}), point(${bbox[2]}, ${bbox[3]}))`
}

/** Index-served test: the row's point lies in the window (GiST on point(lon, lat)). */
export function pointWithin(bbox: Bbox): RawBuilder<boolean> {
  return sql<boolean>`point(lon, lat) <@ box(point(${bbox[0]}, ${bbox[1]}), point(${bbox[2]}, ${bbox[3]}))`
}

/** The row belongs to this grid or one of its descendants (GIN on the integer[] path). */
export function inGrid(gridId: number, column = 'grid_path'): RawBuilder<boolean> {
  return sql<boolean>`${sql.ref(column)} @> array[${gridId}]::integer[]`
}
