/**
 * The countryside: village houses clustered round each hamlet, the village committee (村委会)
 * at each village centre, fish ponds beside some hamlets, and fields or woods in every cell for
 * the basemap. Houses stay inside one cell (so inside one level-3 grid), off the roads and out
 * of the water; fields keep clear of houses, ponds and roads.
 */
import { cellRing, cellsAtVertex, type Complex } from './complex.ts'
import type { XY } from './frame.ts'
import { pairKey } from './graph.ts'
import type { Hierarchy, Unit } from './hierarchy.ts'
import { centroid, clipHalfPlane, dedupeRing, insetConvex, insideConvex, orientedRect, signedArea } from './planar.ts'
import type { Plan } from './plan.ts'
import { createRng, hashSeed } from './random.ts'
import type { BuildingRec, GreenRec, PlaceRec } from './records.ts'
import type { Hamlet, Network } from './roads.ts'
import { overlaps } from './urban.ts'
import type { Water } from './water.ts'

export interface Rural {
  buildings: BuildingRec[]
  green: GreenRec[]
  places: PlaceRec[]
  /** 村委会 building of each village centre hamlet */
  committees: Map<Hamlet, BuildingRec>
}

const ROAD_SETBACK = 7
const EDGE_SETBACK = 3

export function buildRural(c: Complex, h: Hierarchy, net: Network, water: Water, plan: Plan, firstId: number, hills: (x: number, y: number) => number, isRural: (cell: number) => boolean): Rural {
  const out: Rural = { buildings: [], green: [], places: [], committees: new Map() }
  const insets = new Map<number, XY[]>()
  const insetOf = (cell: number): XY[] => {
    let p = insets.get(cell)
    if (!p) {
      const ring = cellRing(c, cell)
      const m = ring.length
      const off = ring.map((_, q) => (net.edgeClass.has(pairKey(c, c.ringV[c.start[cell] + q], c.ringV[c.start[cell] + ((q + 1) % m)])) ? ROAD_SETBACK : EDGE_SETBACK))
      p = insetConvex(ring, off)
      insets.set(cell, p)
    }
    return p
  }
  const housesOf = new Map<number, XY[][]>() // cell → house rings
  const margins = new Map<number, XY[][]>() // cell → house rings grown by the yard fields keep clear of
  let nextId = firstId

  // Households per village (a few hundred; more at a township seat), shared among its hamlets.
  const vrng = createRng(plan.seed, 'village-households')
  const villageTarget = new Map<Unit, number>()
  const weight = (hm: Hamlet) => (hm.seat ? 3.5 : hm.main ? 2.2 : 1)
  const weights = new Map<Unit, number>()
  for (const hm of net.hamlets) weights.set(hm.village, (weights.get(hm.village) ?? 0) + weight(hm))
  for (const v of [...weights.keys()].sort((a, b) => a.id - b.id)) villageTarget.set(v, net.hamlets.some((hm) => hm.village === v && hm.seat) ? vrng.int(620, 860) : vrng.int(260, 760))
  const hamletTarget = (hm: Hamlet) => Math.round((villageTarget.get(hm.village)! * weight(hm)) / weights.get(hm.village)!)

  for (const hm of net.hamlets) {
    const rng = createRng(hashSeed(plan.seed, 'hamlet'), String(hm.vertex))
    const v: XY = [c.vx[hm.vertex], c.vy[hm.vertex]]
    // candidate cells: the three at the vertex and their neighbours; the nearest site owns a point
    const near = new Set<number>()
    for (const cell of cellsAtVertex(c, hm.vertex)) {
      near.add(cell)
      for (let k = c.start[cell]; k < c.start[cell + 1]; k++) if (c.ringN[k] >= 0) near.add(c.ringN[k])
    }
    const candidates = [...near].filter(isRural)
    const cellAt = (x: number, y: number) => {
      let best = -1
      let bd = Infinity
      for (const cell of candidates) {
        const d = (c.sx[cell] - x) ** 2 + (c.sy[cell] - y) ** 2
        if (d < bd) {
          bd = d
          best = cell
        }
      }
      return best // the inset test below makes sure the point really lies in this cell
    }
    const target = hamletTarget(hm) // households
    const sigma = 45 + 6 * Math.sqrt(target / 1.7)
    const baseAngle = rng.range(-0.25, 0.25)
    const village = hm.village
    const hamletName = hm.area.name[0].replace(village.name[0], '').replace(/片区$/, '')
    let placed = 0
    const tryPlace = (x: number, y: number, w: number, d: number, angle: number, use: BuildingRec['use'], floors: number, name: string, households: number, ownVillage = false): BuildingRec | null => {
      const cell = cellAt(x, y)
      if (cell < 0 || !isRural(cell)) return null
      // the committee (and so the practice station) must stand in its own village
      if (ownVillage && h.pointOf[cell]?.parent?.parent !== village) return null
      const ring = orientedRect(x, y, w, d, angle)
      const inset = insetOf(cell)
      if (inset.length < 3 || !insideConvex(ring, inset, 0.5)) return null
      if (!water.clearPolygon(ring, 8)) return null
      const list = housesOf.get(cell) ?? []
      const grown = orientedRect(x, y, w + 4, d + 4, angle)
      if (list.some((o) => overlaps(o, grown))) return null
      list.push(ring)
      housesOf.set(cell, list)
      const yard = margins.get(cell) ?? []
      yard.push(orientedRect(x, y, w + 24, d + 24, angle))
      margins.set(cell, yard)
      const rec: BuildingRec = { id: nextId++, name, use, ring, floors, households, compound: null, point: h.pointOf[cell]!, door: null }
      out.buildings.push(rec)
      return rec
    }
    if (hm.main) {
      for (let t = 0; t < 60; t++) {
        const r = 20 + t * 3
        const a = rng.range(0, 2 * Math.PI)
        const b = tryPlace(v[0] + r * Math.cos(a), v[1] + r * Math.sin(a), 32, 14, baseAngle, 'public', 3, `${village.name[0]}村委会`, 0, true)
        if (b) {
          out.committees.set(hm, b)
          break
        }
      }
    }
    // houses of one or two households, and now and then a courtyard shared by three or four
    const build = (spread: number, goal: number): number => {
      let households = 0
      for (let t = 0; t < goal * 9 && households < goal; t++) {
        const r = Math.abs(rng.normal()) * spread + 12
        const a = rng.range(0, 2 * Math.PI)
        const yard = rng.chance(0.17)
        const floors = yard ? rng.int(1, 2) : rng.weighted([0.35, 0.45, 0.2]) + 1
        const hh = yard ? rng.int(3, 4) : rng.chance(0.45) ? 2 : 1
        const [w, d] = yard ? [rng.range(18, 24), rng.range(12, 16)] : [rng.range(10, 16), rng.range(8, 12)]
        const b = tryPlace(v[0] + r * Math.cos(a), v[1] + r * Math.sin(a), w, d, baseAngle + rng.range(-0.12, 0.12), 'village_house', floors, `${village.name[0]}${hamletName}${placed + 1}号${yard ? '院' : ''}`, hh)
        if (b) {
          placed++
          households += hh
        }
      }
      return households
    }
    const housed = build(sigma, target)
    // a hamlet hemmed in by roads, water or the county line spreads further out
    if (housed < 0.8 * target) build(sigma * 1.8, target - housed)
    // a fish pond or two beside larger hamlets
    if (!hm.seat && rng.chance(hm.main ? 0.5 : 0.3)) {
      for (let t = 0; t < 20; t++) {
        const r = rng.range(sigma * 1.6, sigma * 2.6)
        const a = rng.range(0, 2 * Math.PI)
        const cx = v[0] + r * Math.cos(a)
        const cy = v[1] + r * Math.sin(a)
        const cell = cellAt(cx, cy)
        if (cell < 0) continue
        const pond = orientedRect(cx, cy, rng.range(35, 80), rng.range(25, 50), rng.range(0, Math.PI))
        const inset = insetOf(cell)
        if (inset.length < 3 || !insideConvex(pond, inset, 3) || !water.clearPolygon(pond, 10)) continue
        if ((housesOf.get(cell) ?? []).some((o) => overlaps(o, orientedRect(cx, cy, 100, 80, 0)))) continue
        water.add({ kind: 'pond', name: null, ring: pond })
        break
      }
    }
  }

  // A village whose centre had no room for its committee builds it in the open, nearest its middle.
  for (const hm of net.hamlets) {
    if (!hm.main || out.committees.has(hm)) continue
    const cells = hm.village.cells.filter(isRural).sort((a, b) => dist2(c, a, hm.village.centre) - dist2(c, b, hm.village.centre))
    for (const cell of cells) {
      const inset = insetOf(cell)
      if (inset.length < 3) continue
      const [cx, cy] = centroid(inset)
      const ring = orientedRect(cx, cy, 32, 14, 0)
      const grown = orientedRect(cx, cy, 36, 18, 0)
      if (!insideConvex(ring, inset, 0.5) || !water.clearPolygon(ring, 8) || (housesOf.get(cell) ?? []).some((o) => overlaps(o, grown))) continue
      const rec: BuildingRec = { id: nextId++, name: `${hm.village.name[0]}村委会`, use: 'public', ring, floors: 3, households: 0, compound: null, point: h.pointOf[cell]!, door: null }
      out.buildings.push(rec)
      housesOf.set(cell, [...(housesOf.get(cell) ?? []), ring])
      margins.set(cell, [...(margins.get(cell) ?? []), orientedRect(cx, cy, 56, 38, 0)])
      out.committees.set(hm, rec)
      break
    }
  }

  // Fields and woods for the basemap.
  const rng = createRng(plan.seed, 'fields')
  for (let cell = 0; cell < c.sx.length; cell++) {
    if (!isRural(cell)) continue
    const inset = insetOf(cell)
    if (inset.length < 3) continue
    const [sx, sy] = [c.sx[cell], c.sy[cell]]
    const hill = hills(sx, sy)
    const houses = housesOf.get(cell) ?? []
    if (hill > 0.55 && houses.length === 0) {
      if (water.clearPolygon(inset, 3)) out.green.push({ kind: 'forest', name: null, ring: inset, compound: null })
      continue
    }
    // parallel strips with 3 m field paths between them
    const theta = rng.range(0, Math.PI)
    const nx = -Math.sin(theta)
    const ny = Math.cos(theta)
    const proj = inset.map((p) => p[0] * nx + p[1] * ny)
    const lo = Math.min(...proj)
    const hi = Math.max(...proj)
    const width = rng.range(90, 190)
    for (let s = lo; s < hi; s += width) {
      const a: XY = [nx * (s + 1.5), ny * (s + 1.5)]
      const b: XY = [nx * (s + width - 1.5), ny * (s + width - 1.5)]
      // keep the part between the two lines perpendicular to n
      let strip = clipHalfPlane(inset, a, [a[0] + ny, a[1] - nx])
      strip = clipHalfPlane(strip, b, [b[0] - ny, b[1] + nx])
      strip = dedupeRing(strip, 0.3)
      if (strip.length < 3 || signedArea(strip) < 1500) continue
      // near houses, strips are cut across into plots so the fields come up to the yards
      const yards = margins.get(cell) ?? []
      const plots = yards.length > 0 ? cutAcross(strip, nx, ny, rng.range(90, 150)) : [strip]
      for (const plot of plots) {
        if (yards.some((o) => overlaps(o, plot)) || !water.clearPolygon(plot, 3)) continue
        out.green.push({ kind: hill > 0.5 && rng.chance(0.5) ? 'forest' : 'farmland', name: null, ring: plot, compound: null })
      }
    }
  }
  return out
}


const dist2 = (c: Complex, cell: number, p: XY) => (c.sx[cell] - p[0]) ** 2 + (c.sy[cell] - p[1]) ** 2

/** Cuts a convex strip across its length (direction perpendicular to n) into plots, 2 m apart. */
function cutAcross(strip: XY[], nx: number, ny: number, length: number): XY[][] {
  // along the strip is t = (-ny, nx)
  const proj = strip.map((p) => -p[0] * ny + p[1] * nx)
  const lo = Math.min(...proj)
  const hi = Math.max(...proj)
  const out: XY[][] = []
  for (let s = lo; s < hi; s += length) {
    const a: XY = [-ny * (s + 1), nx * (s + 1)]
    const b: XY = [-ny * (s + length - 1), nx * (s + length - 1)]
    let plot = clipHalfPlane(strip, a, [a[0] + nx, a[1] + ny])
    plot = clipHalfPlane(plot, b, [b[0] - nx, b[1] - ny])
    plot = dedupeRing(plot, 0.3)
    if (plot.length >= 3 && signedArea(plot) > 600) out.push(plot)
  }
  return out
}
