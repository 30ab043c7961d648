/**
 * One FeatureCollection per file, one feature per line, so a change to the district shows in
 * git as changed lines. Written as a stream of chunks: the benchmark sizes never hold a whole
 * file in memory.
 */
import type { Feature } from 'geojson'

export function* serializeLayer(features: Iterable<Feature>): Generator<string> {
  yield '{"type":"FeatureCollection","features":[\n'
  let first = true
  for (const f of features) {
    yield (first ? '' : ',\n') + JSON.stringify(f)
    first = false
  }
  yield '\n]}\n'
}
