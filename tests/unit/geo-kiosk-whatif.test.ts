import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { createWhatIf, destinationPoint, kioskCoverage } from '../../geo/index.ts'

const spot = fc.tuple(fc.double({ min: 102.54, max: 102.56, noNaN: true }), fc.double({ min: 24.34, max: 24.36, noNaN: true }))
const op = fc.oneof(
  fc.record({ kind: fc.constant('move' as const), which: fc.nat(), to: spot }),
  fc.record({ kind: fc.constant('add' as const), to: spot }),
  fc.record({ kind: fc.constant('remove' as const), which: fc.nat() }),
)

describe('createWhatIf', () => {
  it('after any sequence of moves, adds and removes, equals kioskCoverage of the kiosks then placed', () => {
    fc.assert(fc.property(
      fc.double({ min: 20, max: 500, noNaN: true }),
      fc.array(fc.tuple(spot, fc.nat({ max: 90 })), { maxLength: 80 }),
      fc.array(spot, { maxLength: 8 }),
      fc.array(op, { maxLength: 25 }),
      (radius, bs, ks, ops) => {
        const buildings = { lon: bs.map((b) => b[0][0]), lat: bs.map((b) => b[0][1]), households: bs.map((b) => b[1]) }
        const w = createWhatIf(buildings, { lon: ks.map((k) => k[0]), lat: ks.map((k) => k[1]) }, { radius })
        const placed = new Map(ks.map((k, j) => [j, { lon: k[0], lat: k[1] }]))
        let flags = Array.from(kioskCoverage(buildings, [...placed.values()], { radius }).coveredFlags)
        for (const o of ops) {
          const ids = [...placed.keys()]
          let change
          if (o.kind === 'add') {
            const r = w.add(o.to[0], o.to[1])
            placed.set(r.id, { lon: o.to[0], lat: o.to[1] })
            change = r.change
          } else if (ids.length === 0) {
            continue
          } else if (o.kind === 'move') {
            const j = ids[o.which % ids.length]
            change = w.move(j, o.to[0], o.to[1])
            placed.set(j, { lon: o.to[0], lat: o.to[1] })
          } else {
            const j = ids[o.which % ids.length]
            change = w.remove(j)
            placed.delete(j)
          }
          const ref = kioskCoverage(buildings, [...placed.values()], { radius })
          const next = Array.from(ref.coveredFlags)
          // The change lists exactly the flips.
          const flippedOn = next.flatMap((f, i) => (f && !flags[i] ? [i] : []))
          const flippedOff = next.flatMap((f, i) => (!f && flags[i] ? [i] : []))
          expect([...change.covered].sort((a, b) => a - b)).toEqual(flippedOn)
          expect([...change.uncovered].sort((a, b) => a - b)).toEqual(flippedOff)
          expect(w.totals()).toEqual({ buildings: ref.buildings, households: ref.households, ratio: ref.ratio })
          next.forEach((f, i) => expect(w.isCovered(i)).toBe(f === 1))
          flags = next
        }
        expect(w.kioskCount()).toBe(placed.size)
      },
    ), { numRuns: 200 })
  })

  it('covers a building exactly at the radius, and not one a hair beyond', () => {
    const k: [number, number] = [102.55, 24.35]
    const inside = destinationPoint(k, 33, 250)
    const w0 = createWhatIf({ lon: [inside[0]], lat: [inside[1]], households: [4] }, { lon: [], lat: [] }, { radius: 250 })
    expect(w0.totals().households.covered).toBe(0)
    const exact = kioskCoverage([{ id: 1, lon: inside[0], lat: inside[1], households: 4 }], [{ lon: k[0], lat: k[1] }], { radius: 1e6 }).nearestKioskDistance[0]
    const w = createWhatIf({ lon: [inside[0]], lat: [inside[1]], households: [4] }, { lon: [], lat: [] }, { radius: exact })
    const { id, change } = w.add(k[0], k[1])
    expect(change.covered).toEqual([0])
    expect(w.totals().ratio).toBe(1)
    const beyond = destinationPoint(k, 213, 1e-3)
    expect(w.move(id, beyond[0], beyond[1]).uncovered).toEqual([0])
  })

  it('handles an empty scope and names bad input', () => {
    const w = createWhatIf({ lon: [], lat: [], households: [] }, { lon: [], lat: [] }, { radius: 300 })
    expect(w.add(102.5, 24.3).change).toEqual({ covered: [], uncovered: [] })
    expect(w.totals()).toEqual({ buildings: { total: 0, covered: 0 }, households: { total: 0, covered: 0 }, ratio: 0 })
    expect(() => w.move(7, 102.5, 24.3)).toThrow(/no kiosk 7/)
    expect(() => w.add(NaN, 24.3)).toThrow(/\[NaN, 24.3\]/)
    expect(() => createWhatIf({ lon: [1], lat: [1], households: [-1] }, { lon: [], lat: [] }, { radius: 300 })).toThrow(/households -1/)
    expect(() => createWhatIf({ lon: [], lat: [], households: [] }, { lon: [], lat: [] }, { radius: -1 })).toThrow(/radius/)
  })
})
