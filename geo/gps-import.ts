// parseGpsTrack: read one GPS track file — GPX 1.0/1.1 (trkpt, rtept, wpt), GeoLife PLT, or GeoJSON
// (LineString / MultiLineString features with properties.coordTimes or .times, Point features with
// properties.time, .timestamp or .t) — into fix columns sorted by time. Pure: text in, columns out.
//
// Refuses, with a GpsImportError whose code names the problem: too_large (bytes or fixes over the
// limit), unknown_format, malformed_xml (unbalanced or broken tags), malformed_json, malformed_plt,
// no_points, no_times (no fix carries a time), bad_time (a time that does not parse),
// projected_coordinates (metres, not degrees: a projected CRS), coordinates_out_of_range.
// Fixes without a time are dropped when others have one (counted in `untimed`). Out-of-order fixes
// are sorted by time (stable; counted in `reordered`); cleaning (gps-clean.ts) does the rest.

export type GpsFormat = 'gpx' | 'plt' | 'geojson'

export interface ImportLimits {
  /** Largest accepted file, bytes (UTF-16 code units of the text, a close upper bound for ASCII files). */
  maxBytes: number
  /** Most fixes accepted in one file. */
  maxFixes: number
}

export const IMPORT_DEFAULTS: Readonly<ImportLimits> = { maxBytes: 20_000_000, maxFixes: 500_000 }

export interface ImportedTrack {
  format: GpsFormat
  name: string | null
  lon: Float64Array
  lat: Float64Array
  /** epoch ms */
  t: Float64Array
  /** metres, NaN where the file gives none */
  accuracy: Float64Array
  untimed: number
  reordered: number
}

export class GpsImportError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message)
    this.name = 'GpsImportError'
  }
}

interface RawFix {
  lon: number
  lat: number
  t: number
  accuracy: number
}

export function detectGpsFormat(text: string): GpsFormat | null {
  const head = text.replace(/^\uFEFF/, '').trimStart()
  if (head.startsWith('<')) return 'gpx'
  if (head.startsWith('{') || head.startsWith('[')) return 'geojson'
  if (/^Geolife trajectory/i.test(head) || /^(?:[^\n]*\n){6}\s*-?\d+(\.\d+)?,-?\d+(\.\d+)?,/.test(head)) return 'plt'
  return null
}

export function parseGpsTrack(text: string, options: Partial<ImportLimits & { format: GpsFormat }> = {}): ImportedTrack {
  const limits = { ...IMPORT_DEFAULTS, ...options }
  if (text.length > limits.maxBytes) {
    throw new GpsImportError('too_large', `The file is ${text.length} bytes; at most ${limits.maxBytes} are accepted`, { bytes: text.length, maxBytes: limits.maxBytes })
  }
  const format = options.format ?? detectGpsFormat(text)
  if (!format) throw new GpsImportError('unknown_format', 'Not a GPX, GeoLife PLT or GeoJSON file (expected "<", "{" or a PLT header at the start)')
  const body = text.replace(/^\uFEFF/, '')
  const { fixes, name } = format === 'gpx' ? readGpx(body) : format === 'plt' ? readPlt(body) : readGeoJson(body)
  if (fixes.length === 0) throw new GpsImportError('no_points', `The ${format.toUpperCase()} file holds no track points`, { format })
  if (fixes.length > limits.maxFixes) {
    throw new GpsImportError('too_large', `The file holds ${fixes.length} fixes; at most ${limits.maxFixes} are accepted`, { fixes: fixes.length, maxFixes: limits.maxFixes })
  }
  checkCoordinates(fixes)
  const timed = fixes.filter((f) => !Number.isNaN(f.t))
  if (timed.length === 0) throw new GpsImportError('no_times', `None of the ${fixes.length} points has a time; a patrol track needs one per fix`, { points: fixes.length })
  let reordered = 0
  for (let i = 1; i < timed.length; i++) if (timed[i].t < timed[i - 1].t) reordered++
  if (reordered) timed.sort((a, b) => a.t - b.t) // Array.prototype.sort is stable
  return {
    format,
    name,
    lon: Float64Array.from(timed, (f) => f.lon),
    lat: Float64Array.from(timed, (f) => f.lat),
    t: Float64Array.from(timed, (f) => f.t),
    accuracy: Float64Array.from(timed, (f) => f.accuracy),
    untimed: fixes.length - timed.length,
    reordered,
  }
}

