// Walking coverage: which buildings a kiosk serves within `radius` metres of walking along the
// footpath and road network (roads, residential lanes, footways from compound gates to building
// entrances).
//
// Network: every vertex of every line is a node; lines meet where they share a vertex (exactly
// equal coordinates, as the demo generator writes them). Segment lengths in metres on the WGS84
// ellipsoid (local scales at the segment's mid-latitude: within 1e-7 of the geodesic for
// segments under a kilometre).
//
// Walking distance from kiosk K to building B =
//   leg(K) + network distance between their snap points + leg(B),
// where a point's snap point is the nearest point on the nearest segment (in the local plane at
// the point, metres) and its leg is the straight distance to it. A point with no segment within
// maxSnapM (default 250 m) is off the network: never covered, never a source. Buildings and
// kiosks on different connected components never reach each other (uncovered). Since every
// segment is at least as long as the geodesic between its ends, walking ≥ straight distance up
// to the ~1e-7 planar error.
//
// walkingCoverage runs ONE Dijkstra from all kiosks at once (multi-source: every kiosk seeds the
// two ends of its segment), bounded by the radius, with a binary heap on typed arrays; a building
// then reads the distances at its segment's two ends (and any kiosk snapped to its own segment).
// O((V' + E') log V') for the V' nodes within the radius of some kiosk. walkingCoveragePerKiosk is
// the baseline: one bounded Dijkstra per kiosk, the minimum kept per node; same answers.

import Flatbush from 'flatbush'
import type { LineString, MultiLineString, Position } from 'geojson'
import { ellipsoidScales } from './geodesic.ts'
import type { LonLatColumns } from './straight-coverage.ts'

export interface WalkingNetwork {
  nodeCount: number
  segmentCount: number
  nodeLon: Float64Array
  nodeLat: Float64Array
  /** segment s joins nodes segA[s] and segB[s], segLen[s] metres */
  segA: Int32Array
  segB: Int32Array
  segLen: Float64Array
  /** CSR adjacency: the neighbours of node v are adjNode[adjStart[v] .. adjStart[v + 1]) */
  adjStart: Int32Array
  adjNode: Int32Array
  adjLen: Float64Array
  /** connected component of each node (0 = the largest) */
  component: Int32Array
  componentCount: number
  /** segment boxes in lon/lat */
  index: Flatbush
}

export function buildWalkingNetwork(lines: Iterable<LineString | MultiLineString | Position[]>): WalkingNetwork {
  const key = new Map<string, number>()
  const lon: number[] = []
  const lat: number[] = []
  const a: number[] = []
  const b: number[] = []
  const node = (p: Position): number => {
    const k = `${p[0]},${p[1]}`
    let i = key.get(k)
    if (i === undefined) {
      const x = p[0]
      const y = p[1]
      if (!(Number.isFinite(x) && Number.isFinite(y) && Math.abs(x) <= 180 && Math.abs(y) <= 90)) throw new RangeError(`buildWalkingNetwork: vertex [${x}, ${y}] is not longitude/latitude degrees`)
      i = lon.length
      key.set(k, i)
      lon.push(x)
      lat.push(y)
    }
    return i
  }
  const addLine = (coords: Position[]) => {
    let prev = coords.length ? node(coords[0]) : -1
    for (let i = 1; i < coords.length; i++) {
      const cur = node(coords[i])
      if (cur !== prev) {
        a.push(prev)
        b.push(cur)
      }
      prev = cur
    }
  }
  for (const line of lines) {
    if (Array.isArray(line)) addLine(line)
    else if (line.type === 'LineString') addLine(line.coordinates)
    else for (const part of line.coordinates) addLine(part)
  }
  const n = lon.length
  const m = a.length
  const nodeLon = Float64Array.from(lon)
  const nodeLat = Float64Array.from(lat)
  const segA = Int32Array.from(a)
  const segB = Int32Array.from(b)
  const segLen = new Float64Array(m)
  const degree = new Int32Array(n + 1)
  for (let s = 0; s < m; s++) {
    const { kx, ky } = ellipsoidScales((nodeLat[segA[s]] + nodeLat[segB[s]]) / 2)
    segLen[s] = Math.hypot((nodeLon[segB[s]] - nodeLon[segA[s]]) * kx, (nodeLat[segB[s]] - nodeLat[segA[s]]) * ky)
    degree[segA[s] + 1]++
    degree[segB[s] + 1]++
  }
  for (let v = 0; v < n; v++) degree[v + 1] += degree[v]
  const adjStart = degree
  const fill = adjStart.slice(0, n)
  const adjNode = new Int32Array(2 * m)
  const adjLen = new Float64Array(2 * m)
  for (let s = 0; s < m; s++) {
    let at = fill[segA[s]]++
    adjNode[at] = segB[s]
    adjLen[at] = segLen[s]
    at = fill[segB[s]]++
    adjNode[at] = segA[s]
    adjLen[at] = segLen[s]
  }
  const { component, componentCount } = components(n, adjStart, adjNode)
  const index = new Flatbush(Math.max(1, m))
  for (let s = 0; s < m; s++) {
    const x0 = nodeLon[segA[s]]
    const y0 = nodeLat[segA[s]]
    const x1 = nodeLon[segB[s]]
    const y1 = nodeLat[segB[s]]
    index.add(Math.min(x0, x1), Math.min(y0, y1), Math.max(x0, x1), Math.max(y0, y1))
  }
  if (m === 0) index.add(0, 0, 0, 0) // Flatbush needs one item; a search never matches it (no segment 0)
  index.finish()
  return { nodeCount: n, segmentCount: m, nodeLon, nodeLat, segA, segB, segLen, adjStart, adjNode, adjLen, component, componentCount, index }
}

