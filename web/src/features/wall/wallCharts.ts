/**
 * ECharts options of the wall's panels, built from API rows as plain data (no ECharts runtime
 * here): the 30-day trend, categories, the grid 红黑榜 and department performance. Every length
 * is multiplied by the layout scale so the panels read the same on a laptop and a 4K wall.
 * Unit-tested in tests/unit/wall-charts.test.ts.
 */
import type { RankingRow, StatsRow } from './model'

/** Chart colours on the dark wall. */
export const CHART = {
  text: '#c9d7ec',
  muted: '#7f93b2',
  axis: '#2a3b57',
  split: 'rgba(80, 110, 160, 0.18)',
  reported: '#38bdf8',
  overdue: '#f87171',
  closed: '#34d399',
  category: '#818cf8',
  red: '#ef4444',
  black: '#64748b',
  score: '#22d3ee',
  onTime: '#fbbf24',
} as const

export interface ChartText {
  reported: string
  overdue: string
  closed: string
  score: string
  onTime: string
  redList: string
  blackList: string
}

type Option = Record<string, unknown>

const px = (n: number, scale: number) => Math.max(1, Math.round(n * scale))

function base(scale: number, grid: { left: number; right: number; top: number; bottom: number }): Option {
  return {
    backgroundColor: 'transparent',
    animation: false,
    textStyle: { color: CHART.text, fontSize: px(14, scale), fontFamily: 'Noto Sans CJK SC, Microsoft YaHei, PingFang SC, sans-serif' },
    grid: { left: px(grid.left, scale), right: px(grid.right, scale), top: px(grid.top, scale), bottom: px(grid.bottom, scale), containLabel: true },
  }
}

function axisStyle(scale: number) {
  return {
    axisLine: { lineStyle: { color: CHART.axis } },
    axisTick: { show: false },
    axisLabel: { color: CHART.muted, fontSize: px(13, scale) },
    splitLine: { lineStyle: { color: CHART.split } },
  }
}

function legend(scale: number, names: string[]): Option {
  return { data: names, top: 0, right: px(8, scale), itemWidth: px(14, scale), itemHeight: px(8, scale), textStyle: { color: CHART.text, fontSize: px(13, scale) } }
}

/** Reported per day (bars) and how many of them are overdue (line); keys 'YYYY-MM-DD' → 'MM-DD'. */
export function trendOption(rows: readonly StatsRow[], text: ChartText, scale = 1): Option {
  const days = rows.map((r) => r.key.slice(5))
  return {
    ...base(scale, { left: 8, right: 12, top: 30, bottom: 4 }),
    legend: legend(scale, [text.reported, text.overdue]),
    xAxis: { type: 'category', data: days, ...axisStyle(scale), axisLabel: { color: CHART.muted, fontSize: px(12, scale), interval: Math.max(0, Math.ceil(days.length / 8) - 1) } },
    yAxis: { type: 'value', minInterval: 1, ...axisStyle(scale) },
    series: [
      { name: text.reported, type: 'bar', data: rows.map((r) => r.total), barMaxWidth: px(14, scale), itemStyle: { color: CHART.reported, borderRadius: [px(3, scale), px(3, scale), 0, 0] } },
      { name: text.overdue, type: 'line', data: rows.map((r) => r.overdue), smooth: true, symbolSize: px(5, scale), lineStyle: { color: CHART.overdue, width: px(2, scale) }, itemStyle: { color: CHART.overdue } },
    ],
  }
}