function checkCoordinates(fixes: RawFix[]) {
  fixes.forEach((f, i) => {
    if (!Number.isFinite(f.lon) || !Number.isFinite(f.lat)) {
      throw new GpsImportError('coordinates_out_of_range', `Point ${i} has no numeric coordinates`, { index: i })
    }
    if (Math.abs(f.lon) > 180 || Math.abs(f.lat) > 90) {
      const projected = Math.abs(f.lon) > 1000 || Math.abs(f.lat) > 1000
      throw projected
        ? new GpsImportError('projected_coordinates', `Point ${i} is at [${f.lon}, ${f.lat}]: metres in a projected CRS, not WGS84 degrees`, { index: i, coordinates: [f.lon, f.lat] })
        : new GpsImportError('coordinates_out_of_range', `Point ${i} is at [${f.lon}, ${f.lat}]: longitude must be within ±180 and latitude within ±90`, { index: i, coordinates: [f.lon, f.lat] })
    }
  })
}

function parseTime(value: unknown, where: string): number {
  if (value === undefined || value === null || value === '') return NaN
  const t = typeof value === 'number' ? (value < 1e11 ? value * 1000 : value) : Date.parse(String(value).trim())
  if (!Number.isFinite(t)) throw new GpsImportError('bad_time', `${where}: time ${JSON.stringify(value)} is not a date`, { time: value })
  return t
}

// ---- GPX -----------------------------------------------------------------------------------

