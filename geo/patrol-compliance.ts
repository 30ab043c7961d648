// Patrol compliance (巡查到位率) against a PatrolNetwork, kept as a weekly state that GPS fixes are
// appended to: appendFixes(network, state, worker, fixes) → a new state, without recomputing what
// earlier batches matched (the state passed in is not changed; untouched parts are shared).
//
// Matching: each worker's stream is cleaned (gps-clean.ts); consecutive kept fixes without a break
// form the path. A street piece is visited when its midpoint lies within corridorM of the path (the
// fix-to-fix segments; an isolated fix counts as a point) — the same test as buffering the path by
// the corridor and asking which piece midpoints fall inside, done with a kdbush range query per
// segment and an exact point-to-segment distance in the planar frame. Points (level-3 representative
// points, kiosks, open issues) are passed the same way. A segment belongs to the ISO week (UTC+8)
// of its end fix. Cost per fix: O(log P + k), k = pieces and points in the segment's box.
//
// 巡查到位率 of a worker for a week (seed 001: 每周至少一次对所辖小区全覆盖巡查 — every week at least one
// full-coverage patrol of the worker's area) = street length of the worker's area within the corridor
// of the worker's OWN cleaned path that week ÷ street length of the area. The worker is 到位 (complete)
// when that share reaches completeShare (default 0.9: a corridor cannot reach every dead end) and every
// level-3 point of the area was visited. A grid's share counts every worker's path.

import { addRemoved, cleanFixes, emptyRemoved, resolveCleanOptions, type CleanCarry, type CleanOptions, type GpsFixes, type RemovedCounts, EMPTY_CARRY } from './gps-clean.ts'
import { CHINA_OFFSET_MIN, isoWeek } from './iso-week.ts'
import type { PatrolNetwork } from './patrol-network.ts'

export interface ComplianceOptions {
  /** Half-width of the corridor around the path, metres. */
  corridorM: number
  /** Weeks begin on Monday 00:00 at this offset east of UTC, minutes (China: 480). */
  weekOffsetMin: number
  clean: Partial<CleanOptions>
}

export const COMPLIANCE_DEFAULTS: Readonly<ComplianceOptions> = { corridorM: 30, weekOffsetMin: CHINA_OFFSET_MIN, clean: {} }

export interface WorkerWeek {
  /** bitsets over network.pieces / network.points: bit i set when this worker visited it (see bitIndices) */
  pieces: Uint32Array
  points: Uint32Array
  /** kept fixes and path length (metres) this week */
  kept: number
  lengthM: number
  stays: number
}

export interface WeekState {
  /** 1 when any worker visited piece i / point i this week */
  pieces: Uint8Array
  points: Uint8Array
  workers: Map<string, WorkerWeek>
}

export interface WorkerTrack {
  carry: CleanCarry
  received: number
  removed: RemovedCounts
}

export interface PatrolState {
  corridorM: number
  weekOffsetMin: number
  clean: CleanOptions
  tracks: Map<string, WorkerTrack>
  weeks: Map<string, WeekState>
}

export function createPatrolState(options: Partial<ComplianceOptions> = {}): PatrolState {
  const o = { ...COMPLIANCE_DEFAULTS, ...options }
  if (!(Number.isFinite(o.corridorM) && o.corridorM >= 0)) throw new RangeError(`createPatrolState: corridorM must be a finite number ≥ 0, got ${o.corridorM}`)
  if (!Number.isFinite(o.weekOffsetMin)) throw new RangeError(`createPatrolState: weekOffsetMin must be finite, got ${o.weekOffsetMin}`)
  return { corridorM: o.corridorM, weekOffsetMin: o.weekOffsetMin, clean: resolveCleanOptions(o.clean), tracks: new Map(), weeks: new Map() }
}

