/**
 * Turns the model into the GeoJSON layers of geodata/README.md. Properties are written in the
 * contract's key order so files are stable; coordinates are rounded once per vertex
 * (frame.ts). Every polygon is validated on the way out: a bad one stops the generator.
 */
import type { Feature, LineString, Point, Polygon, Position } from 'geojson'
import type { XY } from './frame.ts'
import { toLonLat, toLonLatLine, toLonLatRing } from './frame.ts'
import { pairKey } from './graph.ts'
import type { Unit } from './hierarchy.ts'
import type {
  BuildingProps,
  CompoundProps,
  DemoLayers,
  DistrictProps,
  FacilityProps,
  GreenProps,
  GridProps,
  KioskProps,
  LayerName,
  RoadProps,
  WaterProps,
} from './layers.ts'
import type { Model } from './model.ts'
import { DISTRICT_CODE, DISTRICT_NAME } from './names.ts'
import { edgeKey, pointsAlong, traceOutline } from './trace.ts'
import { ringProblem } from './validate.ts'

type Props = { id: number }

function feature<G extends Polygon | LineString | Point, P extends Props>(geometry: G, properties: P): Feature<G, P> {
  return { type: 'Feature', id: properties.id, properties, geometry }
}

function polygon(shell: readonly XY[], holes: readonly XY[][] = [], what = 'polygon'): Polygon {
  const rings = [toLonLatRing(shell), ...holes.map((h) => toLonLatRing(h))]
  rings.forEach((r, i) => {
    const problem = ringProblem(r, i === 0)
    if (problem) throw new Error(`${what}: ${problem}`)
  })
  return { type: 'Polygon', coordinates: rings }
}

function line(pts: readonly XY[]): LineString {
  const coordinates = toLonLatLine(pts)
  if (coordinates.length < 2) throw new Error('line collapsed to a point')
  return { type: 'LineString', coordinates }
}

function point(p: XY): Point {
  return { type: 'Point', coordinates: toLonLat(p[0], p[1]) }
}

function unitPolygon(m: Model, cells: readonly number[], what: string): Polygon {
  const set = new Set(cells)
  const o = traceOutline(m.c, cells, (i) => set.has(i), m.edgePoints)
  if (o.shells.length !== 1) throw new Error(`${what} has ${o.shells.length} outer rings`)
  return polygon(o.shells[0], o.holes, what)
}

export function districtFeatures(m: Model): Feature<Polygon, DistrictProps>[] {
  return [feature(unitPolygon(m, m.cells, 'district'), { id: 1, code: DISTRICT_CODE, name: DISTRICT_NAME[0], nameEn: DISTRICT_NAME[1] })]
}

export function* gridFeatures(m: Model): Generator<Feature<Polygon, GridProps>> {
  for (const u of m.h.units) {
    const gi = m.info.get(u)!
    yield feature(unitPolygon(m, u.cells, `grid ${u.code}`), {
      id: u.id,
      code: u.code,
      name: u.name[0],
      nameEn: u.name[1],
      level: u.level,
      kind: u.kind,
      parentId: u.parent ? u.parent.id : null,
      leader: gi.leader,
      persons: gi.persons,
      unit: gi.unit,
      households: gi.households,
      population: gi.population,
    })
  }
}

export function* roadFeatures(m: Model): Generator<Feature<LineString, RoadProps>> {
  let id = 0
  const { c } = m
  for (const r of m.net.lines) {
    const pts: XY[] = []
    for (let k = 0; k < r.verts.length; k++) {
      const a = r.verts[k]
      pts.push([c.vx[a], c.vy[a]])
      if (k + 1 < r.verts.length) {
        const cells = m.g.cellsOf.get(pairKey(c, a, r.verts[k + 1]))!
        for (const p of pointsAlong(m.edgePoints, edgeKey(c, cells[0], cells[1]), a)) pts.push(p)
      }
    }
    yield feature(line(pts), { id: ++id, name: r.name ? r.name[0] : null, class: r.cls })
  }
  for (const p of m.urban.paths) yield feature(line(p.pts), { id: ++id, name: null, class: p.cls })
}

export function* compoundFeatures(m: Model): Generator<Feature<Polygon, CompoundProps>> {
  for (const comp of m.urban.compounds)
    yield feature(polygon(comp.ring, [], `compound ${comp.id}`), {
      id: comp.id,
      name: comp.name,
      gridId: comp.point.id,
      communityId: comp.community.id,
      hasProperty: comp.hasProperty,
      propertyCompany: comp.propertyCompany,
      old: comp.old,
      renovation: comp.renovation,
      builtYear: comp.builtYear,
      buildingCount: comp.buildings.length,
      households: comp.buildings.reduce((s, b) => s + b.households, 0),
      pilot: comp.pilot,
    })
}

export function* buildingFeatures(m: Model): Generator<Feature<Polygon, BuildingProps>> {
  for (const list of [m.urban.buildings, m.rural.buildings])
    for (const b of list)
      yield feature(polygon(b.ring, [], `building ${b.id}`), {
        id: b.id,
        name: b.name,
        use: b.use,
        floors: b.floors,
        households: b.households,
        compoundId: b.compound ? b.compound.id : null,
        gridId: b.point.id,
      })
}

export function* greenFeatures(m: Model): Generator<Feature<Polygon, GreenProps>> {
  let id = 0
  for (const list of [m.urban.green, m.rural.green])
    for (const g of list) {
      id++
      yield feature(polygon(g.ring, [], `green ${id}`), { id, kind: g.kind, name: g.name, compoundId: g.compound ? g.compound.id : null })
    }
}

export function* waterFeatures(m: Model): Generator<Feature<Polygon | LineString, WaterProps>> {
  let id = 0
  for (const w of m.water.bodies) {
    id++
    const geometry = w.ring ? polygon(w.ring, [], `water ${id}`) : line(w.line!)
    yield feature<Polygon | LineString, WaterProps>(geometry, { id, kind: w.kind, name: w.name })
  }
}

export function* kioskFeatures(m: Model): Generator<Feature<Point, KioskProps>> {
  let id = 0
  for (const k of m.amenities.kiosks)
    yield feature(point(k.at), {
      id: ++id,
      kind: k.kind,
      name: k.name,
      streams: k.streams,
      compoundId: k.compound ? k.compound.id : null,
      buildingId: k.building ? k.building.id : null,
      gridId: k.point.id,
      supervisor: k.supervisor,
      openHours: k.openHours,
    })
}

export function* facilityFeatures(m: Model): Generator<Feature<Point, FacilityProps>> {
  let id = 0
  for (const p of m.amenities.places)
    yield feature(point(p.at), { id: ++id, kind: p.kind, name: p.name, gridId: p.point.id, compoundId: p.compound ? p.compound.id : null, ...p.extra } as FacilityProps)
}

/** Features of one layer, lazily, in file order. */
export function layerFeatures(m: Model, name: LayerName): Iterable<Feature> {
  switch (name) {
    case 'district':
      return districtFeatures(m)
    case 'grids':
      return gridFeatures(m)
    case 'roads':
      return roadFeatures(m)
    case 'compounds':
      return compoundFeatures(m)
    case 'buildings':
      return buildingFeatures(m)
    case 'green':
      return greenFeatures(m)
    case 'water':
      return waterFeatures(m)
    case 'kiosks':
      return kioskFeatures(m)
    case 'facilities':
      return facilityFeatures(m)
  }
}

export type { Unit, Position }
