/**
 * The wall under a stream of live events (issue 5, "Scale"): frames in real Chromium (SwiftShader
 * WebGL) on /wall at 1920×1080 while 100 cases are reported through the API over 10 s, and over
 * 10 quiet seconds of the same page before (the idle floor: what the wall costs when nothing
 * happens). The same measurement runs, in the same process, browser and API server, on the wall
 * as it was before its changes were drawn on a one-second beat (the web app built from git
 * `WALL_BASELINE_REF`, default 6ef6573, served by a small static server in this process that
 * forwards /api to the same server), and on an empty page (what the machine itself costs).
 * Frames are measured in the page: requestAnimationFrame deltas, and the Long Animation Frames
 * API (PerformanceObserver 'long-animation-frame'). os.loadavg() is printed with every phase:
 * on a shared machine the figures move with the load.
 *
 *   npx tsx scripts/bench/wall.ts            (or npm run bench -- wall)
 *     builds the web app if stale, starts api/server.ts on a fresh PGlite directory (demo district)
 *   GRIDSIGHT_BENCH_URL=http://localhost:8080 npx tsx scripts/bench/wall.ts
 *     measures an app that is already running (it must have the demo users)
 *   WALL_BASELINE_REF=none   skips the baseline (no git, or to save the build)
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { createServer, request, type Server } from 'node:http'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, statSync, symlinkSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { extname, join, normalize } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Browser, Page } from 'playwright-core'
import { launch, logIn, sessionCookie } from '../../tests/e2e/browser.ts'
import { fmt } from './measure.ts'

type Out = (s?: string) => void

const EVENTS = 100
const STREAM_MS = 10_000
const WORKER = 'worker.huayuan'
/** main before the wall's beat: the per-event approach measured as the baseline */
const DEFAULT_BASELINE_REF = '6ef6573'
const TARGET_MS = 50

interface FrameStats {
  frames: number
  maxMs: number
  p95Ms: number
  p99Ms: number
  over50: number
  loafCount: number | null
  loafMaxMs: number | null
}

export async function startServer(): Promise<{ url: string; stop: () => Promise<void> }> {
  const { ensureWebBuild } = (await import('../web-build.mjs' as string)) as { ensureWebBuild(o: { log(l: string): void }): Promise<boolean> }
  await ensureWebBuild({ log: (l) => console.error(l) })
  const dataDir = mkdtempSync(join(tmpdir(), 'gridsight-bench-wall-'))
  const port = 20_000 + Math.floor(Math.random() * 20_000)
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), DATA_DIR: dataDir, STATIC_DIR: 'dist/web' }
  delete env.DATABASE_URL
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'api/server.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] })
  await new Promise<void>((resolve, reject) => {
    let log = ''
    const timer = setTimeout(() => reject(new Error(`server not ready in 300 s\n${log.slice(-2000)}`)), 300_000)
    const onData = (chunk: Buffer) => {
      log += chunk.toString()
      if (log.includes(`ready on http://localhost:${port}`)) {
        clearTimeout(timer)
        resolve()
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.once('exit', (code) => reject(new Error(`server exited (${code})\n${log.slice(-2000)}`)))
  })
  return {
    url: `http://localhost:${port}`,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r))
        child.kill('SIGTERM')
        await exited
      }
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/**
 * Starts recording frames in the page. Plain script text: tsx would wrap named functions of a
 * page function in a helper that does not exist in the page.
 */
const RECORD = `(() => {
  const rec = (window.__frames = { deltas: [], loaf: [], loafSupported: PerformanceObserver.supportedEntryTypes.includes('long-animation-frame'), running: true })
  if (rec.loafSupported) {
    rec.observer = new PerformanceObserver((list) => { for (const e of list.getEntries()) rec.loaf.push(e.duration) })
    rec.observer.observe({ type: 'long-animation-frame', buffered: false })
  }
  let last = 0
  const frame = (t) => {
    if (!rec.running) return
    if (last) rec.deltas.push(t - last)
    last = t
    requestAnimationFrame(frame)
  }
  requestAnimationFrame(frame)
})()`
function startRecording(page: Page) {
  return page.evaluate(RECORD)
}

