import { describe, expect, it } from 'vitest'
import { areaParam, areaPolygon, bboxOf, boxOf, caseFeatures, caseFilter, chinaDay, drillPath, inArea, keeps, lastDays, NO_FILTER, scopeFromParams, weekPeriod, worstPoints } from '../../web/src/features/drill/model'
import { COLORS, regionsOption, trendOption } from '../../web/src/features/drill/charts'
import { addDays, parseRange, timeKeys, weekOf } from '../../api/stats/query'
import type { DrillCase, StatsRow } from '../../web/src/features/drill/drillApi'

const row = (key: string, total: number, open: number, overdue: number, gridId?: number): StatsRow => ({ key, label: key, labelEn: key, total, open, overdue, closed: total - open, gridId })
const text = { total: 'T', open: 'O', overdue: 'D', closed: 'C' }

describe('drill model', () => {
  it('scope from the URL and back', () => {
    expect(scopeFromParams([])).toBeNull()
    expect(scopeFromParams(['12'])).toBe(12)
    expect(scopeFromParams(['x'])).toBeNull()
    expect(scopeFromParams(['-3'])).toBeNull()
    expect(drillPath(null)).toBe('/drill')
    expect(drillPath(12)).toBe('/drill/12')
  })

  it('China days: 16:00 UTC is the next day in China; the last 30 days end today', () => {
    expect(chinaDay('2026-11-22T15:59:59Z')).toBe('2026-11-22')
    expect(chinaDay('2026-11-22T16:00:00Z')).toBe('2026-11-23')
    expect(lastDays(new Date('2026-11-23T01:00:00Z'), 30)).toEqual({ from: '2026-10-25', to: '2026-11-23' })
  })

  it('case points carry what the charts select by, and the map filter keeps what `keeps` keeps', () => {
    const cases: DrillCase[] = [
      { id: 1, category: 'a', status: 'handling', lon: 1, lat: 2, gridId: 40, gridPath: [10, 20, 30, 40], reportedAt: '2026-11-01T02:00:00Z', open: true, overdue: true },
      { id: 2, category: 'b', status: 'closed', lon: 1, lat: 2, gridId: 41, gridPath: [10, 21, 31, 41], reportedAt: '2026-11-01T17:00:00Z', open: false, overdue: false },
    ]
    const fc = caseFeatures(cases, 0)
    expect(fc.features.map((f) => f.properties)).toEqual([
      { id: 1, category: 'a', status: 'handling', day: '2026-11-01', lon: 1, lat: 2, childId: 20, state: 'overdue' },
      { id: 2, category: 'b', status: 'closed', day: '2026-11-02', lon: 1, lat: 2, childId: 21, state: 'closed' },
    ])
    expect(caseFeatures(cases, -1).features[0].properties.childId).toBe(10)
    expect(caseFeatures(cases, 3).features[0].properties.childId).toBe(-1)
    const f = { ...NO_FILTER, category: 'a', childId: 20 }
    expect(fc.features.filter((x) => keeps(x.properties, f)).map((x) => x.id)).toEqual([1])
    expect(caseFilter(f)).toEqual(['all', ['==', ['get', 'category'], 'a'], ['==', ['get', 'childId'], 20]])
    expect(caseFilter(NO_FILTER)).toEqual(['all'])
  })

  it('a period keeps its days, an area its points; the map filter says the same', () => {
    const at = (id: number, lon: number, lat: number, reportedAt: string): DrillCase => ({ id, category: 'a', status: 'handling', lon, lat, gridId: 40, gridPath: [10, 20, 30, 40], reportedAt, open: true, overdue: false })
    const fc = caseFeatures([at(1, 1, 1, '2026-11-15T20:00:00Z'), at(2, 2, 2, '2026-11-22T10:00:00Z'), at(3, 5, 5, '2026-11-23T01:00:00Z')], -1)
    const kept = (f: typeof NO_FILTER) => fc.features.filter((x) => keeps(x.properties, f)).map((x) => x.id)
    // 2026-11-16 is a Monday: its week runs to the 22nd (case 1 is the 16th in China, case 3 the 23rd)
    expect(weekPeriod('2026-11-16')).toEqual({ kind: 'week', from: '2026-11-16', to: '2026-11-22' })
    expect(kept({ ...NO_FILTER, period: weekPeriod('2026-11-16') })).toEqual([1, 2])
    expect(caseFilter({ ...NO_FILTER, period: weekPeriod('2026-11-16') })).toEqual(['all', ['>=', ['get', 'day'], '2026-11-16'], ['<=', ['get', 'day'], '2026-11-22']])
    const box = { kind: 'bbox' as const, bbox: boxOf([2, 0], [0, 2]) }
    expect(box.bbox).toEqual([0, 0, 2, 2])
    expect(kept({ ...NO_FILTER, area: box })).toEqual([1, 2])
    expect(areaParam(box)).toEqual({ bbox: '0,0,2,2' })
    const tri = { kind: 'polygon' as const, ring: [[0, 0], [6, 0], [0, 6]] as [number, number][] }
    expect(kept({ ...NO_FILTER, area: tri })).toEqual([1, 2])
    expect(areaParam(tri)).toEqual({ polygon: '0,0,6,0,0,6' })
    expect(inArea(3.1, 3.1, tri)).toBe(false)
    expect(areaPolygon(box).coordinates[0]).toHaveLength(5)
  })

  it('bbox of polygons and points; null for nothing', () => {
    expect(bboxOf([{ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [[[0, 0], [2, -1], [1, 3], [0, 0]]] } }])).toEqual([0, -1, 2, 3])
    expect(bboxOf([])).toBeNull()
  })

  it('worst points: most overdue, then most open; closed-only points left out', () => {
    const rows = [row('1', 10, 0, 0), row('2', 5, 3, 1), row('3', 4, 4, 1), row('4', 9, 2, 0)]
    expect(worstPoints(rows).map((r) => r.key)).toEqual(['3', '2', '4'])
  })

  it('charts show the rows as given: trend totals per day, regions stacked to the total', () => {
    const rows = [row('2026-11-01', 3, 1, 0), row('2026-11-02', 0, 0, 0)]
    const trend = trendOption(rows, { day: '2026-11-02', period: null }, text)
    expect(trend.xAxis.data).toEqual(['2026-11-01', '2026-11-02'])
    expect(trend.series[0].data.map((d) => (d as { value: number }).value)).toEqual([3, 0])
    expect(trend.series[0].data.map((d) => (d as { itemStyle: { color: string } }).itemStyle.color)).toEqual([COLORS.muted, COLORS.total])
    // weeks: a bar is lit when its Monday-to-Sunday overlaps the period
    const weeks = trendOption([row('2026-11-09', 1, 0, 0), row('2026-11-16', 2, 0, 0)], { day: null, period: { from: '2026-11-14', to: '2026-11-15' } }, text, 'week', true)
    expect(weeks.series[0].data.map((d) => (d as { itemStyle: { color: string } }).itemStyle.color)).toEqual([COLORS.total, COLORS.muted])
    expect(weeks).toHaveProperty('brush.brushType', 'lineX')
    const regions = regionsOption([row('7', 10, 4, 1, 7), row('8', 2, 2, 2, 8)], 8, false, text)
    const stack = (i: number) => regions.series.reduce((s, x) => s + x.data[i].value, 0)
    expect([stack(0), stack(1)]).toEqual([10, 2])
    expect(regions.series[0].data[0].itemStyle.color).not.toBe(regions.series[0].data[1].itemStyle.color)
  })
})

