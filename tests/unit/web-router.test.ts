import { describe, expect, it } from 'vitest'
import { parseRoute, FULLSCREEN } from '../../web/src/router'

describe('parseRoute', () => {
  it('maps each prefix to its screen with the remaining segments', () => {
    expect(parseRoute('/')).toEqual({ screen: 'map', params: [] })
    expect(parseRoute('/cases/12')).toEqual({ screen: 'cases', params: ['12'] })
    expect(parseRoute('/drill/3/')).toEqual({ screen: 'drill', params: ['3'] })
    expect(parseRoute('/hotspots')).toEqual({ screen: 'hotspots', params: [] })
    expect(parseRoute('/planner/grid/7')).toEqual({ screen: 'planner', params: ['grid', '7'] })
    expect(parseRoute('/wall')).toEqual({ screen: 'wall', params: [] })
    expect(parseRoute('/m/report')).toEqual({ screen: 'mobile', params: ['report'] })
  })
  it('shows the map for unknown paths and does not match prefixes inside words', () => {
    expect(parseRoute('/wallpaper')).toEqual({ screen: 'map', params: [] })
    expect(parseRoute('/nope/1')).toEqual({ screen: 'map', params: [] })
    expect(parseRoute('/mobile')).toEqual({ screen: 'map', params: [] })
  })
  it('decodes segments', () => {
    expect(parseRoute('/planner/%E7%BD%91%E6%A0%BC')).toEqual({ screen: 'planner', params: ['网格'] })
  })
  it('draws only the wall and the phone without the top bar', () => {
    expect([...FULLSCREEN].sort()).toEqual(['mobile', 'wall'])
  })
})
