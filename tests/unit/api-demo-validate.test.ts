import { describe, expect, it } from 'vitest'
import { assertValidLayer } from '../../api/demo/validate.ts'

const square = (id: number, ring: number[][]) => ({
  type: 'Feature' as const,
  properties: { id },
  geometry: { type: 'Polygon' as const, coordinates: [ring] },
})

describe('demo loader geometry check', () => {
  it('passes valid polygons', () => {
    expect(() => assertValidLayer('grids', [square(1, [[102.5, 24.3], [102.51, 24.3], [102.51, 24.31], [102.5, 24.31], [102.5, 24.3]])])).not.toThrow()
  })

  it('stops at a self-intersecting polygon, naming layer, id and reason', () => {
    const bowtie = square(7, [[102.5, 24.3], [102.51, 24.31], [102.51, 24.3], [102.5, 24.31], [102.5, 24.3]])
    expect(() => assertValidLayer('buildings', [bowtie])).toThrow(/buildings feature 7 .*self_intersection/)
  })

  it('stops at coordinates in a projected CRS', () => {
    const utm = square(3, [[953210, 4440237], [955040, 4440237], [955040, 4442967], [953210, 4440237]])
    expect(() => assertValidLayer('compounds', [utm])).toThrow(/compounds feature 3 .*projected_coordinates/)
  })
})
