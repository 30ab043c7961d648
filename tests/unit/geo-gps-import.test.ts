import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { cleanFixes, detectGpsFormat, GpsImportError, parseGpsTrack } from '../../geo/index.ts'
import { REALDATA } from '../support/realdata.ts'

const real = (name: string) => readFileSync(join(REALDATA, 'gps', name), 'utf8')
const code = (fn: () => unknown) => {
  try {
    fn()
  } catch (e) {
    if (e instanceof GpsImportError) return `${e.code}: ${e.message}`
    throw e
  }
  return 'no error'
}

describe('parseGpsTrack on the real GeoLife days (../shared/realdata/gps)', () => {
  for (const [day, fixes] of [['geolife_beijing_user009_20081025', 996], ['geolife_beijing_user008_20081101', 3812]] as const) {
    it(`${day}: GPX, PLT and GeoJSON give the same ${fixes} fixes`, () => {
      const gpx = parseGpsTrack(real(`${day}.gpx`))
      const plt = parseGpsTrack(real(`${day}.plt`))
      const geojson = parseGpsTrack(real(`${day}.geojson`))
      expect([gpx.format, plt.format, geojson.format]).toEqual(['gpx', 'plt', 'geojson'])
      expect(gpx.name).toBe(day)
      for (const t of [gpx, plt, geojson]) {
        expect(t.t.length).toBe(fixes)
        expect(t.untimed).toBe(0)
      }
      expect(plt.t).toEqual(gpx.t)
      expect(geojson.t).toEqual(gpx.t)
      expect(plt.lon).toEqual(gpx.lon)
      expect(geojson.lat).toEqual(gpx.lat)
      // Haidian, Beijing
      expect(Math.min(...gpx.lon)).toBeGreaterThan(116)
      expect(Math.max(...gpx.lat)).toBeLessThan(40.2)
      const clean = cleanFixes(gpx)
      expect(clean.t.length).toBeGreaterThan(fixes * 0.3)
      expect(clean.t.length).toBeLessThanOrEqual(fixes)
    })
  }
  it('GeoLife user 8: the first fix is 2008-11-01 04:16:35 UTC', () => {
    expect(new Date(parseGpsTrack(real('geolife_beijing_user008_20081101.plt')).t[0]).toISOString()).toBe('2008-11-01T04:16:35.000Z')
  })
  it('a projected file from the messy folder is refused as projected', () => {
    const text = readFileSync(join(REALDATA, 'messy', 'tsinghua_area_epsg32649.geojson'), 'utf8')
    expect(code(() => parseGpsTrack(text))).toMatch(/^projected_coordinates: /)
  })
})

const gpx = (body: string) => `<?xml version="1.0"?>\n<gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>${body}</trkseg></trk></gpx>`
const pt = (lat: number, lon: number, time?: string) => `<trkpt lat="${lat}" lon="${lon}">${time ? `<time>${time}</time>` : ''}</trkpt>`

