import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * Where the shared real geodata lives (../shared/realdata beside the work tree on our
 * machines). GRIDSIGHT_REALDATA overrides; a clone elsewhere falls back to /work/shared. When
 * none exists, the tests that read it fail (with a warning naming the places looked in) rather
 * than skip.
 */
const REPO = resolve(fileURLToPath(new URL('../..', import.meta.url)))

const candidates = [process.env.GRIDSIGHT_REALDATA, join(REPO, '..', 'shared', 'realdata'), '/work/shared/realdata'].filter(
  (p): p is string => Boolean(p),
)

function find(): string {
  const found = candidates.find((p) => existsSync(join(p, 'README.md')))
  if (found) return found
  console.warn(`[tests] real geodata not found in ${candidates.join(', ')}; set GRIDSIGHT_REALDATA. Tests that read it will fail.`)
  return candidates[candidates.length - 1]
}

export const REALDATA = find()
