// kioskSiting: where to put k new kiosks so that they bring the most households within `radius`
// metres (straight line) that no existing kiosk serves yet.
//
// Same distance model as kioskCoverage: great-circle (haversine) metres on the mean-radius sphere,
// a building counted by its centroid, "within" meaning ≤ radius. The uncovered buildings go in a
// kdbush tree in a local metric frame; each candidate asks for the exact box of its radius
// (degreeRadius) and keeps the buildings whose haversine distance is ≤ radius. The resulting
// candidate → building sets feed greedy maximum coverage with lazy evaluation (max-coverage.ts).
// Complexity: O(n log n) for the tree, O(c (log n + b)) for the sets (b = buildings per box), then
// the greedy. Not for data across the antimeridian (kioskCoverage throws on it).

import KDBush from 'kdbush'
import { kioskCoverage, type Building, type BuildingColumns, type Kiosk, type KioskColumns } from './kiosk-coverage.ts'
import { greedyMaxCoverage, type MaxCoverageInstance } from './max-coverage.ts'
import { degreeRadius, haversineLonLat, localFrame } from './measure.ts'

export interface SitingOptions {
  /** Service radius in metres, as for kioskCoverage. */
  radius: number
  /** How many kiosks to add. */
  k: number
  /** Lazy (CELF) greedy; false runs the plain greedy (same picks, for benchmarks). Default true. */
  lazy?: boolean
}

export interface SitingSite {
  /** 1 for the first kiosk to add. */
  rank: number
  /** Index into the candidates. */
  candidate: number
  lon: number
  lat: number
  /** Households (and buildings) this kiosk newly brings within the radius, given the ones before it. */
  gainHouseholds: number
  gainBuildings: number
  /** Households covered by the existing kiosks plus sites 1 … rank. */
  cumulativeHouseholds: number
  /** cumulativeHouseholds ÷ all households (0 when there are none). */
  cumulativeRatio: number
}

export interface KioskSiting {
  radius: number
  k: number
  candidates: number
  households: { total: number; coveredBefore: number; coveredAfter: number }
  /** Buildings with households that no existing kiosk covers. */
  uncoveredBuildings: number
  /** Fewer than k when no candidate can gain anything more. */
  sites: SitingSite[]
  /**
   * Households the k new kiosks gain: the greedy's, and two upper bounds on the best possible:
   * the classic greedy / (1 − (1 − 1/k)^k) ≤ greedy / (1 − 1/e), and the online bound.
   */
  bounds: { greedy: number; classic: number; online: number }
  /** Marginal-gain evaluations the greedy made. */
  evaluations: number
  /** Candidate → uncovered-building sets (elements are uncovered buildings, weights households). */
  instance: MaxCoverageInstance
  /** Element e of the instance is building uncoveredIndex[e] of the input. */
  uncoveredIndex: Uint32Array
}

const BOX_MARGIN_REL = 1e-9
const BOX_MARGIN_M = 1e-6

