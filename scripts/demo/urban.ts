/**
 * Urban blocks filled in: residential compounds (inset from the street centre lines, split in
 * two when large) with their buildings, paths and lawns; and the non-residential blocks:
 * markets, schools, offices, shops, parks and squares.
 */
import type { Complex } from './complex.ts'
import { clipConvex, layoutCompound, spanEdge, type Style } from './compound-layout.ts'
import type { XY } from './frame.ts'
import type { Block } from './blocks.ts'
import { insertGate } from './gates.ts'
import type { RoadClass } from './layers.ts'
import { compoundNamer, propertyCompany } from './names.ts'
import { centroid, clipHalfPlane, insetConvex, insideConvex, orientedRect, rect, signedArea } from './planar.ts'
import type { Plan } from './plan.ts'
import { createRng, hashSeed, type Rng } from './random.ts'
import type { BuildingRec, CompoundRec, GreenRec, PathRec, PlaceRec } from './records.ts'
import type { EdgePoints } from './trace.ts'

/** How far blocks sit back from the centre line of each class of road (half the road plus a verge). */
const SETBACK: Record<RoadClass, number> = { primary: 15, secondary: 12, residential: 8, rural: 7, footway: 2, path: 2 }
const SPLIT_AREA = 36000 // m²: larger blocks hold two compounds
const blockOf = new WeakMap<BuildingRec, number>()

export interface Urban {
  compounds: CompoundRec[]
  buildings: BuildingRec[]
  green: GreenRec[]
  paths: PathRec[]
  places: PlaceRec[]
  /** inset polygon of every block, by cell */
  insets: Map<number, XY[]>
  /** buildings of every block, by cell */
  byCell: Map<number, BuildingRec[]>
}

export function buildUrban(c: Complex, blocks: readonly Block[], points: EdgePoints, plan: Plan): Urban {
  const rng = createRng(plan.seed, 'urban')
  const names = compoundNamer(rng)
  const out: Urban = { compounds: [], buildings: [], green: [], paths: [], places: [], insets: new Map(), byCell: new Map() }
  const counters = { school: 0, market: 0, park: 0, square: 0, government: 0, commercial: 0 }
  for (const block of blocks) {
    const inset = insetConvex(block.ring, block.edgeClass.map((k) => (k ? SETBACK[k] : 6)))
    if (inset.length < 3) continue
    out.insets.set(block.cell, inset)
    const brng = createRng(hashSeed(plan.seed, 'block'), String(block.cell))
    if (block.use === 'residential') {
      const parts = signedArea(inset) > SPLIT_AREA ? splitNS(inset) : [inset]
      parts.forEach((part, idx) => {
        const side = parts.length === 1 ? (brng.chance(0.75) ? 'south' : 'north') : idx === 0 ? 'south' : 'north'
        addCompound(c, block, part, side, points, brng, names, out)
      })
    } else addOther(block, inset, brng, counters, out)
  }
  for (const b of out.buildings) {
    const cell = b.compound ? b.compound.cell : blockOf.get(b)!
    const list = out.byCell.get(cell)
    if (list) list.push(b)
    else out.byCell.set(cell, [b])
  }
  return out
}

/** Splits a convex polygon along an E–W line through its centroid, leaving an 8 m lane. */
function splitNS(poly: XY[]): XY[][] {
  const [, cy] = centroid(poly)
  const south = clipHalfPlane(poly, [1, cy - 4], [0, cy - 4]) // left of a westward line: below it
  const north = clipHalfPlane(poly, [0, cy + 4], [1, cy + 4])
  return [south, north].filter((p) => p.length >= 3 && signedArea(p) > 4000)
}

function eraOf(block: Block, rng: Rng): { style: Style; builtYear: number; workUnit: boolean } {
  const r = rng()
  if (block.oldTown) {
    if (r < 0.72) return { style: 'old_slab', builtYear: rng.int(1982, 2002), workUnit: rng.chance(0.45) }
    return { style: 'mid_slab', builtYear: rng.int(2003, 2014), workUnit: false }
  }
  if (r < 0.16) return { style: 'old_slab', builtYear: rng.int(1986, 2001), workUnit: rng.chance(0.6) }
  if (r < 0.52) return { style: 'mid_slab', builtYear: rng.int(2004, 2016), workUnit: false }
  return { style: 'tower', builtYear: rng.int(2010, 2023), workUnit: false }
}

