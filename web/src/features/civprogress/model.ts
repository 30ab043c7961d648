/**
 * The 创文 progress feature's API shapes (GET /api/civ/targets, /api/civ/renovations) and the
 * pure piece built from them: the targets chart's ECharts option.
 */
export type Metric = 'demonstration' | 'civilised' | 'civilisedShare'
export type CivStatus = 'not_started' | 'in_progress' | 'civilised' | 'demonstration'
export const CIV_STATUSES: readonly CivStatus[] = ['not_started', 'in_progress', 'civilised', 'demonstration']
export type RenovationStatus = 'planned' | 'design' | 'construction' | 'completed' | 'accepted'
export const RENOVATION_STATUSES: readonly RenovationStatus[] = ['planned', 'design', 'construction', 'completed', 'accepted']

export interface Target {
  metric: Metric
  date: string
  value: number
  source: string
}

export interface UnitProgress {
  gridId: number | null
  name: string
  nameEn: string
  level: number | null
  parentId: number | null
  compounds: number
  series: Record<Metric, number[]>
  current: Record<Metric, number>
  targets: Target[]
  expected: Record<Metric, number>
  verdict: 'on_target' | 'behind'
}

export interface TargetsResult {
  year: number
  asOf: string
  districtCompounds: number
  targets: Target[]
  dates: string[]
  total: UnitProgress
  units: UnitProgress[]
}

export interface Renovation {
  id: number
  compoundId: number
  compoundName: string
  gridId: number
  streetId: number
  communityId: number
  name: string
  year: number
  status: RenovationStatus
  scope: string[]
  plannedStart: string
  plannedEnd: string
  startedAt: string | null
  completedAt: string | null
  acceptedAt: string | null
  budget: number | null
  note: string | null
  households: number
  old: boolean
}

export const METRIC_COLOURS: Record<Metric, string> = { demonstration: '#dc2626', civilised: '#16a34a', civilisedShare: '#2563eb' }

export interface ChartText {
  demonstration: string
  civilised: string
  share: string
  target: string
  /** a month (1–12) as the time axis prints it */
  month: (m: number) => string
  targetLabel: (t: Target) => string
}

/**
 * Demonstration and civilised counts (left axis) and the share civilised (right axis, %) over the
 * dates, with each target as a marker at its date and value (a scatter series per metric, its
 * value on the metric's axis) and a dashed line from the target to the year's end.
 */
export function targetsOption(unit: UnitProgress, dates: readonly string[], year: number, text: ChartText) {
  const line = (metric: Metric, name: string, yAxisIndex: number, scale = 1) => ({
    name,
    type: 'line',
    yAxisIndex,
    symbol: 'none',
    data: dates.map((d, i) => [d, Math.round(unit.series[metric][i]! * scale * 100) / 100]),
    lineStyle: { color: METRIC_COLOURS[metric], width: 2 },
    itemStyle: { color: METRIC_COLOURS[metric] },
  })
  const markers = unit.targets.map((t) => ({
    name: `${text.target} · ${t.metric}`,
    type: 'scatter',
    yAxisIndex: t.metric === 'civilisedShare' ? 1 : 0,
    symbol: 'pin',
    symbolSize: 34,
    data: [{ value: [t.date, t.metric === 'civilisedShare' ? t.value * 100 : t.value], metric: t.metric }],
    itemStyle: { color: METRIC_COLOURS[t.metric] },
    // a December target sits at the right edge: its label goes to the left of the pin
    label: { show: true, formatter: text.targetLabel(t), position: t.date.slice(5, 7) === '12' ? 'left' : 'top', fontSize: 10, color: '#334155', distance: 2 },
    markLine: {
      silent: true,
      symbol: 'none',
      lineStyle: { type: 'dashed', color: METRIC_COLOURS[t.metric], width: 1 },
      label: { show: false },
      data: [[{ coord: [t.date, t.metric === 'civilisedShare' ? t.value * 100 : t.value] }, { coord: [`${year}-12-31`, t.metric === 'civilisedShare' ? t.value * 100 : t.value] }]],
    },
  }))
  return {
    animation: false,
    grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
    legend: { top: 0, left: 0, itemWidth: 12, itemHeight: 8, textStyle: { fontSize: 11 }, data: [text.demonstration, text.civilised, text.share] },
    xAxis: { type: 'time', min: `${year}-01-01`, max: `${year}-12-31`, axisLabel: { fontSize: 10, formatter: (v: number) => text.month(new Date(v).getMonth() + 1) } },
    yAxis: [
      { type: 'value', min: 0, minInterval: 1, axisLabel: { fontSize: 10 } },
      { type: 'value', min: 0, max: 100, axisLabel: { fontSize: 10, formatter: '{value}%' }, splitLine: { show: false } },
    ],
    series: [line('demonstration', text.demonstration, 0), line('civilised', text.civilised, 0), line('civilisedShare', text.share, 1, 100), ...markers],
  }
}

/** A planned window, short: "2026-02-02 – 04-05", the end's year shown when it differs. */
export function plannedWindow(start: string, end: string): string {
  return `${start} – ${end.slice(0, 4) === start.slice(0, 4) ? end.slice(5) : end}`
}
