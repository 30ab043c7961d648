/**
 * The committed demo district (geodata/demo) keeps the promises of geodata/README.md: counts,
 * codes, sums, valid polygons, exact tiling with shared vertices, one connected road network,
 * everything inside its stated grid, the waste-sorting pilot and the practice stations.
 */
import { fileURLToPath } from 'node:url'
import Flatbush from 'flatbush'
import { area, booleanClockwise, booleanPointInPolygon, difference, featureCollection, intersect, kinks, union } from '@turf/turf'
import type { Feature, LineString, Polygon, Position } from 'geojson'
import { beforeAll, describe, expect, it } from 'vitest'
import { toXY } from '../../scripts/demo/frame.ts'
import { loadDemoLayers, type DemoLayers, type GridProps, type WaterProps } from '../../scripts/demo/layers.ts'

const DIR = fileURLToPath(new URL('../../geodata/demo/', import.meta.url))
let L: DemoLayers
let grids: Feature<Polygon, GridProps>[]
let byId: Map<number, Feature<Polygon, GridProps>>
beforeAll(() => {
  L = loadDemoLayers(DIR)
  grids = L.grids.features
  byId = new Map(grids.map((g) => [g.properties.id, g]))
}, 60_000)

const level = (n: number) => grids.filter((g) => g.properties.level === n)
const children = (id: number) => grids.filter((g) => g.properties.parentId === id)
const key = (p: Position) => `${p[0]},${p[1]}`

describe('hierarchy', () => {
  it('has 5 streets/towns, 37 communities/villages and levels 2 and 3 below them', () => {
    expect(level(0).map((g) => g.properties.kind).sort()).toEqual(['street', 'street', 'town', 'town', 'town'])
    expect(level(1).filter((g) => g.properties.kind === 'community')).toHaveLength(14)
    expect(level(1).filter((g) => g.properties.kind === 'village')).toHaveLength(23)
    for (const g of [...level(0), ...level(1), ...level(2)]) expect(children(g.properties.id).length, g.properties.name).toBeGreaterThan(0)
    // each 街道 covers urban communities and a few villages
    for (const s of level(0).filter((g) => g.properties.kind === 'street')) {
      const kinds = children(s.properties.id).map((c) => c.properties.kind)
      expect(kinds).toContain('community')
      expect(kinds).toContain('village')
    }
  })

  it('uses 15-digit codes consistent with the parents (README "Grid codes")', () => {
    const codes = new Set<string>()
    for (const g of grids) {
      const { code, level: lv, parentId, id } = g.properties
      expect(code, `grid ${id}`).toMatch(/^990102\d{9}$/)
      expect(codes.has(code), `duplicate ${code}`).toBe(false)
      codes.add(code)
      expect(g.id).toBe(id)
      if (lv === 0) {
        expect(parentId).toBeNull()
        expect(code).toMatch(/^\d{9}000000$/)
        continue
      }
      const parent = byId.get(parentId!)!.properties
      expect(parent.level).toBe(lv - 1)
      if (lv === 1) expect(code.slice(0, 9) === parent.code.slice(0, 9) && code.endsWith('000') && code.slice(9, 12) !== '000').toBe(true)
      if (lv === 2) expect(code.slice(0, 12) === parent.code.slice(0, 12) && /^[1-9]00$/.test(code.slice(12))).toBe(true)
      if (lv === 3) expect(code.slice(0, 13) === parent.code.slice(0, 13) && /^(0[1-9]|[1-9]\d)$/.test(code.slice(13))).toBe(true)
    }
  })

  it('gives every grid responsible persons and a unit with fictional phones', () => {
    for (const g of grids) {
      const p = g.properties
      expect(p.leader.name.length).toBeGreaterThanOrEqual(2)
      expect(p.leader.phone).toMatch(/^1990000\d{4}$/)
      expect(p.persons[0]).toEqual(p.leader)
      for (const q of p.persons) expect(q.phone).toMatch(/^1990000\d{4}$/)
      expect(p.unit.name).toBeTruthy()
      expect(p.unit.phone).toMatch(/^08770000\d{4}$/)
    }
    expect(level(1).map((g) => g.properties.leader.roleZh)).toEqual(Array(37).fill('网格长'))
    expect(new Set(level(2).map((g) => g.properties.leader.roleZh))).toEqual(new Set(['片长']))
    expect(new Set(level(3).map((g) => g.properties.leader.roleZh))).toEqual(new Set(['点长']))
  })

  it('sums households and population from the buildings up', { timeout: 30_000 }, () => {
    const fromBuildings = new Map<number, number>()
    for (const b of L.buildings.features) fromBuildings.set(b.properties.gridId, (fromBuildings.get(b.properties.gridId) ?? 0) + b.properties.households)
    for (const g of level(3)) expect(g.properties.households, g.properties.code).toBe(fromBuildings.get(g.properties.id) ?? 0)
    for (const g of grids.filter((x) => x.properties.level < 3)) {
      const ch = children(g.properties.id)
      expect(g.properties.households).toBe(ch.reduce((s, c) => s + c.properties.households, 0))
      expect(g.properties.population).toBe(ch.reduce((s, c) => s + c.properties.population, 0))
    }
  })
})

