/**
 * Kiosk coverage benchmarks of issue 3, on the S / M / L workloads (scripts/bench/workloads.ts):
 * straight-line coverage (geo straightCoverage) against a typed-array brute force, naive Turf
 * (buffer + union + point-in-polygon) and PostGIS ST_DWithin (geography, and UTM 48N geometry,
 * GiST-indexed, on the PostgreSQL server); walking coverage (one multi-source Dijkstra) against
 * one Dijkstra per kiosk. Each row: medians in one process, the ratio, the agreement of the counts
 * with PostGIS geography, and memory.
 *
 *   GRIDSIGHT_WORKLOADS=/tmp/gridsight-workloads npx tsx --expose-gc scripts/bench/coverage.ts [S M L]
 *   (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres, for the PostGIS rows)
 *
 * Memory: "alloc" is what one run allocates (heap + array buffers after the run minus before, gc'd
 * first when --expose-gc), an upper bound of its own peak; maxRSS is the process's peak so far.
 */
import { booleanPointInPolygon, buffer, featureCollection, point, union } from '@turf/turf'
import type { Feature, MultiPolygon, Polygon } from 'geojson'
import pg from 'pg'
import { ellipsoidScales, geodesicMeters, planarErrorBound } from '../../geo/geodesic.ts'
import { straightCoverage, type LonLatColumns } from '../../geo/straight-coverage.ts'
import { buildWalkingNetwork, snapToNetwork, walkingCoverage, walkingCoveragePerKiosk } from '../../geo/walking-coverage.ts'
import { createDatabase, dropDatabase, databaseUrl, uniqueName } from '../../tests/support/scratch-db.ts'
import { fmt, time, type Result } from './measure.ts'
import { loadWorkload, type WorkloadSize } from './workloads.ts'

const R = 300
const TEN_MINUTES = 600_000
const gc = (globalThis as { gc?: () => void }).gc

function used(): number {
  const m = process.memoryUsage()
  return m.heapUsed + m.arrayBuffers
}

/** One measured run for its allocation, then the timed runs. */
async function measure(name: string, fn: () => unknown, opts?: { runs?: number; warmup?: number }): Promise<Result & { allocMB: number; value: unknown }> {
  gc?.()
  const before = used()
  const value = await fn()
  const allocMB = Math.max(0, used() - before) / 1e6
  const r = await time(name, fn, opts)
  return { ...r, allocMB, value }
}

const maxRss = () => `${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`
const ratio = (base: number, cand: number) => `${(base / cand).toFixed(1)}×`
const agree = (n: number, ref: number | null) => (ref === null ? '—' : `${(100 - (Math.abs(n - ref) / Math.max(1, ref)) * 100).toFixed(3)} % (${n - ref >= 0 ? '+' : ''}${n - ref})`)

/** The baseline the issue names: every building against every kiosk, typed arrays, early exit; the same distance test. */
function bruteStraight(b: LonLatColumns, k: LonLatColumns, radius: number): number {
  const n = b.lon.length
  const m = k.lon.length
  let maxAbsLat = 0
  for (let i = 0; i < n; i++) maxAbsLat = Math.max(maxAbsLat, Math.abs(b.lat[i]))
  const eps = planarErrorBound(radius, maxAbsLat + 0.01)
  const lo2 = Math.max(0, radius * (1 - eps) - 1e-5) ** 2
  const hi2 = (radius * (1 + eps) + 1e-5) ** 2
  let covered = 0
  for (let i = 0; i < n; i++) {
    const lon = b.lon[i]
    const lat = b.lat[i]
    const { kx, ky } = ellipsoidScales(lat)
    for (let j = 0; j < m; j++) {
      const dx = (k.lon[j] - lon) * kx
      const dy = (k.lat[j] - lat) * ky
      const d2 = dx * dx + dy * dy
      if (d2 <= lo2 || (d2 <= hi2 && geodesicMeters(lon, lat, k.lon[j], k.lat[j]) <= radius)) {
        covered++
        break
      }
    }
  }
  return covered
}

/** Naive Turf: buffer each kiosk, union them, point-in-polygon per building (bbox pre-check, as Turf does). */
function turfUnion(k: LonLatColumns, radius: number): Feature<Polygon | MultiPolygon> {
  const buffers: Feature<Polygon>[] = []
  for (let j = 0; j < k.lon.length; j++) buffers.push(buffer(point([k.lon[j], k.lat[j]]), radius, { units: 'meters' }) as Feature<Polygon>)
  return buffers.length === 1 ? buffers[0] : (union(featureCollection(buffers)) as Feature<Polygon | MultiPolygon>)
}
function turfCount(b: LonLatColumns, area: Feature<Polygon | MultiPolygon>, from = 0, to = b.lon.length): number {
  let covered = 0
  for (let i = from; i < to; i++) if (booleanPointInPolygon([b.lon[i], b.lat[i]], area)) covered++
  return covered
}

