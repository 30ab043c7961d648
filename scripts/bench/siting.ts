/**
 * Kiosk siting benchmarks (issue 3, point 2): greedy with lazy evaluation vs the plain greedy,
 * the greedy against the exact optimum on the S workload, and their memory.
 *
 *   GRIDSIGHT_WORKLOADS=/tmp/gridsight-workloads npx tsx scripts/bench/siting.ts
 *
 * Candidates: road-side points at the spacing that gives about the count (500 / 5,000 for
 * S / M), radius 300 m, the workload's 50 / 500 existing kiosks. Prints Markdown for BENCHMARKS.md.
 */
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Position } from 'geojson'
import { candidateSites, createWhatIf, exactMaxCoverage, greedyMaxCoverage, kioskCoverage, kioskSiting, type CandidateSites } from '../../geo/index.ts'
import { HEADER, fmt, row, time } from './measure.ts'
import { loadWorkload, type Workload, type WorkloadSize } from './workloads.ts'

type Out = (s?: string) => void

const RADIUS = 300
const CANDIDATE_COUNTS: Record<WorkloadSize, number> = { S: 500, M: 5_000, L: 50_000 }

/** Road candidates at the spacing (bisected, whole metres) whose count is closest to `target`. */
function roadCandidates(roads: Position[][], target: number): { sites: CandidateSites; spacing: number } {
  let lo = 10
  let hi = 5_000
  while (hi - lo > 1) {
    const mid = Math.round((lo + hi) / 2)
    if (candidateSites({ roads }, { kind: 'road', spacing: mid }).lon.length >= target) lo = mid
    else hi = mid
  }
  return { sites: candidateSites({ roads }, { kind: 'road', spacing: lo }), spacing: lo }
}