async function stopRecording(page: Page): Promise<FrameStats> {
  const raw = await page.evaluate(() => {
    const rec = (window as unknown as { __frames: { deltas: number[]; loaf: number[]; loafSupported: boolean; running: boolean; observer?: PerformanceObserver } }).__frames
    rec.running = false
    rec.observer?.disconnect()
    return { deltas: rec.deltas, loaf: rec.loaf, loafSupported: rec.loafSupported }
  })
  const sorted = [...raw.deltas].sort((a, b) => a - b)
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0
  return {
    frames: sorted.length,
    maxMs: sorted[sorted.length - 1] ?? 0,
    p95Ms: at(0.95),
    p99Ms: at(0.99),
    over50: sorted.filter((d) => d > 50).length,
    loafCount: raw.loafSupported ? raw.loaf.length : null,
    loafMaxMs: raw.loafSupported ? Math.max(0, ...raw.loaf) : null,
  }
}

/** Positions of cases the worker may report at: existing cases of the worker's grids. */
async function workerPositions(url: string): Promise<[number, number][]> {
  const res = await fetch(`${url}/api/cases?limit=200`, { headers: { cookie: await sessionCookie(url, WORKER) } })
  const body = (await res.json()) as { cases: { lon: number; lat: number }[] }
  if (!body.cases.length) throw new Error('the worker sees no case to take positions from')
  return body.cases.map((c) => [c.lon, c.lat])
}

async function report(url: string, lon: number, lat: number, i: number, tag: string): Promise<number> {
  const res = await fetch(`${url}/api/cases`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: await sessionCookie(url, WORKER) },
    body: JSON.stringify({ category: i % 2 ? 'clutter' : 'exposed_rubbish', description: `大屏压测 ${tag} ${i + 1}/${EVENTS}`, lon, lat }),
  })
  if (res.status !== 201) throw new Error(`report ${i}: ${res.status} ${await res.text()}`)
  return ((await res.json()) as { case: { id: number } }).case.id
}

const load = () => loadavg()[0]!.toFixed(1)

function line(name: string, s: FrameStats, loadAt: string): string {
  const loaf = s.loafCount === null ? 'n/a' : `${s.loafCount} (max ${fmt(s.loafMaxMs!)})`
  return `| ${name} | ${s.frames} | ${fmt(s.maxMs)} | ${fmt(s.p95Ms)} | ${s.over50} | ${loaf} | ${loadAt} |`
}

/**
 * The wall as it was at `ref`: web/ and geo/ from git, built with this checkout's node_modules
 * into a cache directory (reused while the ref is the same). Null when git cannot give it.
 */
async function buildBaseline(ref: string, log: (l: string) => void): Promise<string | null> {
  const commit = spawnSync('git', ['rev-parse', '--verify', `${ref}^{commit}`], { encoding: 'utf8' })
  if (commit.status !== 0) {
    log(`[wall] baseline ${ref} not found in git: skipped`)
    return null
  }
  const sha = commit.stdout.trim()
  const root = join(tmpdir(), `gridsight-wall-baseline-${sha.slice(0, 12)}`)
  const dist = join(root, 'dist/web')
  if (existsSync(join(dist, 'index.html'))) return dist
  rmSync(root, { recursive: true, force: true })
  mkdirSync(root, { recursive: true })
  const archive = spawnSync('sh', ['-c', `git archive ${sha} web geo vite.config.ts package.json tsconfig.json | tar -x -C "${root}"`], { stdio: 'inherit' })
  if (archive.status !== 0) throw new Error(`git archive ${ref} failed`)
  symlinkSync(realpathSync('node_modules'), join(root, 'node_modules'))
  log(`[wall] building the baseline web app (${ref} = ${sha.slice(0, 10)})…`)
  const vite = join(realpathSync('node_modules'), 'vite/bin/vite.js')
  const built = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' })
  if (built.status !== 0) throw new Error(`baseline build failed (${built.status})`)
  return dist
}

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png', '.wasm': 'application/wasm' }

