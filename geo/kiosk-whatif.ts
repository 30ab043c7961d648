// createWhatIf: straight-line kiosk coverage kept up to date while kiosks move, appear and go —
// the what-if behind the planner's drag on the map.
//
// Every building keeps the number of kiosks within `radius` of it (same model as kioskCoverage:
// haversine metres from the centroid, ≤ R covers, the very same distance call). Moving kiosk j
// only touches the buildings within R of its old and its new place: a kdbush range query over the
// buildings (built once) gives the candidates, the exact haversine decides. So an update costs
// O(log n + b), b = buildings within the two boxes, whatever the number of kiosks — a few
// microseconds for a community — and returns the buildings whose covered flag flipped, so a map
// can restyle just those.

import KDBush from 'kdbush'
import type { BuildingColumns, KioskColumns } from './kiosk-coverage.ts'
import { kioskCoverage } from './kiosk-coverage.ts'
import { degreeRadius, haversineLonLat, localFrame } from './measure.ts'

export interface WhatIfTotals {
  buildings: { total: number; covered: number }
  households: { total: number; covered: number }
  /** households.covered / households.total; 0 when there are none. */
  ratio: number
}

export interface WhatIfChange {
  /** Buildings (input order) that became covered / uncovered with this update. */
  covered: number[]
  uncovered: number[]
}

export interface WhatIf {
  readonly radius: number
  totals(): WhatIfTotals
  /** 1 when building i is within the radius of some kiosk. */
  isCovered(i: number): boolean
  /** Kiosks currently placed (ids are stable; removed ones stay unused). */
  kiosk(j: number): { lon: number; lat: number } | null
  kioskCount(): number
  move(j: number, lon: number, lat: number): WhatIfChange
  /** Places a new kiosk; returns its id. */
  add(lon: number, lat: number): { id: number; change: WhatIfChange }
  remove(j: number): WhatIfChange
}

const BOX_MARGIN_REL = 1e-9
const BOX_MARGIN_M = 1e-6

export function createWhatIf(buildings: BuildingColumns, kiosks: KioskColumns, opts: { radius: number }): WhatIf {
  const { radius } = opts
  // kioskCoverage names bad input (radius, positions, households); with one side empty it does no work.
  kioskCoverage(buildings, [], { radius })
  kioskCoverage([], kiosks, { radius })
  const n = buildings.lon.length
  const lon = Float64Array.from(buildings.lon)
  const lat = Float64Array.from(buildings.lat)
  const households = Float64Array.from(buildings.households)
  const count = new Uint32Array(n)
  const kLon: number[] = []
  const kLat: number[] = []
  const alive: boolean[] = []
  let coveredBuildings = 0
  let coveredHouseholds = 0
  let totalHouseholds = 0
  for (let i = 0; i < n; i++) totalHouseholds += households[i]

  let tree: KDBush | null = null
  let frame = localFrame(0, 0)
  if (n > 0) {
    let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity]
    for (let i = 0; i < n; i++) {
      minX = Math.min(minX, lon[i]); maxX = Math.max(maxX, lon[i])
      minY = Math.min(minY, lat[i]); maxY = Math.max(maxY, lat[i])
    }
    frame = localFrame((minX + maxX) / 2, Math.max(-89, Math.min(89, (minY + maxY) / 2)))
    tree = new KDBush(n)
    for (let i = 0; i < n; i++) tree.add((lon[i] - frame.originLon) * frame.metersPerDegreeLon, (lat[i] - frame.originLat) * frame.metersPerDegreeLat)
    tree.finish()
  }

  /** Adds delta (±1) to the count of every building within the radius of (x, y). */
  const apply = (x: number, y: number, delta: 1 | -1, change: WhatIfChange) => {
    if (!tree) return
    const { dLon, dLat } = degreeRadius(y, radius)
    const cx = (x - frame.originLon) * frame.metersPerDegreeLon
    const cy = (y - frame.originLat) * frame.metersPerDegreeLat
    const hx = dLon >= 180 ? Infinity : dLon * frame.metersPerDegreeLon * (1 + BOX_MARGIN_REL) + BOX_MARGIN_M
    const hy = dLat * frame.metersPerDegreeLat * (1 + BOX_MARGIN_REL) + BOX_MARGIN_M
    for (const i of tree.range(cx - hx, cy - hy, cx + hx, cy + hy)) {
      // Building first, kiosk second: the call kioskCoverage makes, so both agree bit for bit.
      if (haversineLonLat(lon[i], lat[i], x, y) > radius) continue
      if (delta > 0) {
        if (count[i]++ === 0) { coveredBuildings++; coveredHouseholds += households[i]; change.covered.push(i) }
      } else if (--count[i] === 0) {
        coveredBuildings--; coveredHouseholds -= households[i]; change.uncovered.push(i)
      }
    }
  }

  const checkPlace = (x: number, y: number) => {
    if (!(Number.isFinite(x) && Number.isFinite(y) && Math.abs(x) <= 180 && Math.abs(y) <= 90)) {
      throw new RangeError(`whatIf: a kiosk at [${x}, ${y}]; expected longitude/latitude degrees`)
    }
  }
  const checkId = (j: number) => {
    if (!alive[j]) throw new RangeError(`whatIf: no kiosk ${j}`)
  }

  const add = (x: number, y: number) => {
    checkPlace(x, y)
    const change: WhatIfChange = { covered: [], uncovered: [] }
    const id = kLon.length
    kLon.push(x); kLat.push(y); alive.push(true)
    apply(x, y, 1, change)
    return { id, change }
  }

  for (let j = 0; j < kiosks.lon.length; j++) add(kiosks.lon[j], kiosks.lat[j])

  return {
    radius,
    totals: () => ({
      buildings: { total: n, covered: coveredBuildings },
      households: { total: totalHouseholds, covered: coveredHouseholds },
      ratio: totalHouseholds > 0 ? coveredHouseholds / totalHouseholds : 0,
    }),
    isCovered: (i) => count[i] > 0,
    kiosk: (j) => (alive[j] ? { lon: kLon[j], lat: kLat[j] } : null),
    kioskCount: () => alive.filter(Boolean).length,
    move(j, x, y) {
      checkId(j)
      checkPlace(x, y)
      const change: WhatIfChange = { covered: [], uncovered: [] }
      // Add first, then remove: a building in both discs never drops to 0, so the two lists
      // are disjoint and hold only real flips.
      apply(x, y, 1, change)
      apply(kLon[j], kLat[j], -1, change)
      kLon[j] = x
      kLat[j] = y
      return change
    },
    add,
    remove(j) {
      checkId(j)
      const change: WhatIfChange = { covered: [], uncovered: [] }
      apply(kLon[j], kLat[j], -1, change)
      alive[j] = false
      return change
    },
  }
}
