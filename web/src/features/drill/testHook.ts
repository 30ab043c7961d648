/**
 * `window.__drill` for the real-browser tests and the console: each chart's current option
 * (what ECharts draws), the cross-filter, and the scope. The map is window.__gridsight.map.
 */
import type { ECharts } from 'echarts/core'
import type { CrossFilter } from './model'

export const drillCharts = new Map<string, ECharts>()

export interface DrillHook {
  /** chart name → getOption() of the chart as drawn */
  charts(): Record<string, unknown>
  /** pixel centre of a chart's bar (series 0, the row with this key), relative to the page */
  barPoint(chart: string, key: string): { x: number; y: number } | null
  filter(): CrossFilter
  scope(): number | null
  /** the China dates counted */
  range(): { from: string; to: string }
  /** loads of the drill screen still running */
  busy(): boolean
  /** the trend chart's buckets */
  trendBy(): 'day' | 'week'
}

declare global {
  interface Window {
    __drill?: DrillHook
  }
}

export function installDrillHook(state: Pick<DrillHook, 'filter' | 'scope' | 'range' | 'busy' | 'trendBy'>): void {
  window.__drill = {
    charts: () => Object.fromEntries([...drillCharts].map(([name, chart]) => [name, JSON.parse(JSON.stringify(chart.getOption()))])),
    barPoint(name, key) {
      const chart = drillCharts.get(name)
      if (!chart) return null
      const option = chart.getOption() as unknown as { yAxis: { type: string }[]; series: { stack?: string; data: { key?: string; value?: number }[] }[] }
      const index = option.series[0].data.findIndex((d) => d?.key === key)
      if (index < 0) return null
      const rect = chart.getDom().getBoundingClientRect()
      const horizontal = option.yAxis[0].type === 'category'
      // a stacked chart: aim at the middle of the whole stack
      const stacked = option.series[0].stack ? option.series.filter((s) => s.stack === option.series[0].stack) : [option.series[0]]
      const value = stacked.reduce((sum, s) => sum + (s.data[index]?.value ?? 0), 0)
      const [x, y] = chart.convertToPixel({ seriesIndex: 0 }, horizontal ? [value / 2, index] : [index, value / 2]) as number[]
      return { x: rect.left + x, y: rect.top + y }
    },
    ...state,
  }
}
