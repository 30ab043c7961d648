// The coordinate systems a boundary file may come in, and the conversion of each to WGS84.
// WGS84 and CGCS2000 lon/lat are one system here: they differ by centimetres (plate motion since
// the reference epoch), far below the precision of any grid boundary.

import { bd09ToGcj02, gcj02ToBd09 } from './bd09.ts'
import { gcj02ToWgs84, wgs84ToGcj02, type LonLat } from './gcj02.ts'
import { epsgDefinition, isGeographicEpsg, projectorFrom, projectorTo } from './projected.ts'

export type Crs =
  | { kind: 'wgs84' }
  | { kind: 'gcj02' }
  | { kind: 'bd09' }
  /** metres in a projected system: an EPSG code from epsgDefinition's list, or a .prj WKT */
  | { kind: 'projected'; name: string; definition: string }

export class CrsError extends Error {
  constructor(readonly code: 'unknown_crs' | 'unsupported_crs', message: string, readonly details: Record<string, unknown> = {}) {
    super(message)
  }
}

/** The API's names for the systems: wgs84 | cgcs2000 | gcj02 | bd09 | EPSG:<code>. */
export function parseCrsName(name: string): Crs {
  const n = name.trim().toLowerCase()
  if (n === 'wgs84' || n === 'cgcs2000' || n === 'crs84') return { kind: 'wgs84' }
  if (n === 'gcj02' || n === 'gcj-02') return { kind: 'gcj02' }
  if (n === 'bd09' || n === 'bd-09') return { kind: 'bd09' }
  const epsg = /^epsg:(\d{4,5})$/.exec(n)
  if (epsg) return crsFromEpsg(Number(epsg[1]))
  throw new CrsError('unknown_crs', `Unknown coordinate system ${JSON.stringify(name)}: use auto, wgs84, cgcs2000, gcj02, bd09 or EPSG:<code>`, { crs: name })
}

export function crsFromEpsg(code: number): Crs {
  if (isGeographicEpsg(code)) return { kind: 'wgs84' }
  const definition = epsgDefinition(code)
  if (!definition) {
    throw new CrsError('unsupported_crs',
      `EPSG:${code} is not supported: accepted are 4326/4490 (lon/lat), 3857, 326xx/327xx (UTM) and 4491–4554 (CGCS2000 Gauss-Krüger)`, { epsg: code })
  }
  return { kind: 'projected', name: `EPSG:${code}`, definition }
}

/** The name the API reports for a system. */
export function crsName(crs: Crs): string {
  return crs.kind === 'projected' ? crs.name : crs.kind
}

/** A function converting one position of `crs` to WGS84 lon/lat. */
export function toWgs84(crs: Crs): (x: number, y: number) => LonLat {
  switch (crs.kind) {
    case 'wgs84':
      return (x, y) => [x, y]
    case 'gcj02':
      return gcj02ToWgs84
    case 'bd09':
      return (x, y) => {
        const [gx, gy] = bd09ToGcj02(x, y)
        return gcj02ToWgs84(gx, gy)
      }
    case 'projected':
      return projectorFrom(crs.definition)
  }
}

/** A function converting WGS84 lon/lat to `crs` (for export). */
export function fromWgs84(crs: Crs): (lon: number, lat: number) => LonLat {
  switch (crs.kind) {
    case 'wgs84':
      return (x, y) => [x, y]
    case 'gcj02':
      return wgs84ToGcj02
    case 'bd09':
      return (x, y) => {
        const [gx, gy] = wgs84ToGcj02(x, y)
        return gcj02ToBd09(gx, gy)
      }
    case 'projected':
      return projectorTo(crs.definition)
  }
}
