/**
 * Points on the map: civilisation practice stations (one per community or village), volunteer
 * stations, activity rooms, publicity boards, police posts, town-seat markets and schools; and
 * the waste-sorting pilot of seed 001 §10 — 15 pilot compounds with 1–2 kiosks each and a drop
 * point by every residential building — plus a few kiosks elsewhere, so that coverage has gaps
 * to find. Also picks the ~20 old compounds in the renovation programme (seed 001 §11).
 */
import type { Block } from './blocks.ts'
import type { XY } from './frame.ts'
import type { Hierarchy } from './hierarchy.ts'
import type { Renovation, WasteStream } from './layers.ts'
import type { People } from './people.ts'
import { insideConvex, pointInRing, centroid } from './planar.ts'
import type { Plan } from './plan.ts'
import { createRng, type Rng } from './random.ts'
import type { CompoundRec, KioskRec, PlaceRec } from './records.ts'
import type { Rural } from './rural.ts'
import type { Urban } from './urban.ts'

const ALL_STREAMS: WasteStream[] = ['recyclable', 'hazardous', 'kitchen', 'other']
const DROP_STREAMS: WasteStream[] = ['kitchen', 'other']
const RENOVATION_ITEMS = ['路面破损修复', '增设绿化', '增设非机动车棚', '增设机动车停车位', '完善充电装置', '楼道修补粉刷', '公共照明', '雨污分流改造', '创城氛围营造']
export const PILOT_COUNT = 15
export const RENOVATION_COUNT = 20

export interface Amenities {
  places: PlaceRec[]
  kiosks: KioskRec[]
}

/** A point near `base` inside the compound and outside its buildings, trying offsets in turn. */
function freeSpot(comp: CompoundRec, base: XY, offsets: readonly XY[]): XY | null {
  for (const [dx, dy] of offsets) {
    const p: XY = [base[0] + dx, base[1] + dy]
    if (!insideConvex([p], comp.ring, 1.5)) continue
    if (comp.buildings.some((b) => pointInRing(p[0], p[1], b.ring) || near(b.ring, p, 1.5))) continue
    return p
  }
  return null
}

function near(ring: readonly XY[], p: XY, d: number): boolean {
  const xs = ring.map((q) => q[0])
  const ys = ring.map((q) => q[1])
  return p[0] > Math.min(...xs) - d && p[0] < Math.max(...xs) + d && p[1] > Math.min(...ys) - d && p[1] < Math.max(...ys) + d
}

/** Offsets stepping into the compound from its entry (the compound's inward side is given by `inward`). */
function entryOffsets(inward: number): XY[] {
  const out: XY[] = []
  for (const along of [4, 7, 10, 14, 18]) for (const side of [5, -5, 8, -8, 12, -12]) out.push([side, inward * along])
  return out
}

