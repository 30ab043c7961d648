// cleanFixes: turn a raw stream of GPS fixes from one device into the fixes a patrol path is
// drawn through. Streaming: fixes are read in the order received, and everything the rule needs
// to remember about earlier fixes lives in a small `carry` object, so cleaning a stream in
// batches (carry out of one call into the next) gives exactly the result of cleaning it at once.
//
// The rule, applied to each fix in turn (defaults in CLEAN_DEFAULTS):
//  1. invalid     — lon/lat/time not finite, |lon| > 180 or |lat| > 90: dropped.
//  2. inaccurate  — a reported horizontal accuracy above maxAccuracyM: dropped (no accuracy = trusted).
//  3. duplicate   — the same timestamp as the latest fix seen: dropped;
//     outOfOrder  — an earlier timestamp than the latest fix seen: dropped (a file is sorted by time
//                   when it is imported, see gps-import.ts; this catches what arrives late across batches).
//  4. stationary  — within stayRadiusM of the last kept fix: not kept, it extends that fix's dwell
//                   (GPS jitter while the worker stands still). A dwell of stayMinS or more is reported
//                   as a stay point (the last kept fix, with start, end and fix count): stops compressed.
//  5. jump        — implies a speed above maxSpeedMps from the last kept fix (measured from the end of
//                   its dwell): held as a candidate. The next plausible fix near the old position drops
//                   the candidates as a teleport; jumpConfirm candidates in a row that are plausible
//                   among themselves mean the device really moved (e.g. a ride): they are kept, and the
//                   path restarts at the first of them (no line drawn across the jump).
//  6. otherwise kept. The path is broken before a kept fix (breakBefore = 1) when it follows the
//     previous kept fix by more than maxGapS or maxStepM: a straight line across a long gap would
//     credit streets nobody walked.
// Cleaning never adds a fix: every kept fix is an input fix, unchanged.
// Complexity: O(n) for n fixes; one haversine per fix (two when candidates are pending).

import { haversineLonLat } from './measure.ts'

export interface CleanOptions {
  /** Fixes reporting a horizontal accuracy worse than this (metres) are dropped. */
  maxAccuracyM: number
  /** Faster than this (m/s) from the last kept fix is a jump (12 m/s ≈ 43 km/h, an e-bike at most). */
  maxSpeedMps: number
  /** Consecutive mutually plausible jump candidates that confirm a real relocation. */
  jumpConfirm: number
  /** Fixes within this distance (metres) of the last kept fix are the same place (jitter, a stop). */
  stayRadiusM: number
  /** A dwell this long (seconds) or longer is reported as a stay point. */
  stayMinS: number
  /** No path is drawn between kept fixes further apart in time than this (seconds) … */
  maxGapS: number
  /** … or in space than this (metres). */
  maxStepM: number
}

export const CLEAN_DEFAULTS: Readonly<CleanOptions> = {
  maxAccuracyM: 50,
  maxSpeedMps: 12,
  jumpConfirm: 3,
  stayRadiusM: 8,
  stayMinS: 120,
  maxGapS: 300,
  maxStepM: 250,
}

/** Raw fixes as parallel columns; t in epoch milliseconds; accuracy in metres where known (NaN = unknown). */
export interface GpsFixes {
  lon: ArrayLike<number>
  lat: ArrayLike<number>
  t: ArrayLike<number>
  accuracy?: ArrayLike<number>
}

export interface Fix {
  lon: number
  lat: number
  t: number
}

export interface StayPoint extends Fix {
  /** end of the dwell, epoch ms (t is its start) */
  end: number
  fixes: number
}

export interface RemovedCounts {
  invalid: number
  inaccurate: number
  duplicate: number
  outOfOrder: number
  stationary: number
  jump: number
}

/** What cleaning remembers between batches of one device's stream. Plain data; treat as immutable. */
export interface CleanCarry {
  /** the last kept fix */
  last: Fix | null
  /** time of the latest fix absorbed into the last kept fix's dwell (= last.t when none) */
  dwellEnd: number
  dwellFixes: number
  /** the latest timestamp seen (for duplicate / out-of-order) */
  latestT: number
  /** jump candidates not yet resolved */
  pending: Fix[]
}

export interface CleanedFixes {
  /** the fixes kept by this call, in order (may include candidates held over from an earlier batch) */
  lon: Float64Array
  lat: Float64Array
  t: Float64Array
  /** 1 when no path joins the fix to the fix kept before it (in this call or, for the first, carry.last) */
  breakBefore: Uint8Array
  /** the kept fix before the first one here (from the carry in), to draw the joining segment */
  previous: Fix | null
  /** stays closed by this call */
  stays: StayPoint[]
  removed: RemovedCounts
  carry: CleanCarry
}

export const EMPTY_CARRY: CleanCarry = Object.freeze({ last: null, dwellEnd: -Infinity, dwellFixes: 0, latestT: -Infinity, pending: [] }) as CleanCarry