/** Serves a built web app from `dir` (unknown paths: index.html) and forwards /api (SSE included) to `api`. */
async function serveApp(dir: string, api: string): Promise<{ url: string; close: () => Promise<void> }> {
  const to = new URL(api)
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!
    if (path.startsWith('/api/')) {
      const upstream = request({ host: to.hostname, port: to.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.pipe(res)
      })
      upstream.on('error', () => res.destroy())
      res.on('close', () => upstream.destroy())
      req.pipe(upstream)
      return
    }
    let file = join(dir, normalize(decodeURIComponent(path)).replace(/^(\.\.[/\\])+/, ''))
    if (!file.startsWith(dir) || !existsSync(file) || statSync(file).isDirectory()) file = join(dir, 'index.html')
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' })
    res.end(readFileSync(file))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  // localhost, like the API's URL: the session cookie is per host, not per port
  return { url: `http://localhost:${(server.address() as { port: number }).port}`, close: () => new Promise<void>((r) => server.close(() => r())) }
}

interface WallRun {
  idle: FrameStats
  idleLoad: string
  stream: FrameStats
  streamLoad: string
  streamMs: number
  lastSeenMs: number
  drawn: number
  version: string
}

/** One wall page at `appUrl`: 10 quiet seconds (the idle floor), then 100 cases reported through `apiUrl` over 10 s. */
async function measureWall(browser: Browser, appUrl: string, apiUrl: string, positions: [number, number][], tag: string): Promise<WallRun> {
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN' })
  try {
    await logIn(context, appUrl, 'duty')
    const page = await context.newPage()
    await page.goto(`${appUrl}/wall?tour=0`)
    await page.waitForFunction(() => window.__gridsight !== undefined && window.__gridsight.pending().length === 0, null, { timeout: 120_000 })
    await page.locator('[data-test=wall-live][data-state=live]').waitFor({ timeout: 60_000 })
    await page.waitForTimeout(3000)

    await startRecording(page)
    await page.waitForTimeout(STREAM_MS)
    const idleLoad = load()
    const idle = await stopRecording(page)

    await startRecording(page)
    const started = Date.now()
    const ids: number[] = []
    for (let i = 0; i < EVENTS; i++) {
      const due = started + (i * STREAM_MS) / EVENTS
      if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()))
      const [lon, lat] = positions[i % positions.length]!
      ids.push(await report(apiUrl, lon, lat, i, tag))
    }
    const streamMs = Date.now() - started
    // until the last case is in the feed (the wall fetched it), then one more second of frames
    await page.locator(`[data-test=wall-feed] li[data-issue="${ids[ids.length - 1]}"]`).waitFor({ timeout: 60_000 })
    const lastSeenMs = Date.now() - started
    await page.waitForTimeout(1000)
    const streamLoad = load()
    const stream = await stopRecording(page)
    // the map takes the last beat's cases a moment later
    await page.waitForTimeout(1500)
    const drawn = await page.evaluate((wanted) => {
      const have = new Set(window.__gridsight!.map.querySourceFeatures('wall-cases').map((f) => Number(f.properties.id)))
      return wanted.filter((id) => have.has(id)).length
    }, ids)
    return { idle, idleLoad, stream, streamLoad, streamMs, lastSeenMs, drawn, version: browser.version() }
  } finally {
    await context.close()
  }
}