export function kioskSiting(
  buildings: Building[] | BuildingColumns,
  existing: Kiosk[] | KioskColumns,
  candidates: Kiosk[] | KioskColumns,
  opts: SitingOptions,
): KioskSiting {
  const { radius, k } = opts
  if (!(Number.isInteger(k) && k >= 0)) throw new RangeError(`kioskSiting: k must be an integer ≥ 0, got ${k}`)
  // kioskCoverage validates the buildings, the existing kiosks and the radius.
  const before = kioskCoverage(buildings, existing, { radius })
  const cand = Array.isArray(candidates) ? { lon: candidates.map((c) => c.lon), lat: candidates.map((c) => c.lat) } : candidates
  kioskCoverage([], cand, { radius }) // validates the candidates' coordinates
  const b = columns(buildings)

  const uncovered: number[] = []
  for (let i = 0; i < b.lon.length; i++) if (!before.coveredFlags[i] && b.households[i] > 0) uncovered.push(i)
  const uncoveredIndex = Uint32Array.from(uncovered)
  const instance = coverageSets(b, uncoveredIndex, cand, radius)
  const greedy = greedyMaxCoverage(instance, k, { lazy: opts.lazy })

  const total = before.households.total
  const sites: SitingSite[] = []
  const seen = new Uint8Array(uncovered.length)
  let cumulative = before.households.covered
  greedy.picks.forEach((c, i) => {
    let gainBuildings = 0
    for (let p = instance.offsets[c]; p < instance.offsets[c + 1]; p++) {
      const e = instance.items[p]
      if (!seen[e]) { seen[e] = 1; gainBuildings++ }
    }
    cumulative += greedy.gains[i]
    sites.push({
      rank: i + 1,
      candidate: c,
      lon: cand.lon[c],
      lat: cand.lat[c],
      gainHouseholds: greedy.gains[i],
      gainBuildings,
      cumulativeHouseholds: cumulative,
      cumulativeRatio: total > 0 ? cumulative / total : 0,
    })
  })
  return {
    radius,
    k,
    candidates: cand.lon.length,
    households: { total, coveredBefore: before.households.covered, coveredAfter: cumulative },
    uncoveredBuildings: uncovered.length,
    sites,
    bounds: { greedy: greedy.value, classic: greedy.classicBound, online: greedy.onlineBound },
    evaluations: greedy.evaluations,
    instance,
    uncoveredIndex,
  }
}

/** For each candidate, the uncovered buildings within `radius` (exact haversine), as sparse rows. */
function coverageSets(b: BuildingColumns, uncovered: Uint32Array, cand: KioskColumns, radius: number): MaxCoverageInstance {
  const n = uncovered.length
  const weights = new Float64Array(n)
  for (let e = 0; e < n; e++) weights[e] = b.households[uncovered[e]]
  const offsets = new Uint32Array(cand.lon.length + 1)
  if (n === 0 || cand.lon.length === 0) return { offsets, items: new Uint32Array(0), weights }

  let [minY, maxY, minX, maxX] = [Infinity, -Infinity, Infinity, -Infinity]
  for (const i of uncovered) {
    minX = Math.min(minX, b.lon[i]); maxX = Math.max(maxX, b.lon[i])
    minY = Math.min(minY, b.lat[i]); maxY = Math.max(maxY, b.lat[i])
  }
  const frame = localFrame((minX + maxX) / 2, Math.max(-89, Math.min(89, (minY + maxY) / 2)))
  const kx = frame.metersPerDegreeLon
  const ky = frame.metersPerDegreeLat
  const tree = new KDBush(n)
  for (const i of uncovered) tree.add((b.lon[i] - frame.originLon) * kx, (b.lat[i] - frame.originLat) * ky)
  tree.finish()

  const items: number[] = []
  for (let c = 0; c < cand.lon.length; c++) {
    const lon = cand.lon[c]
    const lat = cand.lat[c]
    const { dLon, dLat } = degreeRadius(lat, radius)
    const x = (lon - frame.originLon) * kx
    const y = (lat - frame.originLat) * ky
    const hx = dLon >= 180 ? Infinity : dLon * kx * (1 + BOX_MARGIN_REL) + BOX_MARGIN_M
    const hy = dLat * ky * (1 + BOX_MARGIN_REL) + BOX_MARGIN_M
    const found = tree.range(x - hx, y - hy, x + hx, y + hy)
    found.sort((p, q) => p - q)
    for (const e of found) {
      const i = uncovered[e]
      // Building first, kiosk second: the very call kioskCoverage makes, so the two agree bit for bit.
      if (haversineLonLat(b.lon[i], b.lat[i], lon, lat) <= radius) items.push(e)
    }
    offsets[c + 1] = items.length
  }
  return { offsets, items: Uint32Array.from(items), weights }
}

function columns(buildings: Building[] | BuildingColumns): BuildingColumns {
  if (!Array.isArray(buildings)) return buildings
  return { lon: buildings.map((x) => x.lon), lat: buildings.map((x) => x.lat), households: buildings.map((x) => x.households) }
}
