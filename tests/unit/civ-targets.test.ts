import { describe, expect, it } from 'vitest'
import { countyTargets, endOfChinaDay, expectedAt, seriesDates, statusSeries } from '../../api/civ/progress/targets.ts'

const at = (d: string) => endOfChinaDay(d) - 3_600_000 // 23:00 China time that day

describe('statusSeries (hand-computed)', () => {
  it('counts each compound’s latest status before each cutoff; demonstration counts as civilised', () => {
    const compounds = [
      { id: 1, units: ['a'] },
      { id: 2, units: ['a'] },
      { id: 3, units: ['b'] },
    ]
    const events = [
      { compoundId: 1, status: 'in_progress' as const, since: at('2026-03-01') },
      { compoundId: 1, status: 'civilised' as const, since: at('2026-05-01') },
      { compoundId: 2, status: 'demonstration' as const, since: at('2026-06-01') },
      { compoundId: 1, status: 'in_progress' as const, since: at('2026-07-01') },
      { compoundId: 3, status: 'civilised' as const, since: at('2026-04-30') },
    ]
    const cutoffs = ['2026-04-30', '2026-05-01', '2026-06-15', '2026-07-01'].map(endOfChinaDay)
    const out = statusSeries(compounds, events, cutoffs)
    expect(out.get('a')).toEqual({ compounds: 2, demonstration: [0, 0, 1, 1], civilised: [0, 1, 2, 1] })
    expect(out.get('b')).toEqual({ compounds: 1, demonstration: [0, 0, 0, 0], civilised: [1, 1, 1, 1] })
  })
})

describe('expectedAt (hand-computed)', () => {
  const targets = countyTargets(2026)
  it('is 0 on 1 January, on the line to each target, and the target once passed', () => {
    expect(expectedAt(targets, '2026-01-01', 2026).demonstration).toBe(0)
    // 1 Jan 00:00 → 31 Aug 24:00 is 243 days; at the end of 30 April (120 days): 5 × 120/243 = 2.47 → 2
    expect(expectedAt(targets, '2026-04-30', 2026).demonstration).toBe(2)
    expect(expectedAt(targets, '2026-09-10', 2026).demonstration).toBe(5)
    // 50 by 31 Oct (304 days); at the end of 30 Jun (181 days): 29.77 → 29
    expect(expectedAt(targets, '2026-06-30', 2026).civilised).toBe(29)
    // 80 % by 31 Dec (365 days); at the end of 1 July (182 days): 0.39890…
    expect(expectedAt(targets, '2026-07-01', 2026).civilisedShare).toBeCloseTo(0.3989, 4)
  })
})

describe('seriesDates', () => {
  it('is weekly from 1 January, with the target dates passed and the as-of date', () => {
    const d = seriesDates(2026, '2026-09-02', countyTargets(2026))
    expect(d[0]).toBe('2026-01-01')
    expect(d[1]).toBe('2026-01-08')
    expect(d).toContain('2026-08-31')
    expect(d).not.toContain('2026-10-31')
    expect(d.at(-1)).toBe('2026-09-02')
    expect([...d].sort()).toEqual(d)
  })
})
