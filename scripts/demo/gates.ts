/**
 * Gates: points inserted on a street centre line where a compound's path meets the street. The
 * point is stored on the cell edge, so the street line and both neighbouring cells (and so the
 * grids) carry it as a vertex.
 */
import { cellSize, type Complex } from './complex.ts'
import type { XY } from './frame.ts'
import { edgeKey, type EdgePoints } from './trace.ts'

const CLEARANCE = 4 // metres from the edge's ends and from other gates on it

/**
 * Inserts the point where the vertical line at x leaves the cell on its south (or north) side.
 * Returns it, or null when it would come too close to a vertex or another gate.
 */
export function insertGate(c: Complex, points: EdgePoints, cell: number, x: number, side: 'south' | 'north'): XY | null {
  const m = cellSize(c, cell)
  let best = -1
  let bestY = side === 'south' ? Infinity : -Infinity
  for (let q = 0; q < m; q++) {
    const a = c.ringV[c.start[cell] + q]
    const b = c.ringV[c.start[cell] + ((q + 1) % m)]
    const [xa, ya, xb, yb] = [c.vx[a], c.vy[a], c.vx[b], c.vy[b]]
    if ((xa - x) * (xb - x) > 0 || xa === xb) continue
    const y = ya + ((x - xa) / (xb - xa)) * (yb - ya)
    if (side === 'south' ? y < bestY : y > bestY) {
      bestY = y
      best = q
    }
  }
  if (best < 0) return null
  const k = c.start[cell] + best
  const a = c.ringV[k]
  const b = c.ringV[c.start[cell] + ((best + 1) % m)]
  const j = c.ringN[k]
  const g: XY = [x, bestY]
  const d = (p: XY, q: XY) => Math.hypot(p[0] - q[0], p[1] - q[1])
  const pa: XY = [c.vx[a], c.vy[a]]
  const pb: XY = [c.vx[b], c.vy[b]]
  if (d(g, pa) < CLEARANCE || d(g, pb) < CLEARANCE) return null
  const key = edgeKey(c, cell, j)
  const entry = points.get(key)
  if (entry?.points.some((p) => d(p, g) < CLEARANCE)) return null
  if (!entry) points.set(key, { from: a, points: [g] })
  else {
    const origin: XY = [c.vx[entry.from], c.vy[entry.from]]
    entry.points.push(g)
    entry.points.sort((p, q) => d(p, origin) - d(q, origin))
  }
  return g
}