describe('population (README "Figures")', () => {
  const sum = (gs: Feature<Polygon, GridProps>[], k: 'households' | 'population') => gs.reduce((s, g) => s + g.properties[k], 0)

  it('gives each community 2,500–9,000 households, 80–120k in all, and each village 200–900', () => {
    const communities = level(1).filter((g) => g.properties.kind === 'community')
    const villages = level(1).filter((g) => g.properties.kind === 'village')
    for (const c of communities) {
      expect(c.properties.households, c.properties.name).toBeGreaterThanOrEqual(2500)
      expect(c.properties.households, c.properties.name).toBeLessThanOrEqual(9000)
    }
    expect(sum(communities, 'households')).toBeGreaterThanOrEqual(80_000)
    expect(sum(communities, 'households')).toBeLessThanOrEqual(120_000)
    for (const v of villages) {
      expect(v.properties.households, v.properties.name).toBeGreaterThanOrEqual(200)
      expect(v.properties.households, v.properties.name).toBeLessThanOrEqual(900)
    }
  })

  it('has 2.6–3.0 persons a household and 250–350k people in the district', () => {
    for (const g of level(1)) {
      const ratio = g.properties.population / g.properties.households
      expect(ratio, g.properties.name).toBeGreaterThanOrEqual(2.6)
      expect(ratio, g.properties.name).toBeLessThanOrEqual(3.0)
    }
    const people = sum(level(0), 'population')
    expect(people).toBeGreaterThanOrEqual(250_000)
    expect(people).toBeLessThanOrEqual(350_000)
  })

  it('houses them in a county seat’s mix of buildings', { timeout: 30_000 }, () => {
    const b = L.buildings.features.map((f) => f.properties)
    const flats = b.filter((x) => x.use === 'residential' && x.compoundId !== null)
    const selfBuilt = b.filter((x) => x.use === 'residential' && x.compoundId === null)
    // most blocks of flats are walk-ups of 5–7 floors with 20–28 households; few towers
    const walkUps = flats.filter((x) => x.floors <= 7 && x.households >= 20 && x.households <= 28)
    expect(walkUps.length / flats.length).toBeGreaterThan(0.6)
    expect(flats.filter((x) => x.floors >= 11 && x.floors <= 18).length).toBeGreaterThan(0)
    expect(flats.filter((x) => x.floors > 18).length / flats.length).toBeLessThan(0.05)
    for (const x of flats) expect(x.households, x.name).toBeLessThanOrEqual(132)
    // self-built houses: 2–5 floors, 1–8 households, many of them
    expect(selfBuilt.length).toBeGreaterThan(1000)
    for (const x of selfBuilt) {
      expect(x.households, x.name).toBeGreaterThanOrEqual(1)
      expect(x.households, x.name).toBeLessThanOrEqual(8)
    }
    // village houses: one or two households, a few courtyards of three or four
    const houses = b.filter((x) => x.use === 'village_house')
    for (const x of houses) {
      expect(x.households).toBeGreaterThanOrEqual(1)
      expect(x.households).toBeLessThanOrEqual(4)
    }
    expect(houses.filter((x) => x.households <= 2).length / houses.length).toBeGreaterThan(0.75)
    // shops, sheds, offices, schools: no households (checked above), and plenty of them
    expect(b.filter((x) => x.use === 'commercial').length).toBeGreaterThan(300)
  })
})

