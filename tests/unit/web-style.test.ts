/**
 * The map style as data: valid against the MapLibre style spec, offline (no glyphs, no sprite,
 * no URL but our own relative /api paths), every layer on a known source and in a panel group,
 * and expressions that evaluate to the colours the legends promise.
 */
import { describe, expect, it } from 'vitest'
import { createPropertyExpression, featureFilter, isExpression, latest, validateStyleMin } from '@maplibre/maplibre-gl-style-spec'
import type { LayerSpecification, StyleSpecification } from 'maplibre-gl'
import { buildStyle } from '../../web/src/map/style'
import { SRC } from '../../web/src/map/sources'
import { LAYER_GROUPS, APP_GROUPS, layersByGroup } from '../../web/src/map/layerGroups'
import { groupOf, isLocalised, labelField } from '../../web/src/map/layers/common'
import { ICONS, ICON_PREFIX } from '../../web/src/map/icons'
import { CLICK_PRIORITY } from '../../web/src/map/pick'
import { coverageFillColour } from '../../web/src/map/layers/grids'
import { issueRingColour, issueStatusColour } from '../../web/src/map/layers/issues'
import { circlePolygon, coverageRings } from '../../web/src/map/layers/coverage'
import { haversineMeters, ringArea } from '../../geo/index.ts'
import { coverageColour } from '../../web/src/map/legend'
import { COVERAGE, FACILITY_KINDS, ISSUE_GROUP, ISSUE_STATUS } from '../../web/src/map/palette'

const styles: Record<string, StyleSpecification> = {
  'zh-CN': buildStyle({ locale: 'zh-CN' }),
  en: buildStyle({ locale: 'en' }),
}

/** Every string anywhere in a value, depth first. */
function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value)
  else if (Array.isArray(value)) value.forEach((v) => strings(v, out))
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => strings(v, out))
  return out
}

/** Compiles a paint/layout value against its style-spec property definition. */
function compile(layerType: string, kind: 'paint' | 'layout', property: string, value: unknown) {
  const spec = (latest as unknown as Record<string, Record<string, unknown>>)[`${kind}_${layerType}`][property]
  const compiled = createPropertyExpression(value, property, spec as never)
  if (compiled.result !== 'success') throw new Error(`${property}: ${JSON.stringify(compiled.value)}`)
  return compiled.value
}

function colourHex(c: { r: number; g: number; b: number }): string {
  const hex = (v: number) => Math.round(v * 255).toString(16).padStart(2, '0')
  return `#${hex(c.r)}${hex(c.g)}${hex(c.b)}`
}

describe.each(Object.entries(styles))('style (%s)', (_locale, style) => {
  it('validates against the MapLibre style specification', () => {
    const errors = validateStyleMin(style as never)
    expect(errors.map((e) => e.message)).toEqual([])
  })

  it('is offline: no glyphs, no sprite, and no URL but relative /api paths', () => {
    expect(style).not.toHaveProperty('glyphs')
    expect(style).not.toHaveProperty('sprite')
    const urls = strings(style).filter((s) => /:\/\/|^\/\w|^www\./.test(s))
    expect(urls.length).toBeGreaterThan(0)
    for (const url of urls) expect(url).toMatch(/^\/api\/[a-z/-]+(\/\{z\}\/\{x\}\/\{y\}\.mvt)?(\?.*)?$/)
  })

  it('draws every layer from a source the style declares, with unique ids', () => {
    const ids = style.layers.map((l) => l.id)
    expect(new Set(ids).size).toBe(ids.length)
    for (const layer of style.layers) {
      if (layer.type === 'background') continue
      expect(Object.keys(style.sources), layer.id).toContain((layer as { source: string }).source)
    }
    expect(Object.keys(style.sources).sort()).toEqual(Object.values(SRC).sort())
  })

  it('compiles every filter and every paint/layout value', () => {
    style.layers.forEach((layer, i) => {
      if ('filter' in layer && layer.filter) expect(() => featureFilter(layer.filter, `layers[${i}].filter`), layer.id).not.toThrow()
      for (const kind of ['paint', 'layout'] as const) {
        for (const [property, value] of Object.entries((layer as Record<string, unknown>)[kind] ?? {})) {
          // constants were checked by the validator; expressions must also compile for their property
          if (isExpression(value)) expect(() => compile(layer.type, kind, property, value), `${layer.id} ${property}`).not.toThrow()
        }
      }
    })
  })

  it('puts every layer in a group, and every panel group has layers', () => {
    const known = new Set<string>([...LAYER_GROUPS.map((g) => g.id), ...APP_GROUPS])
    for (const layer of style.layers) expect(known.has(groupOf(layer) ?? ''), layer.id).toBe(true)
    const byGroup = layersByGroup(style.layers)
    for (const group of LAYER_GROUPS) expect(byGroup[group.id]?.length, group.id).toBeGreaterThan(0)
  })

  it('gives every label a local CJK font stack and no glyph range fetches', () => {
    const symbols = style.layers.filter((l): l is Extract<LayerSpecification, { type: 'symbol' }> => l.type === 'symbol')
    expect(symbols.length).toBeGreaterThan(3)
    for (const layer of symbols) {
      if (!layer.layout?.['text-field']) continue
      const fonts = strings(layer.layout['text-font'])
      expect(fonts, layer.id).toContain('Noto Sans CJK SC')
      expect(fonts.at(-1), layer.id).toBe('sans-serif')
    }
  })

  it('names only icons that the icon table can draw', () => {
    const names = strings(style.layers).filter((s) => s.startsWith(ICON_PREFIX))
    expect(names.length).toBeGreaterThan(2)
    for (const name of names) expect(ICONS, name).toHaveProperty([name])
    for (const kind of FACILITY_KINDS) expect(ICONS).toHaveProperty([`${ICON_PREFIX}facility-${kind}`])
  })

  it('keeps the app-driven coverage layers hidden until the coverage view opens', () => {
    const coverage = style.layers.filter((l) => groupOf(l) === 'coverage')
    expect(coverage.map((l) => l.id).sort()).toEqual(['coverage-choropleth', 'coverage-ring', 'coverage-ring-fill', 'coverage-uncovered-fill', 'coverage-uncovered-line'])
    for (const layer of coverage) expect(layer.layout?.visibility, layer.id).toBe('none')
  })

  it('has every clickable layer', () => {
    const ids = new Set(style.layers.map((l) => l.id))
    for (const { layer } of CLICK_PRIORITY) expect(ids.has(layer), layer).toBe(true)
  })
})

