// What every boundary reader returns: the file's features as read (coordinates untouched, in the
// file's own system), plus what the file says about its coordinate system.

import type { Geometry } from 'geojson'

export type BoundaryFormat = 'geojson' | 'shapefile' | 'kml' | 'osm'

export interface ReadFeature {
  /** position in the file, 0-based (the report names features by it) */
  index: number
  properties: Record<string, unknown>
  geometry: Geometry | null
  /** why the reader could not build a geometry (e.g. an OSM relation whose member way is missing) */
  problem?: { code: string; message: string; messageZh: string }
}

export interface ReadResult {
  format: BoundaryFormat
  features: ReadFeature[]
  /** GeoJSON: the old-style `crs` member, if present */
  crsMember?: unknown
  /** Shapefile: the .prj text, if present */
  prj?: string
  /** how the container looked, e.g. 'FeatureCollection', 'bare feature array', 'dbf encoding GBK' */
  notes: string[]
}

export class FormatError extends Error {
  constructor(readonly code: string, message: string, readonly details: Record<string, unknown> = {}) {
    super(message)
  }
}