interface PostgisRun {
  geography: Result
  utm: Result
  geographyCount: number
  utmCount: number
}

async function postgis(size: WorkloadSize, b: LonLatColumns, k: LonLatColumns, radius: number): Promise<PostgisRun | string> {
  const base = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
  const name = uniqueName(`gridsight_bench_cov_${size.toLowerCase()}`)
  try {
    await createDatabase(base, name)
  } catch (e) {
    return `PostgreSQL not reachable (${(e as Error).message})`
  }
  const client = new pg.Client({ connectionString: databaseUrl(base, name) })
  await client.connect()
  try {
    await client.query('create extension postgis')
    await client.query('create table b (id int, g geography(point, 4326), u geometry(point, 32648))')
    await client.query('create table k (id int, g geography(point, 4326), u geometry(point, 32648))')
    const load = async (table: string, c: LonLatColumns) => {
      for (let at = 0; at < c.lon.length; at += 100_000) {
        const end = Math.min(c.lon.length, at + 100_000)
        await client.query(
          `insert into ${table} (id, g, u) select i, st_setsrid(st_makepoint(x, y), 4326)::geography, st_transform(st_setsrid(st_makepoint(x, y), 4326), 32648)
           from unnest($1::int[], $2::float8[], $3::float8[]) as t(i, x, y)`,
          [Array.from({ length: end - at }, (_, i) => at + i), Array.from({ length: end - at }, (_, i) => c.lon[at + i]), Array.from({ length: end - at }, (_, i) => c.lat[at + i])],
        )
      }
    }
    await load('b', b)
    await load('k', k)
    await client.query('create index on k using gist (g)')
    await client.query('create index on k using gist (u)')
    await client.query('analyze')
    let geographyCount = 0
    let utmCount = 0
    const runs = size === 'L' ? 1 : 3
    const geography = await time(
      'PostGIS ST_DWithin, geography (WGS84 spheroid), GiST',
      async () => {
        geographyCount = (await client.query(`select count(*)::int as n from b where exists (select 1 from k where st_dwithin(k.g, b.g, $1))`, [radius])).rows[0].n
      },
      { runs, warmup: 1 },
    )
    const utm = await time(
      'PostGIS ST_DWithin, UTM 48N geometry, GiST',
      async () => {
        utmCount = (await client.query(`select count(*)::int as n from b where exists (select 1 from k where st_dwithin(k.u, b.u, $1))`, [radius])).rows[0].n
      },
      { runs, warmup: 1 },
    )
    return { geography, utm, geographyCount, utmCount }
  } finally {
    await client.end()
    await dropDatabase(base, name)
  }
}

