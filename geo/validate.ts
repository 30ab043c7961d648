// validateGeometry: is this GeoJSON geometry fit to store and compute with? Every problem found
// comes back as a GeometryError (code, English and Chinese message, path, map location); a valid
// geometry comes back normalised: 2-D positions, rings without consecutive repeats, exterior rings
// counter-clockwise and holes clockwise (RFC 7946), foreign members dropped.

import type { Geometry, Position } from 'geojson'
import { checkPolygons, type RingPath } from './validate-polygons.ts'
import { formatPosition, formatValue, geometryError, type GeometryError } from './validate-errors.ts'
import type { Pt } from './validate-rings.ts'

export type { GeometryError, GeometryErrorCode } from './validate-errors.ts'

export interface ValidateOptions {
  /** Validate a GeometryCollection's members instead of rejecting it as 'unsupported_type'. */
  allowGeometryCollection?: boolean
  /** Expected area [minLon, minLat, maxLon, maxLat]; positions outside it give 'outside_expected_area'. */
  bbox?: readonly [number, number, number, number]
  /** At most this many errors are returned. */
  maxErrors?: number
}

const defaults = {
  allowGeometryCollection: false,
  bbox: undefined as ValidateOptions['bbox'],
  maxErrors: 100,
}

export type ValidationResult = { ok: true; geometry: Geometry } | { ok: false; errors: GeometryError[] }

const GEOMETRY_TYPES = ['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon', 'GeometryCollection']
/** Coordinate nesting depth of each type: 0 = one position. */
const DEPTH: Record<string, number> = { Point: 0, MultiPoint: 1, LineString: 1, MultiLineString: 2, Polygon: 2, MultiPolygon: 3 }
/** Beyond any degree-based slip (e.g. 0–360 longitudes): a projected CRS's metres. */
const PROJECTED_MAGNITUDE = 1000

export function validateGeometry(geometry: unknown, options: ValidateOptions = {}): ValidationResult {
  const opts = { ...defaults, ...options }
  const box = opts.bbox
  if (box !== undefined && !(box.length === 4 && box.every(Number.isFinite) && box[0] <= box[2] && box[1] <= box[3])) {
    throw new RangeError(`validateGeometry: opts.bbox must be [minLon, minLat, maxLon, maxLat], got ${formatValue(box)}`)
  }
  if (!(Number.isInteger(opts.maxErrors) && opts.maxErrors > 0)) {
    throw new RangeError(`validateGeometry: opts.maxErrors must be a positive integer, got ${opts.maxErrors}`)
  }
  const errors: GeometryError[] = []
  const normalised = validateAny(geometry, '', opts, errors)
  if (errors.length > 0 || !normalised) return { ok: false, errors: errors.slice(0, opts.maxErrors) }
  return { ok: true, geometry: normalised }
}

function validateAny(value: unknown, prefix: string, opts: typeof defaults, errors: GeometryError[]): Geometry | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const here = prefix.replace(/\.$/, '')
    errors.push(geometryError('not_an_object', here,
      `Geometry ${here ? `${here} ` : ''}must be a GeoJSON object, got ${formatValue(value)}`,
      `几何 ${here}应为 GeoJSON 对象，实际为 ${formatValue(value)}`))
    return null
  }
  const { type } = value as { type?: unknown }
  if (typeof type !== 'string' || !GEOMETRY_TYPES.includes(type)) {
    const hint = type === 'Feature' || type === 'FeatureCollection' ? ` (pass each feature's .geometry, not the ${type})` : ''
    const hintZh = hint ? `（请传入要素的 geometry，而不是 ${type}）` : ''
    errors.push(geometryError('unknown_type', `${prefix}type`,
      `Geometry type ${formatValue(type)} is not a GeoJSON geometry type${hint}`,
      `几何类型 ${formatValue(type)} 不是 GeoJSON 几何类型${hintZh}`))
    return null
  }
  if (type === 'GeometryCollection') return validateCollection(value, prefix, opts, errors)
  const path = `${prefix}coordinates`
  const scan = new RangeScan()
  const coords = readNested((value as { coordinates?: unknown }).coordinates, DEPTH[type], path, scan, errors)
  if (coords === null) return null
  if (scan.report(opts.bbox, errors)) return null
  return checkShape(type, coords, path, errors)
}

