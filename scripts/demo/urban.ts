/**
 * Urban blocks filled in: residential compounds (inset from the street centre lines, split in
 * two when large) with their blocks of flats, sheds and street shops, paths and lawns; quarters
 * of self-built houses; and the non-residential blocks: markets, schools, offices and
 * institutions, shops, works, parks and squares, land not yet built on. Each community is built
 * up block by block (blocks.ts priority) until it houses its number of households; a block that
 * would take it past COMMUNITY_CAP is taken back and given another use.
 */
import type { Complex } from './complex.ts'
import { clipConvex, layoutCompound, spanEdge, type Style } from './compound-layout.ts'
import type { XY } from './frame.ts'
import { isHousing, leftoverUse, type Block } from './blocks.ts'
import { insertGate } from './gates.ts'
import type { Unit } from './hierarchy.ts'
import { layoutQuarter } from './houses.ts'
import type { RoadClass } from './layers.ts'
import { compoundNamer, premisesNamer, propertyCompany, quarterNamer } from './names.ts'
import { centroid, clipHalfPlane, dedupeRing, insetConvex, insideConvex, orientedRect, rect, signedArea } from './planar.ts'
import type { Plan } from './plan.ts'
import { createRng, hashSeed, type Rng } from './random.ts'
import type { BuildingRec, CompoundRec, GreenRec, PathRec, PlaceRec } from './records.ts'
import { edgeKey, type EdgePoints } from './trace.ts'

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

/** Households each community aims at, and the most any may have (geodata/README.md). */
const COMMUNITY_TARGET: [number, number] = [6200, 8000]
const COMMUNITY_CAP = 8900

export function buildUrban(c: Complex, blocks: readonly Block[], points: EdgePoints, plan: Plan): Urban {
  const rng = createRng(plan.seed, 'urban')
  const names = compoundNamer(rng)
  const quarterName = quarterNamer(createRng(plan.seed, 'quarters'))
  const premises = premisesNamer(createRng(plan.seed, 'premises'))
  const out: Urban = { compounds: [], buildings: [], green: [], paths: [], places: [], insets: new Map(), byCell: new Map() }
  const counters: Record<string, number> = { school: 0, primary: 0, middle: 0, kindergarten: 0, market: 0, park: 0, square: 0, government: 0, commercial: 0 }
  // every community houses a number of households drawn from COMMUNITY_TARGET
  const trng = createRng(plan.seed, 'community-households')
  const communities = [...new Set(blocks.map((b) => b.community))].sort((a, b) => a.id - b.id)
  const target = new Map(communities.map((u) => [u, trng.int(...COMMUNITY_TARGET)]))
  const housed = new Map<Unit, number>()
  // other uses first, then housing in order of priority until each community is full
  const order = [...blocks.filter((b) => !isHousing(b)), ...blocks.filter(isHousing).sort((a, b) => b.priority - a.priority || a.cell - b.cell)]
  for (const block of order) {
    const inset = insetConvex(block.ring, block.edgeClass.map((k) => (k ? SETBACK[k] : 6)))
    if (inset.length < 3) continue
    out.insets.set(block.cell, inset)
    const brng = createRng(hashSeed(plan.seed, 'block'), String(block.cell))
    if (!isHousing(block)) {
      addOther(block, inset, brng, counters, premises, out)
      continue
    }
    const have = housed.get(block.community) ?? 0
    if (!block.centre && have >= target.get(block.community)!) {
      block.use = leftoverUse(block, c, plan)
      addOther(block, inset, brng, counters, premises, out)
      continue
    }
    const undo = snapshot(c, block.cell, points, out)
    if (block.use === 'houses') addQuarter(c, block, inset, points, brng, quarterName(block.oldTown), out)
    else {
      const parts = signedArea(inset) > SPLIT_AREA ? splitNS(inset) : [inset]
      parts.forEach((part, idx) => {
        const side = parts.length === 1 ? (brng.chance(0.75) ? 'south' : 'north') : idx === 0 ? 'south' : 'north'
        addCompound(c, block, part, side, points, brng, names, out)
      })
    }
    let added = 0
    for (let k = undo.buildings; k < out.buildings.length; k++) added += out.buildings[k].households
    if (!block.centre && have + added > COMMUNITY_CAP) {
      // too many for this community: the block is not built on after all
      undo.restore()
      block.use = leftoverUse(block, c, plan)
      addOther(block, inset, createRng(hashSeed(plan.seed, 'block-again'), String(block.cell)), counters, premises, out)
      continue
    }
    housed.set(block.community, have + added)
  }
  for (const b of out.buildings) {
    const cell = b.compound ? b.compound.cell : blockOf.get(b)!
    const list = out.byCell.get(cell)
    if (list) list.push(b)
    else out.byCell.set(cell, [b])
  }
  return out
}