describe('style language', () => {
  it('labels grids in the chosen language', () => {
    const label = (s: StyleSpecification) => s.layers.find((l) => l.id === 'grids-label') as { layout: Record<string, unknown> }
    expect(label(styles['zh-CN']).layout['text-field']).toEqual(labelField('zh-CN'))
    expect(label(styles.en).layout['text-field']).toEqual(labelField('en'))
    expect(styles.en.layers.filter(isLocalised).map((l) => l.id)).toContain('grids-label')
  })

  it('falls back to the Chinese name when a feature has no English one', () => {
    const expr = compile('symbol', 'layout', 'text-field', labelField('en'))
    const evaluate = (properties: Record<string, unknown>) =>
      String(expr.evaluate({ zoom: 12 }, { type: 'Point', properties } as never))
    expect(evaluate({ name: '翠屏社区', nameEn: 'Cuiping Community' })).toBe('Cuiping Community')
    expect(evaluate({ name: '翠屏社区' })).toBe('翠屏社区')
  })
})

describe('style expressions agree with the legends', () => {
  it('colours the coverage choropleth as the legend does', () => {
    const expr = compile('fill', 'paint', 'fill-color', coverageFillColour())
    for (const ratio of [0, 0.2, 0.49, 0.5, 0.69, 0.7, 0.849, 0.85, 0.94, 0.95, 1]) {
      const colour = expr.evaluate({ zoom: 12 }, { type: 'Polygon', properties: {} } as never, { ratio })
      expect(colourHex(colour as never), String(ratio)).toBe(coverageColour(ratio))
    }
    const none = expr.evaluate({ zoom: 12 }, { type: 'Polygon', properties: {} } as never, {})
    expect(colourHex(none as never)).toBe(COVERAGE.noData)
  })

  it('colours issues by status with overdue winning over open', () => {
    const expr = compile('circle', 'paint', 'circle-color', issueStatusColour)
    const colour = (properties: Record<string, unknown>) =>
      colourHex(expr.evaluate({ zoom: 15 }, { type: 'Point', properties } as never) as never)
    expect(colour({ open: true, overdue: true })).toBe(ISSUE_STATUS.overdue)
    expect(colour({ open: true, overdue: false })).toBe(ISSUE_STATUS.open)
    expect(colour({ open: false, overdue: false })).toBe(ISSUE_STATUS.closed)
  })

  it('rings issues by their category group', () => {
    const ring = issueRingColour([
      { code: 'clutter', group: 'cleanup' },
      { code: 'flyposting', group: 'six_disorders' },
    ])
    const expr = compile('circle', 'paint', 'circle-stroke-color', ring)
    const colour = (category: string) => colourHex(expr.evaluate({ zoom: 15 }, { type: 'Point', properties: { category } } as never) as never)
    expect(colour('clutter')).toBe(ISSUE_GROUP.cleanup)
    expect(colour('flyposting')).toBe(ISSUE_GROUP.six_disorders)
    expect(issueRingColour([])).toMatch(/^#/)
  })

  it('draws coverage rings at the ground radius, closed and counter-clockwise', () => {
    const centre = [102.54, 24.35]
    const ring = circlePolygon(centre, 300, 48).coordinates[0]
    expect(ring).toHaveLength(49)
    expect(ring[48]).toEqual(ring[0])
    for (const p of ring) expect(haversineMeters(centre, p)).toBeCloseTo(300, 6)
    // RFC 7946 exterior: positive area, within 0.3 % of the true circle's (a 48-gon is a little smaller)
    const area = ringArea(ring)
    expect(area).toBeGreaterThan(0)
    expect(area / (Math.PI * 300 * 300)).toBeGreaterThan(0.995)
    const rings = coverageRings([{ type: 'Feature', id: 7, geometry: { type: 'Point', coordinates: centre }, properties: {} }], 500)
    expect(rings.features[0].id).toBe(7)
    expect(haversineMeters(centre, rings.features[0].geometry.coordinates[0][10])).toBeCloseTo(500, 6)
  })
})