async function setup(size: WorkloadSize) {
  const w: Workload = await loadWorkload(size)
  const roads = (await w.roads()).map((r) => r.geometry.coordinates)
  const { sites, spacing } = roadCandidates(roads, CANDIDATE_COUNTS[size])
  return { w, sites, spacing }
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`
const pct = (x: number) => `${(x * 100).toFixed(2)} %`

export async function benchSiting(out: Out = (s = '') => console.log(s)): Promise<void> {
  out('### Kiosk siting')
  out()
  out(`Radius ${RADIUS} m; road-side candidates; existing kiosks as the workload has them (50 / 500).`)
  out()

  // M: the target, greedy k = 20 < 1 s, lazy vs plain.
  const M = await setup('M')
  const heapBefore = process.memoryUsage().heapUsed
  const probe = kioskSiting(M.w.buildings, M.w.kiosks, M.sites, { radius: RADIUS, k: 20 })
  const instanceBytes = probe.instance.items.byteLength + probe.instance.offsets.byteLength + probe.instance.weights.byteLength
  const heapAfter = process.memoryUsage().heapUsed
  const plainProbe = greedyMaxCoverage(probe.instance, 20, { lazy: false })
  out(`M: ${M.w.buildings.count.toLocaleString('en')} buildings, ${M.w.kiosks.count} kiosks, ${M.sites.lon.length.toLocaleString('en')} candidates (spacing ${M.spacing} m), ${probe.uncoveredBuildings.toLocaleString('en')} uncovered buildings with households.`)
  out()
  out(HEADER)
  out(
    row(
      await time('kioskSiting k = 20 at M, lazy greedy (whole call: coverage, candidate sets, greedy)', () => kioskSiting(M.w.buildings, M.w.kiosks, M.sites, { radius: RADIUS, k: 20 }), { runs: 5, warmup: 1 }),
      await time('same, plain greedy', () => kioskSiting(M.w.buildings, M.w.kiosks, M.sites, { radius: RADIUS, k: 20, lazy: false }), { runs: 5, warmup: 1 }),
    ),
  )
  out(
    row(
      await time(`greedy phase only, lazy (${probe.evaluations.toLocaleString('en')} gain evaluations)`, () => greedyMaxCoverage(probe.instance, 20)),
      await time(`greedy phase only, plain (${plainProbe.evaluations.toLocaleString('en')} gain evaluations)`, () => greedyMaxCoverage(probe.instance, 20, { lazy: false })),
    ),
  )
  const k50 = greedyMaxCoverage(probe.instance, 50)
  out(
    row(
      await time('greedy phase only k = 50, lazy', () => greedyMaxCoverage(probe.instance, 50)),
      await time('greedy phase only k = 50, plain', () => greedyMaxCoverage(probe.instance, 50, { lazy: false })),
    ),
  )
  out()
  out(`Memory at M: candidate → building sets ${probe.instance.items.length.toLocaleString('en')} pairs, ${mb(instanceBytes)} of typed arrays; heap grew ${mb(Math.max(0, heapAfter - heapBefore))} over one call; rss ${mb(process.memoryUsage().rss)} (workload included).`)
  out(`Bounds at M, k = 20: greedy gains ${probe.bounds.greedy.toLocaleString('en')} households; online bound ${probe.bounds.online.toLocaleString('en')} (greedy ≥ ${pct(probe.bounds.greedy / probe.bounds.online)} of the optimum); classic (1 − 1/e) bound ${Math.round(probe.bounds.classic).toLocaleString('en')} (≥ ${pct(probe.bounds.greedy / probe.bounds.classic)}). k = 50: ${k50.value.toLocaleString('en')}, online ${k50.onlineBound.toLocaleString('en')} (≥ ${pct(k50.value / k50.onlineBound)}).`)
  out()
  await benchWhatIf(out, M.w)

  // S: greedy against the exact optimum.
  const S = await setup('S')
  const sBase = kioskSiting(S.w.buildings, S.w.kiosks, S.sites, { radius: RADIUS, k: 50 })
  out(`S: ${S.w.buildings.count.toLocaleString('en')} buildings, ${S.w.kiosks.count} kiosks, ${S.sites.lon.length} candidates (spacing ${S.spacing} m), ${sBase.uncoveredBuildings.toLocaleString('en')} uncovered buildings with households (${sBase.households.total - sBase.households.coveredBefore} households).`)
  out()
  out('| k | greedy gain | exact optimum | gap | online bound | classic bound | exact time | B&B nodes | components | greedy time |')
  out('|---|---|---|---|---|---|---|---|---|---|')
  for (const k of [5, 10, 20, 50, 100]) {
    const g = greedyMaxCoverage(sBase.instance, k)
    const t0 = performance.now()
    const e = exactMaxCoverage(sBase.instance, k)
    const exactMs = performance.now() - t0
    const greedyT = await time('greedy', () => greedyMaxCoverage(sBase.instance, k))
    const gap = e.value > 0 ? (e.value - g.value) / e.value : 0
    out(`| ${k} | ${g.value} | ${e.value}${e.optimal ? '' : ' (budget out: lower bound)'} | ${pct(gap)} | ${g.onlineBound} | ${Math.round(g.classicBound)} | ${fmt(exactMs)} | ${e.nodes.toLocaleString('en')} | ${e.components} of ${e.reducedSets} sets | ${fmt(greedyT.medianMs)} |`)
  }
  out()
}

/**
 * The what-if drag in Node: the largest community (level-1 grid, 社区/村) of M, its buildings and every
 * kiosk within reach; one kiosk walks 200 steps of 10 m. Incremental update vs recomputing
 * kioskCoverage for the scope on every step.
 */
export async function benchWhatIf(out: Out, w: Workload): Promise<void> {
  const grids = await w.grids()
  const parent = new Map(grids.map((g) => [g.properties.id, g.properties.parentId]))
  const perCommunity = new Map<number, number[]>()
  for (let i = 0; i < w.buildings.count; i++) {
    const community = parent.get(parent.get(w.buildings.gridId[i]) ?? -1)
    if (community == null) continue
    let list = perCommunity.get(community)
    if (!list) perCommunity.set(community, (list = []))
    list.push(i)
  }
  const [communityId, members] = [...perCommunity].sort((a, b) => b[1].length - a[1].length)[0]
  const b = {
    lon: Float64Array.from(members, (i) => w.buildings.lon[i]),
    lat: Float64Array.from(members, (i) => w.buildings.lat[i]),
    households: Float64Array.from(members, (i) => w.buildings.households[i]),
  }
  const k = { lon: w.kiosks.lon, lat: w.kiosks.lat }
  const setup = await time('createWhatIf (index the scope, place every kiosk)', () => createWhatIf(b, k, { radius: RADIUS }))
  const whatIf = createWhatIf(b, k, { radius: RADIUS })
  // The kiosk nearest to the scope's first building walks east 10 m a step, and back.
  let j = 0
  let best = Infinity
  for (let q = 0; q < k.lon.length; q++) {
    const d = Math.hypot(k.lon[q] - b.lon[0], k.lat[q] - b.lat[0])
    if (d < best) { best = d; j = q }
  }
  const steps = Array.from({ length: 200 }, (_, s) => (s < 100 ? s : 200 - s) * 10 / (111_320 * Math.cos((k.lat[j] * Math.PI) / 180)))
  const samples: number[] = []
  const moved = { lon: Float64Array.from(k.lon), lat: k.lat }
  const incremental = await time(`whatIf.move × ${steps.length} (one drag), largest community of M: ${members.length} buildings, ${k.lon.length} kiosks`, () => {
    for (const dx of steps) {
      const t0 = performance.now()
      whatIf.move(j, k.lon[j] + dx, k.lat[j])
      samples.push(performance.now() - t0)
    }
  })
  const recompute = await time(`kioskCoverage of the scope recomputed × ${steps.length}`, () => {
    for (const dx of steps) {
      moved.lon[j] = k.lon[j] + dx
      kioskCoverage(b, moved, { radius: RADIUS })
    }
  }, { runs: 3, warmup: 1 })
  samples.sort((p, q) => p - q)
  out(HEADER)
  out(row(incremental, recompute))
  out()
  out(`What-if at M, community ${communityId} (${members.length} buildings): set-up ${fmt(setup.medianMs)}; one update median ${fmt(samples[Math.floor(samples.length / 2)])}, p99 ${fmt(samples[Math.floor(samples.length * 0.99)])}, max ${fmt(samples[samples.length - 1])} over ${samples.length} moves (frame budget 16 ms).`)
  out()
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await benchSiting()
}