/** The state after `worker`'s next batch of fixes (in the order received). */
export function appendFixes(network: PatrolNetwork, state: PatrolState, worker: string, fixes: GpsFixes): PatrolState {
  const track = state.tracks.get(worker) ?? { carry: EMPTY_CARRY, received: 0, removed: emptyRemoved() }
  const cleaned = cleanFixes(fixes, track.carry, state.clean)
  const tracks = new Map(state.tracks)
  tracks.set(worker, { carry: cleaned.carry, received: track.received + fixes.lon.length, removed: addRemoved(track.removed, cleaned.removed) })
  const weeks = new Map(state.weeks)
  const touched = new Set<string>()
  const weekFor = (key: string): [WeekState, WorkerWeek] => {
    let w = weeks.get(key)
    if (!touched.has(key)) {
      touched.add(key)
      w = w
        ? { pieces: w.pieces.slice(), points: w.points.slice(), workers: new Map(w.workers) }
        : { pieces: new Uint8Array(network.pieces.count), points: new Uint8Array(network.points.count), workers: new Map() }
      const ww = w.workers.get(worker)
      // bitsets, not Sets: copying P/8 bytes per append is cheaper than copying a Set of visited ids
      w.workers.set(worker, ww ? { ...ww, pieces: ww.pieces.slice(), points: ww.points.slice() } : { pieces: bitset(network.pieces.count), points: bitset(network.points.count), kept: 0, lengthM: 0, stays: 0 })
      weeks.set(key, w)
    }
    return [w!, w!.workers.get(worker)!]
  }

  const { frame } = network
  const r = state.corridorM
  let prevX = NaN
  let prevY = NaN
  if (cleaned.previous) [prevX, prevY] = frame.toXY([cleaned.previous.lon, cleaned.previous.lat])
  for (let i = 0; i < cleaned.t.length; i++) {
    const [x, y] = frame.toXY([cleaned.lon[i], cleaned.lat[i]])
    const [week, mine] = weekFor(isoWeek(cleaned.t[i], state.weekOffsetMin))
    mine.kept++
    const joined = cleaned.breakBefore[i] === 0 && Number.isFinite(prevX)
    const ax = joined ? prevX : x
    const ay = joined ? prevY : y
    if (joined) mine.lengthM += Math.hypot(x - ax, y - ay)
    visitNear(network.pieceIndex, network.pieces.mx, network.pieces.my, ax, ay, x, y, r, week.pieces, mine.pieces)
    visitNear(network.pointIndex, network.points.x, network.points.y, ax, ay, x, y, r, week.points, mine.points)
    prevX = x
    prevY = y
  }
  for (const s of cleaned.stays) weekFor(isoWeek(s.t, state.weekOffsetMin))[1].stays++
  return { ...state, tracks, weeks }
}

/** Marks every indexed point within r of segment a→b (a point when a = b). */
function visitNear(
  index: { range(minX: number, minY: number, maxX: number, maxY: number): number[] },
  px: Float64Array,
  py: Float64Array,
  ax: number,
  ay: number,
  bx: number,
  by: number,
  r: number,
  all: Uint8Array,
  mine: Uint32Array,
) {
  const ids = index.range(Math.min(ax, bx) - r, Math.min(ay, by) - r, Math.max(ax, bx) + r, Math.max(ay, by) + r)
  const dx = bx - ax
  const dy = by - ay
  const len2 = dx * dx + dy * dy
  const r2 = r * r
  for (const i of ids) {
    if ((mine[i >>> 5] >>> (i & 31)) & 1) continue
    let t = len2 > 0 ? ((px[i] - ax) * dx + (py[i] - ay) * dy) / len2 : 0
    t = t < 0 ? 0 : t > 1 ? 1 : t
    const ex = ax + t * dx - px[i]
    const ey = ay + t * dy - py[i]
    if (ex * ex + ey * ey <= r2) {
      mine[i >>> 5] |= 1 << (i & 31)
      all[i] = 1
    }
  }
}

export interface VisitTally {
  total: number
  visited: number
}

export interface GridCompliance {
  gridId: number
  streetM: number
  visitedM: number
  /** visitedM ÷ streetM, 0 when the grid has no streets */
  share: number
  points: VisitTally
  kiosks: VisitTally
  issues: VisitTally
}

export interface WorkerCompliance {
  worker: string
  /** the grids the worker is responsible for */
  area: number[]
  streetM: number
  visitedM: number
  /** 巡查到位率: visitedM ÷ streetM of the area by the worker's own path (0 when the area has no streets) */
  rate: number
  points: VisitTally
  complete: boolean
  kept: number
  lengthM: number
  stays: number
}

export interface ComplianceSummary {
  week: string
  corridorM: number
  level: number
  totals: Omit<GridCompliance, 'gridId'>
  byGrid: GridCompliance[]
  workers: WorkerCompliance[]
  /** indices into network.pieces / network.points in scope and not visited by anyone this week */
  unvisitedPieces: Int32Array
  unvisitedPoints: Int32Array
}

export interface SummaryOptions {
  /** grid level of the per-grid breakdown, 0..3 */
  level: number
  /** only pieces and points inside this grid (any level); default everything in a grid */
  scope?: number
  /** each worker's area (grid ids at any level); workers without one are left out of `workers` */
  areas?: Map<string, number[]>
  /** share of the area's street length a worker must reach to be 到位 */
  completeShare: number
}