describe('district outline', () => {
  it('is one simply connected polygon, elongated and irregular, with the town off-centre', () => {
    const d = L.district.features[0]
    expect(d.geometry.type).toBe('Polygon')
    expect(d.geometry.coordinates).toHaveLength(1)
    const ring = d.geometry.coordinates[0].map(([lon, lat]) => toXY(lon, lat))
    // principal axes of the polygon (area moments about its centroid)
    let a = 0
    let cx = 0
    let cy = 0
    for (let i = 0; i + 1 < ring.length; i++) {
      const f = ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1]
      a += f / 2
      cx += ((ring[i][0] + ring[i + 1][0]) * f) / 6
      cy += ((ring[i][1] + ring[i + 1][1]) * f) / 6
    }
    cx /= a
    cy /= a
    let ixx = 0
    let iyy = 0
    let ixy = 0
    let perimeter = 0
    for (let i = 0; i + 1 < ring.length; i++) {
      const [x0, y0] = [ring[i][0] - cx, ring[i][1] - cy]
      const [x1, y1] = [ring[i + 1][0] - cx, ring[i + 1][1] - cy]
      const f = x0 * y1 - x1 * y0
      ixx += ((y0 * y0 + y0 * y1 + y1 * y1) * f) / 12
      iyy += ((x0 * x0 + x0 * x1 + x1 * x1) * f) / 12
      ixy += ((x0 * y1 + 2 * x0 * y0 + 2 * x1 * y1 + x1 * y0) * f) / 24
      perimeter += Math.hypot(x1 - x0, y1 - y0)
    }
    const mean = (ixx + iyy) / 2
    const spread = Math.sqrt(((ixx - iyy) / 2) ** 2 + ixy ** 2)
    const aspect = Math.sqrt((mean + spread) / (mean - spread))
    expect(aspect).toBeGreaterThan(1.25)
    expect(aspect).toBeLessThan(1.8)
    // far from a disc or an ellipse: lobes and inlets lengthen the outline
    expect((4 * Math.PI * a) / perimeter ** 2).toBeLessThan(0.6)
    expect(a / 1e6).toBeGreaterThan(400)
    expect(a / 1e6).toBeLessThan(650)
    // the town (the frame's origin) lies well away from the middle
    expect(Math.hypot(cx, cy)).toBeGreaterThan(2500)
  })
})

describe('polygons', () => {
  it('are valid: closed, ≥ 4 positions, no self-intersection, RFC 7946 winding', () => {
    const layers = [L.district, L.grids, L.compounds, L.buildings, L.green, { features: L.water.features.filter((f) => f.geometry.type === 'Polygon') }] as { features: Feature<Polygon>[] }[]
    let n = 0
    for (const layer of layers)
      for (const f of layer.features) {
        expect(f.geometry.type).toBe('Polygon')
        f.geometry.coordinates.forEach((ring, i) => {
          expect(ring.length).toBeGreaterThanOrEqual(4)
          expect(key(ring[0])).toBe(key(ring[ring.length - 1]))
          for (let k = 1; k < ring.length; k++) expect(key(ring[k]) !== key(ring[k - 1]), `${f.id}: repeated position`).toBe(true)
          expect(booleanClockwise(ring), `feature ${f.id} ring ${i}`).toBe(i > 0)
        })
        expect(kinks(f).features.length, `feature ${f.id} crosses itself`).toBe(0)
        n++
      }
    expect(n).toBeGreaterThan(20_000)
  }, 60_000)
})