function addCompound(c: Complex, block: Block, poly: XY[], side: 'south' | 'north', points: EdgePoints, rng: Rng, names: (workUnit: boolean) => string, out: Urban) {
  const era = eraOf(block, rng)
  const xs = poly.map((p) => p[0])
  const [cx] = centroid(poly)
  // the spine runs where a gate fits on the street, not too near the compound's corners
  let gate: XY | null = null
  let spineX = cx
  for (let t = 0; t < 14 && !gate; t++) {
    spineX = cx + (t % 2 ? 1 : -1) * Math.ceil(t / 2) * 7 + rng.range(-2, 2)
    if (spineX < Math.min(...xs) + 20 || spineX > Math.max(...xs) - 20) continue
    const y = spanEdge(poly, spineX, side === 'south' ? 'min' : 'max')
    if (!Number.isFinite(y)) continue
    gate = insertGate(c, points, block.cell, spineX, side)
  }
  if (!gate) return
  const layout = layoutCompound(poly, era.style, side, rng, spineX, rng.chance(0.55))
  if (layout.buildings.length === 0) return
  const old = era.builtYear < 2000
  const hasProperty = era.style === 'tower' || (era.style === 'mid_slab' ? rng.chance(0.85) : rng.chance(0.25))
  const comp: CompoundRec = {
    id: out.compounds.length + 1,
    name: names(era.workUnit),
    cell: block.cell,
    ring: poly,
    style: era.style,
    old,
    builtYear: era.builtYear,
    hasProperty,
    propertyCompany: hasProperty ? propertyCompany(rng) : null,
    renovation: null,
    pilot: false,
    community: block.community,
    point: block.point,
    buildings: [],
    gate,
    entry: layout.entry,
  }
  out.compounds.push(comp)
  layout.buildings.forEach((b, n) => {
    const rec: BuildingRec = { id: out.buildings.length + 1, name: `${comp.name}${n + 1}栋`, use: 'residential', ring: b.ring, floors: b.floors, households: b.households, compound: comp, point: block.point, door: b.door }
    comp.buildings.push(rec)
    out.buildings.push(rec)
  })
  // the spine starts on the street: gate → entry → lanes
  const [spine, ...rest] = layout.paths
  out.paths.push({ cls: 'footway', pts: [gate, ...spine] })
  for (const p of rest) out.paths.push({ cls: 'footway', pts: p })
  for (const ring of layout.green) out.green.push({ kind: 'compound_green', name: null, ring, compound: comp })
  if (layout.fitness) out.green.push({ kind: 'fitness', name: `${comp.name}健身场地`, ring: layout.fitness, compound: comp })
}

const SCHOOLS = ['第一小学', '第二小学', '第三小学', '第一中学', '第二中学', '实验小学', '实验中学', '第四小学', '第三中学', '育才学校', '第五小学', '民族中学']
const KINDERGARTENS = ['中心幼儿园', '机关幼儿园', '实验幼儿园', '阳光幼儿园']
const OFFICES = ['岚湖区人民政府', '岚湖区人民医院', '岚湖公安分局', '岚城街道办事处', '湖滨街道办事处', '区政务服务中心', '区中医医院', '区文化馆', '区图书馆']
const SQUARES = ['人民广场', '文化广场', '市民广场', '体育广场', '滨湖广场']
const PARKS = ['岚湖公园', '人民公园', '翠屏公园', '凤鸣公园', '儿童公园', '湿地公园']

