/**
 * `window.__gridsightWall` for the real-browser tests and the console: what each chart actually
 * holds (ECharts' merged option, reduced to axis labels and series data), the tour's stop and the
 * highlighted new cases. The map itself is on `window.__gridsight` like on every screen.
 */
import type { ECharts } from 'echarts/core'

export const wallCharts = new Map<string, ECharts>()

export interface WallChartData {
  categories: unknown[]
  series: { name: string; type: string; data: unknown[] }[]
}

export interface WallHook {
  chart(name: string): WallChartData | null
  tour(): { index: number; gridId: number | null; bbox: [number, number, number, number] | null; paused: boolean; moves: number } | null
  fresh(): number[]
}

declare global {
  interface Window {
    __gridsightWall?: WallHook
  }
}

export function chartData(chart: ECharts): WallChartData {
  const option = chart.getOption() as {
    xAxis?: { data?: unknown[] }[]
    yAxis?: { data?: unknown[] }[]
    series?: { name?: string; type?: string; data?: unknown[] }[]
  }
  const axis = [...(option.xAxis ?? []), ...(option.yAxis ?? [])].find((a) => Array.isArray(a.data))
  return {
    categories: axis?.data ?? [],
    series: (option.series ?? []).map((s) => ({ name: s.name ?? '', type: s.type ?? '', data: s.data ?? [] })),
  }
}

export function installWallHook(hook: Omit<WallHook, 'chart'>): () => void {
  window.__gridsightWall = {
    ...hook,
    chart: (name) => {
      const chart = wallCharts.get(name)
      return chart ? chartData(chart) : null
    },
  }
  return () => {
    delete window.__gridsightWall
  }
}
