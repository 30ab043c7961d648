/**
 * Vector tiles at the L workload (1M cases, 16.5k grids; scripts/bench/tiles-data.ts):
 *   1. tile generation, uncached, per engine — PostgreSQL with ST_AsMVT, PostgreSQL with the JS
 *      encoder, PGlite with the JS encoder — over every tile of the district at z10–13 and a
 *      seeded sample of 150 tiles at each of z14–16 (the overall p95 weights each zoom by its
 *      number of tiles in the district);
 *   2. real Chromium (SwiftShader): navigation → first `idle` of a 1600×1000 map fitted to the
 *      district, cases drawn from the tiles vs the same 1M points as one GeoJSON source clustered
 *      by MapLibre (as the map did before; the GeoJSON carries only the fields the map draws).
 *
 *   npm run bench -- tiles          (GRIDSIGHT_WORKLOADS=dir for the L workload's cache)
 */
import { createServer } from 'node:http'
import { readFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'
import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import { sql } from 'kysely'
import { chromium } from 'playwright-core'
import { OpenAPIHono } from '@hono/zod-openapi'
import type { DatabaseHandle } from '../../api/db/connect.ts'
import type { AppEnv } from '../../api/http/env.ts'
import { handleError } from '../../api/errors.ts'
import { renderCasesTile, type Tiler } from '../../api/tiles/cases.ts'
import { tileRoutes } from '../../api/tiles/routes.ts'
import type { TileId } from '../../api/tiles/tile.ts'
import { createRng } from '../demo/random.ts'
import { fmt } from './measure.ts'
import { CASE_COUNT, openBenchDatabase } from './tiles-data.ts'

type Out = (s?: string) => void
const ADMIN = { id: 0, username: 'bench', name: 'bench', role: 'admin', gridIds: [], categories: null, department: null }
const SAMPLE = 150
const log = (msg: string) => process.stderr.write(`[tiles] ${msg}\n`)

const lonToX = (lon: number, z: number) => Math.floor(((lon + 180) / 360) * 2 ** z)
const latToY = (lat: number, z: number) => {
  const r = (lat * Math.PI) / 180
  return Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * 2 ** z)
}

async function extent(h: DatabaseHandle): Promise<[number, number, number, number]> {
  const { rows } = await sql<{ a: number; b: number; c: number; d: number }>`select min(lon) a, min(lat) b, max(lon) c, max(lat) d from issues`.execute(h.db)
  return [rows[0].a, rows[0].b, rows[0].c, rows[0].d]
}

/** Every tile of zoom z over the box. */
function tilesOf(bbox: [number, number, number, number], z: number): TileId[] {
  const out: TileId[] = []
  for (let x = lonToX(bbox[0], z); x <= lonToX(bbox[2], z); x++) for (let y = latToY(bbox[3], z); y <= latToY(bbox[1], z); y++) out.push({ z, x, y })
  return out
}

interface Sample {
  z: number
  ms: number
  bytes: number
  weight: number
}

/** The value below which `q` of the total weight lies. */
function quantile(samples: readonly { v: number; weight: number }[], q: number): number {
  const sorted = [...samples].sort((a, b) => a.v - b.v)
  const total = sorted.reduce((s, x) => s + x.weight, 0)
  let acc = 0
  for (const s of sorted) {
    acc += s.weight
    if (acc >= q * total) return s.v
  }
  return sorted.at(-1)?.v ?? 0
}

async function generation(h: DatabaseHandle, tiler: Tiler, bbox: [number, number, number, number]): Promise<Sample[]> {
  const rng = createRng(20240501, 'bench:tiles:sample')
  const scope = sql<boolean>`true`
  const out: Sample[] = []
  const now = new Date()
  // warm the connection and the planner
  await renderCasesTile(h.db, tiler, { z: 14, x: lonToX(bbox[0], 14), y: latToY(bbox[3], 14) }, {}, scope, now)
  for (let z = 10; z <= 16; z++) {
    const all = tilesOf(bbox, z)
    const picked = all.length <= SAMPLE || z <= 13 ? all : rng.shuffle([...all]).slice(0, SAMPLE)
    for (const tile of picked) {
      const t0 = performance.now()
      const bytes = await renderCasesTile(h.db, tiler, tile, {}, scope, now)
      out.push({ z, ms: performance.now() - t0, bytes: bytes.byteLength, weight: all.length / picked.length })
    }
  }
  return out
}

