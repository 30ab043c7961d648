/**
 * A week of recorded patrols (巡查轨迹) for a sample of grid workers: on working days each
 * walks (in villages, rides) the roads and footpaths of their level-2 area, one GPS fix about
 * every 10 s, with the faults real phones produce — metres of jitter, the odd 100–300 m jump,
 * duplicated fixes, and stops while the worker talks to residents. A patrol under way at `now`
 * ends at `now`. Deterministic for (seed, now).
 */
import type { Position } from 'geojson'
import { toLonLat, toXY, type XY } from './frame.ts'
import type { DemoLayers, GridProps } from './layers.ts'
import { pointInRing } from './planar.ts'
import { createRng, type Rng } from './random.ts'
import { DAY, local, localMidnight } from './working-time.ts'

export interface PatrolRecord {
  id: number
  worker: { name: string; phone: string }
  /** the level-2 area patrolled */
  gridId: number
  startedAt: Date
  endedAt: Date
  coordinates: [number, number][]
  /** epoch ms of each fix */
  times: number[]
}

export interface PatrolOptions {
  seed: number
  now: Date
  /** how many workers to follow (default 20) */
  workers?: number
}

interface Graph {
  pos: XY[]
  adj: number[][]
}

export function generatePatrols(layers: DemoLayers, { seed, now, workers = 20 }: PatrolOptions): PatrolRecord[] {
  const end = now.getTime()
  if (!Number.isFinite(end)) throw new Error(`now must be a valid Date, got ${String(now)}`)
  const rng = createRng(seed, 'patrols')
  const areas = layers.grids.features.filter((f) => f.properties.level === 2)
  const byId = new Map(layers.grids.features.map((f) => [f.properties.id, f.properties]))
  const urban = areas.filter((f) => byId.get(f.properties.parentId!)!.kind === 'community')
  const rural = areas.filter((f) => byId.get(f.properties.parentId!)!.kind === 'village')
  const nUrban = Math.round(workers * 0.65)
  const chosen = [...rng.shuffle(urban.slice()).slice(0, nUrban), ...rng.shuffle(rural.slice()).slice(0, workers - nUrban)]
  const segments = roadSegments(layers)

  const out: PatrolRecord[] = []
  for (const area of chosen) {
    const props: GridProps = area.properties
    const ring = area.geometry.coordinates[0].map((p) => toXY(p[0], p[1]))
    const graph = graphInside(segments, ring)
    if (graph.pos.length < 2) continue
    const walker = props.persons.find((p) => p.role === 'grid_worker') ?? props.leader
    const ruralArea = byId.get(props.parentId!)!.kind === 'village'
    const wrng = createRng(seed, `patrol:${props.id}`)
    for (let d = 7; d >= 0; d--) {
      const midnight = localMidnight(end - d * DAY)
      if (local(midnight + 12 * 3_600_000).weekday >= 5) continue
      const sessions: [number, number][] = [[midnight + wrng.range(8.6, 9.5) * 3_600_000, wrng.range(1.3, 2.6)]]
      if (wrng.chance(0.6)) sessions.push([midnight + wrng.range(14.6, 15.5) * 3_600_000, wrng.range(1, 2)])
      for (const [start, hours] of sessions) {
        if (start >= end || start < end - 7 * DAY) continue
        const track = walk(graph, start, Math.min(start + hours * 3_600_000, end), ruralArea ? wrng.range(3.5, 5.5) : wrng.range(1.05, 1.35), wrng)
        if (track.times.length < 2) continue
        out.push({
          id: out.length + 1,
          worker: { name: walker.name, phone: walker.phone },
          gridId: props.id,
          startedAt: new Date(track.times[0]),
          endedAt: new Date(track.times[track.times.length - 1]),
          coordinates: track.coordinates,
          times: track.times,
        })
      }
    }
  }
  out.sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime() || a.gridId - b.gridId)
  out.forEach((p, i) => (p.id = i + 1))
  return out
}

interface Segment {
  a: XY
  b: XY
  ka: string
  kb: string
}

function roadSegments(layers: DemoLayers): Segment[] {
  const out: Segment[] = []
  const key = (p: Position) => `${p[0]},${p[1]}`
  for (const f of layers.roads.features) {
    const c = f.geometry.coordinates
    for (let i = 1; i < c.length; i++) out.push({ a: toXY(c[i - 1][0], c[i - 1][1]), b: toXY(c[i][0], c[i][1]), ka: key(c[i - 1]), kb: key(c[i]) })
  }
  return out
}

