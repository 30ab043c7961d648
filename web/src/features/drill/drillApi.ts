/** What the drill-down reads from the API: case statistics, grids, indicators and cases of a scope. */
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson'
import { getJson } from '../../api/client'
import type { DistrictFeature, GridDetailFeature, GridProps } from '../../api/types'

export type Breakdown = 'day' | 'week' | 'month' | 'category' | 'state' | 'child' | 'grid3' | 'department'

export interface StatsCounts {
  total: number
  open: number
  overdue: number
  closed: number
}

export interface StatsRow extends StatsCounts {
  key: string
  label: string
  labelEn: string
  gridId?: number
}

export interface CaseStats {
  scope: { kind: 'district' | 'grid'; id: number | null; name: string; level: number | null }
  from: string
  to: string
  by: Breakdown
  totals: StatsCounts & { reportedToday: number }
  rows: StatsRow[]
}

export interface Indicators {
  rates: Record<string, number | null>
  score: number | null
  counts: Record<string, number>
}

export interface DrillCase {
  id: number
  category: string
  status: string
  lon: number
  lat: number
  gridId: number
  gridPath: number[]
  reportedAt: string
  open: boolean
  overdue: boolean
}

/** `district` or `grid:<id>`: the API's scope parameter for a drill scope (null = the district). */
export const scopeParam = (gridId: number | null) => (gridId === null ? 'district' : `grid:${gridId}`)

/** Counts of a scope; `area` (bbox / polygon parameter, see model.areaParam) narrows to a drawn area. */
export function fetchStats(gridId: number | null, by: Breakdown, range: { from: string; to: string }, category: string | null, area: { bbox?: string; polygon?: string } = {}, signal?: AbortSignal) {
  return getJson<CaseStats>('/stats/cases', { scope: scopeParam(gridId), by, from: range.from, to: range.to, category, ...area }, signal)
}

export function fetchIndicators(gridId: number | null, signal?: AbortSignal) {
  return getJson<Indicators>('/indicators', { scope: scopeParam(gridId) }, signal)
}

export const fetchGrid = (id: number, signal?: AbortSignal) => getJson<GridDetailFeature>(`/grids/${id}`, {}, signal)
export const fetchDistrict = (signal?: AbortSignal) => getJson<DistrictFeature>('/district', {}, signal)

/** The scope's direct children (the district's are the level-0 grids). */
export function fetchChildren(gridId: number | null, signal?: AbortSignal) {
  return getJson<FeatureCollection<Polygon | MultiPolygon, GridProps>>('/grids', gridId === null ? { level: 0 } : { parent: gridId }, signal)
}

/** Every readable case of the scope reported in the range (China dates), page by page. */
export async function fetchCases(gridId: number | null, range: { from: string; to: string }, signal?: AbortSignal): Promise<DrillCase[]> {
  const out: DrillCase[] = []
  const limit = 500
  const to = new Date(Date.parse(`${range.to}T00:00:00+08:00`) + 86_400_000).toISOString()
  for (let offset = 0; ; offset += limit) {
    const page = await getJson<{ total: number; cases: DrillCase[] }>('/cases', { grid: gridId, from: `${range.from}T00:00:00+08:00`, to, limit, offset }, signal)
    out.push(...page.cases)
    if (page.cases.length < limit || out.length >= page.total) return out
  }
}