/** Non-residential blocks: buildings sized to the block, always inside its inset polygon. */
function addOther(block: Block, inset: XY[], rng: Rng, n: Record<string, number>, out: Urban) {
  const [cx, cy] = centroid(inset)
  const own: XY[][] = []
  const addBuilding = (ring: XY[], use: BuildingRec['use'], floors: number, name: string): BuildingRec | null => {
    if (!insideConvex(ring, inset, 2) || own.some((o) => overlaps(o, ring))) return null
    own.push(ring)
    const rec: BuildingRec = { id: out.buildings.length + 1, name, use, ring, floors, households: 0, compound: null, point: block.point, door: null }
    out.buildings.push(rec)
    blockOf.set(rec, block.cell)
    return rec
  }
  const place = (kind: PlaceRec['kind'], name: string, at: XY, extra?: Record<string, string | number>) => out.places.push({ kind, name, at, point: block.point, compound: null, extra })
  const shops = (label: string, depth: number) => {
    // street-front shops along each side of the block
    let k = 0
    for (let i = 0; i < inset.length; i++) {
      const a = inset[i]
      const b = inset[(i + 1) % inset.length]
      const len = Math.hypot(b[0] - a[0], b[1] - a[1])
      const ang = Math.atan2(b[1] - a[1], b[0] - a[0])
      const ux = (b[0] - a[0]) / len
      const uy = (b[1] - a[1]) / len
      for (let s = 10; s + 18 < len - 10; ) {
        const w = rng.range(16, 32)
        if (s + w > len - 10) break
        const mx = a[0] + ux * (s + w / 2) - uy * (depth / 2 + 1)
        const my = a[1] + uy * (s + w / 2) + ux * (depth / 2 + 1)
        addBuilding(orientedRect(mx, my, w, depth, ang), 'commercial', rng.int(2, 4), `${label}商铺${++k}号`)
        s += w + rng.range(3, 8)
      }
    }
  }
  const centreBuilding = (w: number, d: number, use: BuildingRec['use'], floors: number, name: string): BuildingRec | null => {
    for (let f = 1; f > 0.45; f -= 0.1) {
      const b = addBuilding(rect(cx - (w * f) / 2, cy - (d * f) / 2, cx + (w * f) / 2, cy + (d * f) / 2), use, floors, name)
      if (b) return b
    }
    return null
  }
  switch (block.use) {
    case 'market': {
      const name = `${block.community.name[0].replace(/社区$/, '')}农贸市场`
      const hall = centreBuilding(72, 46, 'commercial', 2, `${name}交易大厅`)
      shops(name, 13)
      place('market', name, hall ? centroid(hall.ring) : [cx, cy], { stalls: rng.int(80, 260) })
      break
    }
    case 'school': {
      const kinder = n.school % 4 === 3
      const name = kinder ? `岚湖区${KINDERGARTENS[Math.floor(n.school / 4) % KINDERGARTENS.length]}` : `岚湖区${SCHOOLS[n.school % SCHOOLS.length]}`
      n.school++
      const stage = kinder ? 'kindergarten' : name.includes('中学') ? 'middle' : 'primary'
      // teaching blocks in the northern half; the sports ground is left open in the south
      const ys = inset.map((p) => p[1])
      const top = Math.max(...ys)
      let first: BuildingRec | null = null
      for (let r = 0; r < 3; r++) {
        const y1 = top - 12 - r * 34
        for (const dx of [-36, 36]) {
          const b = addBuilding(rect(cx + dx - 28, y1 - 14, cx + dx + 28, y1), 'school', kinder ? 3 : rng.int(4, 5), `${name}${r * 2 + (dx > 0 ? 2 : 1)}号楼`)
          first ??= b
        }
      }
      place('school', name, first ? centroid(first.ring) : [cx, cy], { stage })
      break
    }
    case 'government': {
      const name = OFFICES[n.government++ % OFFICES.length]
      centreBuilding(64, 20, 'public', rng.int(5, 9), `${name}办公楼`)
      const annex = rect(cx - 30, cy - 50, cx + 30, cy - 34)
      addBuilding(annex, 'public', 4, `${name}附楼`)
      break
    }
    case 'commercial': {
      const name = `${block.community.name[0].replace(/社区$/, '')}商业街`
      centreBuilding(64, 40, 'commercial', rng.int(4, 8), `${name}购物中心`)
      shops(name, 14)
      break
    }
    case 'park': {
      const name = PARKS[n.park++ % PARKS.length]
      out.green.push({ kind: 'park', name, ring: inset, compound: null })
      place('volunteer_station', `${name}志愿服务站`, [cx, cy])
      break
    }
    case 'square': {
      const name = SQUARES[n.square++ % SQUARES.length]
      // the open square south of a cultural centre, which keeps its own ground
      const top = Math.max(...inset.map((p) => p[1]))
      const hall = addBuilding(rect(cx - 25, top - 34, cx + 25, top - 10), 'public', 3, `${name}文化活动中心`)
      const open = hall ? clipHalfPlane(inset, [1, top - 38], [0, top - 38]) : inset
      if (open.length >= 3) {
        out.green.push({ kind: 'square', name, ring: open, compound: null })
        place('volunteer_station', `${name}志愿服务站`, centroid(open))
      }
      break
    }
  }
}

/** Separating-axis test for two convex polygons. */
export function overlaps(p: readonly XY[], q: readonly XY[]): boolean {
  for (const poly of [p, q])
    for (let i = 0; i < poly.length; i++) {
      const a = poly[i]
      const b = poly[(i + 1) % poly.length]
      const nx = b[1] - a[1]
      const ny = a[0] - b[0]
      let pmin = Infinity
      let pmax = -Infinity
      let qmin = Infinity
      let qmax = -Infinity
      for (const v of p) {
        const d = v[0] * nx + v[1] * ny
        pmin = Math.min(pmin, d)
        pmax = Math.max(pmax, d)
      }
      for (const v of q) {
        const d = v[0] * nx + v[1] * ny
        qmin = Math.min(qmin, d)
        qmax = Math.max(qmax, d)
      }
      if (pmax <= qmin || qmax <= pmin) return false
    }
  return true
}

export { clipConvex }