/** Components by breadth-first search, renumbered so that 0 is the largest. */
function components(n: number, adjStart: Int32Array, adjNode: Int32Array): { component: Int32Array; componentCount: number } {
  const component = new Int32Array(n).fill(-1)
  const queue = new Int32Array(n)
  const sizes: number[] = []
  for (let s = 0; s < n; s++) {
    if (component[s] >= 0) continue
    const c = sizes.length
    let head = 0
    let tail = 0
    queue[tail++] = s
    component[s] = c
    while (head < tail) {
      const v = queue[head++]
      for (let e = adjStart[v]; e < adjStart[v + 1]; e++) {
        const w = adjNode[e]
        if (component[w] < 0) {
          component[w] = c
          queue[tail++] = w
        }
      }
    }
    sizes.push(tail)
  }
  const order = sizes.map((_, i) => i).sort((p, q) => sizes[q] - sizes[p] || p - q)
  const rank = new Int32Array(sizes.length)
  order.forEach((c, r) => (rank[c] = r))
  for (let v = 0; v < n; v++) component[v] = rank[component[v]]
  return { component, componentCount: sizes.length }
}

/** Where points meet the network: segment (−1 when none within maxSnapM), position t ∈ [0, 1] from segA, leg in metres. */
export interface NetworkSnap {
  seg: Int32Array
  t: Float64Array
  leg: Float64Array
}

export const DEFAULT_MAX_SNAP_M = 250

