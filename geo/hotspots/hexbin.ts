/**
 * Hexagon bins on Uber's H3 grid (h3-js): every case falls in exactly one cell per resolution,
 * cells have (nearly) equal area, and the same cell id means the same place in the API, the
 * browser and a spreadsheet. Pure; runs in Node and the browser.
 */
import { cellToBoundary, cellToLatLng, isValidCell, latLngToCell } from 'h3-js'
import type { Polygon } from 'geojson'

/** The resolutions the screen offers: 7 (edge ≈ 1.4 km) … 10 (edge ≈ 76 m). */
export const HEX_RESOLUTIONS = [7, 8, 9, 10] as const
export type HexResolution = (typeof HEX_RESOLUTIONS)[number]
/** Every resolution the API accepts (H3 has 0–15; coarser or finer makes no sense for a district). */
export const MIN_HEX_RESOLUTION = 5
export const MAX_HEX_RESOLUTION = 11

/** The H3 cell holding a WGS84 point. */
export function hexCellOf(lon: number, lat: number, res: number): string {
  return latLngToCell(lat, lon, res)
}

/**
 * Cell ids for many points as small integers: `cell[i]` indexes `ids`. Integer ids let callers
 * count into typed arrays (playback re-counts every frame). O(n) h3 look-ups.
 */
export function hexCells(lon: ArrayLike<number>, lat: ArrayLike<number>, res: number): { ids: string[]; cell: Int32Array } {
  if (lon.length !== lat.length) throw new Error(`hexCells: ${lon.length} longitudes but ${lat.length} latitudes`)
  const index = new Map<string, number>()
  const ids: string[] = []
  const cell = new Int32Array(lon.length)
  for (let i = 0; i < lon.length; i++) {
    const id = latLngToCell(lat[i], lon[i], res)
    let k = index.get(id)
    if (k === undefined) {
      k = ids.length
      index.set(id, k)
      ids.push(id)
    }
    cell[i] = k
  }
  return { ids, cell }
}

/** The cell's outline as a closed GeoJSON polygon ([lon, lat]). */
export function hexPolygon(cell: string): Polygon {
  if (!isValidCell(cell)) throw new Error(`hexPolygon: not an H3 cell: "${cell}"`)
  return { type: 'Polygon', coordinates: [cellToBoundary(cell, true)] }
}

/** The cell's centre as [lon, lat]. */
export function hexCenter(cell: string): [number, number] {
  const [lat, lon] = cellToLatLng(cell)
  return [lon, lat]
}

/** True for a valid H3 cell id. */
export function isHexCell(cell: string): boolean {
  return isValidCell(cell)
}

/**
 * The resolution that keeps hexagons a readable 20–60 px across at a web-map zoom: one step of
 * H3 (×√7 in edge length) per ~1.4 zoom levels.
 */
export function hexResolutionForZoom(zoom: number): HexResolution {
  if (zoom < 11.5) return 7
  if (zoom < 13) return 8
  if (zoom < 14.5) return 9
  return 10
}
