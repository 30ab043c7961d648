/**
 * The grid hierarchy, drawn on the cell complex: urban core → 2 街道 → 14 communities, the
 * countryside → 23 villages grouped into 3 镇/乡 plus a few villages for each 街道; then every
 * community or village into 片区 (level 2) and every 片区 into 点位 (level 3). Each unit is a
 * contiguous set of cells, so each level tiles its parent exactly.
 */
import { cellSize, type Complex } from './complex.ts'
import type { XY } from './frame.ts'
import type { GridKind } from './layers.ts'
import { communityNamer, DISTRICT_CODE, HAMLETS, STREETS, SUBURBAN_VILLAGES, TOWNS, uniqueNamer, VILLAGES, type NamePair } from './names.ts'
import { growRegions, type Graph } from './partition.ts'
import type { Plan } from './plan.ts'
import { createRng, type Rng } from './random.ts'

export interface Unit {
  id: number
  level: 0 | 1 | 2 | 3
  kind: GridKind
  urban: boolean
  cells: number[]
  parent: Unit | null
  children: Unit[]
  code: string
  name: NamePair
  /** mean of the cell sites */
  centre: XY
}

export interface Hierarchy {
  /** all units, parents before children, in id order (id = index + 1) */
  units: Unit[]
  /** level-3 unit of every district cell (undefined elsewhere) */
  pointOf: (Unit | undefined)[]
}

