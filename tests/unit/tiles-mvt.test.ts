import { describe, expect, it } from 'vitest'
import { encodeTile } from '../../api/tiles/mvt.ts'
import { parseTile, tileBounds, tilePoint } from '../../api/tiles/tile.ts'
import { decodeTile } from '../support/mvt.ts'

describe('encodeTile', () => {
  it('writes points with ids and typed properties that an independent decoder reads back', () => {
    const bytes = encodeTile([
      {
        name: 'cases',
        features: [
          { type: 'point', point: [100, 200], properties: { count: 12, overdue: 3, open: 5, status: 'handling', category: null } },
          { type: 'point', id: 42, point: [4095, 0], properties: { id: 42, overdue: 1, open: 1, status: 'opened', category: 'clutter', ratio: 0.25, flag: true } },
          { type: 'point', id: 43, point: [0, 4095], properties: { id: 43, delta: -7, status: 'opened' } },
        ],
      },
    ])
    const { cases } = decodeTile(bytes)
    expect(cases.extent).toBe(4096)
    expect(cases.features).toEqual([
      { id: undefined, type: 'point', geometry: [[[100, 200]]], properties: { count: 12, overdue: 3, open: 5, status: 'handling' } },
      { id: 42, type: 'point', geometry: [[[4095, 0]]], properties: { id: 42, overdue: 1, open: 1, status: 'opened', category: 'clutter', ratio: 0.25, flag: true } },
      { id: 43, type: 'point', geometry: [[[0, 4095]]], properties: { id: 43, delta: -7, status: 'opened' } },
    ])
  })

  it('writes polygons with holes (closing vertex implied) and leaves empty layers out', () => {
    const outer: [number, number][] = [[0, 0], [100, 0], [100, 100], [0, 100], [0, 0]]
    const hole: [number, number][] = [[20, 20], [20, 80], [80, 80], [80, 20]]
    const tile = decodeTile(encodeTile([{ name: 'empty', features: [] }, { name: 'grids', features: [{ type: 'polygon', id: 7, rings: [outer, hole], properties: { name: '岚湖社区', level: 1 } }] }]))
    expect(Object.keys(tile)).toEqual(['grids'])
    const [f] = tile.grids.features
    expect(f).toMatchObject({ id: 7, type: 'polygon', properties: { name: '岚湖社区', level: 1 } })
    // the decoder closes each ring again
    expect(f.geometry).toEqual([outer, [...hole, hole[0]]])
  })
})

describe('tiles', () => {
  it('parses z/x/y.mvt and refuses tiles that do not exist', () => {
    expect(parseTile('12', '3245', '1790.mvt')).toEqual({ z: 12, x: 3245, y: 1790 })
    for (const [z, x, y] of [['23', '0', '0.mvt'], ['2', '4', '0.mvt'], ['2', '0', '4.mvt'], ['2', '0', '0'], ['-1', '0', '0.mvt'], ['1.5', '0', '0.mvt']]) {
      expect(() => parseTile(z, x, y), `${z}/${x}/${y}`).toThrow(/tile|z must|x and y/)
    }
  })

  it('places a tile’s corners at its bounds (y down)', () => {
    const id = { z: 12, x: 3214, y: 1771 }
    const [w, s, e, n] = tileBounds(id)
    expect(tilePoint(id, w, n)[0]).toBeCloseTo(0, 6)
    expect(tilePoint(id, w, n)[1]).toBeCloseTo(0, 6)
    expect(tilePoint(id, e, s)[0]).toBeCloseTo(4096, 6)
    expect(tilePoint(id, e, s)[1]).toBeCloseTo(4096, 6)
    expect(tileBounds({ z: 0, x: 0, y: 0 })[3]).toBeCloseTo(85.0511287798, 8)
  })
})
