/**
 * `window.__civ` for the real-browser tests and the console: each chart's getOption() as drawn,
 * and the rendered compounds of the status layer counted by status.
 */
import type { ECharts } from 'echarts/core'

export const civCharts = new Map<string, ECharts>()

declare global {
  interface Window {
    __civ?: { charts(): Record<string, unknown> }
  }
}

export function installCivHook(): void {
  window.__civ = { charts: () => Object.fromEntries([...civCharts].map(([name, chart]) => [name, JSON.parse(JSON.stringify(chart.getOption()))])) }
}