export function placeAmenities(h: Hierarchy, blocks: readonly Block[], urban: Urban, rural: Rural, people: People, plan: Plan): Amenities {
  const rng = createRng(plan.seed, 'amenities')
  const places: PlaceRec[] = [...urban.places]
  const kiosks: KioskRec[] = []
  const compoundsByCell = new Map<number, CompoundRec[]>()
  for (const comp of urban.compounds) compoundsByCell.set(comp.cell, [...(compoundsByCell.get(comp.cell) ?? []), comp])
  const inwardOf = (comp: CompoundRec) => (comp.entry[1] < centroid(comp.ring)[1] ? 1 : -1)
  const nearEntry = (comp: CompoundRec, skip = 0) => freeSpot(comp, comp.entry, entryOffsets(inwardOf(comp)).slice(skip))
  const add = (kind: PlaceRec['kind'], name: string, at: XY | null, comp: CompoundRec, extra?: Record<string, string | number>) => {
    if (at) places.push({ kind, name, at, point: comp.point, compound: comp, extra })
  }

  // Community offices: practice station, activity room, police post at the centre compound's gate.
  const byCommunity = new Map<unknown, CompoundRec[]>()
  for (const comp of urban.compounds) {
    const list = byCommunity.get(comp.community)
    if (list) list.push(comp)
    else byCommunity.set(comp.community, [comp])
  }
  for (const block of blocks.filter((b) => b.centre)) {
    // the office block's compound, or failing that the compound nearest to it
    const [bx, by] = centroid(block.ring)
    const own = (byCommunity.get(block.community) ?? [])
      .map((x) => ({ x, d: x.cell === block.cell ? -1 : Math.hypot(x.entry[0] - bx, x.entry[1] - by) }))
      .sort((p, q) => p.d - q.d)
      .map((o) => o.x)
    const comp = own.find((x) => nearEntry(x) !== null)
    if (!comp) throw new Error(`community ${block.community.name[0]} has no compound for its office`)
    const com = block.community.name[0]
    add('practice_station', `${com}新时代文明实践站`, nearEntry(comp), comp, { setting: 'residential' })
    add('activity_room', `${com}党员活动室`, nearEntry(comp, 3), comp)
    add('police_post', `${com}警务室`, nearEntry(comp, 6), comp)
    add('volunteer_station', `${com}志愿服务站`, nearEntry(comp, 9), comp)
  }
  // Publicity boards at the gates of most compounds (小区主次入口宣传栏).
  for (const comp of urban.compounds) if (rng.chance(0.85)) add('publicity_board', `${comp.name}宣传栏`, nearEntry(comp, 12), comp)
  // Villages: practice station, board and (in most) an activity room at the committee building.
  for (const [hm, committee] of rural.committees) {
    const v = hm.village.name[0]
    const c = centroid(committee.ring)
    const put = (kind: PlaceRec['kind'], name: string, dx: number, extra?: Record<string, string | number>) =>
      places.push({ kind, name, at: [c[0] + dx, c[1]], point: committee.point, compound: null, extra })
    put('practice_station', `${v}新时代文明实践站`, -6, { setting: 'village' })
    put('publicity_board', `${v}村务公开栏`, 6)
    if (rng.chance(0.45)) put('activity_room', `${v}农家书屋`, 0)
    if (hm.seat) {
      const town = hm.village.parent!.name[0]
      put('market', `${town}农贸集市`, 10, { stalls: rng.int(60, 140) })
      put('school', `${town}中心小学`, -10, { stage: 'primary' })
      put('police_post', `${town}派出所`, 3)
      put('volunteer_station', `${town}志愿服务站`, -3)
    }
  }
  checkPracticeStations(h, places)

  // Renovation programme: old compounds, mostly in the old town.
  const old = urban.compounds.filter((x) => x.old)
  for (const comp of rng.shuffle(old.slice()).slice(0, RENOVATION_COUNT)) comp.renovation = renovation(rng)

  // Waste-sorting pilots.
  const homes = (comp: CompoundRec) => comp.buildings.filter((b) => b.use === 'residential')
  const eligible = urban.compounds.filter((x) => homes(x).length >= 4)
  const pilots = rng.shuffle(eligible.slice()).slice(0, PILOT_COUNT)
  if (pilots.length < PILOT_COUNT) throw new Error(`only ${pilots.length} compounds can be waste-sorting pilots`)
  for (const comp of pilots) {
    comp.pilot = true
    const n = homes(comp).length >= 10 ? 2 : 1
    const spots = [nearEntry(comp, 1), farSpot(comp)]
    for (let k = 0; k < n; k++) {
      const at = spots[k]
      if (!at) continue
      kiosks.push(kiosk(comp, at, `${comp.name}${k + 1}号收集亭`, people, rng))
    }
    if (!kiosks.some((x) => x.compound === comp)) throw new Error(`pilot ${comp.name} has no room for a kiosk`)
    // a drop point by every block of flats (not by the sheds and shops)
    for (const b of homes(comp)) {
      const door = b.door!
      const at = freeSpot(comp, door, [[6, 2], [-6, 2], [9, 2.5], [-9, 2.5], [4, 3], [-4, 3]])
      if (!at) throw new Error(`no room for a drop point by ${b.name}`)
      kiosks.push({ kind: 'drop_point', name: `${b.name}临时投放点`, at, streams: DROP_STREAMS, compound: comp, building: b, point: comp.point, supervisor: null, openHours: '18:30-20:30' })
    }
  }
  // Elsewhere: a kiosk at some markets and in a few other compounds.
  const marketBlocks = new Map(blocks.filter((b) => b.use === 'market').map((b) => [b.point, b]))
  for (const p of places.filter((x) => x.kind === 'market' && x.compound === null && rng.chance(0.6))) {
    const block = marketBlocks.get(p.point)
    if (!block) continue
    const inset = urban.insets.get(block.cell)!
    const at: XY = [p.at[0], p.at[1] - 30]
    if (insideConvex([at], inset, 2) && !(urban.byCell.get(block.cell) ?? []).some((b) => pointInRing(at[0], at[1], b.ring)))
      kiosks.push({ kind: 'kiosk', name: `${p.name}收集亭`, at, streams: ALL_STREAMS, compound: null, building: null, point: p.point, supervisor: { name: people.name(), phone: people.phone() }, openHours: '06:00-20:00' })
  }
  for (const comp of rng.shuffle(urban.compounds.filter((x) => !x.pilot)).slice(0, Math.max(8, Math.round(urban.compounds.length * 0.03)))) {
    const at = nearEntry(comp, 2)
    if (at) kiosks.push(kiosk(comp, at, `${comp.name}收集亭`, people, rng))
  }
  return { places, kiosks }
}

function kiosk(comp: CompoundRec, at: XY, name: string, people: People, rng: Rng): KioskRec {
  return {
    kind: 'kiosk',
    name,
    at,
    streams: ALL_STREAMS,
    compound: comp,
    building: null,
    point: comp.point,
    supervisor: { name: people.name(), phone: people.phone() },
    openHours: rng.chance(0.7) ? '07:00-09:00,18:00-20:30' : '06:30-21:00',
  }
}

/** A spot by the lane of the building farthest from the gate. */
function farSpot(comp: CompoundRec): XY | null {
  let far = comp.buildings[0]
  const d = (p: XY) => Math.hypot(p[0] - comp.entry[0], p[1] - comp.entry[1])
  for (const b of comp.buildings) if (d(b.door!) > d(far.door!)) far = b
  return freeSpot(comp, far.door!, [[-8, 2.5], [8, 2.5], [-12, 3], [12, 3]])
}

function renovation(rng: Rng): Renovation {
  const year = rng.chance(0.6) ? 2024 : 2025
  const status = year === 2024 ? rng.pick(['in_progress', 'completed', 'completed'] as const) : rng.pick(['planned', 'planned', 'in_progress'] as const)
  const items = rng.shuffle(RENOVATION_ITEMS.slice()).slice(0, rng.int(3, 6))
  return { planned: true, year, status, items: RENOVATION_ITEMS.filter((i) => items.includes(i)) }
}

function checkPracticeStations(h: Hierarchy, places: readonly PlaceRec[]) {
  const per = new Map<number, number>()
  for (const p of places) if (p.kind === 'practice_station') per.set(p.point.parent!.parent!.id, (per.get(p.point.parent!.parent!.id) ?? 0) + 1)
  for (const u of h.units.filter((x) => x.level === 1))
    if (per.get(u.id) !== 1) throw new Error(`${u.name[0]} has ${per.get(u.id) ?? 0} practice stations, want exactly 1`)
}
