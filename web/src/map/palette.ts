/**
 * Every colour the map draws with, in one place, so layer specs and legends cannot drift apart.
 * A light government-dashboard base (cool greys, blue accent) under saturated thematic layers.
 */
export const BASE = {
  background: '#e8ecf1',
  land: '#f6f7f9',
  districtLine: '#51637d',
  districtHalo: '#ffffff',
  water: '#a8cdef',
  waterLine: '#7fb2e3',
  waterLabel: '#3d6f9e',
  building: '#dfe3e9',
  buildingLine: '#c3cad4',
  roadCasing: '#c9cfd8',
  roadLabel: '#4a5566',
  label: '#1f2d3d',
  labelHalo: '#ffffff',
} as const

export const GREEN_KINDS = ['farmland', 'forest', 'park', 'square', 'compound_green', 'fitness'] as const
export type GreenKind = (typeof GREEN_KINDS)[number]
export const GREEN: Record<GreenKind, string> = {
  farmland: '#eef0cf',
  forest: '#b9d7a6',
  park: '#c7e7b5',
  square: '#ebe5d8',
  compound_green: '#d6edc8',
  fitness: '#b5e2d8',
}

export const ROAD_CLASSES = ['primary', 'secondary', 'residential', 'rural', 'footway', 'path'] as const
export type RoadClass = (typeof ROAD_CLASSES)[number]
export const ROAD: Record<RoadClass, string> = {
  primary: '#f7d58b',
  secondary: '#fbe8b5',
  residential: '#ffffff',
  rural: '#fbf7ee',
  footway: '#b8a58a',
  path: '#c4b59c',
}

/** Grid levels 0–3: outline colour, fill colour, outline width at district zoom. */
export const GRID_LEVEL_STYLE = [
  { line: '#1d4ed8', fill: '#3b82f6', width: 2.6 },
  { line: '#2563eb', fill: '#60a5fa', width: 2.0 },
  { line: '#0e7490', fill: '#22d3ee', width: 1.6 },
  { line: '#7c3aed', fill: '#a78bfa', width: 1.2 },
] as const
export const GRID_SELECTED = '#f59e0b'

export const COMPOUND = {
  fill: '#93c5fd',
  line: '#3b82f6',
  oldFill: '#fdba74',
  oldLine: '#ea580c',
} as const

export const ISSUE_STATUS_KEYS = ['overdue', 'open', 'closed'] as const
export type IssueStatusKey = (typeof ISSUE_STATUS_KEYS)[number]
export const ISSUE_STATUS: Record<IssueStatusKey, string> = {
  overdue: '#dc2626',
  open: '#f97316',
  closed: '#10b981',
}
/** Case stages (web/src/features/cases/model.ts STAGE_OF) colour open cases; overdue is always red. */
export const CASE_STAGE: Record<'intake' | 'dispatch' | 'handling' | 'check' | 'closed', string> = {
  intake: '#f59e0b',
  dispatch: '#8b5cf6',
  handling: '#f97316',
  check: '#0ea5e9',
  closed: '#10b981',
}
export const ISSUE_CLUSTER = { fill: '#2563eb', warn: '#f59e0b', stroke: '#ffffff', text: '#ffffff' } as const

/** Category groups ring the issue dots; unknown groups fall back to grey. */
export const ISSUE_GROUP: Record<string, string> = {
  cleanup: '#7c3aed',
  six_disorders: '#0891b2',
  environment: '#65a30d',
  facilities: '#475569',
}
export const ISSUE_GROUP_FALLBACK = '#94a3b8'

export const KIOSK = { kiosk: '#059669', drop_point: '#0d9488' } as const

export const FACILITY_KINDS = [
  'practice_station',
  'volunteer_station',
  'activity_room',
  'publicity_board',
  'market',
  'school',
  'police_post',
] as const
export type FacilityKind = (typeof FACILITY_KINDS)[number]
export const FACILITY: Record<FacilityKind, { colour: string; glyph: string }> = {
  practice_station: { colour: '#dc2626', glyph: '文' },
  volunteer_station: { colour: '#e11d48', glyph: '志' },
  activity_room: { colour: '#d97706', glyph: '活' },
  publicity_board: { colour: '#9333ea', glyph: '宣' },
  market: { colour: '#0284c7', glyph: '市' },
  school: { colour: '#2563eb', glyph: '学' },
  police_post: { colour: '#1e3a8a', glyph: '警' },
}

/** issue 7 · progress (civmap): compounds by civilised-compound status and by renovation step */
export const CIV_STATUS = { not_started: '#94a3b8', in_progress: '#f59e0b', civilised: '#16a34a', demonstration: '#dc2626' } as const
export const RENOVATION_STATUS = { planned: '#94a3b8', design: '#60a5fa', construction: '#f97316', completed: '#22c55e', accepted: '#15803d' } as const

export const PATROL = { line: '#db2777', casing: '#ffffff' } as const

export const COVERAGE = {
  uncoveredFill: '#ef4444',
  uncoveredLine: '#b91c1c',
  ring: '#059669',
  noData: '#cbd5e1',
} as const

/**
 * Coverage ratio classes for the choropleth, worst first: [upper bound (exclusive), colour].
 * Red through amber to green reads "needs a kiosk" at a glance.
 */
export const COVERAGE_STEPS: readonly { min: number; colour: string }[] = [
  { min: 0, colour: '#b91c1c' },
  { min: 0.5, colour: '#f97316' },
  { min: 0.7, colour: '#facc15' },
  { min: 0.85, colour: '#84cc16' },
  { min: 0.95, colour: '#16a34a' },
]