/** Remembers the layers' lengths and the gates on a block's edges, to take the block back. */
function snapshot(c: Complex, cell: number, points: EdgePoints, out: Urban) {
  const lengths = { compounds: out.compounds.length, buildings: out.buildings.length, green: out.green.length, paths: out.paths.length, places: out.places.length }
  const saved = new Map<number, { from: number; points: XY[] } | undefined>()
  for (let k = c.start[cell]; k < c.start[cell + 1]; k++) {
    const key = edgeKey(c, cell, c.ringN[k])
    const e = points.get(key)
    saved.set(key, e ? { from: e.from, points: e.points.slice() } : undefined)
  }
  return {
    buildings: lengths.buildings,
    restore() {
      out.compounds.length = lengths.compounds
      out.buildings.length = lengths.buildings
      out.green.length = lengths.green
      out.paths.length = lengths.paths
      out.places.length = lengths.places
      for (const [key, e] of saved) {
        if (e) points.set(key, e)
        else points.delete(key)
      }
    },
  }
}

/** A gate on the street for a path running north–south at about x = cx, or null. */
function findGate(c: Complex, cell: number, poly: readonly XY[], side: 'south' | 'north', points: EdgePoints, rng: Rng): { gate: XY; x: number } | null {
  const xs = poly.map((p) => p[0])
  const [cx] = centroid(poly)
  // the path runs where a gate fits on the street, not too near the polygon's corners
  for (let t = 0; t < 14; t++) {
    const x = cx + (t % 2 ? 1 : -1) * Math.ceil(t / 2) * 7 + rng.range(-2, 2)
    if (x < Math.min(...xs) + 20 || x > Math.max(...xs) - 20) continue
    const y = spanEdge(poly, x, side === 'south' ? 'min' : 'max')
    if (!Number.isFinite(y)) continue
    const gate = insertGate(c, points, cell, x, side)
    if (gate) return { gate, x }
  }
  return null
}

/** True when the polygon's south (or north) side runs along a primary or secondary road of its block. */
function onMainRoad(block: Block, poly: readonly XY[], side: 'south' | 'north'): boolean {
  const ys = poly.map((p) => p[1])
  const xs = poly.map((p) => p[0])
  const edgeY = side === 'south' ? Math.min(...ys) : Math.max(...ys)
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)]
  const n = block.ring.length
  for (let i = 0; i < n; i++) {
    const k = block.edgeClass[i]
    if (k !== 'primary' && k !== 'secondary') continue
    const a = block.ring[i]
    const b = block.ring[(i + 1) % n]
    const mx = (a[0] + b[0]) / 2
    const my = (a[1] + b[1]) / 2
    // a mostly east–west edge just beyond that side, over the polygon's width
    if (Math.abs(b[0] - a[0]) > 2 * Math.abs(b[1] - a[1]) && mx > x0 && mx < x1 && Math.abs(my - edgeY) < 40) return true
  }
  return false
}

/** A quarter of self-built houses, not a compound: houses, a lane from the street and alleys. */
function addQuarter(c: Complex, block: Block, inset: XY[], points: EdgePoints, rng: Rng, name: string, out: Urban) {
  const side = rng.chance(0.6) ? 'south' : 'north'
  const found = findGate(c, block.cell, inset, side, points, rng)
  if (!found) return
  const q = block.oldTown ? layoutQuarter(inset, side, found.x, rng, 0, [0.35, 1.2]) : layoutQuarter(inset, side, found.x, rng, rng.range(3, 6), [0.35, 1.15])
  let n = 0
  for (const h of q.houses) {
    const rec: BuildingRec = { id: out.buildings.length + 1, name: h.shop ? `${name}${++n}号门面` : `${name}${++n}号`, use: h.shop ? 'commercial' : 'residential', ring: h.ring, floors: h.floors, households: h.households, compound: null, point: block.point, door: null }
    out.buildings.push(rec)
    blockOf.set(rec, block.cell)
  }
  const [lane, ...alleys] = q.paths
  if (lane) out.paths.push({ cls: 'footway', pts: [found.gate, ...lane] })
  // the neighbourhood's notice board stands where the lane leaves the street
  const inward = side === 'south' ? 1 : -1
  const board: XY = [q.entry[0] + 1.5, q.entry[1] + inward * 3]
  if (q.houses.length > 0 && insideConvex([board], inset, 0.5)) out.places.push({ kind: 'publicity_board', name: `${name}宣传栏`, at: board, point: block.point, compound: null })
  for (const p of alleys) out.paths.push({ cls: 'footway', pts: p })
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
    if (r < 0.88) return { style: 'old_slab', builtYear: rng.int(1982, 2004), workUnit: rng.chance(0.45) }
    return { style: 'mid_slab', builtYear: rng.int(2005, 2016), workUnit: false }
  }
  // a county seat is mostly walk-ups; mid-rises came later, and only a few towers
  if (r < 0.24) return { style: 'old_slab', builtYear: rng.int(1986, 2001), workUnit: rng.chance(0.6) }
  if (r < 0.74) return { style: 'old_slab', builtYear: rng.int(2002, 2016), workUnit: false }
  if (r < 0.96) return { style: 'mid_slab', builtYear: rng.int(2008, 2022), workUnit: false }
  return { style: 'tower', builtYear: rng.int(2012, 2023), workUnit: false }
}