function report(out: Out, name: string, samples: Sample[]) {
  const kb = (b: number) => `${(b / 1024).toFixed(1)} KB`
  const byZoom = [...new Set(samples.map((s) => s.z))]
  const cells = byZoom.map((z) => {
    const zs = samples.filter((s) => s.z === z)
    return `z${z}: ${fmt(quantile(zs.map((s) => ({ v: s.ms, weight: 1 })), 0.95))} / ${kb(Math.max(...zs.map((s) => s.bytes)))}`
  })
  const p95 = quantile(samples.map((s) => ({ v: s.ms, weight: s.weight })), 0.95)
  const p95Size = quantile(samples.map((s) => ({ v: s.bytes, weight: s.weight })), 0.95)
  const max = samples.reduce((m, s) => (s.ms > m.ms ? s : m))
  out(`| ${name} | ${samples.length} | ${fmt(p95)} | ${kb(p95Size)} | ${fmt(max.ms)} (z${max.z}) | ${kb(Math.max(...samples.map((s) => s.bytes)))} | ${cells.join('; ')} |`)
  return { p95, p95Size }
}

/** An HTTP server for the browser part: the tile routes as admin, the GeoJSON baseline, MapLibre, two pages. */
async function benchServer(h: DatabaseHandle, bbox: [number, number, number, number]) {
  log('building the GeoJSON baseline…')
  const { rows } = await sql<{ j: string }>`select json_build_object('type', 'FeatureCollection', 'features', json_agg(json_build_object(
      'type', 'Feature', 'id', id, 'geometry', json_build_object('type', 'Point', 'coordinates', json_build_array(lon, lat)),
      'properties', json_build_object('id', id, 'status', status, 'category', category,
        'open', status not in ('closed', 'rejected', 'merged'), 'overdue', status not in ('closed', 'rejected', 'merged') and deadline_at < now())))
    )::text as j from issues`.execute(h.db)
  const geojson = rows[0].j
  log(`GeoJSON baseline: ${(geojson.length / 1e6).toFixed(0)} MB`)
  const api = new OpenAPIHono<AppEnv>()
  api.use(async (c, next) => {
    c.set('db', h.db)
    c.set('engine', h.engine)
    c.set('user', ADMIN as never)
    await next()
  })
  api.route('/', tileRoutes)
  api.onError(handleError)
  const dist = fileURLToPath(new URL('../../node_modules/maplibre-gl/dist/', import.meta.url))
  const app = new Hono()
  app.route('/api', api)
  app.get('/bench/cases.geojson', (c) => c.body(geojson, 200, { 'content-type': 'application/json' }))
  app.get('/mlgl/:file', (c) => {
    const file = c.req.param('file')
    if (!/^maplibre-gl[\w-]*\.(mjs|css)$/.test(file)) return c.text('no', 404)
    return c.body(readFileSync(dist + file), 200, { 'content-type': file.endsWith('.css') ? 'text/css' : 'text/javascript' })
  })
  app.get('/bench/:mode', (c) => c.html(page(c.req.param('mode') === 'tiles' ? 'tiles' : 'geojson', bbox)))
  const server = serve({ fetch: app.fetch, port: 0, createServer })
  await new Promise((r) => server.once('listening', r))
  const port = (server.address() as { port: number }).port
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(r)) }
}

/** The same circles either way: clusters sized by count, single cases by status; no text (no glyphs in the bench). */
function page(mode: 'tiles' | 'geojson', bbox: number[]): string {
  const source =
    mode === 'tiles'
      ? `{ type: 'vector', tiles: [location.origin + '/api/tiles/cases/{z}/{x}/{y}.mvt'], maxzoom: 16 }`
      : `{ type: 'geojson', data: '/bench/cases.geojson', cluster: true, clusterRadius: 48, clusterMaxZoom: 15,
           clusterProperties: { overdue: ['+', ['case', ['==', ['get', 'overdue'], true], 1, 0]] } }`
  const count = mode === 'tiles' ? `['get', 'count']` : `['get', 'point_count']`
  const layer = mode === 'tiles' ? `'source-layer': 'cases',` : ''
  return `<!doctype html><html><head><link rel="stylesheet" href="/mlgl/maplibre-gl.css">
<style>html,body,#map{margin:0;width:100%;height:100%}</style></head><body><div id="map"></div>
<script type="module">
import { Map, setWorkerUrl } from '/mlgl/maplibre-gl.mjs'
setWorkerUrl('/mlgl/maplibre-gl-worker.mjs')
const map = new Map({ container: 'map', bounds: ${JSON.stringify([[bbox[0], bbox[1]], [bbox[2], bbox[3]]])}, fadeDuration: 0,
  style: { version: 8, sources: { cases: ${source} }, layers: [
    { id: 'bg', type: 'background', paint: { 'background-color': '#eef' } },
    { id: 'clusters', type: 'circle', source: 'cases', ${layer} filter: ['has', ${mode === 'tiles' ? "'count'" : "'point_count'"}],
      paint: { 'circle-color': ['step', ['get', 'overdue'], '#2563eb', 1, '#f59e0b', 10, '#dc2626'], 'circle-radius': ['step', ${count}, 13, 50, 16, 200, 20, 1000, 25, 3000, 30] } },
    { id: 'points', type: 'circle', source: 'cases', ${layer} filter: ['!', ['has', ${mode === 'tiles' ? "'count'" : "'point_count'"}]],
      paint: { 'circle-color': '#16a34a', 'circle-radius': 4 } } ] } })
map.once('idle', () => { window.__idle = performance.now(); window.__features = map.queryRenderedFeatures().length })
</script></body></html>`
}

