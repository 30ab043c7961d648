// straightCoverage: which buildings lie within `radius` metres, straight line, of at least one
// kiosk. Distance model: the geodesic on the WGS84 ellipsoid (geodesic.ts), the model of PostGIS
// geography's ST_DWithin, so the counts agree with it; a building exactly at the radius is covered.
//
// How: kiosks go in a uniform hash grid in lon/lat whose cells are at least the radius wide at the
// district's most poleward latitude, so every kiosk within the radius of a building sits in the
// 3×3 cells around it. Each candidate pair is first measured in a local plane (metres per degree
// at the building's latitude, from a lookup table): below R·(1 − ε) it is covered, above R·(1 + ε)
// it is not, and only in between does the exact geodesic decide; ε = planarErrorBound (26 mm at
// 300 m here), so that band holds almost nothing. A building stops at its first covering kiosk.
// Cost: O(m + cells) to build, O(n · k) to query with k the kiosks in 3×3 cells (early exit).
//
// Nearest distance to a kiosk (for uncovered buildings, on request): exact, see nearestDistances.
// Not for data straddling the antimeridian or above ±85° (throws).

import KDBush from 'kdbush'
import { nearestInPlane } from './kiosk-coverage.ts'
import { ellipsoidScales, geodesicMeters, MIN_MERIDIONAL_RADIUS, planarErrorBound } from './geodesic.ts'

export interface LonLatColumns {
  lon: ArrayLike<number>
  lat: ArrayLike<number>
}

export interface StraightCoverageOptions {
  /** metres; ≥ 0 */
  radius: number
  /** also compute the distance from each uncovered building to its nearest kiosk */
  nearest?: boolean
}

export interface StraightCoverage {
  radius: number
  /** 1 when building i (input order) is covered */
  covered: Uint8Array
  coveredCount: number
  /**
   * With `nearest`: geodesic metres from building i to its nearest kiosk when it is uncovered
   * (> radius; Infinity with no kiosks at all), NaN when it is covered.
   */
  nearest?: Float64Array
  /** pairs the plane could not decide, measured on the ellipsoid */
  exactTests: number
}

const RAD = Math.PI / 180

export function straightCoverage(buildings: LonLatColumns, kiosks: LonLatColumns, opts: StraightCoverageOptions): StraightCoverage {
  const { radius } = opts
  if (!(Number.isFinite(radius) && radius >= 0)) throw new RangeError(`straightCoverage: radius must be a finite number ≥ 0, got ${radius}`)
  checkColumns('buildings', buildings)
  checkColumns('kiosks', kiosks)
  const n = buildings.lon.length
  const m = kiosks.lon.length
  const covered = new Uint8Array(n)
  const nearest = opts.nearest ? new Float64Array(n).fill(Infinity) : undefined
  const result: StraightCoverage = { radius, covered, coveredCount: 0, exactTests: 0 }
  if (nearest) result.nearest = nearest
  if (n === 0 || m === 0) return result

  const span = extent(buildings, kiosks)
  if (span.maxLon - span.minLon > 180) throw new RangeError(`straightCoverage: longitudes span ${span.minLon}..${span.maxLon}, more than 180°; data across the antimeridian is not supported`)
  if (span.maxAbsLat > 85) throw new RangeError(`straightCoverage: latitude ${span.maxAbsLat} beyond ±85° is not supported`)

  const grid = kioskGrid(kiosks, radius, span)
  const scales = latitudeScales(span, radius)
  const eps = planarErrorBound(radius, Math.min(89, span.maxAbsLat + grid.cellH))
  // The band is also widened by 10 µm: at very short distances the geodesic's own rounding dominates.
  const lo2 = Math.max(0, radius * (1 - eps) - 1e-5) ** 2
  const hi2 = (radius * (1 + eps) + 1e-5) ** 2
  const { nx, ny, cellW, cellH, minLon, minLat, start, klon, klat } = grid
  let count = 0

  for (let i = 0; i < n; i++) {
    const lon = buildings.lon[i]
    const lat = buildings.lat[i]
    const cx = Math.floor((lon - minLon) / cellW)
    const cy = Math.floor((lat - minLat) / cellH)
    if (cx < -1 || cx > nx || cy < -1 || cy > ny) continue
    const s = Math.min(scales.bins - 1, Math.max(0, Math.floor((lat - scales.minLat) / scales.binH)))
    const kx = scales.kx[s]
    const ky = scales.ky[s]
    // The building's own cell first (most often the covering kiosk is there), then the rest of the
    // 3×3 block as three contiguous row spans of the CSR arrays.
    const inside = cx >= 0 && cx < nx && cy >= 0 && cy < ny
    let hit = inside ? scan(grid, start[cy * nx + cx], start[cy * nx + cx + 1], lon, lat, kx, ky, lo2, hi2, radius) : 0
    const x0 = Math.max(0, cx - 1)
    const x1 = Math.min(nx - 1, cx + 1)
    for (let y = Math.max(0, cy - 1), y1 = Math.min(ny - 1, cy + 1); y <= y1 && !hit; y++) {
      const row = y * nx
      if (inside && y === cy) {
        hit = scan(grid, start[row + x0], start[row + cx], lon, lat, kx, ky, lo2, hi2, radius)
        if (!hit) hit = scan(grid, start[row + cx + 1], start[row + x1 + 1], lon, lat, kx, ky, lo2, hi2, radius)
      } else {
        hit = scan(grid, start[row + x0], start[row + x1 + 1], lon, lat, kx, ky, lo2, hi2, radius)
      }
    }
    if (hit) {
      covered[i] = 1
      count++
    }
  }
  result.coveredCount = count
  result.exactTests = grid.exactTests
  if (nearest) {
    nearestDistances(kiosks, buildings, covered, span, nearest)
  }
  return result
}