export function buildHierarchy(c: Complex, districtCells: readonly number[], isCore: (cell: number) => boolean, plan: Plan): Hierarchy {
  const rng = createRng(plan.seed, 'hierarchy')
  const core = districtCells.filter(isCore)
  const rural = districtCells.filter((i) => !isCore(i))
  const { counts } = plan

  // Urban: core → streets → communities.
  const streetCells = split(c, core, counts.urbanStreets, rng)
  const perStreet = spread(counts.communities, counts.urbanStreets)
  const communities = streetCells.map((cells, s) => split(c, cells, perStreet[s], rng))

  // Rural: villages first (the natural unit), then grouped.
  const villages = split(c, rural, counts.villages, rng, (i) => cellArea(c, i))
  const villageOfCell = new Map<number, number>()
  villages.forEach((cells, v) => cells.forEach((i) => villageOfCell.set(i, v)))
  const streetOfCell = new Map<number, number>()
  streetCells.forEach((cells, s) => cells.forEach((i) => streetOfCell.set(i, s)))
  const villageAdj = villages.map(() => new Set<number>())
  const touchesStreet = villages.map(() => new Map<number, number>())
  for (const [i, v] of villageOfCell) {
    for (let k = c.start[i]; k < c.start[i + 1]; k++) {
      const j = c.ringN[k]
      const w = villageOfCell.get(j)
      if (w !== undefined && w !== v) villageAdj[v].add(w)
      const s = streetOfCell.get(j)
      if (s !== undefined) touchesStreet[v].set(s, (touchesStreet[v].get(s) ?? 0) + 1)
    }
  }
  const owner = new Int32Array(villages.length).fill(-1) // level-0 index for each village
  // Each street takes the villages along its edge of the core, preferring ones that touch
  // a village it already has, so the street stays in one piece.
  const score = (v: number, s: number) => (touchesStreet[v].get(s) ?? 0) + ([...villageAdj[v]].some((w) => owner[w] === s) ? 100 : 0)
  for (let s = 0; s < counts.urbanStreets; s++) {
    for (let n = 0; n < counts.villagesPerStreet; n++) {
      let best = -1
      for (let v = 0; v < villages.length; v++) {
        if (owner[v] !== -1 || !touchesStreet[v].has(s)) continue
        if (best === -1 || score(v, s) > score(best, s)) best = v
      }
      if (best !== -1) owner[best] = s
    }
  }
  const free = villages.map((_, v) => v).filter((v) => owner[v] === -1)
  const components = connectedComponents(free, (v) => [...villageAdj[v]].filter((w) => owner[w] === -1))
  components.sort((a, b) => b.length - a.length)
  // Stray pockets cut off by the streets' villages join a neighbouring street.
  // A pocket goes whole to a street it touches (through its villages or the core), so it stays contiguous.
  for (const comp of components.slice(1)) {
    let s = -1
    for (const v of comp) {
      s = [...villageAdj[v]].map((w) => owner[w]).find((o) => o >= 0 && o < counts.urbanStreets) ?? [...touchesStreet[v].keys()][0] ?? -1
      if (s >= 0) break
    }
    if (s < 0) throw new Error(`a pocket of ${comp.length} villages touches no street`)
    for (const v of comp) owner[v] = s
  }
  const main = components[0]
  const townOf = growRegions(
    { pos: main.map((v) => meanPos(c, villages[v])), weight: main.map(() => 1), adj: main.map((v) => [...villageAdj[v]].map((w) => main.indexOf(w)).filter((x) => x >= 0)) },
    counts.towns,
    rng,
  )
  main.forEach((v, i) => (owner[v] = counts.urbanStreets + townOf[i]))

  // Assemble units, numbering children in reading order (north to south, then west to east).
  const units: Unit[] = []
  const communityNames = communityNamer(rng)
  const villageNames = uniqueNamer(VILLAGES, rng)
  const suburbNames = uniqueNamer(SUBURBAN_VILLAGES, null)
  const hamletNames = uniqueNamer(HAMLETS, rng)
  const streetNames = uniqueNamer(STREETS, null)
  const townNames = uniqueNamer(TOWNS, null)
  const level0: { urban: boolean; parts: { cells: number[]; urban: boolean }[] }[] = []
  for (let s = 0; s < counts.urbanStreets; s++) level0.push({ urban: true, parts: communities[s].map((cells) => ({ cells, urban: true })) })
  for (let t = 0; t < counts.towns; t++) level0.push({ urban: false, parts: [] })
  villages.forEach((cells, v) => level0[owner[v]].parts.push({ cells, urban: false }))

  const tops = level0.map((l0) => ({ l0, cells: l0.parts.flatMap((p) => p.cells) }))
  sortReading(tops, (t) => meanPos(c, t.cells))
  // 街道 are numbered before 镇/乡, as in the statistical division codes
  tops.sort((a, b) => Number(b.l0.urban) - Number(a.l0.urban))
  tops.forEach(({ l0, cells }, s) => {
    const street = makeUnit(c, 0, l0.urban ? 'street' : 'town', l0.urban, cells, null, `${DISTRICT_CODE}${pad3(s + 1)}000000`, l0.urban ? streetNames() : townNames())
    units.push(street)
    const parts = l0.parts.slice()
    sortReading(parts, (p) => meanPos(c, p.cells))
    let nCommunity = 0
    let nVillage = 0
    for (const part of parts) {
      const seq = part.urban ? ++nCommunity : 200 + ++nVillage
      const name = part.urban ? communityNames() : l0.urban ? suburbNames() : villageNames()
      const l1 = makeUnit(c, 1, part.urban ? 'community' : 'village', part.urban, part.cells, street, `${street.code.slice(0, 9)}${pad3(seq)}000`, name)
      units.push(l1)
    }
  })
  // Levels 2 and 3.
  for (const l1 of units.filter((u) => u.level === 1)) {
    const k2 = clamp(Math.round(l1.cells.length / (l1.urban ? 9 : 13)), l1.urban ? 2 : 3, 9)
    const areas = split(c, l1.cells, Math.min(k2, l1.cells.length), rng)
    sortReading(areas, (cells) => meanPos(c, cells))
    areas.forEach((cells, a) => {
      const areaName: NamePair = l1.urban ? [`${l1.name[0]}第${a + 1}片区`, `${l1.name[1]} Area ${a + 1}`] : hamletArea(l1.name, hamletNames())
      const l2 = makeUnit(c, 2, 'area', l1.urban, cells, l1, `${l1.code.slice(0, 12)}${a + 1}00`, areaName)
      units.push(l2)
    })
  }
  for (const l2 of units.filter((u) => u.level === 2)) {
    const k3 = clamp(Math.round(l2.cells.length / (l2.urban ? 3 : 4)), Math.min(2, l2.cells.length), 99)
    const points = split(c, l2.cells, k3, rng)
    sortReading(points, (cells) => meanPos(c, cells))
    points.forEach((cells, p) => {
      // placeholder names: the model renames points after what stands in them
      const name: NamePair = [`${l2.name[0]}${p + 1}号点位`, `${l2.name[1]} Point ${p + 1}`]
      units.push(makeUnit(c, 3, 'point', l2.urban, cells, l2, `${l2.code.slice(0, 12)}${l2.code[12]}${String(p + 1).padStart(2, '0')}`, name))
    })
  }
  // Parents before children, siblings by code; ids follow.
  units.sort((a, b) => a.level - b.level || (a.code < b.code ? -1 : 1))
  units.forEach((u, i) => (u.id = i + 1))
  for (const u of units) u.parent?.children.push(u)
  const pointOf: (Unit | undefined)[] = []
  for (const u of units) if (u.level === 3) for (const i of u.cells) pointOf[i] = u
  return { units, pointOf }
}

