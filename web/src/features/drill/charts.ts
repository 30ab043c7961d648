/**
 * ECharts options of the drill-down as data (pure): trend by day, categories, states, and a
 * comparison of regions. Rows come straight from GET /api/stats/cases, so what a chart shows is
 * what the API counted. Each bar carries its row key in `data[i].key` for clicks.
 */
import type { StatsRow } from './drillApi'

export const COLORS = { total: '#2563eb', open: '#f59e0b', overdue: '#dc2626', closed: '#94a3b8', selected: '#0b3d91', muted: '#cbd5e1' }

export interface ChartText {
  total: string
  open: string
  overdue: string
  closed: string
}

const label = (r: StatsRow, en: boolean) => (en ? r.labelEn || r.label : r.label)
const grid = { left: 8, right: 12, top: 28, bottom: 8, containLabel: true }
const legend = { top: 0, right: 0, itemWidth: 10, itemHeight: 8, textStyle: { fontSize: 11 } }

/** What the trend highlights: a picked day, or a period (week or brushed range), as China dates. */
export interface TrendSelection {
  day: string | null
  period: { from: string; to: string } | null
}

/**
 * Cases reported per day or per week (key = the Monday): bars (those in the picked day or period
 * stand out), open as a line. `brush`: the x-axis can be brushed to pick a range of days.
 */
export function trendOption(rows: readonly StatsRow[], selected: TrendSelection, text: ChartText, by: 'day' | 'week' = 'day', brush = false) {
  const span = selected.period ?? (selected.day ? { from: selected.day, to: selected.day } : null)
  // a bar covers its day, or its week Monday to Sunday
  const lit = (key: string) => span === null || (key <= span.to && (by === 'day' ? key : weekEnd(key)) >= span.from)
  return {
    animation: false,
    grid,
    legend: { ...legend, data: [text.total, text.open] },
    tooltip: { trigger: 'axis' },
    ...(brush ? { brush: { xAxisIndex: 0, brushType: 'lineX', brushMode: 'single', transformable: false, throttleType: 'debounce', brushStyle: { color: 'rgba(37, 99, 235, 0.15)', borderColor: '#2563eb', borderWidth: 1 } } } : {}),
    xAxis: { type: 'category', data: rows.map((r) => r.key), axisLabel: { formatter: (v: string) => v.slice(5), fontSize: 10 } },
    yAxis: { type: 'value', minInterval: 1, axisLabel: { fontSize: 10 } },
    series: [
      {
        name: text.total,
        type: 'bar',
        data: rows.map((r) => ({ value: r.total, key: r.key, itemStyle: { color: lit(r.key) ? COLORS.total : COLORS.muted } })),
      },
      { name: text.open, type: 'line', symbol: 'none', data: rows.map((r) => r.open), lineStyle: { color: COLORS.open, width: 1.5 }, itemStyle: { color: COLORS.open } },
    ],
  }
}

/** The Sunday ending the week that starts on `monday`. */
const weekEnd = (monday: string) => new Date(Date.parse(`${monday}T00:00:00Z`) + 6 * 86_400_000).toISOString().slice(0, 10)

/** Categories by total, largest on top (at most `top` bars). */
export function categoryOption(rows: readonly StatsRow[], selected: string | null, en: boolean, text: ChartText, top = 10) {
  const shown = rows.slice(0, top).reverse()
  return {
    animation: false,
    grid: { ...grid, top: 8 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'value', minInterval: 1, axisLabel: { fontSize: 10 } },
    yAxis: { type: 'category', data: shown.map((r) => label(r, en)), axisLabel: { fontSize: 11, width: 96, overflow: 'truncate' } },
    series: [
      {
        name: text.total,
        type: 'bar',
        data: shown.map((r) => ({ value: r.total, key: r.key, itemStyle: { color: selected === null || selected === r.key ? COLORS.total : COLORS.muted } })),
        label: { show: true, position: 'right', fontSize: 10 },
      },
    ],
  }
}

/** Cases by state (status), largest first. */
export function stateOption(rows: readonly StatsRow[], en: boolean, text: ChartText) {
  return {
    animation: false,
    grid: { ...grid, top: 8 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'category', data: rows.map((r) => label(r, en)), axisLabel: { fontSize: 10, interval: 0, rotate: rows.length > 5 ? 30 : 0 } },
    yAxis: { type: 'value', minInterval: 1, axisLabel: { fontSize: 10 } },
    series: [{ name: text.total, type: 'bar', data: rows.map((r) => ({ value: r.total, key: r.key, itemStyle: { color: r.open > 0 ? COLORS.open : COLORS.closed } })) }],
  }
}

/** Regions side by side: overdue, open but not overdue, and closed stacked (the stack is the total). */
export function regionsOption(rows: readonly StatsRow[], highlight: number | null, en: boolean, text: ChartText) {
  const dim = (r: StatsRow, color: string) => (highlight === null || r.gridId === highlight ? color : COLORS.muted)
  const bar = (name: string, color: string, value: (r: StatsRow) => number) => ({
    name,
    type: 'bar',
    stack: 'cases',
    barMaxWidth: 28,
    itemStyle: { color },
    data: rows.map((r) => ({ value: value(r), key: r.key, itemStyle: { color: dim(r, color) } })),
  })
  return {
    animation: false,
    // rotated names reach left of the first bar
    grid: { ...grid, left: rows.length > 4 ? 28 : grid.left },
    legend: { ...legend, data: [text.overdue, text.open, text.closed] },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'category', data: rows.map((r) => label(r, en)), axisLabel: { fontSize: 10, interval: 0, rotate: rows.length > 4 ? 30 : 0, width: 80, overflow: 'truncate' } },
    yAxis: { type: 'value', minInterval: 1, axisLabel: { fontSize: 10 } },
    series: [bar(text.overdue, COLORS.overdue, (r) => r.overdue), bar(text.open, COLORS.open, (r) => r.open - r.overdue), bar(text.closed, COLORS.closed, (r) => r.closed)],
  }
}