/** 1 when a kiosk in klon/klat[a, b) covers (lon, lat); the plane decides outside the ±ε band. */
function scan(g: KioskGrid, a: number, b: number, lon: number, lat: number, kx: number, ky: number, lo2: number, hi2: number, radius: number): number {
  const klon = g.klon
  const klat = g.klat
  for (let j = a; j < b; j++) {
    const dx = (klon[j] - lon) * kx
    const dy = (klat[j] - lat) * ky
    const d2 = dx * dx + dy * dy
    if (d2 <= lo2) return 1
    if (d2 <= hi2) {
      g.exactTests++
      if (geodesicMeters(lon, lat, klon[j], klat[j]) <= radius) return 1
    }
  }
  return 0
}

interface KioskGrid {
  exactTests: number
  nx: number
  ny: number
  cellW: number
  cellH: number
  minLon: number
  minLat: number
  /** CSR: kiosks of cell c are klon/klat[start[c] .. start[c+1]) */
  start: Int32Array
  klon: Float64Array
  klat: Float64Array
}

interface Extent {
  minLon: number
  maxLon: number
  minLat: number
  maxLat: number
  maxAbsLat: number
  kMinLon: number
  kMaxLon: number
  kMinLat: number
  kMaxLat: number
}

function extent(b: LonLatColumns, k: LonLatColumns): Extent {
  const e: Extent = { minLon: Infinity, maxLon: -Infinity, minLat: Infinity, maxLat: -Infinity, maxAbsLat: 0, kMinLon: Infinity, kMaxLon: -Infinity, kMinLat: Infinity, kMaxLat: -Infinity }
  for (let i = 0; i < b.lon.length; i++) {
    const x = b.lon[i]
    const y = b.lat[i]
    if (x < e.minLon) e.minLon = x
    if (x > e.maxLon) e.maxLon = x
    if (y < e.minLat) e.minLat = y
    if (y > e.maxLat) e.maxLat = y
  }
  for (let j = 0; j < k.lon.length; j++) {
    const x = k.lon[j]
    const y = k.lat[j]
    if (x < e.kMinLon) e.kMinLon = x
    if (x > e.kMaxLon) e.kMaxLon = x
    if (y < e.kMinLat) e.kMinLat = y
    if (y > e.kMaxLat) e.kMaxLat = y
  }
  e.minLon = Math.min(e.minLon, e.kMinLon)
  e.maxLon = Math.max(e.maxLon, e.kMaxLon)
  e.minLat = Math.min(e.minLat, e.kMinLat)
  e.maxLat = Math.max(e.maxLat, e.kMaxLat)
  e.maxAbsLat = Math.max(Math.abs(e.minLat), Math.abs(e.maxLat))
  return e
}

/**
 * Cells at least the radius tall (degrees of latitude per metre are largest at the equator) and
 * wide (degrees of longitude per metre are largest at the most poleward latitude), 1 % more for the
 * curvature of the parallels; grown ×2 while the grid would have far more cells than kiosks.
 */