export function snapToNetwork(net: WalkingNetwork, points: LonLatColumns, maxSnapM = DEFAULT_MAX_SNAP_M): NetworkSnap {
  const n = points.lon.length
  if (points.lat.length !== n) throw new RangeError(`snapToNetwork: lat has ${points.lat.length} values, lon has ${n}`)
  if (!(maxSnapM >= 0)) throw new RangeError(`snapToNetwork: maxSnapM must be ≥ 0, got ${maxSnapM}`)
  const seg = new Int32Array(n).fill(-1)
  const t = new Float64Array(n)
  const leg = new Float64Array(n).fill(Infinity)
  if (net.segmentCount === 0) return { seg, t, leg }
  const { nodeLon, nodeLat, segA, segB } = net
  for (let i = 0; i < n; i++) {
    const lon = points.lon[i]
    const lat = points.lat[i]
    if (!(Number.isFinite(lon) && Number.isFinite(lat) && Math.abs(lat) <= 90)) throw new RangeError(`snapToNetwork: point ${i} is at [${lon}, ${lat}]`)
    const { kx, ky } = ellipsoidScales(lat)
    // A near box first (most buildings have a footway or street within 40 m), the full reach after.
    for (const reach of maxSnapM > 40 ? [40, maxSnapM] : [maxSnapM]) {
      const hx = (reach / kx) * 1.01
      const hy = (reach / ky) * 1.01
      let best = Infinity
      let bestSeg = -1
      let bestT = 0
      for (const s of net.index.search(lon - hx, lat - hy, lon + hx, lat + hy)) {
        if (s >= net.segmentCount) continue
        const ax = (nodeLon[segA[s]] - lon) * kx
        const ay = (nodeLat[segA[s]] - lat) * ky
        const bx = (nodeLon[segB[s]] - lon) * kx
        const by = (nodeLat[segB[s]] - lat) * ky
        const dx = bx - ax
        const dy = by - ay
        const len2 = dx * dx + dy * dy
        const u = len2 > 0 ? Math.min(1, Math.max(0, -(ax * dx + ay * dy) / len2)) : 0
        const px = ax + u * dx
        const py = ay + u * dy
        const d = Math.sqrt(px * px + py * py)
        if (d < best || (d === best && s < bestSeg)) {
          best = d
          bestSeg = s
          bestT = u
        }
      }
      if (bestSeg >= 0 && best <= reach) {
        seg[i] = bestSeg
        t[i] = bestT
        leg[i] = best
        break
      }
    }
  }
  return { seg, t, leg }
}

export interface WalkingCoverageOptions {
  /** metres of walking; a building exactly at the radius is covered */
  radius: number
}

export interface WalkingCoverage {
  radius: number
  /** 1 when building i is covered */
  covered: Uint8Array
  coveredCount: number
  /** walking metres from building i to its nearest kiosk when ≤ radius, else Infinity */
  distance: Float64Array
  /** buildings with no segment within the snap distance */
  offNetwork: number
  /** nodes whose distance was settled (the work done) */
  settled: number
}

/** Multi-source Dijkstra bounded by the radius: one search from all kiosks at once. */
export function walkingCoverage(net: WalkingNetwork, buildings: NetworkSnap, kiosks: NetworkSnap, opts: WalkingCoverageOptions): WalkingCoverage {
  const R = checkRadius(opts.radius)
  const dist = new Float64Array(net.nodeCount).fill(Infinity)
  const heap = new NodeHeap(1024)
  for (let j = 0; j < kiosks.seg.length; j++) seed(net, kiosks, j, R, dist, heap)
  const settled = run(net, dist, heap, R, null)
  return evaluate(net, buildings, kiosks, dist, R, settled)
}

/**
 * The baseline: one Dijkstra per kiosk, keeping the smallest distance per node. `bounded: false`
 * searches the whole network from each kiosk (the textbook single-source search, as a graph
 * library would run it); the default stops at the radius like walkingCoverage.
 */
export function walkingCoveragePerKiosk(net: WalkingNetwork, buildings: NetworkSnap, kiosks: NetworkSnap, opts: WalkingCoverageOptions & { bounded?: boolean }): WalkingCoverage {
  const R = checkRadius(opts.radius)
  const reach = opts.bounded === false ? Infinity : R
  const best = new Float64Array(net.nodeCount).fill(Infinity)
  const dist = new Float64Array(net.nodeCount).fill(Infinity)
  const heap = new NodeHeap(1024)
  const touched: number[] = []
  let settled = 0
  for (let j = 0; j < kiosks.seg.length; j++) {
    seed(net, kiosks, j, reach, dist, heap)
    settled += run(net, dist, heap, reach, touched)
    for (const v of touched) {
      if (dist[v] < best[v]) best[v] = dist[v]
      dist[v] = Infinity
    }
    touched.length = 0
    const s = kiosks.seg[j]
    if (s >= 0) {
      dist[net.segA[s]] = Infinity
      dist[net.segB[s]] = Infinity
    }
  }
  return evaluate(net, buildings, kiosks, best, R, settled)
}

function checkRadius(radius: number): number {
  if (!(Number.isFinite(radius) && radius >= 0)) throw new RangeError(`walkingCoverage: radius must be a finite number ≥ 0, got ${radius}`)
  return radius
}

