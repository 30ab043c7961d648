/**
 * Merges a set of edges into long lines ("strokes"): at every junction the two edges that
 * continue each other most straightly are joined, as a driver would keep to the same street.
 * Degree-2 vertices always join. O(E) apart from sorting the few pairs at each junction.
 */
import type { XY } from './frame.ts'

export function buildStrokes(edges: readonly [number, number][], pos: (v: number) => XY, maxTurn = Math.PI / 5): number[][] {
  const incident = new Map<number, number[]>() // vertex → edge indices
  edges.forEach(([a, b], e) => {
    for (const v of [a, b]) {
      const list = incident.get(v)
      if (list) list.push(e)
      else incident.set(v, [e])
    }
  })
  // partner[v] maps an edge to the edge it continues into at v
  const partner = new Map<number, Map<number, number>>()
  for (const [v, es] of incident) {
    const pairs: { e1: number; e2: number; turn: number }[] = []
    for (let x = 0; x < es.length; x++)
      for (let y = x + 1; y < es.length; y++) pairs.push({ e1: es[x], e2: es[y], turn: turnAt(v, edges[es[x]], edges[es[y]], pos) })
    pairs.sort((p, q) => p.turn - q.turn || p.e1 - q.e1 || p.e2 - q.e2)
    const m = new Map<number, number>()
    for (const p of pairs) {
      if (m.has(p.e1) || m.has(p.e2)) continue
      if (es.length > 2 && p.turn > maxTurn) continue
      m.set(p.e1, p.e2)
      m.set(p.e2, p.e1)
    }
    partner.set(v, m)
  }
  const used = new Uint8Array(edges.length)
  const strokes: number[][] = []
  const walk = (e: number, from: number): number[] => {
    // follows edge e away from vertex `from`, returns the vertices after `from`
    const out: number[] = []
    let cur = e
    let at = from
    for (;;) {
      used[cur] = 1
      const [a, b] = edges[cur]
      const next = a === at ? b : a
      out.push(next)
      const cont = partner.get(next)?.get(cur)
      if (cont === undefined || used[cont]) return out
      cur = cont
      at = next
    }
  }
  for (let e = 0; e < edges.length; e++) {
    if (used[e]) continue
    const [a, b] = edges[e]
    const forward = walk(e, a) // a → b → …
    const back = partner.get(a)?.get(e)
    const backward = back !== undefined && !used[back] ? walk(back, a) : []
    strokes.push([...backward.reverse(), a, ...forward])
  }
  return strokes
}

/** Angle by which the path turns when going from edge e1 into edge e2 through v (0 = straight). */
function turnAt(v: number, e1: [number, number], e2: [number, number], pos: (v: number) => XY): number {
  const p = pos(v)
  const o1 = pos(e1[0] === v ? e1[1] : e1[0])
  const o2 = pos(e2[0] === v ? e2[1] : e2[0])
  const a1 = Math.atan2(o1[1] - p[1], o1[0] - p[0])
  const a2 = Math.atan2(o2[1] - p[1], o2[0] - p[0])
  let d = Math.abs(a1 - a2)
  if (d > Math.PI) d = 2 * Math.PI - d
  return Math.PI - d
}
