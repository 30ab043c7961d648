// A Shapefile's .prj (ESRI or OGC WKT) → Crs. Geographic systems on the WGS84/CGCS2000 datum are
// taken as WGS84; a projected one is handed to proj4 whole; other datums (Beijing 1954, Xian 1980)
// are refused: converting them needs parameters no .prj carries.

import proj4 from 'proj4'
import { CrsError, type Crs } from './crs.ts'

const WGS84_BODY = 'DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]'

/** The .prj of an export in WGS84 or GCJ-02 (GCJ-02 is named in the GEOGCS so a reader can tell). */
export function prjFor(kind: 'wgs84' | 'gcj02'): string {
  return kind === 'wgs84' ? `GEOGCS["GCS_WGS_1984",${WGS84_BODY}` : `GEOGCS["GCJ-02 (WGS 84 with the GCJ-02 offset)",${WGS84_BODY}`
}

const WGS_LIKE = /WGS[ _]?(19)?84|CGCS[ _]?2000|China[ _]Geodetic[ _]Coordinate[ _]System[ _]2000|GRS[ _]?1980|GRS[ _]?80/i

export function crsFromPrj(wkt: string): Crs {
  const text = wkt.trim()
  const head = /^\s*(PROJCS|PROJCRS|GEOGCS|GEOGCRS|GEODCRS)\s*\[\s*"([^"]*)"/i.exec(text)
  if (!head) throw new CrsError('unknown_crs', `The .prj is not WKT (it starts ${JSON.stringify(text.slice(0, 40))})`, { prj: text.slice(0, 200) })
  const [, kind, name] = head
  // our own GCJ-02 / BD-09 exports name the offset in the GEOGCS (no registry has a code for them)
  if (/^GEO/i.test(kind) && /GCJ[-_ ]?02/i.test(name)) return { kind: 'gcj02' }
  if (/^GEO/i.test(kind) && /BD[-_ ]?09/i.test(name)) return { kind: 'bd09' }
  const datum = /DATUM\s*\[\s*"([^"]*)"/i.exec(text)?.[1] ?? ''
  if (!WGS_LIKE.test(datum) && !WGS_LIKE.test(name)) {
    throw new CrsError('unsupported_crs',
      `The .prj names datum ${JSON.stringify(datum || name)}; only WGS84 and CGCS2000 can be converted (Beijing 1954 / Xian 1980 need transformation parameters)`,
      { prj: name, datum })
  }
  if (/^GEO/i.test(kind)) return { kind: 'wgs84' }
  try {
    proj4(text, 'EPSG:4326')
  } catch (e) {
    throw new CrsError('unsupported_crs', `The projection of the .prj (${name}) cannot be read: ${(e as Error).message}`, { prj: name })
  }
  return { kind: 'projected', name, definition: text }
}
