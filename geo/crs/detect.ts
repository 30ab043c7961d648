// Which coordinate system is a boundary file in? The evidence, strongest first: a .prj; an
// old-style GeoJSON `crs` member; coordinates that cannot be lon/lat (metres → projected); a
// file-name hint (_gcj02, _bd09, _wgs84); DataV.GeoAtlas properties (DataV publishes GCJ-02);
// the format's own rule (KML and OSM are WGS84 by specification); else WGS84. GCJ-02 cannot be
// told from WGS84 by the numbers alone (they differ by ~500 m), so the reason is always reported
// and the caller may override it.

import { CrsError, crsFromEpsg, type Crs } from './crs.ts'
import { crsFromPrj } from './wkt.ts'

export type DetectionReason = 'prj' | 'crs_member' | 'projected_magnitude' | 'file_name' | 'datav_properties' | 'format' | 'default'

export interface CrsEvidence {
  /** [minX, minY, maxX, maxY] of the file's positions, as read */
  bbox: [number, number, number, number] | null
  /** the GeoJSON `crs` member, if any */
  crsMember?: unknown
  /** the .prj text of a Shapefile */
  prj?: string
  fileName?: string
  /** the properties of the first feature (DataV files carry adcode + center/centroid/acroutes) */
  firstProperties?: Record<string, unknown> | null
  /** KML and OSM XML are WGS84 by specification */
  format?: 'geojson' | 'shapefile' | 'kml' | 'osm'
}

export interface CrsDetection {
  /** null: the positions are projected but nothing says in which system (the caller must choose) */
  crs: Crs | null
  reason: DetectionReason
  /** what the evidence was, in English (e.g. 'crs member urn:ogc:def:crs:EPSG::32649') */
  evidence: string
}

export function detectCrs(ev: CrsEvidence): CrsDetection {
  if (ev.prj && ev.prj.trim()) return { crs: crsFromPrj(ev.prj), reason: 'prj', evidence: `.prj ${ev.prj.trim().slice(0, 80)}` }
  if (ev.crsMember !== undefined && ev.crsMember !== null) {
    const name = crsMemberName(ev.crsMember)
    return { crs: crsFromMemberName(name), reason: 'crs_member', evidence: `crs member ${name}` }
  }
  if (ev.bbox && looksProjected(ev.bbox)) {
    return { crs: null, reason: 'projected_magnitude', evidence: `positions up to ${Math.round(Math.max(...ev.bbox.map(Math.abs)))} are metres, not degrees, and nothing names the projection` }
  }
  const hint = ev.fileName ? fileNameHint(ev.fileName) : null
  if (hint) return { crs: hint.crs, reason: 'file_name', evidence: `file name ${ev.fileName} contains "${hint.match}"` }
  if (ev.firstProperties && isDataV(ev.firstProperties)) {
    return { crs: { kind: 'gcj02' }, reason: 'datav_properties', evidence: 'DataV.GeoAtlas properties (adcode with center/centroid/acroutes): DataV publishes GCJ-02' }
  }
  if (ev.format === 'kml' || ev.format === 'osm') return { crs: { kind: 'wgs84' }, reason: 'format', evidence: `${ev.format.toUpperCase()} is WGS84 by specification` }
  return { crs: { kind: 'wgs84' }, reason: 'default', evidence: 'nothing names a system; lon/lat taken as WGS84 (GCJ-02 cannot be told from the numbers: choose it if the file comes from AMap/DataV/Tencent)' }
}

/** Beyond ±180 / ±90 by more than a slip: metres. */
export function looksProjected([minX, minY, maxX, maxY]: [number, number, number, number]): boolean {
  return Math.max(Math.abs(minX), Math.abs(maxX)) > 360 || Math.max(Math.abs(minY), Math.abs(maxY)) > 180
}

function crsMemberName(member: unknown): string {
  const props = (member as { properties?: { name?: unknown; href?: unknown } }).properties
  const name = props?.name ?? props?.href
  if (typeof name !== 'string') throw new CrsError('unknown_crs', `The crs member has no properties.name: ${JSON.stringify(member).slice(0, 120)}`)
  return name
}

/** urn:ogc:def:crs:EPSG::32649, EPSG:32649, urn:ogc:def:crs:OGC:1.3:CRS84 … */
export function crsFromMemberName(name: string): Crs {
  if (/CRS84$/i.test(name)) return { kind: 'wgs84' }
  const code = /EPSG:{1,2}(?:[\d.]*:)?(\d{4,5})$/i.exec(name)?.[1]
  if (!code) throw new CrsError('unknown_crs', `The crs member names ${JSON.stringify(name)}, which is not an EPSG code or CRS84`, { crs: name })
  return crsFromEpsg(Number(code))
}

const FILE_HINTS: [RegExp, Crs][] = [
  [/gcj[-_]?02|gaode|amap|datav/i, { kind: 'gcj02' }],
  [/bd[-_]?09|baidu/i, { kind: 'bd09' }],
  [/wgs[-_]?84|cgcs[-_]?2000|epsg[-_]?4326/i, { kind: 'wgs84' }],
]

function fileNameHint(fileName: string): { crs: Crs; match: string } | null {
  for (const [re, crs] of FILE_HINTS) {
    const m = re.exec(fileName)
    if (m) return { crs, match: m[0] }
  }
  return null
}

function isDataV(p: Record<string, unknown>): boolean {
  return 'adcode' in p && ('centroid' in p || 'center' in p || 'acroutes' in p)
}
