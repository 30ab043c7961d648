/**
 * The wall's dark style as data: valid, offline, built from the basemap's own layers (not a fork),
 * dark ground under pale labels, and the wall layers on the wall's sources.
 */
import { describe, expect, it } from 'vitest'
import { validateStyleMin } from '@maplibre/maplibre-gl-style-spec'
import type { LayerSpecification } from 'maplibre-gl'
import { buildStyle } from '../../web/src/map/style'
import { BASE, GREEN, ROAD } from '../../web/src/map/palette'
import { WALL_BASE_LAYERS, WALL_MINZOOM, WALL_SRC, buildWallLiveStyle, buildWallStyle, darkLayer, pulseAt, recolour } from '../../web/src/features/wall/wallStyle'

/** Relative luminance (WCAG) of '#rrggbb'. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4))
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!
}
const contrast = (a: string, b: string) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x)
  return (hi! + 0.05) / (lo! + 0.05)
}
function colours(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string' && /^#[0-9a-f]{6}$/i.test(value)) out.push(value.toLowerCase())
  else if (Array.isArray(value)) value.forEach((v) => colours(v, out))
  return out
}
const paint = (l: LayerSpecification) => ('paint' in l && l.paint ? (l.paint as Record<string, unknown>) : {})

describe('wall style', () => {
  const style = buildWallStyle('zh-CN')

  it('is a valid style that fetches nothing but our own API', () => {
    expect(validateStyleMin(style)).toEqual([])
    expect(style.glyphs).toBeUndefined()
    expect(style.sprite).toBeUndefined()
    for (const source of Object.values(style.sources)) {
      const data = (source as { data?: unknown }).data
      if (typeof data === 'string') expect(data).toMatch(/^\/api\//)
    }
  })

  it('keeps the basemap layers it names, in the basemap order, with the same geometry and filters', () => {
    const base = buildStyle({ locale: 'zh-CN' }).layers
    const kept = style.layers.filter((l) => (WALL_BASE_LAYERS as readonly string[]).includes(l.id))
    expect(kept.map((l) => l.id)).toEqual(base.filter((l) => (WALL_BASE_LAYERS as readonly string[]).includes(l.id)).map((l) => l.id))
    for (const layer of kept) {
      const original = base.find((l) => l.id === layer.id)!
      expect({ ...layer, paint: undefined, minzoom: undefined }).toEqual({ ...original, paint: undefined, minzoom: undefined })
      expect(layer.minzoom ?? 0).toBe(Math.max(original.minzoom ?? 0, WALL_MINZOOM[layer.id] ?? 0))
    }
    // no source the wall does not draw (compounds, kiosks, patrols …) is fetched
    expect(Object.keys(style.sources).sort()).toEqual(
      [...new Set(style.layers.map((l) => ('source' in l ? l.source : '')).filter(Boolean))].sort(),
    )
  })

  it('leaves none of the light palette in the basemap and draws land and water dark', () => {
    const light = new Set([...Object.values(BASE), ...Object.values(GREEN), ...Object.values(ROAD)].map((c) => c.toLowerCase()))
    for (const layer of style.layers.filter((l) => (WALL_BASE_LAYERS as readonly string[]).includes(l.id))) {
      for (const c of colours(Object.values(paint(layer)))) expect(light.has(c), `${layer.id} still uses ${c}`).toBe(false)
    }
    for (const id of ['background', 'district-land', 'water-fill', 'buildings-fill']) {
      const c = colours(Object.values(paint(style.layers.find((l) => l.id === id)!)))[0]!
      expect(luminance(c), id).toBeLessThan(0.05)
    }
  })

  it('prints labels readable on their halo (contrast ≥ 4.5)', () => {
    for (const layer of style.layers.filter((l) => l.type === 'symbol')) {
      const p = paint(layer)
      const text = colours([p['text-color']])
      const halo = colours([p['text-halo-color']])[0]
      if (!halo) continue
      for (const t of text) expect(contrast(t, halo), `${layer.id} ${t} on ${halo}`).toBeGreaterThanOrEqual(4.5)
    }
  })

  it('recolours inside expressions and leaves other values alone', () => {
    expect(recolour(['match', ['get', 'k'], 'a', '#111111', '#222222'], { '#111111': '#aaaaaa' })).toEqual(['match', ['get', 'k'], 'a', '#aaaaaa', '#222222'])
    const layer: LayerSpecification = { id: 'x', type: 'fill', source: 's', paint: { 'fill-color': GREEN.park, 'fill-opacity': 0.5 } }
    expect(paint(darkLayer(layer))['fill-opacity']).toBe(0.5)
    expect(paint(darkLayer(layer))['fill-color']).not.toBe(GREEN.park)
  })

  it('draws the hotspot on the base map, and cases, the pulse and new reports on the live map only', () => {
    const baseWall = style.layers.filter((l) => l.id.startsWith('wall-'))
    expect(baseWall.map((l) => l.id)).toEqual(['wall-hotspot-fill', 'wall-hotspot-line'])
    for (const l of baseWall) expect((l as { source: string }).source).toBe(WALL_SRC.hotspot)
    expect(Object.keys(style.sources)).not.toContain(WALL_SRC.cases)

    const live = buildWallLiveStyle()
    expect(validateStyleMin(live)).toEqual([])
    expect(Object.keys(live.sources)).toEqual([WALL_SRC.cases])
    expect(live.layers.map((l) => l.id)).toEqual(['wall-cases-closed', 'wall-cases-pulse', 'wall-cases', 'wall-fresh', 'wall-fresh-dot'])
    for (const l of live.layers) expect((l as { source: string }).source).toBe(WALL_SRC.cases)
    // transparent: no background, so the base map shows through
    expect(live.layers.some((l) => l.type === 'background')).toBe(false)
    // the highlight layers draw only the features flagged fresh
    for (const id of ['wall-fresh', 'wall-fresh-dot']) expect(live.layers.find((l) => l.id === id)).toMatchObject({ filter: ['==', ['get', 'fresh'], true] })
  })

  it('pulses from a small bright ring to a large faint one', () => {
    expect(pulseAt(0)).toEqual({ radius: 7, opacity: 0.9 })
    expect(pulseAt(0.999).opacity).toBeLessThan(0.01)
    expect(pulseAt(1.25)).toEqual(pulseAt(0.25))
    expect(pulseAt(0.5, 2).radius).toBe(2 * pulseAt(0.5).radius)
  })
})
