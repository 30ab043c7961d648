import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  bd09ToGcj02, crsFromEpsg, crsFromPrj, detectCrs, fromWgs84, gcj02ToBd09, gcj02ToWgs84, parseCrsName, toWgs84, wgs84ToGcj02,
} from '../../geo/crs/index.ts'
import { haversineLonLat } from '../../geo/index.ts'

const china = fc.tuple(fc.double({ min: 73.5, max: 135, noNaN: true }), fc.double({ min: 18, max: 53.5, noNaN: true }))

describe('GCJ-02', () => {
  it('shifts Haidian by the ~550 m offset the shared data documents (Δlon +0.0062°, Δlat +0.0014°)', () => {
    const [lon, lat] = wgs84ToGcj02(116.35, 40.0)
    expect(lon - 116.35).toBeCloseTo(0.0062, 4)
    expect(lat - 40.0).toBeCloseTo(0.0014, 3)
    expect(haversineLonLat(116.35, 40, lon, lat)).toBeGreaterThan(500)
    expect(haversineLonLat(116.35, 40, lon, lat)).toBeLessThan(600)
  })
  it('leaves positions outside China alone (Dortmund)', () => {
    expect(wgs84ToGcj02(7.46, 51.51)).toEqual([7.46, 51.51])
    expect(gcj02ToWgs84(7.46, 51.51)).toEqual([7.46, 51.51])
  })
  it('inverts the forward transform to within 0.01 m everywhere in China', () => {
    fc.assert(fc.property(china, ([lon, lat]) => {
      const [gx, gy] = wgs84ToGcj02(lon, lat)
      const [bx, by] = gcj02ToWgs84(gx, gy)
      return haversineLonLat(lon, lat, bx, by) < 0.01
    }), { numRuns: 500 })
  })
})

describe('BD-09', () => {
  it('offsets GCJ-02 by about (+0.0065°, +0.006°) and inverts to within 0.01 m', () => {
    const [bx, by] = gcj02ToBd09(116.404, 39.915)
    expect(bx - 116.404).toBeGreaterThan(0.005)
    expect(bx - 116.404).toBeLessThan(0.008)
    expect(by - 39.915).toBeGreaterThan(0.005)
    expect(by - 39.915).toBeLessThan(0.008)
    fc.assert(fc.property(china, ([lon, lat]) => {
      const [x, y] = bd09ToGcj02(...gcj02ToBd09(lon, lat))
      return haversineLonLat(lon, lat, x, y) < 0.01
    }), { numRuns: 300 })
  })
  it('bd09 → WGS84 goes through GCJ-02', () => {
    const bd = fromWgs84(parseCrsName('bd09'))(116.35, 40)
    const back = toWgs84(parseCrsName('bd09'))(...bd)
    expect(haversineLonLat(116.35, 40, ...back)).toBeLessThan(0.01)
  })
})

describe('projected systems', () => {
  it('UTM 31N: 45°N on the central meridian is (500000, 4982950.40) — the meridian arc × 0.9996', () => {
    const [x, y] = fromWgs84(crsFromEpsg(32631))(3, 45)
    expect(x).toBeCloseTo(500000, 3)
    expect(y).toBeCloseTo(4982950.4, 1)
  })
  it('UTM 49N: the equator on 111°E is (500000, 0); Tsinghua’s corner is at ~116.31°E 39.99°N', () => {
    const utm = crsFromEpsg(32649)
    expect(fromWgs84(utm)(111, 0).map((v) => Math.round(v * 1000) / 1000)).toEqual([500000, 0])
    const [lon, lat] = toWgs84(utm)(953210.7686, 4440237.8361)
    expect(lon).toBeCloseTo(116.3074, 3)
    expect(lat).toBeCloseTo(39.9907, 3)
  })
  it('CGCS2000 3° Gauss-Krüger CM 117E (EPSG:4548) and zone 39 with prefix (EPSG:4527) agree', () => {
    const [x, y] = fromWgs84(crsFromEpsg(4548))(116.35, 40)
    const [xz, yz] = fromWgs84(crsFromEpsg(4527))(116.35, 40)
    expect(xz - x).toBeCloseTo(39_000_000, 3)
    expect(yz).toBeCloseTo(y, 6)
    expect(x).toBeLessThan(500000)
  })
  it('reads a .prj (ESRI WKT of WGS 84 / UTM 49N) and projects like EPSG:32649', () => {
    const prj = 'PROJCS["WGS_1984_UTM_Zone_49N",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",111.0],PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]'
    const a = toWgs84(crsFromPrj(prj))(953210.7686, 4440237.8361)
    const b = toWgs84(crsFromEpsg(32649))(953210.7686, 4440237.8361)
    expect(haversineLonLat(...a, ...b)).toBeLessThan(0.01)
  })
  it('takes a geographic CGCS2000 .prj as WGS84 and refuses Beijing 1954', () => {
    expect(crsFromPrj('GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]')).toEqual({ kind: 'wgs84' })
    expect(() => crsFromPrj('GEOGCS["GCS_Beijing_1954",DATUM["D_Beijing_1954",SPHEROID["Krasovsky_1940",6378245.0,298.3]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]')).toThrow(/Beijing_1954/)
  })
  it('refuses an EPSG code it does not know, naming it', () => {
    expect(() => crsFromEpsg(2385)).toThrow(/EPSG:2385/)
    expect(() => parseCrsName('mars')).toThrow(/mars/)
  })
})

describe('detectCrs', () => {
  const lonlat: [number, number, number, number] = [116.3, 39.9, 116.4, 40]
  it('a .prj wins, then a crs member', () => {
    expect(detectCrs({ bbox: lonlat, crsMember: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::32649' } } })).toMatchObject({ reason: 'crs_member', crs: { kind: 'projected', name: 'EPSG:32649' } })
    expect(detectCrs({ bbox: lonlat, crsMember: { type: 'name', properties: { name: 'urn:ogc:def:crs:OGC:1.3:CRS84' } } })).toMatchObject({ crs: { kind: 'wgs84' } })
  })
  it('metres without a name → projected, system unknown (crs null)', () => {
    expect(detectCrs({ bbox: [953210, 4440237, 955040, 4442967] })).toMatchObject({ crs: null, reason: 'projected_magnitude' })
  })
  it('file-name hints and DataV properties → GCJ-02; KML/OSM → WGS84; else WGS84 by default', () => {
    expect(detectCrs({ bbox: lonlat, fileName: 'bupt_campus_gcj02_mixed_3d.geojson' })).toMatchObject({ crs: { kind: 'gcj02' }, reason: 'file_name' })
    expect(detectCrs({ bbox: lonlat, fileName: 'x_bd09.json' })).toMatchObject({ crs: { kind: 'bd09' } })
    expect(detectCrs({ bbox: lonlat, firstProperties: { adcode: 530402, name: '红塔区', center: [102.5, 24.3] } })).toMatchObject({ crs: { kind: 'gcj02' }, reason: 'datav_properties' })
    expect(detectCrs({ bbox: lonlat, format: 'kml' })).toMatchObject({ crs: { kind: 'wgs84' }, reason: 'format' })
    expect(detectCrs({ bbox: lonlat })).toMatchObject({ crs: { kind: 'wgs84' }, reason: 'default' })
  })
})
