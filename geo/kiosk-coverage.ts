// kioskCoverage: which buildings (and how many households) lie within `radius` metres, straight
// line, of a waste-collection kiosk (收集亭), overall and per group (compound, grid …).
//
// Exact: a building is covered iff min over kiosks of haversineMeters(building, kiosk) <= radius,
// the same answer as the O(n·m) brute force. Kiosks go in a kdbush tree in a local metric frame;
// each building asks for the box that provably holds every kiosk within a distance d of it
// (measure.ts degreeRadius, exact on the sphere, widened by a rounding margin), and only those
// candidates get the haversine test. d is the great-circle distance to the kiosk nearest in the
// plane (branch and bound over the tree), an upper bound of the true nearest distance, so the
// exact nearest is in that box too; it holds a handful of kiosks (the frame is off by ~0.1 %).
// Complexity: O(m log m) to build, O(n (log m + k)) to query, k = kiosks in a building's box.
// Not for data straddling the antimeridian (throws when the longitudes span more than 180°).

import KDBush from 'kdbush'
import { degreeRadius, haversineLonLat, localFrame } from './measure.ts'

export interface Building {
  id: number
  /** Centroid of the building (see buildingCentroid). */
  lon: number
  lat: number
  households: number
  /** Compound, grid … for the per-group breakdown. */
  groupId?: number
}

/** The same buildings as parallel columns, for hot paths (a Web Worker, a what-if drag). */
export interface BuildingColumns {
  id?: ArrayLike<number>
  lon: ArrayLike<number>
  lat: ArrayLike<number>
  households: ArrayLike<number>
  groupId?: ArrayLike<number>
}

export interface Kiosk { lon: number; lat: number }
export interface KioskColumns { lon: ArrayLike<number>; lat: ArrayLike<number> }

export interface CoverageOptions {
  /** Straight-line service radius in metres; a building exactly at the radius is covered. */
  radius: number
}

export interface Tally { total: number; covered: number }
export interface GroupCoverage { buildings: Tally; households: Tally }

export interface KioskCoverage {
  radius: number
  buildings: Tally
  households: Tally
  /** households.covered / households.total; 0 when there are no households at all. */
  ratio: number
  /** 1 when building i (input order) is covered. */
  coveredFlags: Uint8Array
  /** Metres from building i to its nearest kiosk; Infinity when there are no kiosks. */
  nearestKioskDistance: Float64Array
  /** Per groupId, present when groupIds were given; buildings without one are left out of it. */
  byGroup?: Map<number, GroupCoverage>
}

/** Rounding margin on the candidate box: relative, plus metres, so a kiosk at exactly d is never cut. */
const BOX_MARGIN_REL = 1e-9
const BOX_MARGIN_M = 1e-6

export function kioskCoverage(
  buildings: Building[] | BuildingColumns,
  kiosks: Kiosk[] | KioskColumns,
  opts: CoverageOptions,
): KioskCoverage {
  const { radius } = opts
  if (!(Number.isFinite(radius) && radius >= 0)) throw new RangeError(`kioskCoverage: radius must be a finite number ≥ 0, got ${radius}`)
  const b = toBuildingColumns(buildings)
  const k = toKioskColumns(kiosks)
  const n = b.lon.length
  const nearest = nearestDistances(b, k)
  const coveredFlags = new Uint8Array(n)
  const total: GroupCoverage = { buildings: { total: 0, covered: 0 }, households: { total: 0, covered: 0 } }
  const byGroup = b.groupId ? new Map<number, GroupCoverage>() : undefined
  for (let i = 0; i < n; i++) {
    const covered = nearest[i] <= radius
    const households = b.households[i]
    coveredFlags[i] = covered ? 1 : 0
    tally(total, households, covered)
    const group = b.groupId?.[i]
    if (byGroup && group !== undefined && !Number.isNaN(group)) {
      let g = byGroup.get(group)
      if (!g) byGroup.set(group, (g = { buildings: { total: 0, covered: 0 }, households: { total: 0, covered: 0 } }))
      tally(g, households, covered)
    }
  }
  const ratio = total.households.total > 0 ? total.households.covered / total.households.total : 0
  const result: KioskCoverage = { radius, ...total, ratio, coveredFlags, nearestKioskDistance: nearest }
  if (byGroup) result.byGroup = byGroup
  return result
}

function tally(t: GroupCoverage, households: number, covered: boolean): void {
  t.buildings.total++
  t.households.total += households
  if (covered) {
    t.buildings.covered++
    t.households.covered += households
  }
}

