// The error record validateGeometry returns, and how its messages print values.

export type GeometryErrorCode =
  /** The geometry is not a JSON object (null, array, string …). */
  | 'not_an_object'
  /** `type` is missing or not a GeoJSON geometry type (a Feature passed by mistake lands here). */
  | 'unknown_type'
  /** A valid GeoJSON type this check does not accept (GeometryCollection unless allowed). */
  | 'unsupported_type'
  /** `coordinates` is missing or nested wrongly for the type. */
  | 'invalid_coordinates'
  /** A position is not 2 or 3 finite numbers. */
  | 'invalid_position'
  /** A Multi* geometry or Polygon with no members. */
  | 'empty_geometry'
  /** Longitude outside [-180, 180] or latitude outside [-90, 90] by a degree-like amount. */
  | 'out_of_range'
  /** Values of metre magnitude (|x| or |y| > 1000): the file is in a projected CRS. */
  | 'projected_coordinates'
  /** Positions outside the caller's expected area (opts.bbox). */
  | 'outside_expected_area'
  /** A LineString with fewer than 2 distinct positions. */
  | 'too_few_positions'
  | 'ring_not_closed'
  /** Fewer than 4 positions, or fewer than 3 distinct ones once repeats are dropped. */
  | 'ring_too_short'
  /** A closed ring whose vertices are all collinear: zero area. */
  | 'degenerate_ring'
  /** The boundary crosses itself, runs back over itself, touches itself at a non-adjacent vertex,
   *  or two rings share a stretch of boundary. */
  | 'self_intersection'
  /** A hole reaches outside its exterior ring. */
  | 'hole_outside_shell'
  /** Two holes of one polygon overlap or one lies inside the other. */
  | 'overlapping_holes'
  /** The interiors of two polygons of a MultiPolygon overlap. */
  | 'overlapping_parts'

export interface GeometryError {
  code: GeometryErrorCode
  /** English, names the problem and the bad value or place. */
  message: string
  /** The same in Chinese, for the zh-CN interface. */
  messageZh: string
  /** Where in the input, e.g. 'coordinates[0][5]'. */
  path: string
  /** [lon, lat] of the problem when it has a place on the map. */
  location?: [number, number]
}

export function geometryError(
  code: GeometryErrorCode,
  path: string,
  message: string,
  messageZh: string,
  location?: readonly [number, number] | number[],
): GeometryError {
  const error: GeometryError = { code, message, messageZh, path }
  if (location) error.location = [location[0], location[1]]
  return error
}

/** A position as it appears in messages: degrees to 6 decimals (≈ 0.1 m), metres to 2. */
export function formatPosition(p: readonly number[]): string {
  const big = Math.abs(p[0]) > 1000 || Math.abs(p[1]) > 1000
  return `[${p.map((v) => formatNumber(v, big ? 2 : 6)).join(', ')}]`
}

/** Any value as it appears in messages, short. */
export function formatValue(value: unknown): string {
  if (value === undefined) return 'undefined'
  if (typeof value === 'number') return String(value)
  const text = JSON.stringify(value) ?? String(value)
  return text.length > 60 ? `${text.slice(0, 57)}...` : text
}

function formatNumber(v: number, decimals: number): string {
  return String(Number(v.toFixed(decimals)))
}
