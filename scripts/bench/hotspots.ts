/**
 * Hotspot benchmarks: binning 1M case points into H3 cells and the fixed colour scale's sweep,
 * each beside the baseline it replaces, in the same process on the same seeded input.
 *
 *   npx tsx scripts/bench/hotspots.ts
 *
 * Points: 1,000,000 uniform over the demo district's box (≈ 18 × 18 km), days 0–364, 17 categories.
 * 1. hexCells (h3-js, res 9, edge ≈ 200 m) against Turf: hexGrid of the same edge over the box,
 *    then `collect` (rbush + booleanPointInPolygon per point). Turf runs on 50,000 points and is
 *    scaled ×20 (linear in points; the grid is built once per run in both).
 * 2. peakCellCount (one sweep: each case added and removed once) against counting every frame from
 *    scratch (frameCounts per frame), sliding 30-day window, step 1 day: 336 frames.
 * 3. classifyRecurrences on 1M points (kdbush) — no baseline at this size: the pairwise definition
 *    is O(n²); both agree on 20,000 points in tests' property run and here.
 */
import { loadavg } from 'node:os'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { collect, featureCollection, hexGrid, point } from '@turf/turf'
import { classifyRecurrences, frameCounts, hexCells, peakCellCount, playbackFrames } from '../../geo/hotspots/index.ts'
import { createRng } from '../demo/random.ts'
import { fmt, row, time } from './measure.ts'

type Out = (s?: string) => void

const N = 1_000_000
const BOX = [102.45, 24.27, 102.63, 24.43] as const
const DAY_MS = 86_400_000

export async function benchHotspots(out: Out): Promise<void> {
  const random = createRng(20261123, 'hotspots')
  const lon = new Float64Array(N)
  const lat = new Float64Array(N)
  const day = new Int32Array(N)
  for (let i = 0; i < N; i++) {
    lon[i] = BOX[0] + random() * (BOX[2] - BOX[0])
    lat[i] = BOX[1] + random() * (BOX[3] - BOX[1])
    day[i] = Math.floor(random() * 365)
  }
  out()
  out(`Hotspots: ${N.toLocaleString('en')} seeded points over the district's box, load average ${loadavg()[0].toFixed(1)} on 2 cores.`)
  out()
  out('| candidate | median | baseline | median | speed-up |\n|---|---|---|---|---|')

  const cells = hexCells(lon, lat, 9)
  const SAMPLE = 50_000
  const grid = hexGrid([...BOX], 0.2, { units: 'kilometers' })
  grid.features.forEach((f, i) => (f.properties = { id: i }))
  const samplePoints = featureCollection(Array.from({ length: SAMPLE }, (_, i) => point([lon[i], lat[i]], { id: i })))
  const h3 = await time(`hexCells res 9, ${N.toLocaleString('en')} points (${cells.ids.length.toLocaleString('en')} cells)`, () => hexCells(lon, lat, 9), { runs: 3, warmup: 1 })
  const turf = await time(`Turf hexGrid 0.2 km (${grid.features.length.toLocaleString('en')} cells) + collect, 50,000 points`, () => collect(grid, samplePoints, 'id', 'ids'), { runs: 3, warmup: 1 })
  out(row(h3, { name: `${turf.name} ×20`, medianMs: turf.medianMs * (N / SAMPLE), runs: turf.runs }))

  const frames = playbackFrames(365, { mode: 'window', windowDays: 30, step: 1 })
  const k = cells.ids.length
  const brute = () => {
    let peak = 0
    for (const f of frames) for (const c of frameCounts(cells.cell, day, k, f)) if (c > peak) peak = c
    return peak
  }
  const swept = peakCellCount(cells.cell, day, k, frames)
  if (swept !== brute()) throw new Error(`peakCellCount ${swept} ≠ brute force`)
  out(
    row(
      await time(`peakCellCount, 30-day window, ${frames.length} frames`, () => peakCellCount(cells.cell, day, k, frames), { runs: 3, warmup: 1 }),
      await time('frameCounts for every frame', brute, { runs: 1, warmup: 0 }),
    ),
  )

  const T = Date.UTC(2026, 0, 1)
  const cases = Array.from({ length: N }, (_, i) => ({ lon: lon[i], lat: lat[i], category: i % 17, reportedAt: T + day[i] * DAY_MS, closedAt: i % 3 === 0 ? T + (day[i] + 2) * DAY_MS : null }))
  const rec = await time(`classifyRecurrences 30 m / 30 d, ${N.toLocaleString('en')} cases`, () => classifyRecurrences(cases), { runs: 3, warmup: 1 })
  const flagged = classifyRecurrences(cases).reduce((s, x) => s + (x ? 1 : 0), 0)
  out(`| ${rec.name} (${flagged.toLocaleString('en')} recurrences) | ${fmt(rec.medianMs)} | — | — | — |`)
}

if (resolve(fileURLToPath(import.meta.url)) === resolve(process.argv[1] ?? '')) await benchHotspots((s = '') => console.log(s))
