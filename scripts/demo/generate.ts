/**
 * Entry points of the demo generator: build the district in memory (tests, API), or stream it
 * to a directory of GeoJSON files (the CLI, the benchmark sizes).
 */
import { createWriteStream, mkdirSync, renameSync } from 'node:fs'
import { once } from 'node:events'
import { join } from 'node:path'
import type { Feature } from 'geojson'
import { layerFeatures } from './features.ts'
import { LAYER_NAMES, type DemoLayers, type LayerName } from './layers.ts'
import { buildModel } from './model.ts'
import type { DemoSize } from './plan.ts'
import { serializeLayer } from './serialize.ts'

export interface GenerateOptions {
  seed: number
  size?: DemoSize
  log?: (msg: string) => void
}

/** The whole district as GeoJSON layers, in memory. */
export function generateDemo({ seed, size = 'demo', log }: GenerateOptions): DemoLayers {
  const m = buildModel(seed, size, log)
  const layers = {} as Record<LayerName, { type: 'FeatureCollection'; features: Feature[] }>
  for (const name of LAYER_NAMES) layers[name] = { type: 'FeatureCollection', features: [...layerFeatures(m, name)] }
  return layers as unknown as DemoLayers
}

/** The exact text of a layer file. */
export function layerText(features: Iterable<Feature>): string {
  return [...serializeLayer(features)].join('')
}

/** Streams every layer to `<dir>/<layer>.geojson` (via a temporary name, so no half file is left). */
export async function writeDemo(dir: string, { seed, size = 'demo', log = () => {} }: GenerateOptions): Promise<Record<LayerName, { features: number; bytes: number }>> {
  mkdirSync(dir, { recursive: true })
  const m = buildModel(seed, size, log)
  const stats = {} as Record<LayerName, { features: number; bytes: number }>
  for (const name of LAYER_NAMES) {
    const path = join(dir, `${name}.geojson`)
    const out = createWriteStream(`${path}.tmp`)
    let bytes = 0
    let features = 0
    let buffer = ''
    const counted = (function* () {
      for (const f of layerFeatures(m, name)) {
        features++
        yield f
      }
    })()
    for (const chunk of serializeLayer(counted)) {
      buffer += chunk
      if (buffer.length > 1 << 20) {
        bytes += Buffer.byteLength(buffer)
        if (!out.write(buffer)) await once(out, 'drain')
        buffer = ''
      }
    }
    bytes += Buffer.byteLength(buffer)
    out.end(buffer)
    await once(out, 'finish')
    renameSync(`${path}.tmp`, path)
    stats[name] = { features, bytes }
    log(`  wrote ${name}.geojson: ${features} features, ${(bytes / 1e6).toFixed(2)} MB`)
  }
  return stats
}
