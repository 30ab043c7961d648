/** The wall's chart options carry exactly the API's rows, in the order the panels promise. */
import { describe, expect, it } from 'vitest'
import { categoryOption, departmentOption, rankingOption, trendOption, type ChartText } from '../../web/src/features/wall/wallCharts'
import type { RankingRow, StatsRow } from '../../web/src/features/wall/model'

const text: ChartText = { reported: 'R', overdue: 'O', closed: 'C', score: 'S', onTime: 'T', redList: 'red', blackList: 'black' }
const stat = (key: string, total: number, overdue = 0): StatsRow => ({ key, label: key, total, open: 0, overdue, closed: 0 })
const rank = (key: string, score: number | null, onTimeRate: number | null, opened = 10): RankingRow => ({
  key,
  name: `n${key}`,
  counts: { opened, closed: 0, onTime: 0, overdue: 0, reworked: 0 },
  rates: { closeRate: null, onTimeRate, reworkRate: null, extensionRate: null },
  score,
})
type Series = { data: unknown[]; name?: string }
const series = (o: Record<string, unknown>) => o.series as Series[]

describe('wall charts', () => {
  it('trend: one bar per day and the overdue line', () => {
    const o = trendOption([stat('2026-11-22', 30, 2), stat('2026-11-23', 12, 0)], text)
    expect((o.xAxis as { data: string[] }).data).toEqual(['11-22', '11-23'])
    expect(series(o).map((s) => s.data)).toEqual([[30, 12], [2, 0]])
  })
  it('categories: the largest on top (ECharts draws category axes bottom up)', () => {
    const o = categoryOption([stat('a', 3), stat('b', 9), stat('c', 5)], (c) => c.toUpperCase(), 1, 2)
    expect((o.yAxis as { data: string[] }).data).toEqual(['C', 'B'])
    expect(series(o)[0]!.data).toEqual([5, 9])
  })
  it('ranking: red list best first above the black list worst first', () => {
    const o = rankingOption([rank('1', 91.23, 0.9), rank('2', 88, 0.8)], [rank('9', 60, 0.5), rank('8', 65, 0.6)], text)
    expect((o.yAxis as { data: string[] }).data).toEqual(['n8', 'n9', 'n2', 'n1'])
    expect(series(o)[0]!.data).toEqual(['-', '-', 88, 91.2])
    expect(series(o)[1]!.data).toEqual([65, 60, '-', '-'])
  })
  it('departments: by score, best first, with on-time rate in %; departments without cases left out', () => {
    const o = departmentOption([rank('a', 70, 0.5), rank('b', 90, 0.955), rank('c', null, null, 0)], text)
    expect((o.xAxis as { data: string[] }).data).toEqual(['nb', 'na'])
    expect(series(o).map((s) => s.data)).toEqual([[90, 70], [95.5, 50]])
  })
  it('scales fonts with the layout', () => {
    const small = trendOption([stat('2026-11-23', 1)], text, 0.5) as { textStyle: { fontSize: number } }
    const big = trendOption([stat('2026-11-23', 1)], text, 2) as { textStyle: { fontSize: number } }
    expect(big.textStyle.fontSize).toBe(4 * small.textStyle.fontSize)
  })
})
