/**
 * What each urban block is used for. Most blocks are housing; markets, schools, offices,
 * shops, parks and squares are spread so that every community has its share, with offices
 * and squares near the old centre and shops along the main roads, as in a county seat.
 */
import { cellRing, type Complex } from './complex.ts'
import type { XY } from './frame.ts'
import { pairKey } from './graph.ts'
import type { Hierarchy, Unit } from './hierarchy.ts'
import type { RoadClass } from './layers.ts'
import type { Plan } from './plan.ts'
import { createRng } from './random.ts'

export type BlockUse = 'residential' | 'market' | 'school' | 'park' | 'square' | 'commercial' | 'government'

export interface Block {
  cell: number
  use: BlockUse
  community: Unit
  point: Unit
  /** in the old town (smaller blocks, older compounds) */
  oldTown: boolean
  /** the cell polygon (street centre lines) */
  ring: XY[]
  /** class of the road along each ring edge */
  edgeClass: (RoadClass | null)[]
  /** the block holds its community's office (社区服务中心) */
  centre: boolean
}

export function assignBlocks(c: Complex, h: Hierarchy, coreCells: readonly number[], edgeClass: Map<number, RoadClass>, plan: Plan): Block[] {
  const rng = createRng(plan.seed, 'blocks')
  const blocks: Block[] = coreCells.map((cell) => {
    const point = h.pointOf[cell]!
    const ring = cellRing(c, cell)
    const m = ring.length
    const cls: (RoadClass | null)[] = []
    for (let q = 0; q < m; q++) cls.push(edgeClass.get(pairKey(c, c.ringV[c.start[cell] + q], c.ringV[c.start[cell] + ((q + 1) % m)])) ?? null)
    const ot = plan.oldTown
    return { cell, use: 'residential', community: point.parent!.parent!, point, oldTown: Math.hypot(c.sx[cell] - ot.cx, c.sy[cell] - ot.cy) < ot.r, ring, edgeClass: cls, centre: false }
  })
  const onClass = (b: Block, k: RoadClass) => b.edgeClass.includes(k)
  const distOld = (b: Block) => Math.hypot(c.sx[b.cell] - plan.oldTown.cx, c.sy[b.cell] - plan.oldTown.cy)
  const free = () => blocks.filter((b) => b.use === 'residential' && !b.centre)
  const take = (use: BlockUse, n: number, score: (b: Block) => number, perCommunity = Infinity) => {
    const count = new Map<Unit, number>()
    for (const b of blocks) if (b.use === use) count.set(b.community, (count.get(b.community) ?? 0) + 1)
    const ranked = free()
      .map((b) => ({ b, s: score(b) + rng.range(0, 1) }))
      .sort((p, q) => q.s - p.s)
    for (const { b } of ranked) {
      if (n <= 0) break
      if ((count.get(b.community) ?? 0) >= perCommunity) continue
      b.use = use
      count.set(b.community, (count.get(b.community) ?? 0) + 1)
      n--
    }
  }
  const communities = [...new Set(blocks.map((b) => b.community))]
  const k = communities.length
  // Each community's office sits in a housing block near its middle.
  for (const com of communities) {
    const own = blocks.filter((b) => b.community === com)
    own.sort((p, q) => dist(p, com.centre, c) - dist(q, com.centre, c))
    own[0].centre = true
  }
  take('government', Math.max(4, Math.round(k * 0.35)), (b) => -distOld(b) / 400 + (onClass(b, 'primary') ? 1.5 : 0), 2)
  take('square', Math.max(2, Math.round(k * 0.2)), (b) => -distOld(b) / 700 + (onClass(b, 'primary') ? 1 : 0), 1)
  take('market', Math.max(6, Math.round(k * 0.65)), (b) => (b.oldTown ? 1.2 : 0) + (onClass(b, 'secondary') || onClass(b, 'primary') ? 1 : 0), 1)
  take('school', Math.max(8, Math.round(k * 0.8)), (b) => (onClass(b, 'primary') ? -1 : 0.5), 2)
  take('park', Math.max(3, Math.round(k * 0.3)), () => 0, 1)
  take('commercial', Math.round(blocks.length * 0.07), (b) => (onClass(b, 'primary') ? 2 : onClass(b, 'secondary') ? 1 : 0) + (b.oldTown ? 0.8 : 0))
  return blocks
}

function dist(b: Block, p: XY, c: Complex): number {
  return Math.hypot(c.sx[b.cell] - p[0], c.sy[b.cell] - p[1])
}