describe('stats query dates', () => {
  it('weeks start on Monday; time keys cover the range', () => {
    expect(weekOf('2026-11-23')).toBe('2026-11-23')
    expect(weekOf('2026-11-22')).toBe('2026-11-16')
    expect(timeKeys('day', '2026-10-30', '2026-11-02')).toEqual(['2026-10-30', '2026-10-31', '2026-11-01', '2026-11-02'])
    expect(timeKeys('week', '2026-11-04', '2026-11-20')).toEqual(['2026-11-02', '2026-11-09', '2026-11-16'])
    expect(timeKeys('month', '2026-11-30', '2027-02-01')).toEqual(['2026-11', '2026-12', '2027-01', '2027-02'])
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01')
  })

  it('a range is China midnights: from inclusive, the day after `to` exclusive; bad input throws', () => {
    const r = parseRange('2026-11-01', '2026-11-02', new Date(), 480)
    expect([r.start.toISOString(), r.end.toISOString()]).toEqual(['2026-10-31T16:00:00.000Z', '2026-11-02T16:00:00.000Z'])
    expect(parseRange(undefined, undefined, new Date('2026-11-22T17:00:00Z'), 480)).toMatchObject({ from: '2026-10-25', to: '2026-11-23' })
    expect(() => parseRange('2026-02-30', undefined, new Date(), 480)).toThrow(/from must be a date/)
    expect(() => parseRange('2026-11-03', '2026-11-02', new Date(), 480)).toThrow(/after/)
  })
})
