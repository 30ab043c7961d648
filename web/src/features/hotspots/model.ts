/**
 * The hotspot screen's pure pieces, unit-tested without a browser: the API's shapes, the hex
 * features of a frame, the fixed colour classes as a MapLibre expression and a legend, dates of
 * day indices, and the ranking as CSV.
 */
import type { ExpressionSpecification } from 'maplibre-gl'
import type { FeatureCollection, Point, Polygon } from 'geojson'
import { hexPolygon, type Frame } from '../../../../geo/hotspots/index.ts'

export interface HotspotCasesResponse {
  from: string
  to: string
  days: number
  utcOffsetMinutes: number
  recurrence: { radiusM: number; windowDays: number }
  categories: string[]
  count: number
  cases: { id: number[]; lon: number[]; lat: number[]; day: number[]; category: number[]; recurrence: number[]; rework: number[] }
}

export interface HotspotRankingRow {
  rank: number
  cell: string
  lon: number
  lat: number
  count: number
  recurrences: number
  reworks: number
  topCategory: string
  topCategoryCount: number
  gridId: number | null
  gridName: string | null
}

export interface HotspotRankingResponse {
  from: string
  to: string
  days: number
  res: number
  total: number
  cells: number
  recurrence: { radiusM: number; windowDays: number }
  rows: HotspotRankingRow[]
}

/** Yellow → dark red (ColorBrewer YlOrRd, 6 classes): light means few, dark many. */
export const HEX_PALETTE = ['#ffffb2', '#fed976', '#feb24c', '#fd8d3c', '#f03b20', '#bd0026'] as const

/** One colour per break, the darkest for the top class whatever the number of classes. */
export function classColours(breaks: readonly number[]): string[] {
  return HEX_PALETTE.slice(HEX_PALETTE.length - breaks.length)
}

/** `step` expression over the feature's `count`: class i from breaks[i]. */
export function hexFillColor(breaks: readonly number[]): ExpressionSpecification {
  const colours = classColours(breaks)
  if (breaks.length < 2) return ['to-color', colours[0]]
  const stops = breaks.slice(1).flatMap((b, i) => [b, colours[i + 1]])
  return ['step', ['get', 'count'], colours[0], ...stops] as unknown as ExpressionSpecification
}

export interface LegendItem {
  colour: string
  /** '1–2', '40–100', or '5' for a class of one value */
  label: string
}

export function legendItems(breaks: readonly number[], peak: number): LegendItem[] {
  const colours = classColours(breaks)
  return breaks.map((b, i) => {
    const hi = i + 1 < breaks.length ? breaks[i + 1] - 1 : Math.max(b, peak)
    return { colour: colours[i], label: hi === b ? String(b) : `${b}–${hi}` }
  })
}

/** The heat map's intensity for a peak cell count: fixed while a scale holds (see docs/hotspots.md). */
export function heatIntensity(peak: number): number {
  return Math.min(3, Math.max(0.05, 12 / Math.max(1, peak)))
}

/** Hex cell features of a frame: only cells holding cases, with `cell` and `count`. */
export function hexFeatures(ids: readonly string[], counts: ArrayLike<number>, polygons: Map<string, Polygon>): FeatureCollection<Polygon> {
  const features: FeatureCollection<Polygon>['features'] = []
  for (let k = 0; k < ids.length; k++) {
    if (!counts[k]) continue
    let geometry = polygons.get(ids[k])
    if (!geometry) polygons.set(ids[k], (geometry = hexPolygon(ids[k])))
    features.push({ type: 'Feature', id: k, geometry, properties: { cell: ids[k], count: counts[k] } })
  }
  return { type: 'FeatureCollection', features }
}

/** Every case as a point with its `day` and `category` (the heat layer filters on `day`). */
export function casePoints(data: HotspotCasesResponse): FeatureCollection<Point> {
  const c = data.cases
  return {
    type: 'FeatureCollection',
    features: c.id.map((id, i) => ({ type: 'Feature', id, geometry: { type: 'Point', coordinates: [c.lon[i], c.lat[i]] }, properties: { day: c.day[i], category: data.categories[c.category[i]] } })),
  }
}

/** The local date of day index `day` after `from` (both YYYY-MM-DD). */
export function dayDate(from: string, day: number): string {
  return new Date(Date.parse(`${from}T00:00:00Z`) + day * 86_400_000).toISOString().slice(0, 10)
}

export function frameRange(from: string, frame: Frame): { from: string; to: string } {
  return { from: dayDate(from, frame.start), to: dayDate(from, frame.end) }
}

/** `days` local days ending `to` (inclusive): the start date. */
export function daysBefore(to: string, days: number): string {
  return dayDate(to, -(days - 1))
}

/** The map zoom at which `hexResolutionForZoom` gives `res` (the middle of its band). */
export function zoomForResolution(res: number): number {
  return ({ 7: 11, 8: 12.3, 9: 13.8, 10: 15.5 } as Record<number, number>)[res] ?? 13
}

function csvField(value: string | number | null): string {
  const text = value === null ? '' : String(value)
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/**
 * The ranking as CSV for Excel: a UTF-8 byte-order mark (without it Excel reads Chinese as
 * mojibake), a header row, CRLF line ends, quoted fields where needed.
 */
export function rankingCsv(rows: readonly HotspotRankingRow[], header: readonly string[], categoryName: (code: string) => string): string {
  const lines = [header.map(csvField).join(',')]
  for (const r of rows) {
    lines.push([r.rank, r.cell, r.lon.toFixed(6), r.lat.toFixed(6), r.gridName, r.count, r.recurrences, r.reworks, categoryName(r.topCategory), r.topCategoryCount].map(csvField).join(','))
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`
}
