// Projected systems (metres) → WGS84 lon/lat, through proj4. A system is named by an EPSG code
// from the short list China's files actually use, or by the WKT of a Shapefile's .prj.

import proj4 from 'proj4'
import type { LonLat } from './gcj02.ts'

/** proj4 definitions of the EPSG codes accepted by name. Geographic WGS84/CGCS2000 codes are
 *  not here: they need no projection (see isGeographicEpsg). */
export function epsgDefinition(code: number): string | null {
  if (code === 3857 || code === 900913) {
    return '+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +nadgrids=@null +no_defs'
  }
  // WGS 84 / UTM zone 1N–60N, 1S–60S
  if (code >= 32601 && code <= 32660) return `+proj=utm +zone=${code - 32600} +datum=WGS84 +units=m +no_defs`
  if (code >= 32701 && code <= 32760) return `+proj=utm +zone=${code - 32700} +south +datum=WGS84 +units=m +no_defs`
  // CGCS2000 Gauss-Krüger: 6° zones 13–23 with the zone number in the easting (4491–4501) or
  // without (4502–4512, "CM 75E" …); 3° zones 25–45 likewise (4513–4533, 4534–4554).
  const gk = (lon0: number, x0: number) => `+proj=tmerc +lat_0=0 +lon_0=${lon0} +k=1 +x_0=${x0} +y_0=0 +ellps=GRS80 +units=m +no_defs`
  if (code >= 4491 && code <= 4501) return gk(75 + 6 * (code - 4491), (13 + code - 4491) * 1e6 + 500000)
  if (code >= 4502 && code <= 4512) return gk(75 + 6 * (code - 4502), 500000)
  if (code >= 4513 && code <= 4533) return gk(75 + 3 * (code - 4513), (25 + code - 4513) * 1e6 + 500000)
  if (code >= 4534 && code <= 4554) return gk(75 + 3 * (code - 4534), 500000)
  return null
}

/** WGS 84 (4326) and CGCS2000 (4490) lon/lat: identical at the precision of any boundary file. */
export function isGeographicEpsg(code: number): boolean {
  return code === 4326 || code === 4490
}

export type Projector = (x: number, y: number) => LonLat

/** A function from the projected system's metres to WGS84 lon/lat; throws on a definition proj4 cannot read. */
export function projectorFrom(definition: string): Projector {
  const converter = proj4(definition, 'EPSG:4326')
  return (x, y) => {
    const [lon, lat] = converter.forward([x, y])
    return [lon, lat]
  }
}

/** The inverse: WGS84 lon/lat → the projected system's metres. */
export function projectorTo(definition: string): Projector {
  const converter = proj4(definition, 'EPSG:4326')
  return (lon, lat) => {
    const [x, y] = converter.inverse([lon, lat])
    return [x, y]
  }
}