function addCompound(c: Complex, block: Block, poly: XY[], side: 'south' | 'north', points: EdgePoints, rng: Rng, names: (workUnit: boolean) => string, out: Urban) {
  const era = eraOf(block, rng)
  const found = findGate(c, block.cell, poly, side, points, rng)
  if (!found) return
  const { gate, x: spineX } = found
  const layout = layoutCompound(poly, era.style, side, rng, spineX, rng.chance(0.55), { south: onMainRoad(block, poly, 'south'), north: onMainRoad(block, poly, 'north') })
  if (layout.buildings.length === 0) return
  const old = era.builtYear < 2000
  const hasProperty = era.style === 'tower' || (era.style === 'mid_slab' ? rng.chance(0.85) : rng.chance(era.builtYear >= 2002 ? 0.7 : 0.25))
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
  let homes = 0
  let sheds = 0
  let shops = 0
  layout.buildings.forEach((b) => {
    const name = b.kind === 'shed' ? `${comp.name}${++sheds}号车棚` : b.kind === 'shop' ? `${comp.name}${++shops}号商铺` : `${comp.name}${++homes}栋`
    const use = b.kind === 'shed' ? 'public' : b.kind === 'shop' ? 'commercial' : 'residential'
    const rec: BuildingRec = { id: out.buildings.length + 1, name, use, ring: b.ring, floors: b.floors, households: b.households, compound: comp, point: block.point, door: b.door }
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

const PRIMARY = ['第一小学', '第二小学', '第三小学', '实验小学', '第四小学', '第五小学']
const MIDDLE = ['第一中学', '第二中学', '实验中学', '第三中学', '民族中学', '育才学校']
const KINDERGARTENS = ['中心幼儿园', '机关幼儿园', '实验幼儿园', '阳光幼儿园']
const COMMERCE = ['商业街', '购物广场', '建材城', '家居城', '步行街', '汽配城']
const GREENS = ['游园', '街心公园', '体育公园', '绿地']

/** 第N小学 for the n-th school of a stage once the named ones are used up. */
function schoolName(stage: 'primary' | 'middle' | 'kindergarten', k: number): string {
  const pool = stage === 'primary' ? PRIMARY : stage === 'middle' ? MIDDLE : KINDERGARTENS
  if (k < pool.length) return pool[k]
  const numbered = k - pool.length + (stage === 'primary' ? 6 : stage === 'middle' ? 4 : 1)
  return `第${chineseNumber(numbered)}${stage === 'primary' ? '小学' : stage === 'middle' ? '中学' : '幼儿园'}`
}

/** 1 → 一, 12 → 十二, 40 → 四十, 123 → 123. */
function chineseNumber(v: number): string {
  const d = '零一二三四五六七八九'
  if (v < 10) return d[v]
  if (v < 20) return `十${v % 10 ? d[v % 10] : ''}`
  if (v < 100) return `${d[Math.floor(v / 10)]}十${v % 10 ? d[v % 10] : ''}`
  return String(v)
}
const OFFICES = ['岚湖区人民政府', '岚湖区人民医院', '岚湖公安分局', '岚城街道办事处', '湖滨街道办事处', '区政务服务中心', '区中医医院', '区文化馆', '区图书馆']
const SQUARES = ['人民广场', '文化广场', '市民广场', '体育广场', '滨湖广场']
const PARKS = ['岚湖公园', '人民公园', '翠屏公园', '凤鸣公园', '儿童公园', '湿地公园']

/** Non-residential blocks: buildings sized to the block, always inside its inset polygon. */
function addOther(block: Block, inset: XY[], rng: Rng, n: Record<string, number>, premises: (kind: 'works' | 'institution') => string, out: Urban) {
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
        const mx = a[0] + ux * (s + w / 2) - uy * (depth / 2 + 2.5)
        const my = a[1] + uy * (s + w / 2) + ux * (depth / 2 + 2.5)
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
  const campus = (name: string, mainFloors: number, density: number) => {
    const ys = inset.map((p) => p[1])
    const xs = inset.map((p) => p[0])
    const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)]
    const w = Math.min(72, (x1 - x0) * 0.6)
    if (!addBuilding(rect(cx - w / 2, y1 - 36, cx + w / 2, y1 - 20), 'public', mainFloors, `${name}主楼`)) centreBuilding(48, 16, 'public', mainFloors, `${name}主楼`)
    let k = 1
    for (let y = y1 - 66; y > y0 + 12; y -= rng.range(30, 38))
      for (let x = x0 + rng.range(6, 16); x + 26 < x1; x += rng.range(44, 58)) {
        if (!rng.chance(density)) continue
        if (addBuilding(rect(x, y, x + rng.range(26, 38), y + rng.range(12, 15)), 'public', rng.int(2, 5), `${name}${k + 1}号楼`)) k++
      }
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
      const k = n.school++
      const stage = k % 4 === 3 ? 'kindergarten' : k % 4 === 2 ? 'middle' : 'primary'
      const kinder = stage === 'kindergarten'
      const name = `岚湖区${schoolName(stage, n[stage]++)}`
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
      campus(name, rng.int(5, 9), 0.55)
      break
    }
    case 'commercial': {
      const stem = block.community.name[0].replace(/社区$/, '')
      const k = (n[`commercial:${stem}`] = (n[`commercial:${stem}`] ?? 0) + 1) - 1
      const name = `${stem}${COMMERCE[k % COMMERCE.length]}${k >= COMMERCE.length ? Math.floor(k / COMMERCE.length) + 1 + '号' : ''}`
      centreBuilding(64, 40, 'commercial', rng.int(4, 8), `${name}购物中心`)
      shops(name, 14)
      break
    }
    case 'park': {
      const k = n.park++
      const name = `${PARKS[k % PARKS.length]}${k >= PARKS.length ? chineseNumber(Math.floor(k / PARKS.length) + 1) + '期' : ''}`
      out.green.push({ kind: 'park', name, ring: inset, compound: null })
      place('volunteer_station', `${name}志愿服务站`, [cx, cy])
      break
    }
    case 'green': {
      // a pocket park (游园), a shelter belt or a sports ground: green, now and then named
      const stem = block.community.name[0].replace(/社区$/, '')
      const k = (n[`green:${stem}`] = (n[`green:${stem}`] ?? 0) + 1) - 1
      out.green.push({ kind: 'park', name: k < GREENS.length ? `${stem}${GREENS[k]}` : null, ring: inset, compound: null })
      break
    }
    case 'industrial': {
      // works and warehouses: sheds on a loose grid, an office block by the street
      const name = premises('works')
      const ys = inset.map((p) => p[1])
      const xs = inset.map((p) => p[0])
      const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)]
      addBuilding(rect(cx - rng.range(14, 20), y0 + 6, cx + rng.range(14, 20), y0 + 20), 'commercial', rng.int(2, 4), `${name}办公楼`)
      const w = rng.range(34, 70)
      const d = rng.range(18, 32)
      let k = 0
      for (let y = y0 + 30; y + d < y1 - 4; y += d + rng.range(12, 20))
        for (let x = x0 + 4 + rng.range(0, 8); x + w < x1 - 4; x += w + rng.range(10, 18))
          if (rng.chance(0.85) && addBuilding(rect(x, y, x + w, y + d), 'commercial', rng.chance(0.8) ? 1 : 2, `${name}${k + 1}号${rng.chance(0.5) ? '厂房' : '仓库'}`)) k++
      break
    }
    case 'institution': {
      // 单位大院: the main block across the north, lower blocks in rows behind the gate
      const name = premises('institution')
      campus(name, rng.int(4, 8), 0.7)
      break
    }
    case 'vacant': {
      // land not yet built on: vegetable plots (菜地), or bare
      if (rng.chance(0.5)) break
      const theta = rng.range(0, Math.PI)
      for (const plot of strips(inset, theta, rng.range(24, 40))) out.green.push({ kind: 'farmland', name: null, ring: plot, compound: null })
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

/** Parallel strips across a convex polygon, 2 m apart (field paths), each at least 300 m². */
function strips(poly: readonly XY[], theta: number, width: number): XY[][] {
  const nx = -Math.sin(theta)
  const ny = Math.cos(theta)
  const proj = poly.map((p) => p[0] * nx + p[1] * ny)
  const out: XY[][] = []
  for (let s = Math.min(...proj); s < Math.max(...proj); s += width) {
    const a: XY = [nx * (s + 1), ny * (s + 1)]
    const b: XY = [nx * (s + width - 1), ny * (s + width - 1)]
    let strip = clipHalfPlane(poly, a, [a[0] + ny, a[1] - nx])
    strip = dedupeRing(clipHalfPlane(strip, b, [b[0] - ny, b[1] + nx]), 0.3)
    if (strip.length >= 3 && signedArea(strip) > 300) out.push(strip)
  }
  return out
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
