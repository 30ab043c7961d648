/** Decodes an MVT (with @mapbox/vector-tile, an independent reader) into plain objects for assertions. */
import { VectorTile } from '@mapbox/vector-tile'
import { PbfReader } from 'pbf'

export interface DecodedFeature {
  id: number | undefined
  type: 'point' | 'line' | 'polygon'
  /** rings / lines / points in tile units */
  geometry: [number, number][][]
  properties: Record<string, string | number | boolean>
}

const TYPES = ['unknown', 'point', 'line', 'polygon'] as const

export function decodeTile(bytes: Uint8Array): Record<string, { extent: number; features: DecodedFeature[] }> {
  const tile = new VectorTile(new PbfReader(bytes))
  const out: Record<string, { extent: number; features: DecodedFeature[] }> = {}
  for (const [name, layer] of Object.entries(tile.layers)) {
    const features: DecodedFeature[] = []
    for (let i = 0; i < layer.length; i++) {
      const f = layer.feature(i)
      features.push({
        id: f.id,
        type: TYPES[f.type] as DecodedFeature['type'],
        geometry: f.loadGeometry().map((ring) => ring.map((p) => [p.x, p.y] as [number, number])),
        properties: { ...(f.properties as Record<string, string | number | boolean>) },
      })
    }
    out[name] = { extent: layer.extent, features }
  }
  return out
}

/** The cases a `cases` layer holds: clusters count `count`, singles one. */
export const caseCount = (features: readonly DecodedFeature[]) => features.reduce((n, f) => n + (typeof f.properties.count === 'number' ? f.properties.count : 1), 0)
