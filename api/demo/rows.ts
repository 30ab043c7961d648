import type { Feature, Geometry, LineString, MultiPolygon, Point, Polygon, Position } from 'geojson'
import type { Insertable } from 'kysely'
import { buildingCentroid, geometryArea, haversineMeters } from '../../geo/index.ts'
import type { Database } from '../db/database.ts'
import { bboxColumns } from '../geojson.ts'

/**
 * Maps the demo district's GeoJSON layers (geodata/README.md) to table rows. Pure: the
 * loader decides when and how they are written. Every row that sits in a grid carries the
 * grid's path, so scope queries ("everything in community 12") are one indexed test.
 */
type Props = Record<string, any>
type Area = Polygon | MultiPolygon

export type GridPaths = Map<number, number[]>

export function gridPaths(grids: Feature<Area, Props>[]): GridPaths {
  const parent = new Map(grids.map((g) => [g.properties.id as number, g.properties.parentId as number | null]))
  const paths: GridPaths = new Map()
  const pathOf = (id: number): number[] => {
    const known = paths.get(id)
    if (known) return known
    const up = parent.get(id)
    if (up === undefined) throw new Error(`grid ${id} is referenced but not defined`)
    const path = up === null ? [id] : [...pathOf(up), id]
    paths.set(id, path)
    return path
  }
  grids.forEach((g) => pathOf(g.properties.id))
  return paths
}

function pathFor(paths: GridPaths, gridId: number, what: string): number[] {
  const path = paths.get(gridId)
  if (!path) throw new Error(`${what} refers to grid ${gridId}, which does not exist`)
  return path
}

const json = (value: unknown) => JSON.stringify(value)

export function districtRow(f: Feature<Area, Props>): Insertable<Database['districts']> {
  return { id: f.properties.id, code: f.properties.code, name: f.properties.name, name_en: f.properties.nameEn, geom: json(f.geometry), ...bboxColumns(f.geometry) }
}

export function gridRow(f: Feature<Area, Props>, paths: GridPaths): Insertable<Database['grids']> {
  const p = f.properties
  return {
    id: p.id,
    code: p.code,
    name: p.name,
    name_en: p.nameEn,
    level: p.level,
    kind: p.kind,
    parent_id: p.parentId,
    path: pathFor(paths, p.id, `grid ${p.id}`),
    leader: json(p.leader),
    persons: json(p.persons ?? []),
    unit: json(p.unit),
    households: p.households,
    population: p.population,
    area_m2: geometryArea(f.geometry),
    geom: json(f.geometry),
    ...bboxColumns(f.geometry),
  }
}

export function lineLength(coords: Position[]): number {
  let m = 0
  for (let i = 1; i < coords.length; i++) m += haversineMeters(coords[i - 1], coords[i])
  return m
}

export function roadRow(f: Feature<LineString, Props>): Insertable<Database['roads']> {
  return { id: f.properties.id, name: f.properties.name ?? null, class: f.properties.class, length_m: lineLength(f.geometry.coordinates), geom: json(f.geometry), ...bboxColumns(f.geometry) }
}

export function waterRow(f: Feature<Geometry, Props>): Insertable<Database['water']> {
  return { id: f.properties.id, kind: f.properties.kind, name: f.properties.name ?? null, geom: json(f.geometry), ...bboxColumns(f.geometry) }
}

export function greenRow(f: Feature<Area, Props>): Insertable<Database['green_areas']> {
  const p = f.properties
  return { id: p.id, kind: p.kind, name: p.name ?? null, compound_id: p.compoundId ?? null, area_m2: geometryArea(f.geometry), geom: json(f.geometry), ...bboxColumns(f.geometry) }
}

export function compoundRow(f: Feature<Area, Props>, paths: GridPaths): Insertable<Database['compounds']> {
  const p = f.properties
  return {
    id: p.id,
    name: p.name,
    grid_id: p.gridId,
    grid_path: pathFor(paths, p.gridId, `compound ${p.id}`),
    has_property: Boolean(p.hasProperty),
    property_company: p.propertyCompany ?? null,
    old: Boolean(p.old),
    renovation: p.renovation ? json(p.renovation) : null,
    built_year: p.builtYear ?? null,
    building_count: p.buildingCount ?? 0,
    households: p.households ?? 0,
    pilot: Boolean(p.pilot),
    area_m2: geometryArea(f.geometry),
    geom: json(f.geometry),
    ...bboxColumns(f.geometry),
  }
}

export function buildingRow(f: Feature<Area, Props>, paths: GridPaths): Insertable<Database['buildings']> {
  const p = f.properties
  const [cx, cy] = buildingCentroid(f.geometry)
  return {
    id: p.id,
    name: p.name,
    use: p.use,
    floors: p.floors,
    households: p.households ?? 0,
    compound_id: p.compoundId ?? null,
    grid_id: p.gridId,
    grid_path: pathFor(paths, p.gridId, `building ${p.id}`),
    cx,
    cy,
    geom: json(f.geometry),
    ...bboxColumns(f.geometry),
  }
}

export function kioskRow(f: Feature<Point, Props>, paths: GridPaths): Insertable<Database['kiosks']> {
  const p = f.properties
  const [lon, lat] = f.geometry.coordinates
  return {
    id: p.id,
    kind: p.kind,
    name: p.name,
    streams: json(p.streams ?? []),
    compound_id: p.compoundId ?? null,
    building_id: p.buildingId ?? null,
    grid_id: p.gridId,
    grid_path: pathFor(paths, p.gridId, `kiosk ${p.id}`),
    supervisor: p.supervisor ? json(p.supervisor) : null,
    open_hours: p.openHours ?? null,
    lon,
    lat,
  }
}

const FACILITY_COLUMNS = new Set(['id', 'kind', 'name', 'gridId', 'compoundId'])

export function facilityRow(f: Feature<Point, Props>, paths: GridPaths): Insertable<Database['facilities']> {
  const p = f.properties
  const [lon, lat] = f.geometry.coordinates
  const extra = Object.fromEntries(Object.entries(p).filter(([k]) => !FACILITY_COLUMNS.has(k)))
  return {
    id: p.id,
    kind: p.kind,
    name: p.name,
    grid_id: p.gridId,
    grid_path: pathFor(paths, p.gridId, `facility ${p.id}`),
    compound_id: p.compoundId ?? null,
    props: json(extra),
    lon,
    lat,
  }
}