export async function benchCoverage(out: (s?: string) => void = console.log, sizes: WorkloadSize[] = ['S', 'M', 'L']): Promise<void> {
  out('| workload | candidate | median | baseline | median | speed-up | count (candidate / baseline) | agreement with PostGIS geography | alloc (candidate) | maxRSS |')
  out('|---|---|---|---|---|---|---|---|---|---|')
  for (const size of sizes) {
    const w = await loadWorkload(size)
    const b = w.buildings
    const k = w.kiosks
    const label = `${size} (${b.count.toLocaleString('en')} × ${k.count.toLocaleString('en')})`
    const row = (cand: Result & { allocMB?: number }, base: Result | string, counts: string, agreement: string) =>
      out(`| ${label} | ${cand.name} | ${fmt(cand.medianMs)} | ${typeof base === 'string' ? base : base.name} | ${typeof base === 'string' ? '—' : fmt(base.medianMs)} | ${typeof base === 'string' ? '—' : ratio(base.medianMs, cand.medianMs)} | ${counts} | ${agreement} | ${cand.allocMB === undefined ? '—' : `${cand.allocMB.toFixed(1)} MB`} | ${maxRss()} |`)

    const fast = await measure(`straightCoverage R=${R} m`, () => straightCoverage(b, k, { radius: R }), { runs: size === 'L' ? 5 : 11, warmup: 3 })
    const fastCount = (fast.value as ReturnType<typeof straightCoverage>).coveredCount
    const pgRun = await postgis(size, b, k, R)
    const ref = typeof pgRun === 'string' ? null : pgRun.geographyCount

    // 1. typed-array brute force
    let bruteCount = 0
    const brute = await measure('brute', () => (bruteCount = bruteStraight(b, k, R)), { runs: size === 'L' ? 1 : 3, warmup: size === 'L' ? 0 : 1 })
    row(fast, { ...brute, name: 'brute force, every pair, typed arrays, early exit' }, `${fastCount} / ${bruteCount}`, agree(fastCount, ref))

    // 2. naive Turf: the union is built once per run; L is extrapolated from a sample when it would pass 10 minutes.
    const t0 = performance.now()
    const area = turfUnion(k, R)
    const unionMs = performance.now() - t0
    const sample = Math.min(b.count, 2_000)
    const t1 = performance.now()
    const sampleCount = turfCount(b, area, 0, sample)
    const perBuilding = (performance.now() - t1) / sample
    const projected = unionMs + perBuilding * b.count
    if (projected > TEN_MINUTES) {
      row(fast, `naive Turf (buffer ${k.count}, union, PIP): cannot finish in 10 min — union ${fmt(unionMs)} + ${perBuilding.toFixed(2)} ms/building on a ${sample}-building sample ⇒ ≈ ${(projected / 60_000).toFixed(0)} min (≈ ${(projected / fast.medianMs).toFixed(0)}× the candidate)`, `— (sample: ${sampleCount}/${sample})`, '—')
    } else {
      let turfN = 0
      const turf = await time('naive Turf: buffer each kiosk, union, booleanPointInPolygon per building', () => (turfN = turfCount(b, turfUnion(k, R))), { runs: 1, warmup: 0 })
      row(fast, turf, `${fastCount} / ${turfN}`, `Turf: ${agree(turfN, ref)}`)
    }

    // 3. PostGIS
    if (typeof pgRun === 'string') row(fast, pgRun, '—', '—')
    else {
      row(fast, pgRun.geography, `${fastCount} / ${pgRun.geographyCount}`, agree(fastCount, ref))
      row(fast, pgRun.utm, `${fastCount} / ${pgRun.utmCount}`, `UTM: ${agree(pgRun.utmCount, ref)}`)
    }

    // 4. Walking
    const roads = await w.roads()
    const netRun = await measure('build network', () => buildWalkingNetwork(roads.map((r) => r.geometry)), { runs: 1, warmup: 0 })
    const net = netRun.value as ReturnType<typeof buildWalkingNetwork>
    const snapRun = await measure('snap', () => snapToNetwork(net, b), { runs: 1, warmup: 0 })
    const bs = snapRun.value as ReturnType<typeof snapToNetwork>
    const ks = snapToNetwork(net, k)
    const multi = await measure(`walkingCoverage R=${R} m, one multi-source Dijkstra`, () => walkingCoverage(net, bs, ks, { radius: R }), { runs: size === 'L' ? 5 : 11, warmup: 2 })
    const mv = multi.value as ReturnType<typeof walkingCoverage>
    let perBounded = 0
    const bounded = await time('one Dijkstra per kiosk, each bounded by R', () => (perBounded = walkingCoveragePerKiosk(net, bs, ks, { radius: R }).coveredCount), { runs: size === 'L' ? 3 : 5, warmup: 1 })
    row(multi, bounded, `${mv.coveredCount} / ${perBounded}`, `walking ${((100 * mv.coveredCount) / b.count).toFixed(1)} % of buildings vs straight ${((100 * fastCount) / b.count).toFixed(1)} %`)
    // The textbook per-kiosk search runs over the whole network; at L it is timed on a kiosk sample and scaled.
    const sampleK = size === 'L' ? 50 : k.count
    const subset = { seg: ks.seg.slice(0, sampleK), t: ks.t.slice(0, sampleK), leg: ks.leg.slice(0, sampleK) }
    let fullCount = 0
    const full = await time('full', () => (fullCount = walkingCoveragePerKiosk(net, bs, subset, { radius: R, bounded: false }).coveredCount), { runs: 1, warmup: 0 })
    const fullMs = (full.medianMs * k.count) / sampleK
    row(
      multi,
      { name: sampleK < k.count ? `one full Dijkstra per kiosk (whole network; ${sampleK}-kiosk run ×${k.count / sampleK})` : 'one full Dijkstra per kiosk (whole network)', medianMs: fullMs, runs: 1 },
      sampleK < k.count ? `${mv.coveredCount} / — (sample ${fullCount})` : `${mv.coveredCount} / ${fullCount}`,
      `network ${net.nodeCount.toLocaleString('en')} nodes, ${net.componentCount} components; build ${fmt(netRun.medianMs)}, snap ${b.count.toLocaleString('en')} buildings ${fmt(snapRun.medianMs)}`,
    )
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const sizes = (process.argv.slice(2).length ? process.argv.slice(2) : ['S', 'M', 'L']) as WorkloadSize[]
  console.log(`Node ${process.version}, ${new Date().toISOString()}, gc ${gc ? 'exposed' : 'not exposed'}`)
  await benchCoverage(console.log, sizes)
}
