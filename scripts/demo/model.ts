/**
 * The generator's pipeline, stage by stage, in the local metric frame. Each stage draws from
 * its own random stream, so the output depends only on (seed, size).
 */
import { placeAmenities, type Amenities } from './amenities.ts'
import { assignBlocks, type Block } from './blocks.ts'
import { buildComplex, type Complex } from './complex.ts'
import { districtCells } from './district.ts'
import { buildEdgeGraph, type EdgeGraph } from './graph.ts'
import { describeGrids, type GridInfo } from './grids.ts'
import { buildHierarchy, type Hierarchy, type Unit } from './hierarchy.ts'
import { valueNoise } from './noise.ts'
import { makeOutline } from './outline.ts'
import { makePeople } from './people.ts'
import { makePlan, type DemoSize, type Plan } from './plan.ts'
import { createRng } from './random.ts'
import { buildRural, type Rural } from './rural.ts'
import { addRuralRoads } from './rural-roads.ts'
import { buildUrbanRoads, type Network } from './roads.ts'
import { coreRadius, makeSites, ZONE } from './sites.ts'
import type { EdgePoints } from './trace.ts'
import { buildUrban, type Urban } from './urban.ts'
import { makeWater, type Water } from './water.ts'

export interface Model {
  plan: Plan
  c: Complex
  cells: number[]
  h: Hierarchy
  info: Map<Unit, GridInfo>
  g: EdgeGraph
  net: Network
  edgePoints: EdgePoints
  water: Water
  blocks: Block[]
  urban: Urban
  rural: Rural
  amenities: Amenities
}

/** Flips every cell of a non-largest component of town (or country) to the other side. */
function absorbPockets(c: Complex, cells: readonly number[], core: Uint8Array): void {
  for (const side of [1, 0]) {
    const seen = new Uint8Array(c.sx.length)
    const inSet = new Uint8Array(c.sx.length)
    for (const i of cells) inSet[i] = 1
    const comps: number[][] = []
    for (const s of cells) {
      if (seen[s] || core[s] !== side) continue
      const comp: number[] = []
      const stack = [s]
      seen[s] = 1
      while (stack.length) {
        const i = stack.pop()!
        comp.push(i)
        for (let k = c.start[i]; k < c.start[i + 1]; k++) {
          const j = c.ringN[k]
          if (j >= 0 && inSet[j] && !seen[j] && core[j] === side) (seen[j] = 1), stack.push(j)
        }
      }
      comps.push(comp)
    }
    comps.sort((a, b) => b.length - a.length)
    for (const comp of comps.slice(1)) for (const i of comp) core[i] = 1 - side
  }
}

export function buildModel(seed: number, size: DemoSize = 'demo', log: (msg: string) => void = () => {}): Model {
  const t0 = performance.now()
  const lap = (what: string) => log(`  ${what.padEnd(22)} ${Math.round(performance.now() - t0)} ms`)
  const plan = makePlan(seed, size)
  const sites = makeSites(plan)
  const c = buildComplex(sites, seed, (i) => sites.inDistrict[i] === 1)
  const cells = districtCells(c, sites)
  const inDistrict = new Uint8Array(c.sx.length)
  for (const i of cells) inDistrict[i] = 1
  const core = new Uint8Array(c.sx.length)
  for (const i of cells) core[i] = sites.zone[i] <= ZONE.new ? 1 : 0
  // town and country must each be one piece: stray pockets join what surrounds them
  absorbPockets(c, cells, core)
  const isCore = (i: number) => inDistrict[i] === 1 && core[i] === 1
  const isRural = (i: number) => inDistrict[i] === 1 && core[i] === 0
  lap(`cells (${cells.length})`)

  const h = buildHierarchy(c, cells, isCore, plan)
  lap(`grids (${h.units.length})`)
  const water = makeWater(plan, makeOutline(plan).inside)
  // hills rise away from town; they make roads dearer and fields give way to woods
  const hillNoise = valueNoise(seed, 'hills', 3500)
  const hills = (x: number, y: number) => Math.max(0, Math.min(1, (hillNoise(x, y) - 0.42) * 2.6)) * Math.min(1, Math.max(0, coreRadius(plan, x, y) - 1.3) / 1.5)

  const g = buildEdgeGraph(c, cells)
  const net = buildUrbanRoads(g, isCore, plan)
  addRuralRoads(g, net, h, water, plan, hills, (i) => i >= 0 && inDistrict[i] === 1)
  lap(`roads (${net.lines.length})`)

  const edgePoints: EdgePoints = new Map()
  const blocks = assignBlocks(c, h, cells.filter(isCore), net.edgeClass, plan)
  const urban = buildUrban(c, blocks, edgePoints, plan)
  lap(`urban (${urban.buildings.length} buildings)`)
  const rural = buildRural(c, h, net, water, plan, urban.buildings.length + 1, hills, isRural)
  lap(`rural (${rural.buildings.length} houses)`)
  const people = makePeople(createRng(seed, 'people'))
  const amenities = placeAmenities(h, blocks, urban, rural, people, plan)
  const info = describeGrids(h, [...urban.buildings, ...rural.buildings], urban.compounds, people, plan)
  lap('amenities and grids')
  return { plan, c, cells, h, info, g, net, edgePoints, water, blocks, urban, rural, amenities }
}
