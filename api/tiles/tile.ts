/** Tile addresses (XYZ, Web Mercator, y down) and their bounds. */
import { badRequest } from '../errors.ts'

export interface TileId {
  z: number
  x: number
  y: number
}

/** Deepest zoom served; beyond it MapLibre overzooms (the data has no finer detail to show). */
export const MAX_TILE_ZOOM = 22
export const EXTENT = 4096

const INT = /^\d{1,8}$/

/** Parses z/x/y from the path (y may carry the `.mvt` suffix); 400 invalid_tile when out of range. */
export function parseTile(z: string, x: string, yFile: string): TileId {
  const y = yFile.replace(/\.mvt$/, '')
  if (!yFile.endsWith('.mvt') || !INT.test(z) || !INT.test(x) || !INT.test(y)) {
    throw badRequest('invalid_tile', `A tile is /{z}/{x}/{y}.mvt with integers; got /${z}/${x}/${yFile}`, { z, x, y: yFile })
  }
  const tile = { z: Number(z), x: Number(x), y: Number(y) }
  if (tile.z > MAX_TILE_ZOOM) throw badRequest('invalid_tile', `z must be 0–${MAX_TILE_ZOOM}; got ${tile.z}`, tile)
  const n = 2 ** tile.z
  if (tile.x >= n || tile.y >= n) throw badRequest('invalid_tile', `x and y must be below 2^z = ${n} at z ${tile.z}; got ${tile.x}/${tile.y}`, tile)
  return tile
}

const lonOf = (x: number, n: number) => (x / n) * 360 - 180
const latOf = (y: number, n: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * y) / n))) * 180) / Math.PI

/** [west, south, east, north] in degrees. */
export function tileBounds({ z, x, y }: TileId): [number, number, number, number] {
  const n = 2 ** z
  return [lonOf(x, n), latOf(y + 1, n), lonOf(x + 1, n), latOf(y, n)]
}

/** A lon/lat's position in the tile, in tile units (x right, y down; [0, EXTENT) inside). */
export function tilePoint({ z, x, y }: TileId, lon: number, lat: number, extent = EXTENT): [number, number] {
  const n = 2 ** z
  const rad = (lat * Math.PI) / 180
  const mx = ((lon + 180) / 360) * n
  const my = ((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n
  return [(mx - x) * extent, (my - y) * extent]
}
