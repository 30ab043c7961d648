// ESRI Shapefiles in a .zip: .shp geometry (+ .shx, not needed to read), .dbf attributes, .prj
// coordinate system, .cpg code page. Reading follows the ESRI Shapefile Technical Description
// (1998); writing produces polygon files with a UTF-8 .dbf and a .cpg saying so.

import type { Geometry, MultiPolygon, Polygon, Position } from 'geojson'
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate'
import { readDbf, writeDbf, type DbfField } from './dbf.ts'
import { FormatError, type ReadFeature, type ReadResult } from './model.ts'
import { groupRings, signedArea2 } from './rings.ts'

const NULL = 0
const POINT = [1, 11, 21]
const MULTIPOINT = [8, 18, 28]
const POLYLINE = [3, 13, 23]
const POLYGON = [5, 15, 25]
const HAS_Z = [11, 13, 15, 18]

export function readShapefileZip(zip: Uint8Array): ReadResult {
  let files: Record<string, Uint8Array>
  try {
    files = unzipSync(zip)
  } catch (e) {
    throw new FormatError('malformed_zip', `The .zip cannot be read: ${(e as Error).message}`)
  }
  const names = Object.keys(files).filter((n) => !n.startsWith('__MACOSX/'))
  const shps = names.filter((n) => /\.shp$/i.test(n))
  if (shps.length === 0) throw new FormatError('no_shapefile', `The .zip holds no .shp (it has ${names.slice(0, 10).join(', ') || 'nothing'})`, { files: names })
  if (shps.length > 1) throw new FormatError('several_shapefiles', `The .zip holds ${shps.length} .shp files (${shps.join(', ')}); upload one layer at a time`, { files: shps })
  const base = shps[0].slice(0, -4)
  const part = (ext: string) => {
    const name = names.find((n) => n.toLowerCase() === `${base}.${ext}`.toLowerCase())
    return name ? files[name] : undefined
  }
  const dbf = part('dbf')
  if (!dbf) throw new FormatError('missing_dbf', `The .zip has ${base}.shp but no ${base}.dbf`, { base })
  const prj = part('prj')
  const cpg = part('cpg')
  const geometries = readShp(part('shp')!)
  const table = readDbf(dbf, cpg ? strFromU8(cpg) : undefined)
  if (table.records.length !== geometries.length) {
    throw new FormatError('shp_dbf_mismatch', `${base}.shp has ${geometries.length} shapes but ${base}.dbf has ${table.records.length} records`)
  }
  const notes = [`Shapefile ${base}`, `dbf encoding ${table.encoding} (${table.encodingSource === 'cpg' ? 'from .cpg' : table.encodingSource === 'utf8_valid' ? 'no .cpg; valid UTF-8' : 'no .cpg; not UTF-8, read as GBK'})`]
  if (!prj) notes.push('no .prj')
  const features: ReadFeature[] = []
  geometries.forEach((g, index) => {
    const properties = table.records[index]
    if (properties.__deleted) return
    features.push({ index, properties, geometry: g.geometry })
  })
  return { format: 'shapefile', features, prj: prj ? strFromU8(prj) : undefined, notes }
}

interface Shape {
  geometry: Geometry | null
}

export function readShp(bytes: Uint8Array): Shape[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (bytes.length < 100 || view.getInt32(0, false) !== 9994) throw new FormatError('malformed_shp', 'The .shp does not start with the Shapefile file code 9994')
  const fileLength = Math.min(bytes.length, view.getInt32(24, false) * 2)
  const shapes: Shape[] = []
  for (let at = 100; at + 8 <= fileLength; ) {
    const contentBytes = view.getInt32(at + 4, false) * 2
    const c = at + 8
    if (c + contentBytes > bytes.length) throw new FormatError('malformed_shp', `The .shp ends inside record ${shapes.length + 1}`)
    shapes.push({ geometry: readShape(view, c, contentBytes) })
    at = c + contentBytes
  }
  return shapes
}

function readShape(view: DataView, at: number, length: number): Geometry | null {
  const type = view.getInt32(at, true)
  if (type === NULL) return null
  const z = HAS_Z.includes(type)
  if (POINT.includes(type)) return { type: 'Point', coordinates: pos(view, at + 4, z ? view.getFloat64(at + 20, true) : undefined) }
  const numParts = MULTIPOINT.includes(type) ? 0 : view.getInt32(at + 36, true)
  const numPoints = view.getInt32(at + (MULTIPOINT.includes(type) ? 36 : 40), true)
  const partsAt = at + 44
  const pointsAt = MULTIPOINT.includes(type) ? at + 40 : partsAt + 4 * numParts
  const zAt = pointsAt + 16 * numPoints + 16
  const hasZ = z && zAt + 8 * numPoints <= at + length
  const point = (i: number): Position => pos(view, pointsAt + 16 * i, hasZ ? view.getFloat64(zAt + 8 * i, true) : undefined)
  if (MULTIPOINT.includes(type)) return { type: 'MultiPoint', coordinates: Array.from({ length: numPoints }, (_, i) => point(i)) }
  const parts: Position[][] = []
  for (let p = 0; p < numParts; p++) {
    const from = view.getInt32(partsAt + 4 * p, true)
    const to = p + 1 < numParts ? view.getInt32(partsAt + 4 * (p + 1), true) : numPoints
    parts.push(Array.from({ length: to - from }, (_, i) => point(from + i)))
  }
  if (POLYLINE.includes(type)) return parts.length === 1 ? { type: 'LineString', coordinates: parts[0] } : { type: 'MultiLineString', coordinates: parts }
  if (POLYGON.includes(type)) {
    // Shapefile shells are clockwise, holes counter-clockwise; a file with no clockwise ring at
    // all (written by a careless tool) gets every ring as a shell.
    const anyCw = parts.some((r) => signedArea2(r) < 0)
    const polys = groupRings(parts, (r) => !anyCw || signedArea2(r) < 0)
    return polys.length === 1 ? { type: 'Polygon', coordinates: polys[0] } : { type: 'MultiPolygon', coordinates: polys }
  }
  throw new FormatError('unsupported_shape', `Shape type ${type} is not supported (point, multipoint, polyline and polygon are)`, { type })
}