function validateCollection(value: object, prefix: string, opts: typeof defaults, errors: GeometryError[]): Geometry | null {
  if (!opts.allowGeometryCollection) {
    errors.push(geometryError('unsupported_type', `${prefix}type`,
      'GeometryCollection is not accepted here; split it into separate features (or pass allowGeometryCollection)',
      '此处不接受 GeometryCollection（几何集合），请拆分为单独的要素'))
    return null
  }
  const members = (value as { geometries?: unknown }).geometries
  if (!Array.isArray(members)) {
    errors.push(geometryError('invalid_coordinates', `${prefix}geometries`,
      `GeometryCollection.geometries must be an array, got ${formatValue(members)}`,
      `GeometryCollection 的 geometries 应为数组，实际为 ${formatValue(members)}`))
    return null
  }
  const geometries = members.map((member, i) => validateAny(member, `${prefix}geometries[${i}].`, opts, errors))
  return geometries.every((g) => g !== null) ? { type: 'GeometryCollection', geometries: geometries as Geometry[] } : null
}

type Nested = Pt | Nested[]

/** Reads coordinates nested `depth` levels deep into 2-D positions; null after pushing an error. */
function readNested(value: unknown, depth: number, path: string, scan: RangeScan, errors: GeometryError[]): Nested | null {
  if (depth === 0) return readPosition(value, path, scan, errors)
  if (!Array.isArray(value)) {
    const what = depth === 1 ? 'an array of positions' : `arrays nested ${depth + 1} deep`
    errors.push(geometryError('invalid_coordinates', path,
      `Expected ${what} at ${path}, got ${formatValue(value)}`, `${path} 处应为坐标数组，实际为 ${formatValue(value)}`))
    return null
  }
  const levels = nesting(value)
  if (value.length > 0 && levels <= depth) {
    errors.push(geometryError('invalid_coordinates', path,
      `Coordinates at ${path} are nested ${levels} level(s) deep where this type needs ${depth + 1}, got ${formatValue(value)}`,
      `${path} 处的坐标嵌套 ${levels} 层，此几何类型需要 ${depth + 1} 层，实际为 ${formatValue(value)}`))
    return null
  }
  const out: Nested[] = []
  let ok = true
  value.forEach((item, i) => {
    const read = readNested(item, depth - 1, `${path}[${i}]`, scan, errors)
    if (read === null) ok = false
    else out.push(read)
  })
  return ok ? out : null
}

/** Array levels down the first elements: 1 for a position, 2 for a ring … (Infinity if an empty array ends the walk). */
function nesting(value: unknown): number {
  let levels = 0
  for (let v = value; Array.isArray(v); v = v[0]) {
    if (v.length === 0) return Infinity
    levels++
  }
  return levels
}

function readPosition(value: unknown, path: string, scan: RangeScan, errors: GeometryError[]): Pt | null {
  const valid = Array.isArray(value) && (value.length === 2 || value.length === 3) &&
    value.every((v) => typeof v === 'number' && Number.isFinite(v))
  if (!valid) {
    errors.push(geometryError('invalid_position', path,
      `Position ${path} must be [lon, lat] or [lon, lat, z] with finite numbers, got ${formatValue(value)}`,
      `坐标 ${path} 应为由有限数字组成的 [经度, 纬度] 或 [经度, 纬度, 高程]，实际为 ${formatValue(value)}`))
    return null
  }
  const p: Pt = [value[0], value[1]]
  scan.add(p, path)
  return p
}

/** Counts positions that are out of range, projected-looking or outside the expected area. */
class RangeScan {
  projected = { count: 0, path: '', at: [0, 0] as Pt }
  outOfRange = { count: 0, path: '', at: [0, 0] as Pt }
  positions: { p: Pt; path: string }[] = []

  add(p: Pt, path: string): void {
    const [x, y] = p
    if (Math.abs(x) <= 180 && Math.abs(y) <= 90) {
      this.positions.push({ p, path })
      return
    }
    const bucket = Math.abs(x) > PROJECTED_MAGNITUDE || Math.abs(y) > PROJECTED_MAGNITUDE ? this.projected : this.outOfRange
    if (bucket.count++ === 0) {
      bucket.path = path
      bucket.at = p
    }
  }

