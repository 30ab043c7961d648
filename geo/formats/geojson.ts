// GeoJSON in the shapes found in the wild: a FeatureCollection, a bare JSON array of Features
// (DataV downloads), a single Feature, or a bare geometry. The `crs` member RFC 7946 removed is
// kept for detection.

import type { Geometry } from 'geojson'
import { FormatError, type ReadFeature, type ReadResult } from './model.ts'

const GEOMETRY_TYPES = new Set(['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon', 'GeometryCollection'])

export function readGeoJson(text: string): ReadResult {
  let doc: unknown
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch (e) {
    throw new FormatError('malformed_json', `The file is not JSON: ${(e as Error).message}`)
  }
  const notes: string[] = []
  let raw: unknown[]
  let crsMember: unknown
  if (Array.isArray(doc)) {
    notes.push('bare feature array')
    raw = doc
  } else if (isObject(doc) && doc.type === 'FeatureCollection') {
    if (!Array.isArray(doc.features)) throw new FormatError('malformed_geojson', 'FeatureCollection.features is not an array')
    notes.push('FeatureCollection')
    raw = doc.features
    crsMember = doc.crs
  } else if (isObject(doc) && doc.type === 'Feature') {
    notes.push('single Feature')
    raw = [doc]
    crsMember = doc.crs
  } else if (isObject(doc) && typeof doc.type === 'string' && GEOMETRY_TYPES.has(doc.type)) {
    notes.push(`bare ${doc.type} geometry`)
    raw = [{ type: 'Feature', properties: {}, geometry: doc }]
    crsMember = doc.crs
  } else {
    throw new FormatError('malformed_geojson', 'The JSON is neither a FeatureCollection, an array of Features, a Feature nor a geometry', {
      type: isObject(doc) ? doc.type : Array.isArray(doc) ? 'array' : typeof doc,
    })
  }
  const features: ReadFeature[] = raw.map((f, index) => {
    if (!isObject(f) || f.type !== 'Feature') {
      throw new FormatError('malformed_geojson', `Item ${index} is not a Feature (type ${JSON.stringify(isObject(f) ? f.type : typeof f)})`, { index })
    }
    if (crsMember === undefined && f.crs !== undefined) crsMember = f.crs
    const properties = isObject(f.properties) ? (f.properties as Record<string, unknown>) : {}
    return { index, properties, geometry: (f.geometry ?? null) as Geometry | null }
  })
  return { format: 'geojson', features, crsMember, notes }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}