async function browserRuns(out: Out, url: string) {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--disable-background-networking', '--no-first-run'] })
  const once = async (mode: 'tiles' | 'geojson') => {
    const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } })
    const p = await context.newPage()
    await p.goto(`${url}/bench/${mode}`)
    await p.waitForFunction(() => (window as { __idle?: number }).__idle !== undefined, null, { timeout: 600_000, polling: 200 })
    const r = await p.evaluate(() => ({ idle: (window as unknown as { __idle: number }).__idle, features: (window as unknown as { __features: number }).__features }))
    await context.close()
    return r
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
  const tiles: number[] = []
  const geo: number[] = []
  let featuresT = 0
  let featuresG = 0
  // alternate, the slow baseline fewer times
  for (let i = 0; i < 3; i++) {
    const t = await once('tiles')
    tiles.push(t.idle)
    featuresT = t.features
    if (i < 2) {
      const g = await once('geojson')
      geo.push(g.idle)
      featuresG = g.features
    }
    log(`browser run ${i + 1}: tiles ${tiles.at(-1)!.toFixed(0)} ms, geojson ${geo.at(-1)?.toFixed(0)} ms`)
  }
  await browser.close()
  const [mt, mg] = [median(tiles), median(geo)]
  out(`| navigation → map idle, vector tiles (${featuresT} rendered features) | ${fmt(mt)} (${tiles.length} runs) | one GeoJSON source of ${CASE_COUNT.toLocaleString('en')} points clustered by MapLibre (${featuresG} rendered) | ${fmt(mg)} (${geo.length} runs) | ${(mg / mt).toFixed(1)}× |`)
}

export async function benchTiles(out: Out, { engines = ['postgres', 'pglite'] as ('postgres' | 'pglite')[], browser = true } = {}) {
  out()
  out(`### Vector tiles at L (${CASE_COUNT.toLocaleString('en')} cases): load average ${loadavg().map((l) => l.toFixed(1)).join(' / ')} at start`)
  out()
  out('| engine | tiles timed | p95 time | p95 size | slowest | largest | per zoom: p95 time / largest |')
  out('|---|---|---|---|---|---|---|')
  let pg: DatabaseHandle | null = null
  for (const engine of engines) {
    const h = await openBenchDatabase(engine)
    const bbox = await extent(h)
    const tilers: Tiler[] = engine === 'postgres' ? ['postgis', 'js'] : ['js']
    for (const tiler of tilers) {
      log(`timing ${engine} ${tiler}…`)
      report(out, `${engine === 'postgres' ? 'PostgreSQL' : 'PGlite'}, ${tiler === 'postgis' ? 'ST_AsMVT' : 'JS encoder'}`, await generation(h, tiler, bbox))
    }
    if (engine === 'postgres') pg = h
    else await h.close()
  }
  if (browser) {
    const h = pg ?? (await openBenchDatabase('postgres'))
    const server = await benchServer(h, await extent(h))
    out()
    out(`Real Chromium (SwiftShader), 1600×1000, fitted to the district, served from PostgreSQL; load average ${loadavg().map((l) => l.toFixed(1)).join(' / ')}:`)
    out()
    out('| candidate | median | baseline | median | speed-up |\n|---|---|---|---|---|')
    await browserRuns(out, server.url)
    await server.close()
  }
  await pg?.close()
}

if (import.meta.url === `file://${process.argv[1]}`) {
    // TILES_ENGINES=postgres,pglite (default both; `none` = only the browser part), TILES_BROWSER=0 to skip it
  const engines = process.env.TILES_ENGINES?.split(',').filter((e): e is 'postgres' | 'pglite' => e === 'postgres' || e === 'pglite')
  await benchTiles(console.log, { engines, browser: process.env.TILES_BROWSER !== '0' })
  process.exit(0)
}
