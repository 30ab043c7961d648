import { describe, expect, it } from 'vitest'
import { createPropertyExpression, latest, validateStyleMin } from '@maplibre/maplibre-gl-style-spec'
import type { StyleSpecification } from 'maplibre-gl'
import { hexCellOf, scaleBreaks } from '../../geo/hotspots/index.ts'
import { casePoints, classColours, dayDate, daysBefore, frameRange, HEX_PALETTE, hexFeatures, hexFillColor, legendItems, rankingCsv, type HotspotCasesResponse, type HotspotRankingRow } from '../../web/src/features/hotspots/model'
import { hotspotLayers, hotspotSources } from '../../web/src/features/hotspots/hotspotsLayers'

const fill = (breaks: number[]) => {
  const spec = (latest as any).paint_fill['fill-color']
  const compiled = createPropertyExpression(hexFillColor(breaks), 'fill-color', spec)
  if (compiled.result !== 'success') throw new Error(JSON.stringify(compiled.value))
  return (count: number) => {
    const c = (compiled.value as any).evaluate({ zoom: 12 }, { type: 'Polygon', properties: { count } })
    const hex = (v: number) => Math.round(v * 255).toString(16).padStart(2, '0')
    return `#${hex(c.r)}${hex(c.g)}${hex(c.b)}`
  }
}

describe('hex colour classes', () => {
  it('colour each count by its class, the darkest on top, as the legend says', () => {
    const breaks = scaleBreaks(100, 5) // 1 3 7 16 40
    const colour = fill(breaks)
    const colours = classColours(breaks)
    expect(colours).toEqual(HEX_PALETTE.slice(1))
    expect([1, 2, 3, 6, 7, 15, 16, 39, 40, 100].map(colour)).toEqual([0, 0, 1, 1, 2, 2, 3, 3, 4, 4].map((i) => colours[i]))
    expect(legendItems(breaks, 100)).toEqual([
      { colour: colours[0], label: '1–2' },
      { colour: colours[1], label: '3–6' },
      { colour: colours[2], label: '7–15' },
      { colour: colours[3], label: '16–39' },
      { colour: colours[4], label: '40–100' },
    ])
    expect(legendItems([1], 1)).toEqual([{ colour: HEX_PALETTE[5], label: '1' }])
    expect(fill([1])(5)).toBe(HEX_PALETTE[5])
  })

  it('the layers validate against the style spec in both views', () => {
    for (const view of ['heat', 'hex'] as const) {
      const style: StyleSpecification = { version: 8, sources: hotspotSources() as never, layers: hotspotLayers({ view, breaks: [1, 2, 4], peak: 6, frame: { start: 3, end: 9 }, selected: '88283472bffffff' }) }
      expect(validateStyleMin(style as never).map((e) => e.message)).toEqual([])
    }
  })
})

describe('features and dates', () => {
  it('hex features hold only cells with cases', () => {
    const ids = [hexCellOf(102.54, 24.35, 8), hexCellOf(102.6, 24.35, 8)]
    const fc = hexFeatures(ids, [0, 3], new Map())
    expect(fc.features.map((f) => f.properties)).toEqual([{ cell: ids[1], count: 3 }])
    expect(fc.features[0].geometry.coordinates[0]).toHaveLength(7)
  })

  it('case points carry their day and category code', () => {
    const data = { from: '2026-01-01', categories: ['a', 'b'], cases: { id: [5], lon: [1], lat: [2], day: [3], category: [1], recurrence: [0], rework: [0] } } as unknown as HotspotCasesResponse
    expect(casePoints(data).features[0]).toEqual({ type: 'Feature', id: 5, geometry: { type: 'Point', coordinates: [1, 2] }, properties: { day: 3, category: 'b' } })
  })

  it('day indices to local dates, across a month and a leap day', () => {
    expect(dayDate('2028-02-27', 2)).toBe('2028-02-29')
    expect(frameRange('2026-10-30', { start: 1, end: 3 })).toEqual({ from: '2026-10-31', to: '2026-11-02' })
    expect(daysBefore('2026-11-23', 90)).toBe('2026-08-26')
  })
})

describe('ranking CSV', () => {
  const row = (over: Partial<HotspotRankingRow>): HotspotRankingRow => ({ rank: 1, cell: '88283472bffffff', lon: 102.5, lat: 24.3, count: 9, recurrences: 2, reworks: 1, topCategory: 'clutter', topCategoryCount: 5, gridId: 3, gridName: '花园社区1号', ...over })

  it('starts with a BOM, ends lines with CRLF, quotes what needs quoting', () => {
    const csv = rankingCsv([row({}), row({ rank: 2, gridName: 'a "b", c', topCategory: 'x' })], ['名次', 'b'], (c) => (c === 'clutter' ? '乱堆乱放' : c))
    expect(csv.charCodeAt(0)).toBe(0xfeff)
    expect(csv.slice(1).split('\r\n')).toEqual(['名次,b', '1,88283472bffffff,102.500000,24.300000,花园社区1号,9,2,1,乱堆乱放,5', '2,88283472bffffff,102.500000,24.300000,"a ""b"", c",9,2,1,x,5', ''])
    expect(new TextEncoder().encode(csv).subarray(0, 3)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]))
  })
})