  /** Pushes at most one error per kind; true when any was pushed. */
  report(box: ValidateOptions['bbox'], errors: GeometryError[]): boolean {
    const { projected, outOfRange } = this
    if (projected.count > 0) {
      errors.push(geometryError('projected_coordinates', projected.path,
        `${projected.count} position(s) look like projected metres, not degrees (first ${projected.path} = ${formatPosition(projected.at)}): ` +
          'the file is in a projected CRS such as UTM or Web Mercator; convert it to WGS84 longitude/latitude (EPSG:4326) before import',
        `${projected.count} 个坐标看起来是投影坐标（米），而不是经纬度（第一个 ${projected.path} = ${formatPosition(projected.at)}）：` +
          '文件使用的是 UTM 或 Web 墨卡托等投影坐标系，导入前请转换为 WGS84 经纬度（EPSG:4326）'))
      return true
    }
    if (outOfRange.count > 0) {
      const [x, y] = outOfRange.at
      const swapped = Math.abs(y) <= 180 && Math.abs(x) <= 90
      errors.push(geometryError('out_of_range', outOfRange.path,
        `${outOfRange.count} position(s) outside lon [-180, 180] / lat [-90, 90] (first ${outOfRange.path} = ${formatPosition(outOfRange.at)})` +
          (swapped ? '; longitude and latitude look swapped: GeoJSON order is [lon, lat]' : ''),
        `${outOfRange.count} 个坐标超出经度 [-180, 180] / 纬度 [-90, 90] 范围（第一个 ${outOfRange.path} = ${formatPosition(outOfRange.at)}）` +
          (swapped ? '；经纬度可能颠倒了，GeoJSON 的顺序是 [经度, 纬度]' : '')))
      return true
    }
    if (!box) return false
    const outside = this.positions.filter(({ p: [x, y] }) => x < box[0] || x > box[2] || y < box[1] || y > box[3])
    if (outside.length === 0) return false
    const first = outside[0]
    errors.push(geometryError('outside_expected_area', first.path,
      `${outside.length} of ${this.positions.length} position(s) lie outside the expected area ${formatPosition(box)} ` +
        `(first ${first.path} = ${formatPosition(first.p)}); check the file covers this district and uses the right datum`,
      `${this.positions.length} 个坐标中有 ${outside.length} 个位于预期范围 ${formatPosition(box)} 之外（第一个 ${first.path} = ${formatPosition(first.p)}）；` +
        '请检查文件是否属于本辖区、坐标系是否正确',
      first.p))
    return true
  }
}

function checkShape(type: string, coords: Nested, path: string, errors: GeometryError[]): Geometry | null {
  const before = errors.length
  const empty = (value: Nested[], where: string, what = type) => {
    if (value.length > 0) return false
    errors.push(geometryError('empty_geometry', where, `${what} at ${where} has no members`, `${where} 处的 ${what} 为空`))
    return true
  }
  switch (type) {
    case 'Point':
      return { type, coordinates: coords as Pt }
    case 'MultiPoint':
      return empty(coords as Pt[], path) ? null : { type, coordinates: coords as Pt[] }
    case 'LineString':
      checkLine(coords as Pt[], path, errors)
      return errors.length > before ? null : { type, coordinates: coords as Pt[] }
    case 'MultiLineString':
      if (empty(coords as Pt[][], path)) return null
      ;(coords as Pt[][]).forEach((line, i) => checkLine(line, `${path}[${i}]`, errors))
      return errors.length > before ? null : { type, coordinates: coords as Pt[][] }
    case 'Polygon': {
      if (empty(coords as Pt[][], path)) return null
      const pathOf: RingPath = (_p, r, i) => path + (r === undefined ? '' : `[${r}]`) + (i === undefined ? '' : `[${i}]`)
      const polygons = checkPolygons([coords as Pt[][]], pathOf, errors)
      return polygons ? { type, coordinates: polygons[0] } : null
    }
    default: {
      const parts = coords as Pt[][][]
      if (empty(parts, path) || parts.some((part, p) => empty(part, `${path}[${p}]`, 'Polygon'))) return null
      const pathOf: RingPath = (p, r, i) => `${path}[${p}]` + (r === undefined ? '' : `[${r}]`) + (i === undefined ? '' : `[${i}]`)
      const polygons = checkPolygons(parts, pathOf, errors)
      return polygons ? { type: 'MultiPolygon', coordinates: polygons } : null
    }
  }
}

function checkLine(line: Position[], path: string, errors: GeometryError[]): void {
  const distinct = new Set(line.map((p) => `${p[0]},${p[1]}`)).size
  if (distinct >= 2) return
  errors.push(geometryError('too_few_positions', path,
    `LineString ${path} needs at least 2 distinct positions, has ${distinct}`,
    `线 ${path} 至少需要 2 个不同的坐标点，实际只有 ${distinct} 个`,
    line[0]))
}
