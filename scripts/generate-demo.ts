/**
 * Writes the demo district 岚湖区（演示） to geodata/demo (or a benchmark size elsewhere).
 *
 *   npx tsx scripts/generate-demo.ts                       # the committed demo
 *   npx tsx scripts/generate-demo.ts --size L --out /tmp/l # ~1M buildings, not committed
 *   options: --seed N (default DEMO_SEED)
 */
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { writeDemo } from './demo/generate.ts'
import { DEMO_SEED } from './demo/layers.ts'
import type { DemoSize } from './demo/plan.ts'

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: 'demo' },
    out: { type: 'string' },
    seed: { type: 'string' },
  },
})
const size = values.size as DemoSize
if (!['demo', 'S', 'M', 'L'].includes(size)) {
  console.error(`--size must be S, M or L (got ${JSON.stringify(values.size)})`)
  process.exit(2)
}
if (size !== 'demo' && !values.out) {
  console.error('--out DIR is required with --size: benchmark sizes are not written over the committed demo')
  process.exit(2)
}
const seed = values.seed === undefined ? DEMO_SEED : Number(values.seed)
if (!Number.isInteger(seed)) {
  console.error(`--seed must be an integer (got ${values.seed})`)
  process.exit(2)
}
const dir = values.out ?? fileURLToPath(new URL('../geodata/demo/', import.meta.url))
const started = performance.now()
console.log(`generating 岚湖区（演示） size ${size}, seed ${seed} → ${dir}`)
await writeDemo(dir, { seed, size, log: console.log })
console.log(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`)
