import { readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.ts'

export interface DemoStepContext {
  /** the demo's "now": every date the step writes is placed relative to it */
  now: Date
  seed: number
  log: (line: string) => void
}

/** A demo step adds one feature's demo rows, inside the demo's one transaction. */
export type DemoStep = (trx: Kysely<Database>, ctx: DemoStepContext) => Promise<void>

const DIR = fileURLToPath(new URL('.', import.meta.url))

/**
 * The demo steps of this folder (`NN-name.ts`, each exporting `demoStep`), run in file-name order
 * after the core layers, cases and patrols are in. A feature adds its demo data by adding a file
 * here, so features never edit the core loader.
 */
export async function runDemoSteps(trx: Kysely<Database>, ctx: DemoStepContext): Promise<void> {
  const files = readdirSync(DIR)
    .filter((f) => /^\d\d-[\w-]+\.ts$/.test(f))
    .sort()
  for (const file of files) {
    const mod = (await import(new URL(file, import.meta.url).href)) as { demoStep?: DemoStep }
    if (typeof mod.demoStep !== 'function') throw new Error(`demo step ${file} exports no demoStep function`)
    const started = performance.now()
    await mod.demoStep(trx, ctx)
    ctx.log(`[demo] step ${file} (${Math.round(performance.now() - started)} ms)`)
  }
}
