import { zipSync, strToU8 } from 'fflate'
import { describe, expect, it } from 'vitest'
import { readGeoJson } from '../../geo/formats/geojson.ts'
import { readKml, writeKml } from '../../geo/formats/kml.ts'
import { joinWays, readOsm } from '../../geo/formats/osm.ts'
import { prepareBoundaries } from '../../geo/formats/prepare.ts'
import { readShapefileZip, writeShapefileZip } from '../../geo/formats/shapefile.ts'
import type { Polygon } from 'geojson'

const identity = (x: number, y: number): [number, number] => [x, y]
const square: Polygon = { type: 'Polygon', coordinates: [[[116, 40], [116.01, 40], [116.01, 40.01], [116, 40.01], [116, 40]], [[116.004, 40.004], [116.004, 40.006], [116.006, 40.006], [116.006, 40.004], [116.004, 40.004]]] }

/** A one-record polygon Shapefile built byte by byte from the ESRI description, independent of writeShapefileZip. */
function handBuiltShapefile(): Uint8Array {
  const ring = [[0, 0], [0, 1], [1, 1], [1, 0], [0, 0]] // clockwise: a shell
  const content = 44 + 4 + 16 * ring.length
  const shp = new DataView(new ArrayBuffer(100 + 8 + content))
  shp.setInt32(0, 9994, false)
  shp.setInt32(24, (100 + 8 + content) / 2, false)
  shp.setInt32(28, 1000, true)
  shp.setInt32(32, 5, true)
  shp.setInt32(100, 1, false)
  shp.setInt32(104, content / 2, false)
  shp.setInt32(108, 5, true)
  shp.setInt32(108 + 36, 1, true)
  shp.setInt32(108 + 40, ring.length, true)
  shp.setInt32(108 + 44, 0, true)
  ring.forEach(([x, y], i) => {
    shp.setFloat64(108 + 48 + 16 * i, x, true)
    shp.setFloat64(108 + 56 + 16 * i, y, true)
  })
  // dBASE: one C(10) field NAME holding 海淀 in GBK (no .cpg)
  const dbf = new Uint8Array(32 + 32 + 1 + 11 + 1)
  const dv = new DataView(dbf.buffer)
  dbf[0] = 3
  dv.setUint32(4, 1, true)
  dv.setUint16(8, 65, true)
  dv.setUint16(10, 11, true)
  dbf.set(strToU8('NAME'), 32)
  dbf[32 + 11] = 'C'.charCodeAt(0)
  dbf[32 + 16] = 10
  dbf[64] = 0x0d
  dbf.fill(0x20, 65, 76)
  dbf.set([0xba, 0xa3, 0xb5, 0xed], 66)
  dbf[76] = 0x1a
  return zipSync({ 'tiny/tiny.shp': new Uint8Array(shp.buffer), 'tiny/tiny.dbf': dbf })
}

describe('Shapefile', () => {
  it('reads a hand-built file: clockwise shell → counter-clockwise polygon, GBK name without .cpg', () => {
    const r = readShapefileZip(handBuiltShapefile())
    expect(r.features).toHaveLength(1)
    expect(r.features[0].properties.NAME).toBe('海淀')
    expect(r.notes).toContain('dbf encoding gbk (no .cpg; not UTF-8, read as GBK)')
    expect(r.notes).toContain('no .prj')
    expect(r.features[0].geometry).toEqual({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]] })
  })
  it('round trip through the writer: geometry with its hole, UTF-8 names, .prj, numbers', () => {
    const zip = writeShapefileZip('t', [{ properties: { name: '花园社区', n: 7 }, geometry: square }], [
      { name: 'name', type: 'C', length: 40, decimals: 0 },
      { name: 'n', type: 'N', length: 5, decimals: 0 },
    ], 'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]')
    const back = readShapefileZip(zip)
    expect(back.features[0].properties).toEqual({ name: '花园社区', n: 7 })
    expect(back.features[0].geometry).toEqual(square)
    expect(back.prj).toMatch(/GCS_WGS_1984/)
    expect(back.notes).toContain('dbf encoding utf-8 (from .cpg)')
  })
  it('refuses a zip without a .shp or without its .dbf, naming what is there', () => {
    expect(() => readShapefileZip(zipSync({ 'a.txt': strToU8('x') }))).toThrow(/no \.shp.*a\.txt/)
    expect(() => readShapefileZip(zipSync({ 'a.shp': new Uint8Array(100) }))).toThrow(/no a\.dbf/)
  })
})