function hamletArea(village: NamePair, hamlet: NamePair): NamePair {
  return [`${village[0]}${hamlet[0]}片区`, `${village[1]} ${hamlet[1]} Area`]
}

function makeUnit(c: Complex, level: Unit['level'], kind: GridKind, urban: boolean, cells: number[], parent: Unit | null, code: string, name: NamePair): Unit {
  if (code.length !== 15) throw new Error(`bad grid code ${code}`)
  return { id: 0, level, kind, urban, cells: cells.slice().sort((a, b) => a - b), parent, children: [], code, name, centre: meanPos(c, cells) }
}

/** Splits a connected set of cells into k contiguous groups. */
function split(c: Complex, cells: readonly number[], k: number, rng: Rng, weight: (cell: number) => number = () => 1): number[][] {
  if (k <= 1) return [cells.slice()]
  const index = new Map<number, number>()
  cells.forEach((cell, i) => index.set(cell, i))
  const g: Graph = {
    pos: cells.map((i) => [c.sx[i], c.sy[i]] as XY),
    weight: cells.map(weight),
    adj: cells.map((i) => {
      const out: number[] = []
      for (let k2 = c.start[i]; k2 < c.start[i + 1]; k2++) {
        const j = index.get(c.ringN[k2])
        if (j !== undefined) out.push(j)
      }
      return out
    }),
  }
  const group = growRegions(g, k, rng)
  const groups: number[][] = Array.from({ length: k }, () => [])
  cells.forEach((cell, i) => groups[group[i]].push(cell))
  return groups.filter((grp) => grp.length > 0)
}

function connectedComponents(nodes: readonly number[], adj: (n: number) => number[]): number[][] {
  const seen = new Set<number>()
  const out: number[][] = []
  for (const n of nodes) {
    if (seen.has(n)) continue
    const comp: number[] = []
    const stack = [n]
    seen.add(n)
    while (stack.length) {
      const m = stack.pop()!
      comp.push(m)
      for (const w of adj(m)) if (!seen.has(w)) (seen.add(w), stack.push(w))
    }
    out.push(comp.sort((a, b) => a - b))
  }
  return out
}

export function cellArea(c: Complex, i: number): number {
  let s = 0
  const m = cellSize(c, i)
  for (let q = 0; q < m; q++) {
    const a = c.ringV[c.start[i] + q]
    const b = c.ringV[c.start[i] + ((q + 1) % m)]
    s += c.vx[a] * c.vy[b] - c.vx[b] * c.vy[a]
  }
  return s / 2
}

function meanPos(c: Complex, cells: readonly number[]): XY {
  let x = 0
  let y = 0
  for (const i of cells) {
    x += c.sx[i]
    y += c.sy[i]
  }
  return [x / cells.length, y / cells.length]
}

/** Sorts in reading order: bands of 1.5 km from north to south, west to east inside a band. */
function sortReading<T>(items: T[], pos: (item: T) => XY): void {
  const keyed = items.map((item) => ({ item, p: pos(item) }))
  const band = (p: XY) => Math.floor(-p[1] / 1500)
  keyed.sort((a, b) => band(a.p) - band(b.p) || a.p[0] - b.p[0])
  keyed.forEach((k, i) => (items[i] = k.item))
}

function spread(total: number, parts: number): number[] {
  return Array.from({ length: parts }, (_, i) => Math.floor(total / parts) + (i < total % parts ? 1 : 0))
}

const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, v))
const pad3 = (n: number) => String(n).padStart(3, '0')