export function patrolCompliance(network: PatrolNetwork, state: PatrolState, week: string, options: Partial<SummaryOptions> = {}): ComplianceSummary {
  const { level = 3, scope, areas = new Map(), completeShare = 0.9 } = options
  if (!(Number.isInteger(level) && level >= 0 && level <= 3)) throw new RangeError(`patrolCompliance: level must be 0..3, got ${level}`)
  const ws = state.weeks.get(week)
  const { pieces, points, grids } = network
  const inScope = Uint8Array.from(grids.path, (p) => (scope === undefined || p.includes(scope) ? 1 : 0))
  const gridAt = grids.path.map((p) => p[level] ?? -1)
  const byGrid = new Map<number, GridCompliance>()
  const blank = (gridId: number): GridCompliance => ({ gridId, streetM: 0, visitedM: 0, share: 0, points: { total: 0, visited: 0 }, kiosks: { total: 0, visited: 0 }, issues: { total: 0, visited: 0 } })
  const totals = blank(-1)
  const rowOf = (g: number) => {
    let row = byGrid.get(gridAt[g])
    if (!row) byGrid.set(gridAt[g], (row = blank(gridAt[g])))
    return row
  }
  const gridStreetM = new Float64Array(grids.count)
  const unvisitedPieces: number[] = []
  for (let i = 0; i < pieces.count; i++) {
    const g = pieces.grid[i]
    if (g < 0) continue
    gridStreetM[g] += pieces.length[i]
    if (!inScope[g]) continue
    const row = rowOf(g)
    const seen = ws?.pieces[i] === 1
    for (const t of [row, totals]) {
      t.streetM += pieces.length[i]
      if (seen) t.visitedM += pieces.length[i]
    }
    if (!seen) unvisitedPieces.push(i)
  }
  const unvisitedPoints: number[] = []
  const tallyKey = ['points', 'kiosks', 'issues'] as const
  for (let i = 0; i < points.count; i++) {
    const g = points.grid[i]
    if (g < 0 || !inScope[g]) continue
    const seen = ws?.points[i] === 1
    for (const t of [rowOf(g), totals]) {
      const tally = t[tallyKey[points.kind[i]]]
      tally.total++
      if (seen) tally.visited++
    }
    if (!seen) unvisitedPoints.push(i)
  }
  for (const t of [...byGrid.values(), totals]) t.share = t.streetM > 0 ? t.visitedM / t.streetM : 0

  const workers: WorkerCompliance[] = []
  for (const [worker, area] of areas) {
    const inArea = Uint8Array.from(grids.path, (p) => (area.some((id: number) => p.includes(id)) ? 1 : 0))
    let streetM = 0
    for (let g = 0; g < grids.count; g++) if (inArea[g]) streetM += gridStreetM[g]
    const pts: VisitTally = { total: 0, visited: 0 }
    for (let i = 0; i < grids.count; i++) if (inArea[i]) pts.total++ // the first grids.count points are the level-3 points
    const mine = ws?.workers.get(worker)
    let visitedM = 0
    for (const i of mine ? bitIndices(mine.pieces) : []) if (pieces.grid[i] >= 0 && inArea[pieces.grid[i]]) visitedM += pieces.length[i]
    for (const i of mine ? bitIndices(mine.points) : []) if (points.kind[i] === 0 && inArea[points.grid[i]]) pts.visited++
    const rate = streetM > 0 ? visitedM / streetM : 0
    workers.push({
      worker,
      area: area.slice(),
      streetM,
      visitedM,
      rate,
      points: pts,
      complete: streetM > 0 && rate >= completeShare && pts.visited === pts.total,
      kept: mine?.kept ?? 0,
      lengthM: mine?.lengthM ?? 0,
      stays: mine?.stays ?? 0,
    })
  }
  const { gridId: _, ...rest } = totals
  return {
    week,
    corridorM: state.corridorM,
    level,
    totals: rest,
    byGrid: [...byGrid.values()].filter((g) => g.gridId >= 0).sort((a, b) => a.gridId - b.gridId),
    workers,
    unvisitedPieces: Int32Array.from(unvisitedPieces),
    unvisitedPoints: Int32Array.from(unvisitedPoints),
  }
}

function bitset(n: number): Uint32Array {
  return new Uint32Array((n + 31) >>> 5)
}

/** The indices whose bit is set, ascending. */
export function bitIndices(bits: Uint32Array): number[] {
  const out: number[] = []
  for (let w = 0; w < bits.length; w++) {
    let word = bits[w]
    while (word !== 0) {
      const low = word & -word
      out.push((w << 5) + 31 - Math.clz32(low))
      word ^= low
    }
  }
  return out
}
