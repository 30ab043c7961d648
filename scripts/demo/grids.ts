/**
 * What each grid carries besides its outline: responsible persons (网格长 / 片长 / 点长 and
 * grid workers, as in seed 003), a responsible unit (包保单位), households and population
 * (level 3 counted from its buildings, parents summed), and point names taken from what stands
 * in them.
 */
import type { Hierarchy, Unit } from './hierarchy.ts'
import type { Person } from './layers.ts'
import type { People } from './people.ts'
import type { Plan } from './plan.ts'
import { createRng } from './random.ts'
import type { BuildingRec, CompoundRec } from './records.ts'

export interface GridInfo {
  leader: Person
  persons: Person[]
  unit: { name: string; phone: string }
  households: number
  population: number
}

export function describeGrids(h: Hierarchy, buildings: readonly BuildingRec[], compounds: readonly CompoundRec[], people: People, plan: Plan): Map<Unit, GridInfo> {
  const rng = createRng(plan.seed, 'grid-info')
  const info = new Map<Unit, GridInfo>()
  const households = new Map<Unit, number>()
  for (const b of buildings) households.set(b.point, (households.get(b.point) ?? 0) + b.households)

  renamePoints(h, compounds)
  for (const u of h.units) {
    const village = u.kind === 'village' || (u.level > 1 && !u.urban)
    let leader: Person
    let others: Person[]
    let unit
    switch (u.level) {
      case 0:
        leader = people.person('street_leader', u.kind === 'street' ? '街道党工委书记' : '镇（乡）党委书记')
        others = [people.person('director', u.kind === 'street' ? '街道办事处主任' : '镇（乡）长')]
        unit = people.unit(`${u.name[0]}${u.kind === 'street' ? '办事处' : '人民政府'}`)
        break
      case 1:
        leader = people.person('grid_head', '网格长')
        others = [people.person('secretary', village ? '村党总支书记' : '社区党总支书记'), people.person('liaison', u.parent!.kind === 'street' ? '街道联络员' : '镇联络员')]
        unit = people.anyUnit()
        break
      case 2:
        leader = people.person('area_head', '片长')
        others = [people.person('liaison', village ? '村民小组联络员' : '社区联络员'), people.person('grid_worker', '网格员')]
        unit = people.anyUnit()
        break
      default:
        leader = people.person('point_head', '点长')
        others = [people.person('grid_worker', '网格员')]
        unit = people.anyUnit()
    }
    info.set(u, { leader, persons: [leader, ...others], unit, households: 0, population: 0 })
  }
  // Level 3 from the buildings, parents as sums: children come after parents, so walk backwards.
  for (let k = h.units.length - 1; k >= 0; k--) {
    const u = h.units[k]
    const gi = info.get(u)!
    if (u.level === 3) {
      gi.households = households.get(u) ?? 0
      // persons per household: a little over 2.6 in town, nearer 3 in the villages
      gi.population = Math.round(gi.households * (u.urban ? rng.range(2.6, 2.85) : rng.range(2.8, 3.0)))
    } else {
      for (const ch of u.children) {
        gi.households += info.get(ch)!.households
        gi.population += info.get(ch)!.population
      }
    }
  }
  return info
}

/** Urban points take the name of their largest compound (锦绣花园点位); duplicates get a number. */
function renamePoints(h: Hierarchy, compounds: readonly CompoundRec[]) {
  const biggest = new Map<Unit, CompoundRec>()
  for (const comp of compounds) {
    const cur = biggest.get(comp.point)
    if (!cur || comp.buildings.length > cur.buildings.length) biggest.set(comp.point, comp)
  }
  const used = new Set<string>()
  for (const u of h.units) {
    if (u.level !== 3) continue
    const area = u.parent!
    const seq = Number(u.code.slice(13))
    if (u.urban) {
      const comp = biggest.get(u)
      let zh = comp ? `${comp.name}点位` : `${area.name[0]}${seq}号点位`
      if (used.has(`${area.parent!.id}:${zh}`)) zh = zh.replace(/点位$/, `${seq}号点位`)
      used.add(`${area.parent!.id}:${zh}`)
      u.name = [zh, `${area.name[1]} Point ${seq}`]
    } else {
      const hamlet = area.name[0].replace(/片区$/, '')
      u.name = [`${hamlet}第${seq}村民小组点位`, `${area.name[1].replace(/ Area$/, '')} Group ${seq}`]
    }
  }
}