describe('KML', () => {
  it('round trip: names, ExtendedData and holes', () => {
    const text = writeKml('t', [{ name: '凤鸣社区 <1>', properties: { code: '990102001002000' }, geometry: square }])
    const r = readKml(text)
    expect(r.features[0].properties).toEqual({ name: '凤鸣社区 <1>', code: '990102001002000' })
    expect(r.features[0].geometry).toEqual(square)
  })
  it('MultiGeometry of polygons → MultiPolygon; SimpleData attributes; 3-D positions dropped by prepare and reported', () => {
    const kml = `<kml xmlns="http://www.opengis.net/kml/2.2"><Document><Folder><Placemark><name>a</name>
      <ExtendedData><SchemaData schemaUrl="#s"><SimpleData name="DM">110108</SimpleData></SchemaData></ExtendedData>
      <MultiGeometry><Polygon><outerBoundaryIs><LinearRing><coordinates>0,0,5 1,0,5 1,1,5 0,0,5</coordinates></LinearRing></outerBoundaryIs></Polygon>
      <Polygon><outerBoundaryIs><LinearRing><coordinates>2,0 3,0 3,1 2,0</coordinates></LinearRing></outerBoundaryIs></Polygon></MultiGeometry></Placemark></Folder></Document></kml>`
    const r = readKml(kml)
    expect(r.features[0].properties).toEqual({ name: 'a', DM: '110108' })
    expect(r.features[0].geometry?.type).toBe('MultiPolygon')
    const p = prepareBoundaries(r.features, identity)
    expect(p.repairs.find((x) => x.kind === 'dropped_z')?.count).toBe(4)
  })
})

describe('OSM', () => {
  it('joins member ways (either direction) into rings; reports an open end', () => {
    expect(joinWays([['1', '2', '3'], ['1', '4', '3']])).toEqual([['1', '2', '3', '4', '1']])
    expect(joinWays([['1', '2'], ['2', '3']])).toBe('3')
  })
  it('reads a closed landuse way and a multipolygon relation; refuses a relation with a missing member', () => {
    const xml = `<osm version="0.6">
      <node id="1" lat="0" lon="0"/><node id="2" lat="0" lon="1"/><node id="3" lat="1" lon="1"/><node id="4" lat="1" lon="0"/>
      <way id="10"><nd ref="1"/><nd ref="2"/><nd ref="3"/><nd ref="4"/><nd ref="1"/><tag k="landuse" v="residential"/><tag k="name" v="小区"/></way>
      <way id="11"><nd ref="1"/><nd ref="2"/><nd ref="3"/></way><way id="12"><nd ref="3"/><nd ref="4"/><nd ref="1"/></way>
      <relation id="20"><member type="way" ref="11" role="outer"/><member type="way" ref="12" role="outer"/><tag k="type" v="multipolygon"/><tag k="landuse" v="grass"/></relation>
      <relation id="21"><member type="way" ref="99" role="outer"/><tag k="type" v="multipolygon"/><tag k="landuse" v="grass"/></relation>
      <way id="13"><nd ref="1"/><nd ref="2"/><nd ref="3"/><nd ref="1"/><tag k="building" v="yes"/></way></osm>`
    const r = readOsm(xml)
    expect(r.features.map((f) => f.properties.osm_id)).toEqual([10, 20, 21])
    const p = prepareBoundaries(r.features, identity)
    expect(p.features).toHaveLength(2)
    expect(p.refusals[0].message).toMatch(/member way 99 is not in the file/)
  })
})

describe('prepare: repairs only where the region is unambiguous', () => {
  const feature = (coordinates: number[][][]) => readGeoJson(JSON.stringify({ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates } })).features
  it('closes a ring, removes repeats, reverses a clockwise shell — all reported', () => {
    const p = prepareBoundaries(feature([[[0, 0], [0, 1], [0, 1], [1, 1], [1, 0]]]), identity)
    expect(p.features).toHaveLength(1)
    expect(p.repairs.map((r) => r.kind).sort()).toEqual(['closed_ring', 'duplicate_points', 'reoriented'])
  })
  it('repairs a spike (zero area): the union is the same region', () => {
    const p = prepareBoundaries(feature([[[0, 0], [1, 0], [1, 1], [1, 2], [1, 1], [0, 1], [0, 0]]]), identity)
    expect(p.refusals).toEqual([])
    expect(p.repairs.map((r) => r.kind)).toContain('zero_area_self_intersection')
  })
  it('refuses a bow-tie (two swapped vertices or two triangles?), naming the ring and the crossing', () => {
    const p = prepareBoundaries(feature([[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]), identity)
    expect(p.features).toEqual([])
    expect(p.refusals[0]).toMatchObject({ code: 'self_intersection', path: 'coordinates[0]', location: [0.5, 0.5] })
  })
  it('refuses a point or line, saying what it is', () => {
    const f = readGeoJson('{"type":"LineString","coordinates":[[0,0],[1,0],[1,1],[0,0]]}').features
    expect(prepareBoundaries(f, identity).refusals[0].message).toMatch(/LineString.*closed LineString is not taken/)
  })
})
