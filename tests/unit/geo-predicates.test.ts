import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { SegmentContact, orient2d, segmentContact } from '../../geo/index.ts'

const nextUp = (x: number) => {
  const buf = new Float64Array([x])
  const bits = new BigInt64Array(buf.buffer)
  bits[0] += x >= 0 ? 1n : -1n
  return buf[0]
}

describe('orient2d', () => {
  it('is 0 for points exactly on a line, and turns with a one-ulp nudge', () => {
    // c = a + t·(b − a) with dyadic t and coordinates near 116/40: all exact in binary.
    const lonLat = fc.tuple(fc.integer({ min: -4096, max: 4096 }), fc.integer({ min: -4096, max: 4096 })).map(([i, j]) => [116 + i / 1024, 40 + j / 1024])
    fc.assert(fc.property(lonLat, lonLat, fc.integer({ min: -8, max: 8 }), ([ax, ay], [bx, by], k) => {
      fc.pre(ax !== bx)
      const t = k / 4
      const [cx, cy] = [ax + t * (bx - ax), ay + t * (by - ay)]
      expect(orient2d(ax, ay, bx, by, cx, cy)).toBe(0)
      // Nudging c up by one ulp puts it left of a→b when a→b points east, right when west.
      expect(orient2d(ax, ay, bx, by, cx, nextUp(cy))).toBe(bx > ax ? 1 : -1)
    }))
  })

  it('is consistent under cyclic rotation and reversal, even for nearly collinear points', () => {
    const near = fc.tuple(fc.double({ min: 116.3, max: 116.31, noNaN: true }), fc.integer({ min: -3, max: 3 }))
    fc.assert(fc.property(near, near, near, ([ax, da], [bx, db], [cx, dc]) => {
      // Three points on y = x − 76.32, each nudged by a few ulps: the float determinant is noise here.
      let [ay, by, cy] = [ax - 76.32, bx - 76.32, cx - 76.32]
      for (let i = 0; i < Math.abs(da); i++) ay = nextUp(ay)
      for (let i = 0; i < Math.abs(db); i++) by = nextUp(by)
      for (let i = 0; i < Math.abs(dc); i++) cy = nextUp(cy)
      const o = orient2d(ax, ay, bx, by, cx, cy)
      expect(orient2d(bx, by, cx, cy, ax, ay)).toBe(o)
      expect(orient2d(cx, cy, ax, ay, bx, by)).toBe(o)
      expect(orient2d(bx, by, ax, ay, cx, cy)).toBe(o === 0 ? 0 : -o)
    }))
  })
})

describe('segmentContact', () => {
  it('tells crossing, touching, collinear overlap and none apart', () => {
    expect(segmentContact(0, 0, 2, 2, 0, 2, 2, 0)).toBe(SegmentContact.Crossing)
    expect(segmentContact(0, 0, 2, 0, 1, 0, 1, 5)).toBe(SegmentContact.Touch) // T-junction
    expect(segmentContact(0, 0, 2, 0, 2, 0, 3, 1)).toBe(SegmentContact.Touch) // shared endpoint
    expect(segmentContact(0, 0, 2, 0, 2, 0, 3, 0)).toBe(SegmentContact.Touch) // collinear, end to end
    expect(segmentContact(0, 0, 2, 0, 1, 0, 3, 0)).toBe(SegmentContact.Overlap)
    expect(segmentContact(0, 0, 0, 2, 0, 1, 0, 5)).toBe(SegmentContact.Overlap) // vertical
    expect(segmentContact(0, 0, 2, 0, 3, 0, 4, 0)).toBe(SegmentContact.None) // collinear, apart
    expect(segmentContact(0, 0, 2, 2, 3, 0, 5, -2)).toBe(SegmentContact.None)
  })

  it('is symmetric in its two segments and in their directions', () => {
    const p = fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 4 }))
    fc.assert(fc.property(p, p, p, p, ([ax, ay], [bx, by], [cx, cy], [dx, dy]) => {
      const c = segmentContact(ax, ay, bx, by, cx, cy, dx, dy)
      expect(segmentContact(cx, cy, dx, dy, ax, ay, bx, by)).toBe(c)
      expect(segmentContact(bx, by, ax, ay, dx, dy, cx, cy)).toBe(c)
    }))
  })
})
