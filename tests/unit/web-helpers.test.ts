/** Pure helpers of the web app: label points, legends, formatting, picking, API URLs. */
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { FeatureCollection, Polygon } from 'geojson'
import { labelPoints, pointInPolygon, polygonLabelPoint } from '../../web/src/map/labelPoints'
import { buildLegend, coverageClasses, coverageColour } from '../../web/src/map/legend'
import { LAYER_GROUPS, defaultVisibility, layersByGroup } from '../../web/src/map/layerGroups'
import { CLICK_PRIORITY, pickTarget, restoreProperties } from '../../web/src/map/pick'
import { COVERAGE, COVERAGE_STEPS, GRID_LEVEL_STYLE } from '../../web/src/map/palette'
import { clampRadius, formatDateTime, formatLength, formatNumber, formatPercent } from '../../web/src/composables/format'
import { codeLabel, humanize, localName, roleLabel } from '../../web/src/composables/labels'
import { debounce } from '../../web/src/composables/debounce'
import { apiUrl } from '../../web/src/api/client'
import { countIssues } from '../../web/src/features/issues/useIssuesStore'
import { buildLayers, DEFAULT_STYLE_OPTIONS } from '../../web/src/map/style'
import { GRID_LEVELS, type IssueCollection } from '../../web/src/api/types'

const square: Polygon = { type: 'Polygon', coordinates: [[[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]]] }
/** A "C" shape whose centroid lies in the gap, outside the polygon. */
const cShape = [[[0, 0], [3, 0], [3, 1], [1, 1], [1, 2], [3, 2], [3, 3], [0, 3], [0, 0]]]

describe('label points', () => {
  it('uses the centroid of a convex polygon', () => {
    expect(polygonLabelPoint(square.coordinates)).toEqual([1, 1])
  })

  it('stays inside a concave polygon whose centroid is outside it', () => {
    const p = polygonLabelPoint(cShape)
    expect(pointInPolygon(p, cShape)).toBe(true)
  })

  it('skips holes', () => {
    const withHole = [square.coordinates[0], [[0.5, 0.5], [0.5, 1.5], [1.5, 1.5], [1.5, 0.5], [0.5, 0.5]]]
    const p = polygonLabelPoint(withHole)
    expect(pointInPolygon(p, withHole)).toBe(true)
  })

  it('makes one point per feature from the largest part, keeping id and properties', () => {
    const collection = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', id: 7, geometry: square, properties: { name: '甲' } },
        {
          type: 'Feature',
          id: 8,
          geometry: { type: 'MultiPolygon', coordinates: [[[[10, 10], [10.1, 10], [10.1, 10.1], [10, 10]]], square.coordinates] },
          properties: { name: '乙' },
        },
        { type: 'Feature', id: 9, geometry: null, properties: { name: '丙' } },
      ],
    } as unknown as FeatureCollection<Polygon, { name: string }>
    const out = labelPoints(collection)
    expect(out.features.map((f) => f.id)).toEqual([7, 8])
    expect(out.features[1].geometry.coordinates).toEqual([1, 1])
    expect(out.features[0].properties).toMatchObject({ name: '甲', area: 4 })
  })
})

describe('legends', () => {
  it('has entries for every panel group at every level', () => {
    for (const group of LAYER_GROUPS) {
      for (const level of GRID_LEVELS) expect(buildLegend(group.id, { gridLevel: level }).length, group.id).toBeGreaterThan(0)
    }
  })

  it('shows the colour of the grid level on the map', () => {
    for (const level of GRID_LEVELS) {
      const [item] = buildLegend('grids', { gridLevel: level })
      expect(item.swatch).toMatchObject({ type: 'fill', stroke: GRID_LEVEL_STYLE[level].line })
      expect(item.label).toEqual({ key: `levels.${level}` })
    }
  })

  it('adds the issue category groups the API names, in both languages', () => {
    const items = buildLegend('issues', { gridLevel: 1, categoryGroups: { cleanup: { nameZh: '六大整治', nameEn: 'Six cleanup actions' } } })
    expect(items.at(-1)?.label).toEqual({ zh: '六大整治', en: 'Six cleanup actions' })
  })

  it('splits 0–100% into contiguous coverage classes that match the colour function', () => {
    const classes = coverageClasses()
    expect(classes[0].from).toBe(0)
    expect(classes.at(-1)?.to).toBe(1)
    for (let i = 1; i < classes.length; i++) expect(classes[i].from).toBe(classes[i - 1].to)
    for (const c of classes) expect(coverageColour(c.from)).toBe(c.colour)
    expect(coverageColour(1)).toBe(COVERAGE_STEPS.at(-1)?.colour)
    expect(coverageColour(null)).toBe(COVERAGE.noData)
    expect(coverageColour(Number.NaN)).toBe(COVERAGE.noData)
  })

  it('shows panel groups by default except patrol tracks', () => {
    const visible = defaultVisibility()
    expect(visible.patrols).toBe(false)
    expect(visible.grids && visible.issues && visible.kiosks).toBe(true)
    const groups = layersByGroup(buildLayers(DEFAULT_STYLE_OPTIONS))
    expect(groups.kiosks).toEqual(['kiosks'])
  })
})