/** Exact great-circle distance from every building to its nearest kiosk. */
function nearestDistances(b: BuildingColumns, k: KioskColumns): Float64Array {
  const n = b.lon.length
  const m = k.lon.length
  const out = new Float64Array(n).fill(Infinity)
  if (n === 0 || m === 0) return out
  checkLongitudeSpan(b.lon, k.lon)
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity]
  for (let j = 0; j < m; j++) {
    minX = Math.min(minX, k.lon[j]); maxX = Math.max(maxX, k.lon[j])
    minY = Math.min(minY, k.lat[j]); maxY = Math.max(maxY, k.lat[j])
  }
  const frame = localFrame((minX + maxX) / 2, Math.max(-89, Math.min(89, (minY + maxY) / 2)))
  const kx = frame.metersPerDegreeLon
  const ky = frame.metersPerDegreeLat
  const tree = new KDBush(m)
  for (let j = 0; j < m; j++) tree.add((k.lon[j] - frame.originLon) * kx, (k.lat[j] - frame.originLat) * ky)
  tree.finish()

  const within = (lon: number, lat: number, d: number): number[] => {
    const { dLon, dLat } = degreeRadius(lat, d)
    const x = (lon - frame.originLon) * kx
    const y = (lat - frame.originLat) * ky
    const hx = dLon >= 180 ? Infinity : dLon * kx * (1 + BOX_MARGIN_REL) + BOX_MARGIN_M
    const hy = dLat * ky * (1 + BOX_MARGIN_REL) + BOX_MARGIN_M
    return tree.range(x - hx, y - hy, x + hx, y + hy)
  }
  const closest = (lon: number, lat: number, ids: number[]): number => {
    let best = Infinity
    for (const j of ids) best = Math.min(best, haversineLonLat(lon, lat, k.lon[j], k.lat[j]))
    return best
  }
  for (let i = 0; i < n; i++) {
    const lon = b.lon[i]
    const lat = b.lat[i]
    // The kiosk nearest in the plane bounds the true nearest distance from above; every kiosk
    // within that bound lies in its provable box, so the exact minimum is among them.
    const j = nearestInPlane(tree, (lon - frame.originLon) * kx, (lat - frame.originLat) * ky)
    const bound = haversineLonLat(lon, lat, k.lon[j], k.lat[j])
    out[i] = closest(lon, lat, within(lon, lat, bound))
  }
  return out
}

/**
 * Index of the point nearest to (qx, qy) in the plane: depth-first branch and bound over
 * KDBush's kd-sorted arrays, the near side first, a far side only while it can still win.
 * O(log m) on average.
 */
export function nearestInPlane(tree: KDBush, qx: number, qy: number): number {
  const { ids, coords, nodeSize } = tree
  let best = -1
  let bestD = Infinity
  const consider = (i: number) => {
    const dx = coords[2 * i] - qx
    const dy = coords[2 * i + 1] - qy
    const d = dx * dx + dy * dy
    if (d < bestD) {
      bestD = d
      best = i
    }
  }
  // Stack entries: left, right, axis, squared distance from the query to the node's half-plane.
  const stack: number[] = [0, ids.length - 1, 0, 0]
  while (stack.length) {
    const gap = stack.pop()!
    const axis = stack.pop()!
    const right = stack.pop()!
    const left = stack.pop()!
    if (gap >= bestD) continue
    if (right - left <= nodeSize) {
      for (let i = left; i <= right; i++) consider(i)
      continue
    }
    const m = (left + right) >> 1
    consider(m)
    const diff = axis === 0 ? qx - coords[2 * m] : qy - coords[2 * m + 1]
    const next = 1 - axis
    // Push the far side first so the near side is searched first (LIFO).
    if (diff <= 0) {
      if (m + 1 <= right) stack.push(m + 1, right, next, diff * diff)
      if (left <= m - 1) stack.push(left, m - 1, next, 0)
    } else {
      if (left <= m - 1) stack.push(left, m - 1, next, diff * diff)
      if (m + 1 <= right) stack.push(m + 1, right, next, 0)
    }
  }
  return ids[best]
}

function checkLongitudeSpan(...columns: ArrayLike<number>[]): void {
  let lo = Infinity
  let hi = -Infinity
  for (const col of columns) for (let i = 0; i < col.length; i++) { lo = Math.min(lo, col[i]); hi = Math.max(hi, col[i]) }
  if (hi - lo > 180) throw new RangeError(`kioskCoverage: longitudes span ${lo}..${hi}, more than 180°; data across the antimeridian is not supported`)
}

function toBuildingColumns(buildings: Building[] | BuildingColumns): BuildingColumns {
  let cols: BuildingColumns
  if (Array.isArray(buildings)) {
    const hasGroups = buildings.some((x) => x.groupId !== undefined)
    cols = {
      id: buildings.map((x) => x.id),
      lon: buildings.map((x) => x.lon),
      lat: buildings.map((x) => x.lat),
      households: buildings.map((x) => x.households),
      groupId: hasGroups ? buildings.map((x) => x.groupId ?? NaN) : undefined,
    }
  } else {
    cols = buildings
  }
  const n = cols.lon.length
  for (const key of ['lat', 'households', 'id', 'groupId'] as const) {
    const col = cols[key]
    if (col && col.length !== n) throw new RangeError(`kioskCoverage: buildings.${key} has ${col.length} values, buildings.lon has ${n}`)
  }
  for (let i = 0; i < n; i++) {
    const name = cols.id ? `building ${i} (id ${cols.id[i]})` : `building ${i}`
    checkLonLat(cols.lon[i], cols.lat[i], name)
    const h = cols.households[i]
    if (!(Number.isFinite(h) && h >= 0)) throw new RangeError(`kioskCoverage: ${name} has households ${h}; expected a finite number ≥ 0`)
  }
  return cols
}

function toKioskColumns(kiosks: Kiosk[] | KioskColumns): KioskColumns {
  const cols = Array.isArray(kiosks) ? { lon: kiosks.map((x) => x.lon), lat: kiosks.map((x) => x.lat) } : kiosks
  if (cols.lat.length !== cols.lon.length) throw new RangeError(`kioskCoverage: kiosks.lat has ${cols.lat.length} values, kiosks.lon has ${cols.lon.length}`)
  for (let j = 0; j < cols.lon.length; j++) checkLonLat(cols.lon[j], cols.lat[j], `kiosk ${j}`)
  return cols
}

function checkLonLat(lon: number, lat: number, name: string): void {
  if (!(Number.isFinite(lon) && Number.isFinite(lat) && Math.abs(lon) <= 180 && Math.abs(lat) <= 90)) {
    throw new RangeError(`kioskCoverage: ${name} is at [${lon}, ${lat}]; expected longitude/latitude degrees`)
  }
}