/** Categories by cases reported, the largest on top; `nameOf` turns a code into its name. */
export function categoryOption(rows: readonly StatsRow[], nameOf: (code: string) => string, scale = 1, limit = 8): Option {
  const top = [...rows].sort((a, b) => b.total - a.total || a.key.localeCompare(b.key)).slice(0, limit).reverse()
  return {
    ...base(scale, { left: 8, right: 40, top: 6, bottom: 4 }),
    xAxis: { type: 'value', minInterval: 1, ...axisStyle(scale), axisLabel: { show: false } },
    yAxis: { type: 'category', data: top.map((r) => nameOf(r.key)), ...axisStyle(scale), axisLabel: { color: CHART.text, fontSize: px(13, scale) } },
    series: [
      {
        type: 'bar',
        data: top.map((r) => r.total),
        barMaxWidth: px(14, scale),
        itemStyle: { color: CHART.category, borderRadius: [0, px(3, scale), px(3, scale), 0] },
        label: { show: true, position: 'right', color: CHART.text, fontSize: px(13, scale) },
      },
    ],
  }
}

const score1 = (s: number | null) => (s === null ? 0 : Math.round(s * 10) / 10)

/**
 * The 红黑榜: the red list (best first) above the black list (worst first), as bars of the
 * composite score, red and slate. Rows read top to bottom as the API ranks them.
 */
export function rankingOption(red: readonly RankingRow[], black: readonly RankingRow[], text: ChartText, scale = 1): Option {
  const rows = [...red.map((r) => ({ r, list: 'red' as const })), ...black.map((r) => ({ r, list: 'black' as const }))].reverse()
  return {
    ...base(scale, { left: 8, right: 44, top: 28, bottom: 4 }),
    legend: { ...legend(scale, [text.redList, text.blackList]), selectedMode: false },
    xAxis: { type: 'value', min: 0, max: 100, ...axisStyle(scale), axisLabel: { show: false } },
    yAxis: { type: 'category', data: rows.map(({ r }) => r.name), ...axisStyle(scale), axisLabel: { color: CHART.text, fontSize: px(13, scale) } },
    series: [
      {
        name: text.redList,
        type: 'bar',
        stack: 'list',
        data: rows.map(({ r, list }) => (list === 'red' ? score1(r.score) : '-')),
        barMaxWidth: px(13, scale),
        itemStyle: { color: CHART.red },
        label: { show: true, position: 'right', color: CHART.text, fontSize: px(13, scale) },
      },
      {
        name: text.blackList,
        type: 'bar',
        stack: 'list',
        data: rows.map(({ r, list }) => (list === 'black' ? score1(r.score) : '-')),
        barMaxWidth: px(13, scale),
        itemStyle: { color: CHART.black },
        label: { show: true, position: 'right', color: CHART.text, fontSize: px(13, scale) },
      },
    ],
  }
}

/** Departments: composite score (bars) and 按期结案率 in % (line), best score first. */
export function departmentOption(rows: readonly RankingRow[], text: ChartText, scale = 1): Option {
  const sorted = [...rows].filter((r) => r.counts.opened > 0).sort((a, b) => (b.score ?? -1) - (a.score ?? -1) || a.key.localeCompare(b.key))
  return {
    ...base(scale, { left: 8, right: 12, top: 30, bottom: 4 }),
    legend: legend(scale, [text.score, text.onTime]),
    xAxis: { type: 'category', data: sorted.map((r) => r.name), ...axisStyle(scale), axisLabel: { color: CHART.text, fontSize: px(12, scale), interval: 0, rotate: 30 } },
    yAxis: { type: 'value', min: 0, max: 100, ...axisStyle(scale) },
    series: [
      { name: text.score, type: 'bar', data: sorted.map((r) => score1(r.score)), barMaxWidth: px(16, scale), itemStyle: { color: CHART.score, borderRadius: [px(3, scale), px(3, scale), 0, 0] } },
      {
        name: text.onTime,
        type: 'line',
        data: sorted.map((r) => (r.rates.onTimeRate === null ? '-' : Math.round(r.rates.onTimeRate * 1000) / 10)),
        symbolSize: px(6, scale),
        lineStyle: { color: CHART.onTime, width: px(2, scale) },
        itemStyle: { color: CHART.onTime },
      },
    ],
  }
}