/** The largest connected piece of the road segments whose middle lies inside the ring. */
function graphInside(segments: readonly Segment[], ring: XY[]): Graph {
  const xs = ring.map((p) => p[0])
  const ys = ring.map((p) => p[1])
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)]
  const ids = new Map<string, number>()
  const pos: XY[] = []
  const adj: number[][] = []
  const node = (k: string, p: XY) => {
    let i = ids.get(k)
    if (i === undefined) {
      i = pos.length
      ids.set(k, i)
      pos.push(p)
      adj.push([])
    }
    return i
  }
  for (const s of segments) {
    const mx = (s.a[0] + s.b[0]) / 2
    const my = (s.a[1] + s.b[1]) / 2
    if (mx < x0 || mx > x1 || my < y0 || my > y1 || !pointInRing(mx, my, ring)) continue
    const i = node(s.ka, s.a)
    const j = node(s.kb, s.b)
    if (i !== j) {
      adj[i].push(j)
      adj[j].push(i)
    }
  }
  // keep the largest component so the walker never strands
  const comp = new Int32Array(pos.length).fill(-1)
  let best = -1
  let bestSize = 0
  for (let s = 0; s < pos.length; s++) {
    if (comp[s] !== -1) continue
    const stack = [s]
    comp[s] = s
    let size = 0
    while (stack.length) {
      const v = stack.pop()!
      size++
      for (const w of adj[v]) if (comp[w] === -1) (comp[w] = s), stack.push(w)
    }
    if (size > bestSize) (bestSize = size), (best = s)
  }
  const keep = pos.map((_, i) => comp[i] === best)
  const remap = new Int32Array(pos.length).fill(-1)
  const g: Graph = { pos: [], adj: [] }
  pos.forEach((p, i) => {
    if (keep[i]) {
      remap[i] = g.pos.length
      g.pos.push(p)
    }
  })
  pos.forEach((_, i) => {
    if (keep[i]) g.adj.push(adj[i].map((j) => remap[j]))
  })
  return g
}

/** Walks the graph from a random node, preferring streets not yet walked, and records fixes. */
function walk(g: Graph, start: number, stop: number, speed: number, rng: Rng): { coordinates: [number, number][]; times: number[] } {
  const visits = new Map<number, number>()
  const edgeKey = (i: number, j: number) => (i < j ? i * g.pos.length + j : j * g.pos.length + i)
  let at = rng.int(0, g.pos.length - 1)
  let prev = -1
  const coordinates: [number, number][] = []
  const times: number[] = []
  const sigma = rng.range(3, 8)
  let jump: { left: number; dx: number; dy: number } | null = null
  const fix = (t: number, p: XY) => {
    if (!jump && rng.chance(1 / 260)) {
      const a = rng.range(0, 2 * Math.PI)
      const r = rng.range(100, 300)
      jump = { left: rng.int(1, 3), dx: r * Math.cos(a), dy: r * Math.sin(a) }
    }
    let x = p[0] + rng.normal() * sigma
    let y = p[1] + rng.normal() * sigma
    if (jump) {
      x += jump.dx
      y += jump.dy
      if (--jump.left === 0) jump = null
    }
    coordinates.push(toLonLat(x, y))
    times.push(Math.round(t))
    if (rng.chance(1 / 180)) {
      // the phone logs the same fix twice
      coordinates.push(coordinates[coordinates.length - 1])
      times.push(times[times.length - 1])
    }
  }
  let t = start
  let nextFix = start
  while (t < stop) {
    // choose the least-walked way on, avoiding turning straight back when possible
    const options = g.adj[at]
    let best = -1
    let bestScore = Infinity
    for (const j of options) {
      const score = (visits.get(edgeKey(at, j)) ?? 0) * 10 + (j === prev && options.length > 1 ? 5 : 0) + rng()
      if (score < bestScore) (bestScore = score), (best = j)
    }
    const a = g.pos[at]
    const b = g.pos[best]
    const len = Math.hypot(b[0] - a[0], b[1] - a[1])
    const dur = (len / speed) * 1000
    while (nextFix <= t + dur && nextFix < stop) {
      const f = dur > 0 ? (nextFix - t) / dur : 1
      fix(nextFix, [a[0] + f * (b[0] - a[0]), a[1] + f * (b[1] - a[1])])
      nextFix += rng.range(9000, 11000)
    }
    t += dur
    visits.set(edgeKey(at, best), (visits.get(edgeKey(at, best)) ?? 0) + 1)
    prev = at
    at = best
    // now and then the worker stops: checks a site, talks to residents
    if (rng.chance(0.05)) {
      const pause = rng.range(60_000, 300_000)
      while (nextFix <= t + pause && nextFix < stop) {
        fix(nextFix, b)
        nextFix += rng.range(9000, 11000)
      }
      t += pause
    }
  }
  return { coordinates, times }
}
