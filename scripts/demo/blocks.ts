/**
 * What each urban block is used for. Markets, schools, offices, shops, parks and squares are
 * spread so that every community has its share, with offices and squares near the old centre
 * and shops along the main roads, as in a county seat. The rest is housing: compounds, and
 * quarters of self-built houses in the old town and in the villages the town has grown round
 * (城中村). Not every housing block is built on: urban.ts fills each community's blocks in order
 * of `priority` up to its number of households, and the blocks left over become works,
 * institutions, schools, green or land not yet built on (leftoverUse).
 */
import { cellRing, type Complex } from './complex.ts'
import type { XY } from './frame.ts'
import { pairKey } from './graph.ts'
import type { Hierarchy, Unit } from './hierarchy.ts'
import type { RoadClass } from './layers.ts'
import { valueNoise } from './noise.ts'
import type { Plan } from './plan.ts'
import { createRng, hashSeed } from './random.ts'
import { coreRadius } from './sites.ts'

export type BlockUse = 'residential' | 'houses' | 'market' | 'school' | 'park' | 'square' | 'commercial' | 'government' | 'industrial' | 'institution' | 'green' | 'vacant'

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
  /** housing blocks are built on in this order (highest first) until the community is full */
  priority: number
}

/** Housing: compounds ('residential') or self-built houses ('houses'). */
export const isHousing = (b: Block) => b.use === 'residential' || b.use === 'houses'

/**
 * What a housing block left over becomes, roughly in the shares of a county seat's land: works
 * and warehouses gathered on the east side towards the river road, green space (parks, 游园,
 * shelter belts), offices and public services, schools, and land not yet built on towards the
 * edge; in the old town offices, shops and schools.
 */
export function leftoverUse(b: Block, c: Complex, plan: Plan): BlockUse {
  const x = c.sx[b.cell]
  const y = c.sy[b.cell]
  const n = landUse(plan)(x, y)
  const r = hashSeed(plan.seed, `leftover:${b.cell}`) / 4294967296
  if (b.oldTown) return r < 0.45 ? 'institution' : r < 0.72 ? 'commercial' : r < 0.86 ? 'school' : 'green'
  const edge = coreRadius(plan, x, y)
  const east = Math.cos(plan.core.angle) * (x - plan.core.cx) + Math.sin(plan.core.angle) * (y - plan.core.cy)
  // the industrial park: the east side of town, away from the centre
  if (east / plan.core.halfW + 0.9 * (n - 0.5) > 0.3 && edge > 0.4) return 'industrial'
  if (edge > 0.8) return r < 0.42 ? 'vacant' : r < 0.72 ? 'green' : r < 0.9 ? 'institution' : 'school'
  return r < 0.4 ? 'institution' : r < 0.7 ? 'green' : r < 0.78 ? 'school' : r < 0.88 ? 'commercial' : 'vacant'
}

const landUseCache = new WeakMap<Plan, (x: number, y: number) => number>()
function landUse(plan: Plan): (x: number, y: number) => number {
  let f = landUseCache.get(plan)
  if (!f) landUseCache.set(plan, (f = stretch(valueNoise(plan.seed, 'land-use', 900, 2))))
  return f
}

/** Value noise bunches round 0.5; this spreads it over [0, 1]. */
const stretch = (f: (x: number, y: number) => number) => (x: number, y: number) => Math.max(0, Math.min(1, (f(x, y) - 0.5) * 2.6 + 0.5))

export function assignBlocks(c: Complex, h: Hierarchy, coreCells: readonly number[], edgeClass: Map<number, RoadClass>, plan: Plan): Block[] {
  const rng = createRng(plan.seed, 'blocks')
  const blocks: Block[] = coreCells.map((cell) => {
    const point = h.pointOf[cell]!
    const ring = cellRing(c, cell)
    const m = ring.length
    const cls: (RoadClass | null)[] = []
    for (let q = 0; q < m; q++) cls.push(edgeClass.get(pairKey(c, c.ringV[c.start[cell] + q], c.ringV[c.start[cell] + ((q + 1) % m)])) ?? null)
    const ot = plan.oldTown
    return { cell, use: 'residential', community: point.parent!.parent!, point, oldTown: Math.hypot(c.sx[cell] - ot.cx, c.sy[cell] - ot.cy) < ot.r, ring, edgeClass: cls, centre: false, priority: 0 }
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
  take('school', Math.max(8, Math.round(k * 1.3)), (b) => (onClass(b, 'primary') ? -1 : 0.5), 2)
  take('park', Math.max(3, Math.round(k * 0.4)), () => 0, 1)
  take('commercial', Math.round(blocks.length * 0.07), (b) => (onClass(b, 'primary') ? 2 : onClass(b, 'secondary') ? 1 : 0) + (b.oldTown ? 0.8 : 0))
  // Self-built houses: patches of the old town, and a few villages swallowed by the new town.
  const villages = stretch(valueNoise(plan.seed, 'town-villages', 650, 2))
  for (const b of free()) {
    const v = villages(c.sx[b.cell], c.sy[b.cell])
    if (b.oldTown ? v > 0.45 : v > 0.68 && !onClass(b, 'primary')) b.use = 'houses'
  }
  // Building order: the offices' blocks, then outwards from the old town, in patches.
  const patches = stretch(valueNoise(plan.seed, 'town-growth', 800, 2))
  for (const b of blocks) b.priority = b.centre ? 100 : -distOld(b) / 1000 + 2.2 * patches(c.sx[b.cell], c.sy[b.cell]) + rng.range(0, 0.3)
  return blocks
}

function dist(b: Block, p: XY, c: Complex): number {
  return Math.hypot(c.sx[b.cell] - p[0], c.sy[b.cell] - p[1])
}
