/**
 * Legends as data, built from the same palette and icon tables as the layer specs, so a colour
 * changed in one place changes on the map and in the panel together.
 */
import type { GridLevel } from '../api/types'
import {
  BASE,
  CIV_STATUS,
  CASE_STAGE,
  COMPOUND,
  COVERAGE,
  COVERAGE_STEPS,
  FACILITY_KINDS,
  GREEN,
  GREEN_KINDS,
  GRID_LEVEL_STYLE,
  ISSUE_GROUP,
  ISSUE_GROUP_FALLBACK,
  ISSUE_STATUS,
  PATROL,
  RENOVATION_STATUS,
  ROAD,
} from './palette'
import { ICON } from './icons'
import { CLUSTER_OVERDUE_STOPS } from './layers/issues'

export type Swatch =
  | { type: 'fill'; fill: string; stroke: string; dashed?: boolean }
  | { type: 'line'; colour: string; width: number; dashed?: boolean }
  | { type: 'circle'; fill: string; stroke: string; size: number }
  | { type: 'icon'; icon: string }

/** A label is an i18n key (with params) or a name the API gave in both languages. */
export type LegendLabel = { key: string; params?: Record<string, string | number> } | { zh: string; en: string }

export interface LegendItem {
  label: LegendLabel
  swatch: Swatch
}

export interface LegendContext {
  gridLevel: GridLevel
  /** issue category groups from /api/categories, code → names */
  categoryGroups?: Record<string, { nameZh: string; nameEn: string }>
}

function issueLegend(ctx: LegendContext): LegendItem[] {
  // case stages (cases.stages.*), then overdue: the colours issueStatusColour paints
  const items: LegendItem[] = (Object.keys(CASE_STAGE) as (keyof typeof CASE_STAGE)[]).map((stage) => ({
    label: { key: `cases.stages.${stage}` },
    swatch: { type: 'circle', fill: CASE_STAGE[stage], stroke: '#ffffff', size: 10 },
  }))
  items.push({ label: { key: 'cases.stages.overdue' }, swatch: { type: 'circle', fill: ISSUE_STATUS.overdue, stroke: ISSUE_STATUS.overdue, size: 10 } })
  CLUSTER_OVERDUE_STOPS.forEach(([from, colour], i) => {
    const next = CLUSTER_OVERDUE_STOPS[i + 1]?.[0]
    const label: LegendLabel =
      from === 0 ? { key: 'legend.clusterNone' }
      : next === undefined ? { key: 'legend.clusterFrom', params: { from } }
      : { key: 'legend.clusterRange', params: { from, to: next - 1 } }
    items.push({ label, swatch: { type: 'circle', fill: colour, stroke: '#ffffff', size: 12 } })
  })
  for (const [code, names] of Object.entries(ctx.categoryGroups ?? {})) {
    items.push({
      label: { zh: names.nameZh, en: names.nameEn },
      swatch: { type: 'circle', fill: '#ffffff', stroke: ISSUE_GROUP[code] ?? ISSUE_GROUP_FALLBACK, size: 10 },
    })
  }
  return items
}

export function buildLegend(group: string, ctx: LegendContext): LegendItem[] {
  switch (group) {
    case 'grids': {
      const s = GRID_LEVEL_STYLE[ctx.gridLevel]
      return [{ label: { key: `levels.${ctx.gridLevel}` }, swatch: { type: 'fill', fill: s.fill, stroke: s.line } }]
    }
    case 'issues':
      return issueLegend(ctx)
    case 'kiosks':
      return [{ label: { key: 'legend.kiosk' }, swatch: { type: 'icon', icon: ICON.kiosk } }]
    case 'dropPoints':
      return [{ label: { key: 'legend.dropPoint' }, swatch: { type: 'icon', icon: ICON.dropPoint } }]
    case 'facilities':
      return FACILITY_KINDS.map((kind) => ({
        label: { key: `facilityKinds.${kind}` },
        swatch: { type: 'icon', icon: ICON.facility(kind) },
      }))
    case 'compounds':
      return [
        { label: { key: 'legend.compound' }, swatch: { type: 'fill', fill: COMPOUND.fill, stroke: COMPOUND.line, dashed: true } },
        { label: { key: 'legend.oldCompound' }, swatch: { type: 'fill', fill: COMPOUND.oldFill, stroke: COMPOUND.oldLine, dashed: true } },
      ]
    // issue 7 · progress (civmap)
    case 'civStatus':
      return Object.entries(CIV_STATUS).map(([s, colour]) => ({ label: { key: `civProgress.status.${s}` }, swatch: { type: 'fill', fill: colour, stroke: colour } }))
    case 'renovation':
      return Object.entries(RENOVATION_STATUS).map(([s, colour]) => ({ label: { key: `civProgress.renovationStatus.${s}` }, swatch: { type: 'fill', fill: colour, stroke: colour } }))
    case 'patrols':
      return [{ label: { key: 'legend.patrol' }, swatch: { type: 'line', colour: PATROL.line, width: 3 } }]
    case 'buildings':
      return [{ label: { key: 'legend.building' }, swatch: { type: 'fill', fill: BASE.building, stroke: BASE.buildingLine } }]
    case 'roads':
      return [
        { label: { key: 'roadClasses.primary' }, swatch: { type: 'line', colour: ROAD.primary, width: 5 } },
        { label: { key: 'roadClasses.secondary' }, swatch: { type: 'line', colour: ROAD.secondary, width: 4 } },
        { label: { key: 'roadClasses.residential' }, swatch: { type: 'line', colour: BASE.roadCasing, width: 3 } },
        { label: { key: 'roadClasses.footway' }, swatch: { type: 'line', colour: ROAD.footway, width: 2, dashed: true } },
      ]
    case 'water':
      return [{ label: { key: 'legend.water' }, swatch: { type: 'fill', fill: BASE.water, stroke: BASE.waterLine } }]
    case 'green':
      return GREEN_KINDS.map((kind) => ({
        label: { key: `greenKinds.${kind}` },
        swatch: { type: 'fill', fill: GREEN[kind], stroke: GREEN[kind] },
      }))
    default:
      return []
  }
}

export interface CoverageClass {
  colour: string
  /** inclusive lower bound, 0–1 */
  from: number
  /** exclusive upper bound, 0–1 (the last class includes 1) */
  to: number
}

/** The choropleth's classes, lowest first, for the coverage legend. */
export function coverageClasses(): CoverageClass[] {
  return COVERAGE_STEPS.map((step, i) => ({
    colour: step.colour,
    from: step.min,
    to: i + 1 < COVERAGE_STEPS.length ? COVERAGE_STEPS[i + 1].min : 1,
  }))
}

/** The colour the choropleth gives a ratio (same steps as the style expression). */
export function coverageColour(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined || Number.isNaN(ratio) || ratio < 0) return COVERAGE.noData
  let colour = COVERAGE_STEPS[0].colour
  for (const step of COVERAGE_STEPS) if (ratio >= step.min) colour = step.colour
  return colour
}
