// KML (OGC 2.2): Placemarks anywhere under Document/Folder, with Polygon, MultiGeometry, Point or
// LineString; attributes from <name>, ExtendedData/Data and ExtendedData/SchemaData/SimpleData.
// KML coordinates are WGS84 lon,lat[,alt] by specification.

import type { Geometry, MultiPolygon, Polygon, Position } from 'geojson'
import { XMLParser } from 'fast-xml-parser'
import { FormatError, type ReadFeature, type ReadResult } from './model.ts'

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  parseTagValue: false,
  isArray: (name) => ['Placemark', 'Folder', 'Document', 'Polygon', 'innerBoundaryIs', 'Data', 'SimpleData', 'SchemaData', 'LineString', 'Point', 'MultiGeometry', 'LinearRing'].includes(name),
})

type Node = Record<string, unknown>

export function readKml(text: string): ReadResult {
  let doc: Node
  try {
    doc = parser.parse(text, true) as Node
  } catch (e) {
    throw new FormatError('malformed_xml', `The KML is not well-formed XML: ${(e as Error).message}`)
  }
  const kml = doc.kml as Node | undefined
  if (!kml) throw new FormatError('not_kml', 'The XML has no <kml> root element')
  const placemarks: Node[] = []
  collect(kml, placemarks)
  const features: ReadFeature[] = placemarks.map((pm, index) => {
    const properties: Record<string, unknown> = {}
    if (pm.name !== undefined) properties.name = textOf(pm.name)
    if (pm.description !== undefined) properties.description = textOf(pm.description)
    const ext = pm.ExtendedData as Node | undefined
    for (const d of (ext?.Data as Node[] | undefined) ?? []) properties[String(d['@name'])] = textOf(d.value)
    for (const sd of (ext?.SchemaData as Node[] | undefined) ?? []) for (const s of (sd.SimpleData as Node[] | undefined) ?? []) properties[String(s['@name'])] = textOf(s)
    return { index, properties, geometry: geometryOf(pm) }
  })
  return { format: 'kml', features, notes: [`KML, ${features.length} placemarks`] }
}

function collect(node: Node, out: Node[]) {
  for (const pm of (node.Placemark as Node[] | undefined) ?? []) out.push(pm)
  for (const key of ['Document', 'Folder']) for (const child of (node[key] as Node[] | undefined) ?? []) collect(child, out)
}

function textOf(v: unknown): string {
  if (v === undefined || v === null) return ''
  if (typeof v === 'object') return String((v as Node)['#text'] ?? '')
  return String(v)
}

function geometryOf(node: Node): Geometry | null {
  const geometries: Geometry[] = []
  for (const p of (node.Polygon as Node[] | undefined) ?? []) geometries.push(polygon(p))
  for (const l of (node.LineString as Node[] | undefined) ?? []) geometries.push({ type: 'LineString', coordinates: coords(l.coordinates) })
  for (const p of (node.Point as Node[] | undefined) ?? []) geometries.push({ type: 'Point', coordinates: coords(p.coordinates)[0] ?? [] })
  for (const m of (node.MultiGeometry as Node[] | undefined) ?? []) {
    const inner = geometryOf(m)
    if (inner?.type === 'GeometryCollection') geometries.push(...inner.geometries)
    else if (inner?.type === 'MultiPolygon') geometries.push(...inner.coordinates.map((c): Polygon => ({ type: 'Polygon', coordinates: c })))
    else if (inner) geometries.push(inner)
  }
  if (geometries.length === 0) return null
  if (geometries.length === 1) return geometries[0]
  if (geometries.every((g) => g.type === 'Polygon')) return { type: 'MultiPolygon', coordinates: geometries.map((g) => (g as Polygon).coordinates) } satisfies MultiPolygon
  return { type: 'GeometryCollection', geometries }
}

function polygon(p: Node): Polygon {
  const ring = (b: unknown) => coords(((b as Node | undefined)?.LinearRing as Node[] | undefined)?.[0]?.coordinates)
  const outer = ring(p.outerBoundaryIs)
  const inner = ((p.innerBoundaryIs as Node[] | undefined) ?? []).map(ring)
  return { type: 'Polygon', coordinates: [outer, ...inner] }
}

function coords(v: unknown): Position[] {
  return textOf(v)
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map((t) => t.split(',').map(Number))
}

export interface KmlFeature {
  name: string
  properties: Record<string, string | number | null>
  geometry: Polygon | MultiPolygon
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

/** A KML document of Placemarks named by `name`, with the properties as ExtendedData. */
export function writeKml(title: string, features: KmlFeature[]): string {
  const polygonXml = (rings: Position[][]) =>
    `<Polygon><outerBoundaryIs><LinearRing><coordinates>${ringText(rings[0])}</coordinates></LinearRing></outerBoundaryIs>` +
    rings.slice(1).map((r) => `<innerBoundaryIs><LinearRing><coordinates>${ringText(r)}</coordinates></LinearRing></innerBoundaryIs>`).join('') +
    '</Polygon>'
  const placemarks = features.map((f) => {
    const data = Object.entries(f.properties)
      .filter(([, v]) => v !== null && v !== undefined)
      .map(([k, v]) => `<Data name="${esc(k)}"><value>${esc(String(v))}</value></Data>`)
      .join('')
    const geom = f.geometry.type === 'Polygon' ? polygonXml(f.geometry.coordinates) : `<MultiGeometry>${f.geometry.coordinates.map(polygonXml).join('')}</MultiGeometry>`
    return `<Placemark><name>${esc(f.name)}</name><ExtendedData>${data}</ExtendedData>${geom}</Placemark>`
  })
  return `<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2"><Document><name>${esc(title)}</name>\n${placemarks.join('\n')}\n</Document></kml>\n`
}

function ringText(ring: Position[]): string {
  return ring.map((p) => `${p[0]},${p[1]}`).join(' ')
}
