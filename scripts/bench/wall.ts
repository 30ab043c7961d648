/**
 * The wall under a stream of live events (issue 5, "Scale"): the longest frame in real Chromium
 * (SwiftShader WebGL) on /wall at 1920×1080 while 100 cases are reported through the API over
 * 10 s, against the same wall over 10 quiet seconds (its own pulse animation only).
 * Frames are measured in the page: requestAnimationFrame deltas, and the Long Animation Frames
 * API (PerformanceObserver 'long-animation-frame') where Chromium has it.
 *
 *   npx tsx scripts/bench/wall.ts
 *     builds the web app if stale, starts api/server.ts on a fresh PGlite directory (demo district)
 *   GRIDSIGHT_BENCH_URL=http://localhost:8080 npx tsx scripts/bench/wall.ts
 *     measures an app that is already running (it must have the demo users)
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Page } from 'playwright-core'
import { launch, logIn, sessionCookie } from '../../tests/e2e/browser.ts'
import { fmt } from './measure.ts'

type Out = (s?: string) => void

const EVENTS = 100
const STREAM_MS = 10_000
const WORKER = 'worker.huayuan'

interface FrameStats {
  frames: number
  maxMs: number
  p95Ms: number
  p99Ms: number
  over50: number
  loafCount: number | null
  loafMaxMs: number | null
}

async function startServer(): Promise<{ url: string; stop: () => Promise<void> }> {
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

async function report(url: string, lon: number, lat: number, i: number): Promise<number> {
  const res = await fetch(`${url}/api/cases`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: await sessionCookie(url, WORKER) },
    body: JSON.stringify({ category: i % 2 ? 'clutter' : 'exposed_rubbish', description: `大屏压测 ${i + 1}/${EVENTS}`, lon, lat }),
  })
  if (res.status !== 201) throw new Error(`report ${i}: ${res.status} ${await res.text()}`)
  return ((await res.json()) as { case: { id: number } }).case.id
}

function line(name: string, s: FrameStats): string {
  const loaf = s.loafCount === null ? 'n/a' : `${s.loafCount} (max ${fmt(s.loafMaxMs!)})`
  return `| ${name} | ${s.frames} | ${fmt(s.maxMs)} | ${fmt(s.p99Ms)} | ${fmt(s.p95Ms)} | ${s.over50} | ${loaf} |`
}

export async function benchWall(out: Out): Promise<void> {
  const external = process.env.GRIDSIGHT_BENCH_URL?.replace(/\/$/, '')
  const server = external ? { url: external, stop: async () => {} } : await startServer()
  const browser = await launch()
  try {
    // the machine's own noise: an empty page's frames over the same time
    const blankPage = await browser.newPage()
    await startRecording(blankPage)
    await blankPage.waitForTimeout(STREAM_MS)
    const blank = await stopRecording(blankPage)
    await blankPage.close()

    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN' })
    await logIn(context, server.url, 'duty')
    const page = await context.newPage()
    await page.goto(`${server.url}/wall?tour=0`)
    await page.waitForFunction(() => window.__gridsight !== undefined && window.__gridsight.pending().length === 0, null, { timeout: 120_000 })
    await page.locator('[data-test=wall-live][data-state=live]').waitFor({ timeout: 60_000 })
    await page.waitForTimeout(2000)
    const version = browser.version()

    await startRecording(page)
    await page.waitForTimeout(STREAM_MS)
    const quiet = await stopRecording(page)

    const positions = await workerPositions(server.url)
    await startRecording(page)
    const started = Date.now()
    const ids: number[] = []
    for (let i = 0; i < EVENTS; i++) {
      const due = started + (i * STREAM_MS) / EVENTS
      if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()))
      const [lon, lat] = positions[i % positions.length]!
      ids.push(await report(server.url, lon, lat, i))
    }
    const streamMs = Date.now() - started
    // until the last case is in the feed (the wall fetched it), then one more second of frames
    await page.locator(`[data-test=wall-feed] li[data-issue="${ids[ids.length - 1]}"]`).waitFor({ timeout: 60_000 })
    const lastSeenMs = Date.now() - started
    await page.waitForTimeout(1000)
    const stream = await stopRecording(page)
    const drawn = await page.evaluate((wanted) => {
      const have = new Set(window.__gridsight!.map.querySourceFeatures('wall-cases').map((f) => Number(f.properties.id)))
      return wanted.filter((id) => have.has(id)).length
    }, ids)

    out('## wall')
    out()
    out(`The command-centre wall (/wall, 1920×1080, ${version} with SwiftShader WebGL, animations on, tour off):`)
    out(`frames while ${EVENTS} cases are reported through POST /api/cases over ${(streamMs / 1000).toFixed(1)} s (each one an SSE event, a GET /api/cases/:id, a map update and a feed line; aggregates refetched debounced),`)
    out(`against 10 quiet seconds of the same page and of an empty page in the same browser (what the machine itself costs). Command: \`npx tsx scripts/bench/wall.ts\` or \`npm run bench -- wall\` (also in the full \`npm run bench\`).`)
    out()
    out('| phase | frames | longest frame | p99 | p95 | frames > 50 ms | long animation frames |')
    out('|---|---|---|---|---|---|---|')
    out(line(`${EVENTS} live events (paced for ${STREAM_MS / 1000} s; the POSTs took ${(streamMs / 1000).toFixed(1)} s)`, stream))
    out(line('quiet wall (baseline)', quiet))
    out(line('empty page (machine noise)', blank))
    out()
    out(`Last case in the feed ${fmt(lastSeenMs - streamMs)} after the last POST returned; ${drawn}/${EVENTS} cases in the map's source at the end. Target: longest frame < 50 ms.`)
    await context.close()
  } finally {
    await browser.close()
    await server.stop()
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await benchWall((s = '') => console.log(s))
}
