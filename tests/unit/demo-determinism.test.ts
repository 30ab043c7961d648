/**
 * The demo is reproducible: regenerating it in memory from DEMO_SEED gives files byte-identical
 * to the committed geodata/demo (compared by SHA-256), and issues and patrols are a pure
 * function of (seed, now).
 */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { generateDemo, layerText } from '../../scripts/demo/generate.ts'
import { generateIssues } from '../../scripts/demo/issues.ts'
import { DEMO_SEED, LAYER_NAMES, loadDemoLayers } from '../../scripts/demo/layers.ts'
import { generatePatrols } from '../../scripts/demo/patrols.ts'

const DIR = fileURLToPath(new URL('../../geodata/demo/', import.meta.url))
const sha = (text: string | Buffer) => createHash('sha256').update(text).digest('hex')

describe('demo determinism', () => {
  it('regenerates every committed layer byte for byte, within 20 s', () => {
    const started = performance.now()
    const layers = generateDemo({ seed: DEMO_SEED })
    const seconds = (performance.now() - started) / 1000
    for (const name of LAYER_NAMES) {
      const committed = sha(readFileSync(`${DIR}${name}.geojson`))
      expect(sha(layerText(layers[name].features)), `${name}.geojson differs from a fresh generation: run npx tsx scripts/generate-demo.ts`).toBe(committed)
    }
    expect(seconds).toBeLessThan(20)
  }, 60_000)

  it('draws a different district from another seed', () => {
    const a = generateDemo({ seed: DEMO_SEED + 1 })
    expect(sha(layerText(a.grids.features))).not.toBe(sha(readFileSync(`${DIR}grids.geojson`)))
  }, 60_000)

  it('draws the same issues and patrols for the same (seed, now)', () => {
    const layers = loadDemoLayers(DIR)
    const now = new Date('2025-03-05T15:20:00+08:00')
    const run = (seed: number) => JSON.stringify([generateIssues(layers, { seed, now, count: 3000 }), generatePatrols(layers, { seed, now, workers: 4 })])
    const once = run(7)
    expect(sha(run(7))).toBe(sha(once))
    expect(sha(run(8))).not.toBe(sha(once))
  })
})