function kioskGrid(k: LonLatColumns, radius: number, e: Extent): KioskGrid {
  const m = k.lon.length
  let cellH = Math.max(1e-7, ((radius / (MIN_MERIDIONAL_RADIUS * RAD)) * 1.01))
  const poleward = Math.min(89, e.maxAbsLat + cellH)
  let cellW = Math.max(1e-7, (radius / ellipsoidScales(poleward).kx) * 1.01)
  const minLon = e.kMinLon
  const minLat = e.kMinLat
  let nx = 0
  let ny = 0
  for (;;) {
    nx = Math.floor((e.kMaxLon - minLon) / cellW) + 1
    ny = Math.floor((e.kMaxLat - minLat) / cellH) + 1
    if (nx * ny <= 4 * m + 65_536) break
    cellW *= 2
    cellH *= 2
  }
  const cellOf = new Int32Array(m)
  const start = new Int32Array(nx * ny + 1)
  for (let j = 0; j < m; j++) {
    const c = Math.min(ny - 1, Math.floor((k.lat[j] - minLat) / cellH)) * nx + Math.min(nx - 1, Math.floor((k.lon[j] - minLon) / cellW))
    cellOf[j] = c
    start[c + 1]++
  }
  for (let c = 0; c < nx * ny; c++) start[c + 1] += start[c]
  const fill = start.slice(0, nx * ny)
  const klon = new Float64Array(m)
  const klat = new Float64Array(m)
  for (let j = 0; j < m; j++) {
    const at = fill[cellOf[j]]++
    klon[at] = k.lon[j]
    klat[at] = k.lat[j]
  }
  return { exactTests: 0, nx, ny, cellW, cellH, minLon, minLat, start, klon, klat }
}

interface Scales {
  minLat: number
  binH: number
  bins: number
  kx: Float64Array
  ky: Float64Array
}

/**
 * Metres per degree by latitude bin: bins a radius tall, each with the scale at its centre, so a
 * building's scale is taken within R/2 of its latitude (planarErrorBound allows for R/M).
 */
function latitudeScales(e: Extent, radius: number): Scales {
  const binH = Math.max(1e-6, radius / (MIN_MERIDIONAL_RADIUS * RAD))
  const bins = Math.min(1 << 20, Math.floor((e.maxLat - e.minLat) / binH) + 1)
  const h = (e.maxLat - e.minLat) / bins || binH
  const kx = new Float64Array(bins)
  const ky = new Float64Array(bins)
  for (let s = 0; s < bins; s++) {
    const sc = ellipsoidScales(e.minLat + (s + 0.5) * h)
    kx[s] = sc.kx
    ky[s] = sc.ky
  }
  return { minLat: e.minLat, binH: h, bins, kx, ky }
}

/**
 * Exact geodesic distance to the nearest kiosk: the kiosk nearest in the plane (kd-tree, in
 * degrees scaled to metres at the centre) bounds it from above; every kiosk within that bound lies
 * in a lon/lat box made as conservative as the hash grid's cells, so the minimum is among those.
 */
function nearestDistances(k: LonLatColumns, b: LonLatColumns, covered: Uint8Array, e: Extent, out: Float64Array): void {
  const m = k.lon.length
  const mid = ellipsoidScales((e.kMinLat + e.kMaxLat) / 2)
  const tree = new KDBush(m, 16, Float64Array)
  for (let j = 0; j < m; j++) tree.add(k.lon[j] * mid.kx, k.lat[j] * mid.ky)
  tree.finish()
  const degLatPerM = (1 / (MIN_MERIDIONAL_RADIUS * RAD)) * 1.01
  for (let i = 0; i < b.lon.length; i++) {
    if (covered[i]) {
      out[i] = NaN
      continue
    }
    const lon = b.lon[i]
    const lat = b.lat[i]
    const j = nearestInPlane(tree, lon * mid.kx, lat * mid.ky)
    const bound = geodesicMeters(lon, lat, k.lon[j], k.lat[j]) * (1 + 1e-9) + 1e-6
    const hLat = bound * degLatPerM
    const poleward = Math.min(89, Math.max(Math.abs(lat - hLat), Math.abs(lat + hLat)))
    const hLon = poleward >= 89 ? 360 : (bound / ellipsoidScales(poleward).kx) * 1.01
    let best = Infinity
    for (const c of tree.range((lon - hLon) * mid.kx, (lat - hLat) * mid.ky, (lon + hLon) * mid.kx, (lat + hLat) * mid.ky)) {
      best = Math.min(best, geodesicMeters(lon, lat, k.lon[c], k.lat[c]))
    }
    out[i] = best
  }
}

function checkColumns(name: string, c: LonLatColumns): void {
  if (c.lat.length !== c.lon.length) throw new RangeError(`straightCoverage: ${name}.lat has ${c.lat.length} values, ${name}.lon has ${c.lon.length}`)
  for (let i = 0; i < c.lon.length; i++) {
    const lon = c.lon[i]
    const lat = c.lat[i]
    if (!(Number.isFinite(lon) && Number.isFinite(lat) && Math.abs(lon) <= 180 && Math.abs(lat) <= 90)) {
      throw new RangeError(`straightCoverage: ${name} ${i} is at [${lon}, ${lat}]; expected longitude/latitude degrees`)
    }
  }
}
