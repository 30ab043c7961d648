/**
 * The generator's working records, in the local frame. They become GeoJSON features only at
 * the end (features.ts), so every module works in metres and rounding happens once.
 */
import type { XY } from './frame.ts'
import type { Unit } from './hierarchy.ts'
import type { BuildingUse, FacilityKind, GreenKind, Renovation, WasteStream } from './layers.ts'
import type { Style } from './compound-layout.ts'

export interface CompoundRec {
  id: number
  name: string
  cell: number
  ring: XY[]
  style: Style
  old: boolean
  builtYear: number
  hasProperty: boolean
  propertyCompany: string | null
  renovation: Renovation | null
  pilot: boolean
  community: Unit
  point: Unit
  buildings: BuildingRec[]
  /** the gate on the street centre line, and where the path enters the compound */
  gate: XY
  entry: XY
}

export interface BuildingRec {
  id: number
  name: string
  use: BuildingUse
  ring: XY[]
  floors: number
  households: number
  compound: CompoundRec | null
  point: Unit
  /** where the footway reaches the building */
  door: XY | null
}

export interface GreenRec {
  kind: GreenKind
  name: string | null
  ring: XY[]
  compound: CompoundRec | null
}

export interface PathRec {
  cls: 'footway' | 'path'
  pts: XY[]
}

export interface PlaceRec {
  kind: FacilityKind
  name: string
  at: XY
  point: Unit
  compound: CompoundRec | null
  extra?: Record<string, string | number>
}

export interface KioskRec {
  kind: 'kiosk' | 'drop_point'
  name: string
  at: XY
  streams: WasteStream[]
  compound: CompoundRec | null
  building: BuildingRec | null
  point: Unit
  supervisor: { name: string; phone: string } | null
  openHours: string
}