describe('picking', () => {
  const f = (layer: string, id: number) => ({ layer: { id: layer }, id })

  it('prefers the most specific feature under the pointer', () => {
    expect(pickTarget([f('grids-fill', 1), f('issues-point', 2), f('compounds-fill', 3)])).toMatchObject({ kind: 'issue', feature: { id: 2 } })
    expect(pickTarget([f('grids-fill', 1), f('compounds-fill', 3)])).toMatchObject({ kind: 'compound' })
    expect(pickTarget([f('grids-fill', 1), f('issues-cluster', 5)])).toMatchObject({ kind: 'cluster' })
    expect(pickTarget([f('background', 1)])).toBeNull()
    expect(new Set(CLICK_PRIORITY.map((p) => p.layer)).size).toBe(CLICK_PRIORITY.length)
  })

  it('parses nested properties MapLibre flattened to JSON text', () => {
    expect(
      restoreProperties({ streams: '["kitchen","other"]', supervisor: '{"name":"王芳"}', name: '{not json', n: 3 }),
    ).toEqual({ streams: ['kitchen', 'other'], supervisor: { name: '王芳' }, name: '{not json', n: 3 })
    expect(restoreProperties(null)).toEqual({})
  })
})

describe('formatting', () => {
  it('formats numbers and percentages per locale', () => {
    expect(formatNumber(20345, 'zh-CN')).toBe('20,345')
    expect(formatNumber(null, 'en')).toBe('—')
    expect(formatPercent(0.8734, 'zh-CN')).toBe('87.3%')
    expect(formatPercent(1, 'en', 0)).toBe('100%')
    expect(formatPercent(undefined, 'en')).toBe('—')
  })

  it('formats date-times numerically in the given time zone', () => {
    expect(formatDateTime('2025-03-07T06:05:00Z', 'Asia/Shanghai')).toBe('2025-03-07 14:05')
    expect(formatDateTime('2025-12-31T16:00:00Z', 'Asia/Shanghai')).toBe('2026-01-01 00:00')
    expect(formatDateTime(null)).toBe('—')
    expect(formatDateTime('not a date')).toBe('not a date')
  })

  it('formats lengths in metres or kilometres', () => {
    expect(formatLength(850.4, 'en')).toBe('850 m')
    expect(formatLength(12345, 'zh-CN')).toBe('12.3 km')
  })

  it('clamps a typed radius into the slider range and step', () => {
    expect(clampRadius(304, 50, 1000, 10)).toBe(300)
    expect(clampRadius(5, 50, 1000, 10)).toBe(50)
    expect(clampRadius(99999, 50, 1000, 10)).toBe(1000)
    expect(clampRadius(Number.NaN, 50, 1000, 10)).toBe(50)
  })

  it('names roles and features in the current language', () => {
    expect(humanize('grid_head')).toBe('Grid head')
    expect(humanize('网格长')).toBe('网格长')
    expect(roleLabel({ role: 'grid_head', roleZh: '网格长' }, 'zh-CN')).toBe('网格长')
    expect(roleLabel({ role: 'grid_head', roleZh: '网格长' }, 'en')).toBe('Grid head')
    expect(localName({ name: '翠屏社区', nameEn: 'Cuiping' }, 'en')).toBe('Cuiping')
    expect(localName({ name: '翠屏社区', nameEn: '' }, 'en')).toBe('翠屏社区')
  })

  it('names codes from the dictionary, or makes unknown ones readable', () => {
    const dict: Record<string, string> = { 'issueSources.hotline': '热线电话' }
    const t = (key: string) => dict[key] ?? key
    expect(codeLabel(t, 'issueSources', 'hotline')).toBe('热线电话')
    expect(codeLabel(t, 'issueSources', 'walk_in')).toBe('Walk in')
    expect(codeLabel(t, 'issueSources', null)).toBeNull()
    expect(codeLabel(t, 'issueSources', '')).toBeNull()
  })
})

describe('api and store helpers', () => {
  afterEach(() => vi.useRealTimers())

  it('builds /api URLs without empty parameters', () => {
    expect(apiUrl('/grids', { level: 2, parent: undefined })).toBe('/api/grids?level=2')
    expect(apiUrl('/analysis/kiosk-coverage', { radius: 300, grid: null, level: 0 })).toBe('/api/analysis/kiosk-coverage?radius=300&level=0')
    expect(apiUrl('/district')).toBe('/api/district')
  })

  it('counts issues by status', () => {
    const issue = (open: boolean, overdue: boolean) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [0, 0] }, properties: { open, overdue } })
    const collection = { type: 'FeatureCollection', features: [issue(true, true), issue(true, false), issue(false, false)] } as unknown as IssueCollection
    expect(countIssues(collection)).toEqual({ total: 3, open: 2, overdue: 1, closed: 1 })
    expect(countIssues(null)).toEqual({ total: 0, open: 0, overdue: 0, closed: 0 })
  })

  it('debounces to the last call and can cancel', () => {
    vi.useFakeTimers()
    const calls: number[] = []
    const d = debounce((n: number) => calls.push(n), 300)
    d(1)
    d(2)
    vi.advanceTimersByTime(299)
    expect(calls).toEqual([])
    vi.advanceTimersByTime(1)
    expect(calls).toEqual([2])
    d(3)
    d.cancel()
    vi.advanceTimersByTime(1000)
    expect(calls).toEqual([2])
  })
})
