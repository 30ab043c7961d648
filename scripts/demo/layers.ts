/**
 * The demo district's layers as typed GeoJSON, and the loader that reads them from disk.
 * The shapes here are the data contract of geodata/README.md; the API loader and the tests
 * import these types rather than restating them.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Feature, FeatureCollection, LineString, Point, Polygon } from 'geojson'

/** The seed of the committed demo district (geodata/demo). */
export const DEMO_SEED = 20240501

export interface Person {
  role: string
  roleZh: string
  name: string
  phone: string
}

export interface DistrictProps { id: number; code: string; name: string; nameEn: string }

export type GridKind = 'street' | 'town' | 'community' | 'village' | 'area' | 'point'

export interface GridProps {
  id: number
  code: string
  name: string
  nameEn: string
  level: 0 | 1 | 2 | 3
  kind: GridKind
  parentId: number | null
  leader: Person
  persons: Person[]
  unit: { name: string; phone: string }
  households: number
  population: number
}

export type RoadClass = 'primary' | 'secondary' | 'residential' | 'rural' | 'footway' | 'path'
export interface RoadProps { id: number; name: string | null; class: RoadClass }

export interface Renovation {
  planned: boolean
  year: number
  status: 'planned' | 'in_progress' | 'completed'
  /** what the project fixes (整治内容), in the words of seed 001 */
  items: string[]
}

export interface CompoundProps {
  id: number
  name: string
  gridId: number
  communityId: number
  hasProperty: boolean
  propertyCompany: string | null
  old: boolean
  renovation: Renovation | null
  builtYear: number
  buildingCount: number
  households: number
  pilot: boolean
}

export type BuildingUse = 'residential' | 'commercial' | 'public' | 'school' | 'village_house'
export interface BuildingProps {
  id: number
  name: string
  use: BuildingUse
  floors: number
  households: number
  compoundId: number | null
  gridId: number
}

export type GreenKind = 'compound_green' | 'park' | 'fitness' | 'square' | 'farmland' | 'forest'
export interface GreenProps { id: number; kind: GreenKind; name: string | null; compoundId: number | null }

export type WaterKind = 'river' | 'lake' | 'pond' | 'stream'
export interface WaterProps { id: number; kind: WaterKind; name: string | null }

export type WasteStream = 'recyclable' | 'hazardous' | 'kitchen' | 'other'
export interface KioskProps {
  id: number
  kind: 'kiosk' | 'drop_point'
  name: string
  streams: WasteStream[]
  compoundId: number | null
  buildingId: number | null
  gridId: number
  supervisor: { name: string; phone: string } | null
  openHours: string
}

export type FacilityKind =
  | 'practice_station'
  | 'volunteer_station'
  | 'activity_room'
  | 'publicity_board'
  | 'market'
  | 'school'
  | 'police_post'
export interface FacilityProps {
  id: number
  kind: FacilityKind
  name: string
  gridId: number
  compoundId: number | null
  /** practice stations only */
  setting?: 'village' | 'residential'
  /** schools only */
  stage?: 'kindergarten' | 'primary' | 'middle'
}

export interface DemoLayers {
  district: FeatureCollection<Polygon, DistrictProps>
  grids: FeatureCollection<Polygon, GridProps>
  roads: FeatureCollection<LineString, RoadProps>
  compounds: FeatureCollection<Polygon, CompoundProps>
  buildings: FeatureCollection<Polygon, BuildingProps>
  green: FeatureCollection<Polygon, GreenProps>
  water: FeatureCollection<Polygon | LineString, WaterProps>
  kiosks: FeatureCollection<Point, KioskProps>
  facilities: FeatureCollection<Point, FacilityProps>
}

export type LayerName = keyof DemoLayers
/** Layer order of the files; also the order the generator writes them in. */
export const LAYER_NAMES: readonly LayerName[] = [
  'district',
  'grids',
  'roads',
  'compounds',
  'buildings',
  'green',
  'water',
  'kiosks',
  'facilities',
]

export type AnyFeature = Feature<Polygon | LineString | Point, { id: number }>

/** Reads `<dir>/<layer>.geojson` for every layer. Synchronous: it runs once at start-up. */
export function loadDemoLayers(dir: string): DemoLayers {
  const read = (name: LayerName) => JSON.parse(readFileSync(join(dir, `${name}.geojson`), 'utf8'))
  return Object.fromEntries(LAYER_NAMES.map((name) => [name, read(name)])) as unknown as DemoLayers
}
