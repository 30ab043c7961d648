/**
 * The local metric frame (x east, y north, metres) and its mapping to WGS84 lon/lat.
 * Equirectangular about the origin: over the district's ~30 km the error stays below 1 cm,
 * far under the 6-decimal (~0.1 m) precision of the output.
 */

export const ORIGIN_LON = 102.54
export const ORIGIN_LAT = 24.35
const EARTH_RADIUS = 6371008.8
const M_PER_DEG_LAT = (Math.PI / 180) * EARTH_RADIUS
const M_PER_DEG_LON = M_PER_DEG_LAT * Math.cos((ORIGIN_LAT * Math.PI) / 180)

export type XY = [number, number]
export type LonLat = [number, number]

/** Rounds to 6 decimals; the only rounding applied to output coordinates. */
export function round6(v: number): number {
  return Math.round(v * 1e6) / 1e6
}

export function toLonLat(x: number, y: number): LonLat {
  return [round6(ORIGIN_LON + x / M_PER_DEG_LON), round6(ORIGIN_LAT + y / M_PER_DEG_LAT)]
}

export function toXY(lon: number, lat: number): XY {
  return [(lon - ORIGIN_LON) * M_PER_DEG_LON, (lat - ORIGIN_LAT) * M_PER_DEG_LAT]
}

/** Maps a ring or line, dropping consecutive duplicates created by rounding. */
export function toLonLatLine(points: readonly XY[]): LonLat[] {
  const out: LonLat[] = []
  for (const [x, y] of points) {
    const p = toLonLat(x, y)
    const last = out[out.length - 1]
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p)
  }
  return out
}

/** Maps an open ring (no repeated first point) to a closed GeoJSON ring. */
export function toLonLatRing(ring: readonly XY[]): LonLat[] {
  const out = toLonLatLine(ring)
  while (out.length > 1 && out[0][0] === out[out.length - 1][0] && out[0][1] === out[out.length - 1][1]) out.pop()
  out.push(out[0])
  return out
}
