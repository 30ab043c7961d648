/**
 * Which cells make the district: those whose site lies inside the outline, made solid (no
 * enclosed outside cells) and connected (the largest piece only).
 */
import type { Complex } from './complex.ts'
import type { Sites } from './sites.ts'

export function districtCells(c: Complex, sites: Sites): number[] {
  const n = c.sx.length
  const inside = new Uint8Array(n)
  for (let i = 0; i < n; i++) inside[i] = sites.inDistrict[i] && c.bounded[i] ? 1 : 0
  // Outside cells that cannot reach the hull through other outside cells are holes: fill them.
  const outside = new Uint8Array(n)
  const stack: number[] = []
  // Hull cells carry no neighbour lists, so start from the bounded cells that touch them.
  for (let i = 0; i < n; i++) {
    if (inside[i]) continue
    let seed = !c.bounded[i]
    for (let k = c.start[i]; k < c.start[i + 1] && !seed; k++) seed = c.ringN[k] >= 0 && !c.bounded[c.ringN[k]]
    if (seed) {
      outside[i] = 1
      stack.push(i)
    }
  }
  while (stack.length) {
    const i = stack.pop()!
    for (let k = c.start[i]; k < c.start[i + 1]; k++) {
      const j = c.ringN[k]
      if (j >= 0 && !inside[j] && !outside[j]) {
        outside[j] = 1
        stack.push(j)
      }
    }
  }
  for (let i = 0; i < n; i++) if (!outside[i] && c.bounded[i]) inside[i] = 1
  // Keep the largest connected piece.
  const comp = new Int32Array(n).fill(-1)
  let best = -1
  let bestSize = 0
  for (let i = 0; i < n; i++) {
    if (!inside[i] || comp[i] !== -1) continue
    let size = 0
    comp[i] = i
    stack.push(i)
    while (stack.length) {
      const m = stack.pop()!
      size++
      for (let k = c.start[m]; k < c.start[m + 1]; k++) {
        const j = c.ringN[k]
        if (j >= 0 && inside[j] && comp[j] === -1) {
          comp[j] = i
          stack.push(j)
        }
      }
    }
    if (size > bestSize) {
      bestSize = size
      best = i
    }
  }
  const out: number[] = []
  for (let i = 0; i < n; i++) if (comp[i] === best) out.push(i)
  return out
}
