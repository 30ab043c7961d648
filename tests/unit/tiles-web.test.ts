import { describe, expect, it } from 'vitest'
import { featureFilter, validateStyleMin } from '@maplibre/maplibre-gl-style-spec'
import type { StyleSpecification } from 'maplibre-gl'
import { buildStyle } from '../../web/src/map/style'
import { issueLayers } from '../../web/src/map/layers/issues'
import { CASE_TILE_LAYER, SRC, caseTileUrl } from '../../web/src/map/sources'

describe('the issue layers drawn from case tiles', () => {
  const base = buildStyle()
  const tiles = issueLayers('tiles')
  const style: StyleSpecification = { ...base, layers: base.layers.map((l) => tiles.find((t) => t.id === l.id) ?? l) }

  it('replace the GeoJSON ones one for one, from the tile source, and validate', () => {
    expect(tiles.map((l) => l.id)).toEqual(issueLayers('geojson').map((l) => l.id))
    for (const l of tiles) expect(l).toMatchObject({ source: SRC.caseTiles, 'source-layer': CASE_TILE_LAYER })
    expect(validateStyleMin(style as never)).toEqual([])
  })

  it('tell clusters (with count) from single cases, and the overdue ring from the 0/1 field', () => {
    const filterOf = (id: string) => featureFilter((tiles.find((l) => l.id === id) as { filter?: unknown }).filter as never, 'layers[0].filter')
    const cluster = { type: 1, properties: { count: 12, overdue: 3, open: 5, status: 'handling' } }
    const single = { type: 1, properties: { id: 9, overdue: 1, open: 1, status: 'opened', category: 'clutter' } }
    const closed = { type: 1, properties: { id: 10, overdue: 0, open: 0, status: 'closed', category: 'clutter' } }
    const on = (id: string, f: object) => filterOf(id).filter({ zoom: 14 } as never, f as never)
    expect([on('issues-cluster', cluster), on('issues-cluster', single)]).toEqual([true, false])
    expect([on('issues-point', cluster), on('issues-point', single)]).toEqual([false, true])
    expect([on('issues-overdue', single), on('issues-overdue', closed)]).toEqual([true, false])
  })

  it('builds tile URLs with the filter and version', () => {
    expect(caseTileUrl()).toBe('/api/tiles/cases/{z}/{x}/{y}.mvt')
    expect(caseTileUrl({ status: 'overdue', v: '3', category: undefined })).toBe('/api/tiles/cases/{z}/{x}/{y}.mvt?status=overdue&v=3')
  })
})