export function emptyRemoved(): RemovedCounts {
  return { invalid: 0, inaccurate: 0, duplicate: 0, outOfOrder: 0, stationary: 0, jump: 0 }
}

export function cleanFixes(fixes: GpsFixes, carryIn: CleanCarry = EMPTY_CARRY, options: Partial<CleanOptions> = {}): CleanedFixes {
  const o = resolveCleanOptions(options)
  const n = fixes.lon.length
  if (fixes.lat.length !== n || fixes.t.length !== n || (fixes.accuracy && fixes.accuracy.length !== n)) {
    throw new RangeError(`cleanFixes: columns differ in length (lon ${n}, lat ${fixes.lat.length}, t ${fixes.t.length})`)
  }
  const removed = emptyRemoved()
  const stays: StayPoint[] = []
  const outLon: number[] = []
  const outLat: number[] = []
  const outT: number[] = []
  const outBreak: number[] = []
  let last = carryIn.last
  let dwellEnd = carryIn.dwellEnd
  let dwellFixes = carryIn.dwellFixes
  let latestT = carryIn.latestT
  let pending = carryIn.pending.slice()

  const closeDwell = () => {
    if (last && dwellEnd - last.t >= o.stayMinS * 1000) stays.push({ ...last, end: dwellEnd, fixes: dwellFixes })
  }
  const keep = (f: Fix, breakBefore: boolean) => {
    closeDwell()
    outLon.push(f.lon)
    outLat.push(f.lat)
    outT.push(f.t)
    outBreak.push(breakBefore ? 1 : 0)
    last = f
    dwellEnd = f.t
    dwellFixes = 1
  }
  const plausible = (a: Fix, aEnd: number, b: Fix) => {
    const dt = (b.t - aEnd) / 1000
    return haversineLonLat(a.lon, a.lat, b.lon, b.lat) <= o.maxSpeedMps * dt
  }

  for (let i = 0; i < n; i++) {
    const lon = +fixes.lon[i]
    const lat = +fixes.lat[i]
    const t = +fixes.t[i]
    if (!Number.isFinite(lon) || !Number.isFinite(lat) || !Number.isFinite(t) || Math.abs(lon) > 180 || Math.abs(lat) > 90) {
      removed.invalid++
      continue
    }
    const acc = fixes.accuracy ? +fixes.accuracy[i] : NaN
    if (acc > o.maxAccuracyM) {
      removed.inaccurate++
      continue
    }
    if (t === latestT) {
      removed.duplicate++
      continue
    }
    if (t < latestT) {
      removed.outOfOrder++
      continue
    }
    latestT = t
    const f: Fix = { lon, lat, t }
    if (!last) {
      keep(f, true)
      continue
    }
    const d = haversineLonLat(last.lon, last.lat, lon, lat)
    if (d <= o.stayRadiusM) {
      removed.stationary++
      removed.jump += pending.length
      pending = []
      dwellEnd = t
      dwellFixes++
      continue
    }
    if (d > o.maxSpeedMps * ((t - dwellEnd) / 1000)) {
      // A candidate jump: does it continue the candidates before it?
      if (pending.length > 0 && !plausible(pending[pending.length - 1], pending[pending.length - 1].t, f)) {
        removed.jump += pending.length
        pending = []
      }
      pending.push(f)
      if (pending.length >= o.jumpConfirm) {
        pending.forEach((p, k) => keep(p, k === 0))
        pending = []
      }
      continue
    }
    removed.jump += pending.length
    pending = []
    keep(f, t - dwellEnd > o.maxGapS * 1000 || d > o.maxStepM)
  }

  return {
    lon: Float64Array.from(outLon),
    lat: Float64Array.from(outLat),
    t: Float64Array.from(outT),
    breakBefore: Uint8Array.from(outBreak),
    previous: carryIn.last,
    stays,
    removed,
    carry: { last, dwellEnd, dwellFixes, latestT, pending },
  }
}

export function resolveCleanOptions(options: Partial<CleanOptions>): CleanOptions {
  const o = { ...CLEAN_DEFAULTS, ...options }
  for (const [k, v] of Object.entries(o)) {
    if (!(typeof v === 'number' && Number.isFinite(v) && v >= 0)) throw new RangeError(`cleanFixes: ${k} must be a finite number ≥ 0, got ${v}`)
  }
  if (o.jumpConfirm < 1 || !Number.isInteger(o.jumpConfirm)) throw new RangeError(`cleanFixes: jumpConfirm must be an integer ≥ 1, got ${o.jumpConfirm}`)
  return o
}

export function addRemoved(a: RemovedCounts, b: RemovedCounts): RemovedCounts {
  return {
    invalid: a.invalid + b.invalid,
    inaccurate: a.inaccurate + b.inaccurate,
    duplicate: a.duplicate + b.duplicate,
    outOfOrder: a.outOfOrder + b.outOfOrder,
    stationary: a.stationary + b.stationary,
    jump: a.jump + b.jump,
  }
}
