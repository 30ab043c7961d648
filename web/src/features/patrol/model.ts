/** What GET /api/analysis/patrol-compliance and POST /api/patrols/upload answer (docs/patrol.md). */
import type { FeatureCollection, LineString, Point } from 'geojson'

export interface VisitTally {
  total: number
  visited: number
}

export interface PatrolFigures {
  streetM: number
  visitedM: number
  share: number
  points: VisitTally
  kiosks: VisitTally
  issues: VisitTally
}

export interface PatrolWorker {
  name: string
  phone: string
  tracks: number
  area: number[]
  rate: number
  complete: boolean
  streetM: number
  visitedM: number
  points: VisitTally
}

export interface PatrolCompliance {
  week: string
  corridorM: number
  level: number
  tracks: number
  totals: PatrolFigures
  byGrid: (PatrolFigures & { gridId: number; name: string; nameEn: string })[]
  workers: PatrolWorker[]
  streets: FeatureCollection<LineString, { visited: boolean; gridId: number; lengthM: number }>
  points: FeatureCollection<Point, { kind: 'point' | 'kiosk' | 'issue'; id: number; gridId: number; visited: boolean }>
}

export interface PatrolWeek {
  week: string
  tracks: number
}

export interface PatrolUploadResult {
  id: number
  format: string
  fixes: number
}
