#!/usr/bin/env node
// npm test: type check, unit tests (geo/, generator), API tests on a real database (PGlite, or the
// PostgreSQL server in DATABASE_URL), then the built app in Debian's Chromium.
// Extra arguments go to every vitest run (e.g. npm test -- -t coverage).
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'

const CHROMIUM = '/usr/bin/chromium'
const extra = process.argv.slice(2)

function run(cmd, args, env = process.env) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', env })
  if (r.status !== 0) process.exit(r.status ?? 1)
}

function ensureChromium() {
  if (existsSync(CHROMIUM)) return
  const root = process.getuid?.() === 0
  if (!root || !existsSync('/usr/bin/apt-get')) {
    console.error('Chromium is missing: run "sudo apt-get install -y chromium fonts-noto-cjk" (Debian packages), then npm test again.')
    process.exit(1)
  }
  console.log('[test] installing Debian chromium and fonts-noto-cjk for the browser tests…')
  run('apt-get', ['update', '-q'])
  run('apt-get', ['install', '-y', '-q', 'chromium', 'fonts-noto-cjk'], { ...process.env, DEBIAN_FRONTEND: 'noninteractive' })
}

const vitest = ['node_modules/vitest/vitest.mjs', 'run']
console.log(`[test] engine: ${process.env.DATABASE_URL ? 'postgres (DATABASE_URL)' : 'pglite (embedded)'}`)
run(process.execPath, ['node_modules/typescript/bin/tsc', '--noEmit', '-p', 'tsconfig.json'])
run(process.execPath, ['node_modules/vue-tsc/bin/vue-tsc.js', '--noEmit', '-p', 'web/tsconfig.json'])
run(process.execPath, [...vitest, '--project', 'unit', ...extra])
run(process.execPath, [...vitest, '--project', 'api', ...extra])
ensureChromium()
run(process.execPath, [...vitest, '--project', 'e2e', ...extra])
