/**
 * Topology benchmarks (issue 3, points 5 and 6 and the row "issue → level-3 grid assignment"):
 *   - 1M points → the L workload's level-3 grids: createRasterPolygonIndex vs flatbush box
 *     candidates + Turf booleanPointInPolygon, vs booleanPointInPolygon over every polygon
 *     (sampled and extrapolated: it would take many minutes), and the exact createPolygonIndex;
 *     every candidate's answers are checked against createPolygonIndex on all 1M points;
 *   - topologyCheck on the demo district and on the M workload, whole tree;
 *   - memory of the raster index.
 *
 *   GRIDSIGHT_WORKLOADS=/tmp/gridsight-workloads npx tsx scripts/bench/topology.ts
 *
 * Points: the L workload's building centroids (where issues are reported) topped up to 1,000,000
 * with seeded uniform points over the grids' box. Prints Markdown for BENCHMARKS.md.
 */
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import Flatbush from 'flatbush'
import { booleanPointInPolygon } from '@turf/turf'
import type { Feature, MultiPolygon, Polygon } from 'geojson'
import { DEMO_DIR } from '../../api/demo/load.ts'
import { bbox, createPolygonIndex, createRasterPolygonIndex, topologyCheck } from '../../geo/index.ts'
import { HEADER, fmt, row, time, type Result } from './measure.ts'
import { loadWorkload, workloadDir } from './workloads.ts'