function seed(net: WalkingNetwork, k: NetworkSnap, j: number, R: number, dist: Float64Array, heap: NodeHeap): void {
  const s = k.seg[j]
  if (s < 0) return
  const len = net.segLen[s]
  const da = k.leg[j] + k.t[j] * len
  const db = k.leg[j] + (1 - k.t[j]) * len
  const a = net.segA[s]
  const b = net.segB[s]
  if (da <= R && da < dist[a]) {
    dist[a] = da
    heap.push(da, a)
  }
  if (db <= R && db < dist[b]) {
    dist[b] = db
    heap.push(db, b)
  }
}

/** Dijkstra from whatever the heap holds, never past R; returns the nodes settled. */
function run(net: WalkingNetwork, dist: Float64Array, heap: NodeHeap, R: number, touched: number[] | null): number {
  const { adjStart, adjNode, adjLen } = net
  let settled = 0
  while (heap.size > 0) {
    const d = heap.topKey()
    const v = heap.pop()
    if (d > dist[v]) continue // a stale entry
    settled++
    if (touched) touched.push(v)
    for (let e = adjStart[v]; e < adjStart[v + 1]; e++) {
      const w = adjNode[e]
      const nd = d + adjLen[e]
      if (nd <= R && nd < dist[w]) {
        dist[w] = nd
        heap.push(nd, w)
      }
    }
  }
  return settled
}

function evaluate(net: WalkingNetwork, b: NetworkSnap, k: NetworkSnap, dist: Float64Array, R: number, settled: number): WalkingCoverage {
  const n = b.seg.length
  const covered = new Uint8Array(n)
  const distance = new Float64Array(n).fill(Infinity)
  // Kiosks by segment, for buildings on a kiosk's own segment (the path need not reach a node).
  const kioskOnSeg = new Map<number, number[]>()
  for (let j = 0; j < k.seg.length; j++) {
    const s = k.seg[j]
    if (s < 0) continue
    const list = kioskOnSeg.get(s)
    if (list) list.push(j)
    else kioskOnSeg.set(s, [j])
  }
  let count = 0
  let offNetwork = 0
  for (let i = 0; i < n; i++) {
    const s = b.seg[i]
    if (s < 0) {
      offNetwork++
      continue
    }
    const len = net.segLen[s]
    const t = b.t[i]
    let d = Math.min(dist[net.segA[s]] + t * len, dist[net.segB[s]] + (1 - t) * len)
    const same = kioskOnSeg.get(s)
    if (same) for (const j of same) d = Math.min(d, k.leg[j] + Math.abs(k.t[j] - t) * len)
    d += b.leg[i]
    if (d <= R) {
      covered[i] = 1
      distance[i] = d
      count++
    }
  }
  return { radius: R, covered, coveredCount: count, distance, offNetwork, settled }
}

/** A binary min-heap of (key, node) on typed arrays, growing as needed; duplicates allowed. */
class NodeHeap {
  keys: Float64Array
  vals: Int32Array
  size = 0
  constructor(capacity: number) {
    this.keys = new Float64Array(capacity)
    this.vals = new Int32Array(capacity)
  }
  push(key: number, val: number): void {
    if (this.size === this.keys.length) {
      const keys = new Float64Array(this.size * 2)
      keys.set(this.keys)
      const vals = new Int32Array(this.size * 2)
      vals.set(this.vals)
      this.keys = keys
      this.vals = vals
    }
    const { keys, vals } = this
    let i = this.size++
    while (i > 0) {
      const p = (i - 1) >> 1
      if (keys[p] <= key) break
      keys[i] = keys[p]
      vals[i] = vals[p]
      i = p
    }
    keys[i] = key
    vals[i] = val
  }
  topKey(): number {
    return this.keys[0]
  }
  pop(): number {
    const { keys, vals } = this
    const top = vals[0]
    const n = --this.size
    if (n > 0) {
      const key = keys[n]
      const val = vals[n]
      let i = 0
      for (;;) {
        let c = 2 * i + 1
        if (c >= n) break
        if (c + 1 < n && keys[c + 1] < keys[c]) c++
        if (keys[c] >= key) break
        keys[i] = keys[c]
        vals[i] = vals[c]
        i = c
      }
      keys[i] = key
      vals[i] = val
    }
    return top
  }
}
