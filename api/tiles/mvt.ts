/**
 * A Mapbox Vector Tile (MVT 2.1) encoder for features already in tile coordinates: the JS tiler's
 * output stage, byte-compatible in content with PostGIS ST_AsMVT (same layers, features, ids,
 * properties and integer geometry; the bytes may differ in value encoding and order).
 * Spec: https://github.com/mapbox/vector-tile-spec/tree/master/2.1
 */
import { PbfWriter as Pbf } from 'pbf'

export const DEFAULT_EXTENT = 4096

export type PropValue = string | number | boolean
export interface TilePointFeature {
  type: 'point'
  id?: number
  /** [x, y] in tile units, y down */
  point: readonly [number, number]
  properties: Record<string, PropValue | null | undefined>
}
export interface TilePolygonFeature {
  type: 'polygon'
  id?: number
  /** rings in tile units, y down; outer rings clockwise on screen, holes counter-clockwise; closed or not */
  rings: readonly (readonly (readonly [number, number])[])[]
  properties: Record<string, PropValue | null | undefined>
}
export type TileFeature = TilePointFeature | TilePolygonFeature

export interface TileLayer {
  name: string
  extent?: number
  features: readonly TileFeature[]
}

const GEOM = { point: 1, polygon: 3 } as const
const command = (id: number, count: number) => (id & 0x7) | (count << 3)
const zigzag = (n: number) => (n << 1) ^ (n >> 31)

/** Encodes layers into one tile; null/undefined properties are left out, empty layers too. */
export function encodeTile(layers: readonly TileLayer[]): Uint8Array {
  const pbf = new Pbf()
  for (const layer of layers) {
    if (layer.features.length) pbf.writeMessage(3, writeLayer, layer)
  }
  return pbf.finish()
}

function writeLayer(layer: TileLayer, pbf: Pbf) {
  const keys = new Map<string, number>()
  const values = new Map<string, number>()
  const valueList: PropValue[] = []
  const tagsOf = (props: TileFeature['properties']) => {
    const tags: number[] = []
    for (const [key, value] of Object.entries(props)) {
      if (value === null || value === undefined) continue
      let k = keys.get(key)
      if (k === undefined) keys.set(key, (k = keys.size))
      const vKey = `${typeof value}:${String(value)}`
      let v = values.get(vKey)
      if (v === undefined) {
        values.set(vKey, (v = valueList.length))
        valueList.push(value)
      }
      tags.push(k, v)
    }
    return tags
  }
  pbf.writeVarintField(15, 2)
  pbf.writeStringField(1, layer.name)
  for (const f of layer.features) {
    pbf.writeMessage(2, writeFeature, { f, tags: tagsOf(f.properties) })
  }
  for (const key of keys.keys()) pbf.writeStringField(3, key)
  for (const value of valueList) pbf.writeMessage(4, writeValue, value)
  pbf.writeVarintField(5, layer.extent ?? DEFAULT_EXTENT)
}

function writeFeature({ f, tags }: { f: TileFeature; tags: number[] }, pbf: Pbf) {
  if (f.id !== undefined) pbf.writeVarintField(1, f.id)
  if (tags.length) pbf.writePackedVarint(2, tags)
  pbf.writeVarintField(3, GEOM[f.type])
  pbf.writePackedVarint(4, f.type === 'point' ? pointGeometry(f.point) : polygonGeometry(f.rings))
}

function pointGeometry([x, y]: readonly [number, number]): number[] {
  return [command(1, 1), zigzag(x), zigzag(y)]
}

function polygonGeometry(rings: TilePolygonFeature['rings']): number[] {
  const out: number[] = []
  let cx = 0
  let cy = 0
  for (const ring of rings) {
    // the closing vertex is implied by ClosePath
    const n = ring.length > 1 && ring[0][0] === ring.at(-1)![0] && ring[0][1] === ring.at(-1)![1] ? ring.length - 1 : ring.length
    if (n < 3) continue
    out.push(command(1, 1), zigzag(ring[0][0] - cx), zigzag(ring[0][1] - cy))
    ;[cx, cy] = ring[0]
    out.push(command(2, n - 1))
    for (let i = 1; i < n; i++) {
      out.push(zigzag(ring[i][0] - cx), zigzag(ring[i][1] - cy))
      ;[cx, cy] = ring[i]
    }
    out.push(command(7, 1))
  }
  return out
}

function writeValue(value: PropValue, pbf: Pbf) {
  if (typeof value === 'string') pbf.writeStringField(1, value)
  else if (typeof value === 'boolean') pbf.writeBooleanField(7, value)
  else if (Number.isInteger(value)) {
    if (value >= 0) pbf.writeVarintField(5, value)
    else pbf.writeSVarintField(6, value)
  } else pbf.writeDoubleField(3, value)
}