type Out = (s?: string) => void
type Area = Feature<Polygon | MultiPolygon>
const POINTS = 1_000_000
const NAIVE_SAMPLE = 2_000

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`
const heap = () => {
  globalThis.gc?.()
  return process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers
}

export async function benchTopology(out: Out) {
  const w = await loadWorkload('L')
  const grids = (await w.grids3()) as Area[]
  const lon = new Float64Array(POINTS)
  const lat = new Float64Array(POINTS)
  const n0 = Math.min(POINTS, w.buildings.count)
  lon.set(w.buildings.lon.subarray(0, n0))
  lat.set(w.buildings.lat.subarray(0, n0))
  const box = grids.map((g) => bbox(g)).reduce((a, b) => [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])])
  for (let i = n0; i < POINTS; i++) {
    lon[i] = box[0] + w.rng() * (box[2] - box[0])
    lat[i] = box[1] + w.rng() * (box[3] - box[1])
  }

  out(`### Issue → level-3 grid, ${POINTS.toLocaleString('en')} points × ${grids.length.toLocaleString('en')} level-3 grids (workload L)`)
  out()
  out(`Points: ${n0.toLocaleString('en')} building centroids + ${(POINTS - n0).toLocaleString('en')} seeded uniform points over the grids' box. Node ${process.version}, one thread.`)
  out()

  // The exact reference every candidate must agree with.
  const exact = createPolygonIndex(grids)
  const indexOf = new Map(grids.map((g, k) => [g.id ?? (g.properties as { id: number }).id, k]))
  const want = new Int32Array(POINTS)
  for (let i = 0; i < POINTS; i++) {
    const id = exact.locate(lon[i], lat[i])
    want[i] = id === null ? -1 : indexOf.get(id)!
  }
  const agree = (got: Int32Array, n = POINTS) => {
    for (let i = 0; i < n; i++) if (got[i] !== want[i]) throw new Error(`point ${i} (${lon[i]}, ${lat[i]}): ${got[i]} instead of ${want[i]}`)
  }

  const before = heap()
  let t0 = performance.now()
  const raster = createRasterPolygonIndex(grids)
  const buildMs = performance.now() - t0
  const rasterBytes = heap() - before
  const got = new Int32Array(POINTS)
  raster.locateMany(lon, lat, got)
  agree(got)
  const rasterQuery = await time(`raster index, query ${POINTS.toLocaleString('en')} points`, () => raster.locateMany(lon, lat, got), { runs: 5, warmup: 1 })
  const rasterTotal = await time('raster index, build + query', () => createRasterPolygonIndex(grids).locateMany(lon, lat, got), { runs: 3, warmup: 0 })

  const tree = new Flatbush(grids.length)
  for (const g of grids) tree.add(...bbox(g))
  tree.finish()
  const flatbushTurf = () => {
    for (let i = 0; i < POINTS; i++) {
      let best = -1
      const p = [lon[i], lat[i]]
      for (const k of tree.search(lon[i], lat[i], lon[i], lat[i])) {
        if ((best < 0 || k < best) && booleanPointInPolygon(p, grids[k])) best = k
      }
      got[i] = best
    }
  }
  flatbushTurf()
  agree(got)
  const turfPair = await time('flatbush box candidates + Turf booleanPointInPolygon', flatbushTurf, { runs: 1, warmup: 0 })
  const polygonIndex = await time('createPolygonIndex (flatbush + exact orient2d PIP)', () => {
    for (let i = 0; i < POINTS; i++) exact.locate(lon[i], lat[i])
  }, { runs: 3, warmup: 0 })

  // Every polygon for every point, in id order, first hit wins: sampled, then extrapolated.
  const step = Math.floor(POINTS / NAIVE_SAMPLE)
  const naiveGot = new Int32Array(NAIVE_SAMPLE)
  t0 = performance.now()
  for (let s = 0; s < NAIVE_SAMPLE; s++) {
    const i = s * step
    const p = [lon[i], lat[i]]
    naiveGot[s] = -1
    for (let k = 0; k < grids.length; k++) {
      if (booleanPointInPolygon(p, grids[k])) {
        naiveGot[s] = k
        break
      }
    }
  }
  const naiveSampleMs = performance.now() - t0
  for (let s = 0; s < NAIVE_SAMPLE; s++) if (naiveGot[s] !== want[s * step]) throw new Error(`naive disagrees at point ${s * step}`)
  const naive: Result = { name: `Turf booleanPointInPolygon over all polygons (${NAIVE_SAMPLE.toLocaleString('en')} points timed, ×${POINTS / NAIVE_SAMPLE} extrapolated)`, medianMs: (naiveSampleMs * POINTS) / NAIVE_SAMPLE, runs: 1 }

  out(HEADER)
  out(row(rasterQuery, turfPair))
  out(row(rasterTotal, turfPair))
  out(row(rasterQuery, naive))
  out(row(rasterQuery, polygonIndex))
  out()
  const s = raster.stats
  out(`Raster ${s.columns} × ${s.rows} cells, ${(s.edgeCells / (s.columns * s.rows) * 100).toFixed(1)} % edge cells, ${s.edgeEntries.toLocaleString('en')} candidate entries; build ${fmt(buildMs)}, ~${mb(rasterBytes)} (heap + array buffers after build). ` +
    `Every candidate agreed with createPolygonIndex on all ${POINTS.toLocaleString('en')} points (the naive loop on its sample). ` +
    `Naive: ${fmt(naiveSampleMs / NAIVE_SAMPLE)} a point → ${(naive.medianMs / 60_000).toFixed(1)} min for 1M.`)
  out()

  out('### Topology check, whole tree against the district outline')
  out()
  out('| district | grids | defects | time |')
  out('|---|---|---|---|')
  for (const [name, dir] of [['demo', DEMO_DIR], ['M workload', workloadDir('M')]] as const) {
    const all = JSON.parse(readFileSync(join(dir, 'grids.geojson'), 'utf8')).features
    const d = JSON.parse(readFileSync(join(dir, 'district.geojson'), 'utf8'))
    const root = d.type === 'FeatureCollection' ? d.features[0] : d
    t0 = performance.now()
    const defects = topologyCheck(all, { root }).features.length
    out(`| ${name} | ${all.length.toLocaleString('en')} | ${defects} | ${fmt(performance.now() - t0)} |`)
  }
  out()
  out(`Peak resident memory of the whole bench process (L workload, 1M points, both districts): ${mb(process.resourceUsage().maxRSS * 1024)}.`)
  out()
}

if (resolve(process.argv[1] ?? '') === fileURLToPath(import.meta.url)) {
  await benchTopology((s = '') => console.log(s))
}