export async function benchWall(out: Out): Promise<void> {
  const log = (l: string) => console.error(l)
  const external = process.env.GRIDSIGHT_BENCH_URL?.replace(/\/$/, '')
  const ref = process.env.WALL_BASELINE_REF ?? DEFAULT_BASELINE_REF
  const baselineDir = ref === 'none' ? null : await buildBaseline(ref, log)
  const server = external ? { url: external, stop: async () => {} } : await startServer()
  const baselineApp = baselineDir ? await serveApp(baselineDir, server.url) : null
  const browser = await launch()
  try {
    const positions = await workerPositions(server.url)
    // the machine's own noise: an empty page's frames over the same time
    const blankPage = await browser.newPage()
    await startRecording(blankPage)
    await blankPage.waitForTimeout(STREAM_MS)
    const blankLoad = load()
    const blank = await stopRecording(blankPage)
    await blankPage.close()

    log('[wall] baseline wall…')
    const before = baselineApp ? await measureWall(browser, baselineApp.url, server.url, positions, 'baseline') : null
    log('[wall] this wall…')
    const now = await measureWall(browser, server.url, server.url, positions, 'beat')

    out('## wall')
    out()
    out(`The command-centre wall (/wall, 1920×1080, Chromium ${now.version} with SwiftShader WebGL, animations on, tour off), ${new Date().toISOString()}, ${cpus().length} cores; os.loadavg() (1 min) at the end of each phase in the last column — other work on the machine moves every figure.`)
    out(`Each phase: the idle floor (10 quiet seconds of the page), then ${EVENTS} cases reported through POST /api/cases over ${STREAM_MS / 1000} s (each an SSE event, a GET /api/cases/:id, a map update and a feed line; aggregates refetched debounced), frames counted until the last case is in the feed + 1 s.`)
    out(`Baseline: the same wall before its changes were put on a one-second beat (git ${ref}), same browser, same API server, same process. Command: \`npm run bench -- wall\` (or \`npx tsx scripts/bench/wall.ts\`).`)
    out()
    out('| phase | frames | longest frame | p95 | frames > 50 ms | long animation frames | load (1 min) |')
    out('|---|---|---|---|---|---|---|')
    out(line(`this wall: ${EVENTS} live events (POSTs took ${(now.streamMs / 1000).toFixed(1)} s)`, now.stream, now.streamLoad))
    out(line('this wall: idle floor (10 s, no events)', now.idle, now.idleLoad))
    if (before) {
      out(line(`baseline ${ref}: ${EVENTS} live events (POSTs took ${(before.streamMs / 1000).toFixed(1)} s)`, before.stream, before.streamLoad))
      out(line(`baseline ${ref}: idle floor`, before.idle, before.idleLoad))
    }
    out(line('empty page (machine noise)', blank, blankLoad))
    out()
    out(`Last case in the feed ${fmt(now.lastSeenMs - now.streamMs)} after the last POST returned; ${now.drawn}/${EVENTS} cases in the map's source at the end${before ? ` (baseline: ${fmt(before.lastSeenMs - before.streamMs)}, ${before.drawn}/${EVENTS})` : ''}.`)
    const met = now.stream.maxMs < TARGET_MS
    out()
    out(
      `WALL SUMMARY: longest frame ${fmt(now.stream.maxMs)}, p95 ${fmt(now.stream.p95Ms)}, ${now.stream.over50} frames > 50 ms during ${EVENTS} events` +
        (before ? ` (baseline ${fmt(before.stream.maxMs)}, p95 ${fmt(before.stream.p95Ms)}, ${before.stream.over50} > 50 ms)` : '') +
        `; idle floor longest ${fmt(now.idle.maxMs)}, p95 ${fmt(now.idle.p95Ms)}` +
        (before ? ` (baseline ${fmt(before.idle.maxMs)}, p95 ${fmt(before.idle.p95Ms)})` : '') +
        `; empty page longest ${fmt(blank.maxMs)}; load ${now.streamLoad} on ${cpus().length} cores; target < ${TARGET_MS} ms ${met ? 'MET' : 'NOT MET'}`,
    )
  } finally {
    await browser.close()
    await baselineApp?.close()
    await server.stop()
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await benchWall((s = '') => console.log(s))
}
