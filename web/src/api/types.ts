/**
 * The API contract as the web app reads it (base path /api). Geo responses are GeoJSON
 * FeatureCollections whose features carry a top-level integer `id`.
 */
import type { Feature, FeatureCollection, LineString, MultiPolygon, Point, Polygon } from 'geojson'

export type GridLevel = 0 | 1 | 2 | 3
export const GRID_LEVELS: readonly GridLevel[] = [0, 1, 2, 3]

export interface Person {
  role: string
  roleZh: string
  name: string
  phone: string
}

export interface Unit {
  name: string
  phone: string
}

export interface GridProps {
  id: number
  code: string
  name: string
  nameEn: string
  level: GridLevel
  kind: string
  parentId: number | null
  leader: Person | null
  persons: Person[]
  unit: Unit | null
  households: number
  population: number
}

export interface GridStats {
  children: number
  buildings: number
  compounds: number
  kiosks: number
  dropPoints: number
  facilities: number
  openIssues: number
  overdueIssues: number
  issuesLast30Days: number
}

export interface GridDetailProps extends GridProps {
  stats: GridStats
  ancestors: { id: number; name: string; nameEn?: string; level: GridLevel }[]
}

export type GridFeature = Feature<Polygon | MultiPolygon, GridProps>
export type GridDetailFeature = Feature<Polygon | MultiPolygon, GridDetailProps>

export interface DistrictProps {
  id: number
  code: string
  name: string
  nameEn: string
  bbox: [number, number, number, number]
  center: [number, number]
}
export type DistrictFeature = Feature<Polygon | MultiPolygon, DistrictProps>

export interface IssueCategory {
  code: string
  nameZh: string
  nameEn: string
  group: string
  limit: { value: number; unit: string }
}

export interface IssueStatus {
  code: string
  zh: string
  en: string
  open: boolean
}

export interface CategoriesResponse {
  categories: IssueCategory[]
  groups: Record<string, { nameZh: string; nameEn: string }>
  statuses: IssueStatus[]
}

export interface IssueProps {
  id: number
  category: string
  status: string
  description: string
  source: string
  gridId: number | null
  reportedAt: string
  deadlineAt: string | null
  closedAt: string | null
  overdue: boolean
  open: boolean
}
export type IssueFeature = Feature<Point, IssueProps>
export type IssueCollection = FeatureCollection<Point, IssueProps>

export interface Tally {
  total: number
  covered: number
}

export interface GridCoverage {
  gridId: number
  name: string
  nameEn?: string
  buildings: Tally
  households: Tally
  ratio: number
  straight?: CoverageSummary
  walking?: CoverageSummary
}

export type CoverageMode = 'straight' | 'walking'

export interface CoverageSummary {
  buildings: Tally
  households: Tally
  ratio: number
  /** walking: buildings with no road or footway within 250 m */
  offNetwork?: number
}

export interface UncoveredProps {
  id: number
  name: string
  households: number
  gridId: number
  compoundId: number | null
  nearestKioskM: number | null
  straightCovered: boolean | null
  walkingCovered: boolean | null
  walkingM: number | null
}

export interface KioskCoverage {
  radius: number
  mode: CoverageMode | 'both'
  distanceModel: string
  scope: { kind: string; id: number | null; name: string | null; nameEn: string | null; level: number | null }
  kiosks: number
  buildings: Tally
  households: Tally
  ratio: number
  straight?: CoverageSummary
  walking?: CoverageSummary
  difference?: {
    buildings: number
    households: number
    ratio: number
    straightOnly: { buildings: number; households: number }
    walkingOnly: { buildings: number; households: number }
  }
  uncovered: FeatureCollection<Polygon | MultiPolygon, UncoveredProps>
  byGrid: GridCoverage[]
}

export interface PatrolProps {
  id: number
  worker: { name: string; phone: string }
  gridId: number
  startedAt: string
  endedAt: string
  lengthM: number
}
export type PatrolFeature = Feature<LineString, PatrolProps>

export interface HealthResponse {
  status: string
  db: string
}