/** Pairs of features whose boxes overlap, found with flatbush: O(n log n + k). */
function candidatePairs(fs: readonly Feature<Polygon>[]): [number, number][] {
  const index = new Flatbush(fs.length)
  const boxes = fs.map((f) => bboxOf(f.geometry.coordinates[0]))
  for (const b of boxes) index.add(b[0], b[1], b[2], b[3])
  index.finish()
  const out: [number, number][] = []
  boxes.forEach((b, i) => {
    for (const j of index.search(b[0], b[1], b[2], b[3])) if (j > i) out.push([i, j])
  })
  return out
}

function bboxOf(ring: Position[]): [number, number, number, number] {
  let [a, b, c, d] = [Infinity, Infinity, -Infinity, -Infinity]
  for (const [x, y] of ring) [a, b, c, d] = [Math.min(a, x), Math.min(b, y), Math.max(c, x), Math.max(d, y)]
  return [a, b, c, d]
}

describe('tiling (全覆盖、无缝隙)', () => {
  it('each level tiles its parent: union, symmetric difference and sibling overlaps within 0.01 %', () => {
    const parents: [Feature<Polygon>, Feature<Polygon>[]][] = [[L.district.features[0], level(0)]]
    for (const g of grids.filter((x) => x.properties.level < 3)) parents.push([g, children(g.properties.id)])
    let worst = { union: 0, sym: 0, overlap: 0 }
    for (const [parent, kids] of parents) {
      const pa = area(parent)
      const u = kids.length === 1 ? kids[0] : union(featureCollection(kids))!
      const outside = difference(featureCollection([u, parent]))
      const missing = difference(featureCollection([parent, u]))
      const sym = (outside ? area(outside) : 0) + (missing ? area(missing) : 0)
      let overlap = 0
      for (const [i, j] of candidatePairs(kids)) {
        const x = intersect(featureCollection([kids[i], kids[j]]))
        if (x) overlap += area(x)
      }
      worst = {
        union: Math.max(worst.union, Math.abs(area(u) - pa) / pa),
        sym: Math.max(worst.sym, sym / pa),
        overlap: Math.max(worst.overlap, overlap / pa),
      }
    }
    console.log(`tiling, worst relative differences: union ${worst.union.toExponential(2)}, symmetric ${worst.sym.toExponential(2)}, overlap ${worst.overlap.toExponential(2)}`)
    expect(worst.union).toBeLessThan(1e-4)
    expect(worst.sym).toBeLessThan(1e-4)
    expect(worst.overlap).toBeLessThan(1e-4)
  }, 60_000)

  it('shares vertices: a vertex on a neighbour’s boundary is that neighbour’s vertex too (no T-junctions)', () => {
    for (const lv of [0, 1, 2, 3]) {
      const fs = level(lv)
      const vertexSets = fs.map((f) => new Set(f.geometry.coordinates.flat().map(key)))
      let checked = 0
      for (const [i, j] of candidatePairs(fs))
        for (const [a, b] of [
          [i, j],
          [j, i],
        ]) {
          const ring = fs[b].geometry.coordinates[0]
          for (const p of fs[a].geometry.coordinates[0]) {
            if (vertexSets[b].has(key(p))) continue
            for (let k = 1; k < ring.length; k++) {
              if (onSegment(p, ring[k - 1], ring[k])) throw new Error(`level ${lv}: vertex ${key(p)} of ${fs[a].properties.code} lies on an edge of ${fs[b].properties.code} without being its vertex`)
            }
            checked++
          }
        }
      expect(checked).toBeGreaterThan(0)
    }
  }, 30_000)
})