describe('parseGpsTrack refuses bad files, naming the problem', () => {
  it.each([
    ['malformed XML (unclosed element)', gpx(pt(24.3, 102.6, '2026-11-17T01:00:00Z')).replace('</trk>', ''), /^malformed_xml: .*closes/],
    ['malformed XML (cut short)', gpx(pt(24.3, 102.6, '2026-11-17T01:00:00Z')).slice(0, 120), /^malformed_xml: /],
    ['malformed XML (broken tag)', gpx(`<trkpt lat="24.3" lon=102.6><time>2026-11-17T01:00:00Z</time></trkpt>`), /^malformed_xml: .*line 2/],
    ['XML that is not GPX', '<kml><Document/></kml>', /^unknown_format: /],
    ['no points', gpx(''), /^no_points: /],
    ['no times', gpx(pt(24.3, 102.6) + pt(24.31, 102.6)), /^no_times: /],
    ['a bad time', gpx(pt(24.3, 102.6, 'yesterday')), /^bad_time: .*"yesterday"/],
    ['latitude out of range', gpx(pt(124.3, 102.6, '2026-11-17T01:00:00Z')), /^coordinates_out_of_range: Point 0 is at \[102.6, 124.3\]/],
    ['projected metres', gpx(pt(2693000, 765000, '2026-11-17T01:00:00Z')), /^projected_coordinates: /],
    ['malformed JSON', '{"type": "FeatureCollection", "features": [', /^malformed_json: /],
    ['GeoJSON without lines or points', JSON.stringify({ type: 'FeatureCollection', features: [] }), /^no_points: /],
    ['GeoJSON in a projected CRS', JSON.stringify({ type: 'FeatureCollection', crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::32649' } }, features: [] }), /^projected_coordinates: .*32649/],
    ['a PLT line without numbers', 'Geolife trajectory\nWGS 84\nAltitude is in Feet\nReserved 3\n0,2,255,My Track,0,0,2,8421376\n0\nabc,def,0,492,39746.19,2008-10-25,04:39:04\n', /^malformed_plt: PLT line 7/],
    ['plain text', 'hello', /^unknown_format: /],
  ])('%s', (_, text, expected) => {
    expect(code(() => parseGpsTrack(text))).toMatch(expected)
  })
  it('oversized files and too many fixes', () => {
    expect(code(() => parseGpsTrack(gpx(pt(24.3, 102.6, '2026-11-17T01:00:00Z')), { maxBytes: 100 }))).toMatch(/^too_large: The file is \d+ bytes; at most 100/)
    expect(code(() => parseGpsTrack(gpx(pt(24.3, 102.6, '2026-11-17T01:00:00Z').repeat(3)), { maxFixes: 2 }))).toMatch(/^too_large: .*3 fixes/)
  })
})

describe('parseGpsTrack inputs', () => {
  it('reads GeoJSON Point features with times and MultiLineStrings with coordTimes per line', () => {
    const points = parseGpsTrack(
      JSON.stringify([
        { type: 'Feature', properties: { time: '2026-11-17T01:00:10Z', accuracy: 12 }, geometry: { type: 'Point', coordinates: [102.6, 24.3] } },
        { type: 'Feature', properties: { time: '2026-11-17T01:00:00Z' }, geometry: { type: 'Point', coordinates: [102.61, 24.3, 1500] } },
      ]),
    )
    expect(Array.from(points.lon)).toEqual([102.61, 102.6])
    expect(points.reordered).toBe(1)
    expect(Array.from(points.accuracy)).toEqual([NaN, 12])
    const multi = parseGpsTrack(
      JSON.stringify({
        type: 'Feature',
        properties: { coordTimes: [['2026-11-17T01:00:00Z', '2026-11-17T01:00:10Z'], ['2026-11-17T01:05:00Z']] },
        geometry: { type: 'MultiLineString', coordinates: [[[102.6, 24.3], [102.6001, 24.3]], [[102.61, 24.3]]] },
      }),
    )
    expect(multi.t.length).toBe(3)
    expect(multi.t[2] - multi.t[0]).toBe(300_000)
  })
  it('drops untimed points when others have times, sorts out-of-order ones', () => {
    const t = parseGpsTrack(gpx(pt(24.3, 102.6, '2026-11-17T01:00:10Z') + pt(24.31, 102.6) + pt(24.32, 102.6, '2026-11-17T01:00:00Z')))
    expect(t.untimed).toBe(1)
    expect(t.reordered).toBe(1)
    expect(Array.from(t.lat)).toEqual([24.32, 24.3])
  })
  it('detects the format from the first characters', () => {
    expect(detectGpsFormat('\uFEFF  <?xml')).toBe('gpx')
    expect(detectGpsFormat('[{')).toBe('geojson')
    expect(detectGpsFormat('Geolife trajectory\n')).toBe('plt')
    expect(detectGpsFormat('lat,lon')).toBeNull()
  })
  it('never throws anything but a GpsImportError on arbitrary text, and GPX round-trips random tracks', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (s) => {
      try {
        parseGpsTrack(s)
      } catch (e) {
        return e instanceof GpsImportError
      }
      return true
    }))
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.double({ min: -89, max: 89, noNaN: true }), fc.double({ min: -179, max: 179, noNaN: true }), fc.integer({ min: 0, max: 4e12 })), { minLength: 1, maxLength: 50 }), (pts) => {
        const track = parseGpsTrack(gpx(pts.map(([la, lo, t]) => pt(la, lo, new Date(t).toISOString())).join('')))
        const sorted = pts.map((p, i) => [p, i] as const).sort((a, b) => a[0][2] - b[0][2] || a[1] - b[1]).map(([p]) => p)
        expect(Array.from(track.t)).toEqual(sorted.map((p) => p[2]))
        expect(Array.from(track.lat)).toEqual(sorted.map((p) => p[0] + 0)) // "-0" is written as "0"
      }),
      { numRuns: 50 },
    )
  })
})
