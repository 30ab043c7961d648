/**
 * Polygon validity as the generator promises it: closed rings of at least 4 positions, RFC 7946
 * winding (outer counter-clockwise, holes clockwise) and no self-intersection (edges meet only
 * where consecutive edges share their vertex). Bucketed by a uniform grid so long rings stay
 * near O(n).
 */
import type { Position } from 'geojson'

export function ringProblem(ring: readonly Position[], outer: boolean): string | null {
  const n = ring.length
  if (n < 4) return `ring has ${n} positions`
  if (ring[0][0] !== ring[n - 1][0] || ring[0][1] !== ring[n - 1][1]) return 'ring is not closed'
  let area = 0
  for (let i = 0; i < n - 1; i++) area += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1]
  if (area === 0) return 'ring has no area'
  if (outer !== area > 0) return outer ? 'outer ring is clockwise' : 'hole is counter-clockwise'
  for (let i = 0; i < n - 2; i++) if (ring[i][0] === ring[i + 1][0] && ring[i][1] === ring[i + 1][1]) return `repeated position at ${i}`
  const crossing = selfIntersection(ring)
  return crossing === null ? null : `ring crosses itself at segment ${crossing}`
}

/** Index of a segment that meets a non-adjacent segment, or null. */
export function selfIntersection(ring: readonly Position[]): number | null {
  const m = ring.length - 1 // segments
  let minX = Infinity
  let minY = Infinity
  let maxX = -Infinity
  let maxY = -Infinity
  for (const [x, y] of ring) {
    minX = Math.min(minX, x)
    minY = Math.min(minY, y)
    maxX = Math.max(maxX, x)
    maxY = Math.max(maxY, y)
  }
  const side = Math.max(1, Math.ceil(Math.sqrt(m)))
  const cw = (maxX - minX) / side || 1
  const ch = (maxY - minY) / side || 1
  const buckets = new Map<number, number[]>()
  const cellOf = (x: number, y: number) => [Math.min(side - 1, Math.floor((x - minX) / cw)), Math.min(side - 1, Math.floor((y - minY) / ch))]
  for (let s = 0; s < m; s++) {
    const a = ring[s]
    const b = ring[s + 1]
    const [i0, j0] = cellOf(Math.min(a[0], b[0]), Math.min(a[1], b[1]))
    const [i1, j1] = cellOf(Math.max(a[0], b[0]), Math.max(a[1], b[1]))
    for (let i = i0; i <= i1; i++)
      for (let j = j0; j <= j1; j++) {
        const k = i * side + j
        const list = buckets.get(k)
        if (list) {
          for (const t of list) {
            const adjacent = t === s - 1 || (s === m - 1 && t === 0)
            if (adjacent ? overlapping(ring[t], ring[t + 1], a, b) : intersects(ring[t], ring[t + 1], a, b)) return s
          }
          list.push(s)
        } else buckets.set(k, [s])
      }
  }
  return null
}

function orient(p: Position, q: Position, r: Position): number {
  return Math.sign((q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0]))
}

function onSegment(p: Position, q: Position, r: Position): boolean {
  return Math.min(p[0], q[0]) <= r[0] && r[0] <= Math.max(p[0], q[0]) && Math.min(p[1], q[1]) <= r[1] && r[1] <= Math.max(p[1], q[1])
}

function intersects(a: Position, b: Position, c: Position, d: Position): boolean {
  const o1 = orient(a, b, c)
  const o2 = orient(a, b, d)
  const o3 = orient(c, d, a)
  const o4 = orient(c, d, b)
  if (o1 !== o2 && o3 !== o4 && o1 !== 0 && o2 !== 0 && o3 !== 0 && o4 !== 0) return true
  return (o1 === 0 && onSegment(a, b, c)) || (o2 === 0 && onSegment(a, b, d)) || (o3 === 0 && onSegment(c, d, a)) || (o4 === 0 && onSegment(c, d, b))
}

/** Adjacent segments share a vertex; they are bad only if they fold back over each other. */
function overlapping(a: Position, b: Position, c: Position, d: Position): boolean {
  // segments (a,b) and (c,d) with b === c (or d === a for the closing pair)
  const shared = b[0] === c[0] && b[1] === c[1] ? b : a
  const p = shared === b ? a : b
  const q = shared === b ? d : c
  if (orient(shared, p, q) !== 0) return false
  return (p[0] - shared[0]) * (q[0] - shared[0]) + (p[1] - shared[1]) * (q[1] - shared[1]) > 0
}