/** True when p lies on segment ab (within ~1 mm). */
function onSegment(p: Position, a: Position, b: Position): boolean {
  const eps = 1e-8
  if (p[0] < Math.min(a[0], b[0]) - eps || p[0] > Math.max(a[0], b[0]) + eps || p[1] < Math.min(a[1], b[1]) - eps || p[1] > Math.max(a[1], b[1]) + eps) return false
  const cross = (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0])
  return Math.abs(cross) / Math.hypot(b[0] - a[0], b[1] - a[1]) < eps
}

describe('roads', () => {
  it('form one connected network (nodes are identical coordinates)', () => {
    const parent = new Map<string, string>()
    const find = (x: string): string => {
      let r = x
      while (parent.get(r) !== r) r = parent.get(r)!
      parent.set(x, r)
      return r
    }
    for (const f of L.roads.features) {
      const c = f.geometry.coordinates
      for (const p of c) if (!parent.has(key(p))) parent.set(key(p), key(p))
      for (let k = 1; k < c.length; k++) parent.set(find(key(c[k])), find(key(c[0])))
    }
    const roots = new Set([...parent.keys()].map(find))
    expect(roots.size).toBe(1)
    const classes = new Set(L.roads.features.map((f) => f.properties.class))
    for (const c of ['primary', 'secondary', 'residential', 'rural', 'footway']) expect(classes).toContain(c)
    expect(L.roads.features.filter((f) => f.properties.class === 'primary' && f.properties.name === '岚湖大道')).toHaveLength(1)
  }, 30_000)

  it('meet only at shared vertices: no segment crosses or touches another between vertices', () => {
    const segs: [Position, Position][] = []
    for (const f of L.roads.features as Feature<LineString>[]) {
      const c = f.geometry.coordinates
      for (let k = 1; k < c.length; k++) segs.push([c[k - 1], c[k]])
    }
    const index = new Flatbush(segs.length)
    for (const [a, b] of segs) index.add(Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[0], b[0]), Math.max(a[1], b[1]))
    index.finish()
    let bad = 0
    segs.forEach(([a, b], i) => {
      for (const j of index.search(Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[0], b[0]), Math.max(a[1], b[1]))) {
        if (j <= i) continue
        const [c, d] = segs[j]
        const shared = [a, b].some((p) => key(p) === key(c) || key(p) === key(d))
        const touching = [c, d].some((p) => onSegment(p, a, b) && key(p) !== key(a) && key(p) !== key(b)) || [a, b].some((p) => onSegment(p, c, d) && key(p) !== key(c) && key(p) !== key(d))
        if (touching || (!shared && properCross(a, b, c, d))) bad++
      }
    })
    expect(bad).toBe(0)
  }, 30_000)
})

function properCross(a: Position, b: Position, c: Position, d: Position): boolean {
  const o = (p: Position, q: Position, r: Position) => Math.sign((q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0]))
  return o(a, b, c) * o(a, b, d) < 0 && o(c, d, a) * o(c, d, b) < 0
}