const TOKEN = /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[[\s\S]*?\]\]>|<!DOCTYPE[^>]*>|<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/g
const ATTR = /([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g

function readGpx(text: string): { fixes: RawFix[]; name: string | null } {
  const stack: string[] = []
  const fixes: RawFix[] = []
  let current: RawFix | null = null
  let currentTag = ''
  let textStart = 0
  let name: string | null = null
  let sawGpx = false
  const line = (at: number) => text.slice(0, at).split('\n').length
  TOKEN.lastIndex = 0
  let last = 0
  for (let m = TOKEN.exec(text); m; m = TOKEN.exec(text)) {
    const between = text.slice(last, m.index)
    if (between.includes('<')) throw new GpsImportError('malformed_xml', `Malformed XML at line ${line(last + between.indexOf('<'))}: a "<" that starts no valid tag`, { line: line(last + between.indexOf('<')) })
    last = TOKEN.lastIndex
    const [whole, closing, rawTag, attrs, selfClosing] = m
    if (!rawTag) continue
    const tag = rawTag.replace(/^.*:/, '')
    if (closing) {
      const open = stack.pop()
      if (open !== rawTag) {
        throw new GpsImportError('malformed_xml', `Malformed XML at line ${line(m.index)}: </${rawTag}> closes ${open ? `<${open}>` : 'nothing'}`, { line: line(m.index), tag: rawTag })
      }
      const content = text.slice(textStart, m.index).trim()
      if (current && tag === 'time' && currentTag === 'time') current.t = parseTime(content, `GPX point ${fixes.length}`)
      if (tag === 'name' && name === null && stack.length <= 3 && !current) name = decodeXml(content) || null
      if (current && (tag === 'trkpt' || tag === 'rtept' || tag === 'wpt')) {
        fixes.push(current)
        current = null
      }
      continue
    }
    if (tag === 'gpx') sawGpx = true
    if (tag === 'trkpt' || tag === 'rtept' || tag === 'wpt') {
      const a: Record<string, string> = {}
      for (const [, k, v1, v2] of attrs.matchAll(ATTR)) a[k] = v1 ?? v2
      if (a.lat === undefined || a.lon === undefined) throw new GpsImportError('malformed_xml', `<${tag}> at line ${line(m.index)} lacks lat or lon`, { line: line(m.index) })
      const p: RawFix = { lon: Number(a.lon), lat: Number(a.lat), t: NaN, accuracy: NaN }
      if (selfClosing) fixes.push(p)
      else current = p
    }
    if (!selfClosing) {
      stack.push(rawTag)
      currentTag = tag
      textStart = m.index + whole.length
    }
  }
  if (text.slice(last).includes('<')) throw new GpsImportError('malformed_xml', `Malformed XML at line ${line(last)}: a "<" that starts no valid tag`, { line: line(last) })
  if (stack.length) throw new GpsImportError('malformed_xml', `Malformed XML: <${stack[stack.length - 1]}> is never closed (the file may be cut short)`, { tag: stack[stack.length - 1] })
  if (!sawGpx) throw new GpsImportError('unknown_format', 'An XML file without a <gpx> element: not GPX')
  return { fixes, name }
}

function decodeXml(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&')
}

// ---- GeoLife PLT ---------------------------------------------------------------------------
// Six header lines, then "lat,lon,0,altitude(ft),days since 1899-12-30,date,time" in UTC.

function readPlt(text: string): { fixes: RawFix[]; name: string | null } {
  const lines = text.split(/\r?\n/)
  const fixes: RawFix[] = []
  for (let i = 6; i < lines.length; i++) {
    const l = lines[i].trim()
    if (!l) continue
    const f = l.split(',')
    if (f.length < 5) throw new GpsImportError('malformed_plt', `PLT line ${i + 1} has ${f.length} fields, expected 7 (lat,lon,0,alt,days,date,time)`, { line: i + 1 })
    const lat = Number(f[0])
    const lon = Number(f[1])
    if (f[0].trim() === '' || f[1].trim() === '' || Number.isNaN(lat) || Number.isNaN(lon)) {
      throw new GpsImportError('malformed_plt', `PLT line ${i + 1}: latitude and longitude must be numbers, got ${JSON.stringify(`${f[0]},${f[1]}`)}`, { line: i + 1 })
    }
    const t = f[5] && f[6] ? parseTime(`${f[5].trim()}T${f[6].trim()}Z`, `PLT line ${i + 1}`) : (Number(f[4]) - 25569) * 86_400_000
    fixes.push({ lon, lat, t, accuracy: NaN })
  }
  return { fixes, name: null }
}

// ---- GeoJSON -------------------------------------------------------------------------------

function readGeoJson(text: string): { fixes: RawFix[]; name: string | null } {
  let doc: any
  try {
    doc = JSON.parse(text)
  } catch (e) {
    throw new GpsImportError('malformed_json', `Malformed JSON: ${(e as Error).message}`)
  }
  const crs = doc?.crs?.properties?.name
  if (typeof crs === 'string' && !/CRS84|4326|WGS ?84/i.test(crs)) {
    throw new GpsImportError('projected_coordinates', `The GeoJSON declares CRS ${crs}; tracks must be WGS84 longitude/latitude`, { crs })
  }
  const features: any[] = Array.isArray(doc)
    ? doc
    : doc?.type === 'FeatureCollection'
      ? (doc.features ?? [])
      : doc?.type === 'Feature'
        ? [doc]
        : doc?.type
          ? [{ type: 'Feature', properties: {}, geometry: doc }]
          : []
  const fixes: RawFix[] = []
  let name: string | null = null
  features.forEach((f, k) => {
    const g = f?.geometry
    const props = f?.properties ?? {}
    if (name === null && typeof props.name === 'string') name = props.name
    if (g?.type === 'Point') {
      fixes.push(fix(g.coordinates, props.time ?? props.timestamp ?? props.t, props.accuracy, `feature ${k}`))
    } else if (g?.type === 'LineString' || g?.type === 'MultiLineString') {
      const lines: any[][] = g.type === 'LineString' ? [g.coordinates] : g.coordinates
      const times = props.coordTimes ?? props.times
      const acc = props.accuracy
      lines.forEach((line, li) => {
        const lt = g.type === 'LineString' ? times : times?.[li]
        const la = Array.isArray(acc) ? (g.type === 'LineString' ? acc : acc[li]) : undefined
        ;(line ?? []).forEach((c, i) => fixes.push(fix(c, lt?.[i], la?.[i], `feature ${k}, line ${li}, point ${i}`)))
      })
    }
  })
  return { fixes, name }
}

function fix(c: unknown, time: unknown, accuracy: unknown, where: string): RawFix {
  const [lon, lat] = Array.isArray(c) ? c : [NaN, NaN]
  return { lon: Number(lon), lat: Number(lat), t: parseTime(time, where), accuracy: typeof accuracy === 'number' ? accuracy : NaN }
}
