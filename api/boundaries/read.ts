// An uploaded file → features as read, whatever its format: GeoJSON, a Shapefile .zip, KML or
// OSM XML, told apart by name and first bytes unless the caller says.

import { readGeoJson } from '../../geo/formats/geojson.ts'
import { FormatError, type BoundaryFormat, type ReadResult } from '../../geo/formats/model.ts'
import { readKml } from '../../geo/formats/kml.ts'
import { readOsm } from '../../geo/formats/osm.ts'
import { readShapefileZip } from '../../geo/formats/shapefile.ts'

export function detectFormat(bytes: Uint8Array, fileName: string): BoundaryFormat | null {
  const name = fileName.toLowerCase()
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) return 'shapefile'
  if (name.endsWith('.kml')) return 'kml'
  if (name.endsWith('.osm')) return 'osm'
  if (/\.(geo)?json$/.test(name)) return 'geojson'
  const head = new TextDecoder().decode(bytes.subarray(0, 1024)).replace(/^\uFEFF/, '').trimStart()
  if (head.startsWith('{') || head.startsWith('[')) return 'geojson'
  if (/<kml[\s>]/.test(head)) return 'kml'
  if (/<osm[\s>]/.test(head)) return 'osm'
  return null
}

export function readUpload(bytes: Uint8Array, fileName: string, format?: BoundaryFormat): ReadResult {
  const f = format ?? detectFormat(bytes, fileName)
  if (!f) throw new FormatError('unknown_format', `Cannot tell the format of ${fileName}: expected GeoJSON, a Shapefile .zip, KML or OSM XML`, { fileName })
  const text = () => new TextDecoder('utf-8').decode(bytes)
  switch (f) {
    case 'geojson':
      return readGeoJson(text())
    case 'shapefile':
      return readShapefileZip(bytes)
    case 'kml':
      return readKml(text())
    case 'osm':
      return readOsm(text())
  }
}