describe('contents', () => {
  const inside = (pts: Position[], poly: Feature<Polygon>) => pts.every((p) => booleanPointInPolygon(p, poly))
  const withMidpoints = (ring: Position[]) => ring.flatMap((p, k) => (k ? [[(p[0] + ring[k - 1][0]) / 2, (p[1] + ring[k - 1][1]) / 2], p] : [p]))

  it('has the compounds and buildings of a county seat and its villages', { timeout: 30_000 }, () => {
    const compounds = L.compounds.features.map((f) => f.properties)
    expect(compounds.length).toBeGreaterThanOrEqual(150)
    expect(compounds.filter((c) => c.old).length).toBeGreaterThanOrEqual(20)
    expect(compounds.filter((c) => c.renovation !== null)).toHaveLength(20)
    expect(compounds.some((c) => c.hasProperty && c.propertyCompany) && compounds.some((c) => !c.hasProperty && c.propertyCompany === null)).toBe(true)
    const urban = L.buildings.features.filter((b) => b.properties.use !== 'village_house')
    expect(urban.length).toBeGreaterThanOrEqual(5000)
    expect(L.buildings.features.length - urban.length).toBeGreaterThanOrEqual(1500)
    for (const b of L.buildings.features.filter((x) => x.properties.use === 'residential')) {
      expect(b.properties.households).toBeGreaterThan(0)
      // self-built houses have 2–5 floors, blocks of flats 5–33
      expect(b.properties.floors).toBeGreaterThanOrEqual(b.properties.compoundId ? 5 : 2)
      expect(b.properties.floors).toBeLessThanOrEqual(b.properties.compoundId ? 33 : 5)
    }
    for (const b of L.buildings.features.filter((x) => x.properties.use !== 'residential' && x.properties.use !== 'village_house')) expect(b.properties.households, b.properties.name).toBe(0)
    const perCompound = new Map<number, number>()
    for (const b of L.buildings.features) if (b.properties.compoundId) perCompound.set(b.properties.compoundId, (perCompound.get(b.properties.compoundId) ?? 0) + b.properties.households)
    for (const c of compounds) expect(c.households).toBe(perCompound.get(c.id))
  })

  it('puts compounds, buildings and green areas inside their level-3 grid and buildings inside their compound', () => {
    const compounds = new Map(L.compounds.features.map((f) => [f.properties.id, f]))
    for (const c of L.compounds.features) expect(inside(withMidpoints(c.geometry.coordinates[0]), byId.get(c.properties.gridId)!), `compound ${c.id}`).toBe(true)
    for (const b of L.buildings.features) {
      const ring = withMidpoints(b.geometry.coordinates[0])
      expect(byId.get(b.properties.gridId)!.properties.level).toBe(3)
      expect(inside(ring, byId.get(b.properties.gridId)!), `building ${b.id}`).toBe(true)
      if (b.properties.compoundId) expect(inside(ring, compounds.get(b.properties.compoundId)!), `building ${b.id} in its compound`).toBe(true)
    }
    // green areas: inside one level-3 grid (found through the vertex box index)
    const l3 = level(3)
    const index = new Flatbush(l3.length)
    for (const g of l3) index.add(...bboxOf(g.geometry.coordinates[0]))
    index.finish()
    for (const g of L.green.features) {
      const ring = g.geometry.coordinates[0]
      const [x0, y0, x1, y1] = bboxOf(ring)
      const hosts = index.search(x0, y0, x1, y1).filter((k) => inside(ring, l3[k]))
      expect(hosts.length, `green ${g.id}`).toBe(1)
    }
  }, 30_000)

  it('puts every point in the level-3 grid it names', () => {
    for (const f of [...L.kiosks.features, ...L.facilities.features]) {
      const grid = byId.get(f.properties.gridId)!
      expect(grid.properties.level).toBe(3)
      expect(booleanPointInPolygon(f.geometry.coordinates, grid), `${f.properties.name}`).toBe(true)
    }
  })

  it('keeps buildings out of the water', { timeout: 30_000 }, () => {
    const water = L.water.features.filter((f) => f.geometry.type === 'Polygon') as Feature<Polygon, WaterProps>[]
    expect(water.some((w) => w.properties.kind === 'river' && w.properties.name)).toBe(true)
    expect(water.some((w) => w.properties.kind === 'lake')).toBe(true)
    const boxes = water.map((w) => bboxOf(w.geometry.coordinates[0]))
    for (const b of L.buildings.features) {
      const ring = b.geometry.coordinates[0]
      const [x0, y0, x1, y1] = bboxOf(ring)
      water.forEach((w, k) => {
        const [a, c, d, e] = boxes[k]
        if (x1 < a || x0 > d || y1 < c || y0 > e) return
        expect(ring.some((p) => booleanPointInPolygon(p, w)), `building ${b.id} in ${w.properties.name ?? w.properties.kind}`).toBe(false)
      })
    }
  })

  it('has green of every kind, with fitness areas above and below 400 m²', () => {
    const kinds = new Set(L.green.features.map((f) => f.properties.kind))
    for (const k of ['compound_green', 'park', 'fitness', 'square', 'farmland', 'forest']) expect(kinds).toContain(k)
    const fitness = L.green.features.filter((f) => f.properties.kind === 'fitness').map((f) => area(f))
    expect(fitness.some((a) => a >= 400) && fitness.some((a) => a < 400)).toBe(true)
  })

  it('runs the waste-sorting pilot: 15 compounds, 1–2 kiosks each, a drop point by every residential building', () => {
    const pilots = L.compounds.features.filter((c) => c.properties.pilot)
    expect(pilots).toHaveLength(15)
    const kiosks = L.kiosks.features.map((f) => f.properties)
    for (const p of pilots) {
      const own = kiosks.filter((k) => k.kind === 'kiosk' && k.compoundId === p.properties.id)
      expect(own.length).toBeGreaterThanOrEqual(1)
      expect(own.length).toBeLessThanOrEqual(2)
      for (const k of own) {
        expect(k.streams).toEqual(['recyclable', 'hazardous', 'kitchen', 'other'])
        expect(k.supervisor?.phone).toMatch(/^1990000\d{4}$/)
      }
      const buildings = L.buildings.features.filter((b) => b.properties.compoundId === p.properties.id && b.properties.use === 'residential')
      expect(buildings.length).toBeGreaterThanOrEqual(4)
      for (const b of buildings) {
        const drops = kiosks.filter((k) => k.kind === 'drop_point' && k.buildingId === b.properties.id)
        expect(drops, b.properties.name).toHaveLength(1)
        expect(drops[0].streams).toEqual(['kitchen', 'other'])
      }
    }
    // elsewhere kiosks are sparse: most compounds have none
    const withKiosk = new Set(kiosks.filter((k) => k.kind === 'kiosk').map((k) => k.compoundId))
    expect(withKiosk.size).toBeLessThan(L.compounds.features.length / 5)
    expect(kiosks.filter((k) => k.kind === 'drop_point').every((k) => pilots.some((p) => p.properties.id === k.compoundId))).toBe(true)
  })

  it('has one practice station per community and village, and the other facilities', () => {
    const fac = L.facilities.features.map((f) => f.properties)
    const stations = fac.filter((f) => f.kind === 'practice_station')
    expect(stations).toHaveLength(37)
    expect(stations.filter((s) => s.setting === 'village')).toHaveLength(23)
    expect(stations.filter((s) => s.setting === 'residential')).toHaveLength(14)
    const l1 = (gridId: number) => byId.get(byId.get(gridId)!.properties.parentId!)!.properties.parentId!
    expect(new Set(stations.map((s) => l1(s.gridId))).size).toBe(37)
    for (const s of stations) expect(byId.get(l1(s.gridId))!.properties.kind).toBe(s.setting === 'village' ? 'village' : 'community')
    const count = (k: string) => fac.filter((f) => f.kind === k).length
    expect(count('volunteer_station')).toBeGreaterThanOrEqual(15)
    expect(count('activity_room')).toBeGreaterThanOrEqual(20)
    expect(count('publicity_board')).toBeGreaterThanOrEqual(150)
    expect(count('market')).toBeGreaterThanOrEqual(8)
    expect(count('school')).toBeGreaterThanOrEqual(8)
    expect(count('police_post')).toBeGreaterThanOrEqual(14)
  })
})
