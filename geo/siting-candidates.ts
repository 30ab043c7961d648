// Candidate sites for new kiosks: points every `spacing` metres along the roads (a kiosk stands by
// a road the collection truck can reach), or points beside the residential buildings (a kiosk at
// the door). Either way, candidates closer than spacing / 2 to one already kept are dropped, so
// crossings and dense blocks do not pile up duplicates.

import type { Position } from 'geojson'
import { haversineLonLat, localFrame } from './measure.ts'

export type CandidateKind = 'road' | 'building'

export interface CandidateOptions {
  /** 'road': along road lines; 'building': at the centroid of each building with households. */
  kind: CandidateKind
  /** Metres between candidates along a road, and the thinning distance (× 0.5) for both kinds. */
  spacing: number
}

export interface CandidateInput {
  /** Road centre lines as coordinate arrays ([lon, lat]). */
  roads?: Position[][]
  /** Buildings as centroid columns; those with 0 households are skipped. */
  buildings?: { lon: ArrayLike<number>; lat: ArrayLike<number>; households: ArrayLike<number> }
}

export interface CandidateSites {
  lon: Float64Array
  lat: Float64Array
}

export function candidateSites(input: CandidateInput, opts: CandidateOptions): CandidateSites {
  const { kind, spacing } = opts
  if (kind !== 'road' && kind !== 'building') throw new RangeError(`candidateSites: kind must be 'road' or 'building', got ${String(kind)}`)
  if (!(Number.isFinite(spacing) && spacing > 0)) throw new RangeError(`candidateSites: spacing must be a finite number > 0 (metres), got ${spacing}`)
  const raw: number[] = []
  if (kind === 'road') {
    for (const line of input.roads ?? []) alongLine(line, spacing, raw)
  } else {
    const b = input.buildings
    if (b) for (let i = 0; i < b.lon.length; i++) if (b.households[i] > 0) raw.push(b.lon[i], b.lat[i])
  }
  return thin(raw, spacing / 2)
}

/** Points at 0, spacing, 2·spacing … metres along the line (great-circle per segment), and its end. */
function alongLine(line: Position[], spacing: number, out: number[]): void {
  if (line.length === 0) return
  let carry = 0 // metres walked since the last emitted point
  out.push(line[0][0], line[0][1])
  for (let i = 1; i < line.length; i++) {
    const [x0, y0] = line[i - 1]
    const [x1, y1] = line[i]
    const len = haversineLonLat(x0, y0, x1, y1)
    let at = spacing - carry
    while (at <= len) {
      const t = at / len
      out.push(x0 + (x1 - x0) * t, y0 + (y1 - y0) * t)
      at += spacing
    }
    carry = len - (at - spacing)
  }
  const last = line[line.length - 1]
  if (carry > spacing / 2) out.push(last[0], last[1])
}

/** Keeps points in input order, dropping any within `minDist` metres of a kept one (hash grid, O(n)). */
function thin(raw: number[], minDist: number): CandidateSites {
  const n = raw.length / 2
  const keptLon: number[] = []
  const keptLat: number[] = []
  if (n === 0) return { lon: new Float64Array(0), lat: new Float64Array(0) }
  const frame = localFrame(raw[0], Math.max(-89, Math.min(89, raw[1])))
  // Cells a little larger than minDist absorb the frame's scale error (~0.1 % over 30 km); a pair
  // missed beyond that only keeps one extra candidate.
  const cell = minDist * 1.05
  const buckets = new Map<string, number[]>()
  for (let i = 0; i < n; i++) {
    const lon = raw[2 * i]
    const lat = raw[2 * i + 1]
    const [x, y] = frame.toXY([lon, lat])
    const cx = Math.floor(x / cell)
    const cy = Math.floor(y / cell)
    let near = false
    for (let dx = -1; dx <= 1 && !near; dx++) {
      for (let dy = -1; dy <= 1 && !near; dy++) {
        for (const j of buckets.get(`${cx + dx},${cy + dy}`) ?? []) {
          if (haversineLonLat(lon, lat, keptLon[j], keptLat[j]) < minDist) { near = true; break }
        }
      }
    }
    if (near) continue
    const key = `${cx},${cy}`
    let bucket = buckets.get(key)
    if (!bucket) buckets.set(key, (bucket = []))
    bucket.push(keptLon.length)
    keptLon.push(lon)
    keptLat.push(lat)
  }
  return { lon: Float64Array.from(keptLon), lat: Float64Array.from(keptLat) }
}
