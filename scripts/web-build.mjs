// Builds web/ into dist/web when any source is newer than the last build's stamp.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const SOURCES = ['web', 'geo', 'vite.config.ts', 'package-lock.json']
const STAMP = 'dist/web/.build-stamp'

function newest(path) {
  if (!existsSync(path)) return 0
  const s = statSync(path)
  if (!s.isDirectory()) return s.mtimeMs
  let t = 0
  for (const name of readdirSync(path)) {
    if (name === 'node_modules') continue
    t = Math.max(t, newest(join(path, name)))
  }
  return t
}

export function webBuildIsFresh() {
  if (!existsSync(STAMP)) return false
  const built = statSync(STAMP).mtimeMs
  return SOURCES.every((s) => newest(s) <= built)
}

export async function ensureWebBuild({ log = () => {} } = {}) {
  if (webBuildIsFresh()) return false
  log('[web] building the web app (vite build)…')
  const started = Date.now()
  const result = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], { stdio: 'inherit' })
  if (result.status !== 0) throw new Error(`vite build failed with exit code ${result.status}`)
  writeFileSync(STAMP, new Date().toISOString())
  log(`[web] built in ${((Date.now() - started) / 1000).toFixed(1)} s`)
  return true
}