function pos(view: DataView, at: number, z?: number): Position {
  const p = [view.getFloat64(at, true), view.getFloat64(at + 8, true)]
  if (z !== undefined) p.push(z)
  return p
}

export interface ShapefileFeature {
  properties: Record<string, string | number | null>
  geometry: Polygon | MultiPolygon
}

/**
 * A polygon Shapefile zip: <name>.shp/.shx/.dbf/.prj/.cpg. Fields are taken from `fields`
 * (type C text or N number). Rings are written clockwise (shells) / counter-clockwise (holes).
 */
export function writeShapefileZip(name: string, features: ShapefileFeature[], fields: DbfField[], prj: string): Uint8Array {
  const records = features.map((f) => shapeRecord(f.geometry))
  const shpLength = 100 + records.reduce((s, r) => s + 8 + r.length, 0)
  const shp = new Uint8Array(shpLength)
  const shx = new Uint8Array(100 + 8 * records.length)
  const box = [Infinity, Infinity, -Infinity, -Infinity]
  for (const f of features) for (const ring of rings(f.geometry)) for (const [x, y] of ring) {
    box[0] = Math.min(box[0], x); box[1] = Math.min(box[1], y); box[2] = Math.max(box[2], x); box[3] = Math.max(box[3], y)
  }
  if (features.length === 0) box.fill(0)
  header(shp, shpLength, box)
  header(shx, shx.length, box)
  const shpView = new DataView(shp.buffer)
  const shxView = new DataView(shx.buffer)
  let at = 100
  records.forEach((r, i) => {
    shxView.setInt32(100 + 8 * i, at / 2, false)
    shxView.setInt32(104 + 8 * i, r.length / 2, false)
    shpView.setInt32(at, i + 1, false)
    shpView.setInt32(at + 4, r.length / 2, false)
    shp.set(r, at + 8)
    at += 8 + r.length
  })
  const dbf = writeDbf(fields, features.map((f) => f.properties))
  return zipSync({
    [`${name}.shp`]: shp,
    [`${name}.shx`]: shx,
    [`${name}.dbf`]: dbf,
    [`${name}.prj`]: strToU8(prj),
    [`${name}.cpg`]: strToU8('UTF-8'),
  })
}

function rings(g: Polygon | MultiPolygon): Position[][] {
  return g.type === 'Polygon' ? g.coordinates : g.coordinates.flat()
}

function header(out: Uint8Array, length: number, box: number[]) {
  const v = new DataView(out.buffer, out.byteOffset, out.byteLength)
  v.setInt32(0, 9994, false)
  v.setInt32(24, length / 2, false)
  v.setInt32(28, 1000, true)
  v.setInt32(32, 5, true)
  box.forEach((b, i) => v.setFloat64(36 + 8 * i, b, true))
}

function shapeRecord(g: Polygon | MultiPolygon): Uint8Array {
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates
  const parts = polys.flatMap((p) => p.map((ring, i) => (signedArea2(ring) > 0 === (i === 0) ? [...ring].reverse() : ring)))
  const numPoints = parts.reduce((s, r) => s + r.length, 0)
  const out = new Uint8Array(44 + 4 * parts.length + 16 * numPoints)
  const v = new DataView(out.buffer)
  v.setInt32(0, 5, true)
  const all = parts.flat()
  const box = [Infinity, Infinity, -Infinity, -Infinity]
  for (const [x, y] of all) {
    box[0] = Math.min(box[0], x); box[1] = Math.min(box[1], y); box[2] = Math.max(box[2], x); box[3] = Math.max(box[3], y)
  }
  box.forEach((b, i) => v.setFloat64(4 + 8 * i, b, true))
  v.setInt32(36, parts.length, true)
  v.setInt32(40, numPoints, true)
  let index = 0
  parts.forEach((ring, i) => {
    v.setInt32(44 + 4 * i, index, true)
    index += ring.length
  })
  let at = 44 + 4 * parts.length
  for (const [x, y] of all) {
    v.setFloat64(at, x, true)
    v.setFloat64(at + 8, y, true)
    at += 16
  }
  return out
}
