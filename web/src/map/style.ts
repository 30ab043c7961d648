/**
 * The whole style as data: sources (stage 1) and layers in drawing order (stage 2). No `glyphs`
 * and no `sprite`: labels are drawn locally from system fonts and icons are drawn at run time,
 * so the map needs nothing but our own /api.
 */
import type { LayerSpecification, StyleSpecification } from 'maplibre-gl'
import { basemapLayers, districtOutlineLayers } from './layers/basemap'
import { gridLayers, gridOutlineLayers } from './layers/grids'
import { compoundLayers, patrolLayers, pointLayers } from './layers/overlays'
import { issueLayers } from './layers/issues'
import { coverageLayers } from './layers/coverage'
import { selectionLayers } from './layers/selection'
import { civLayers } from './layers/civ'
import { type Locale } from './layers/common'
import { buildSources } from './sources'

export interface StyleOptions {
  locale: Locale
}

export const DEFAULT_STYLE_OPTIONS: StyleOptions = { locale: 'zh-CN' }

export function buildLayers(options: StyleOptions): LayerSpecification[] {
  const [selectionFill, selectionLine, selectionPoint] = selectionLayers()
  const [compoundsFill, compoundsLine, compoundsLabel] = compoundLayers()
  const [ringFill, ring, uncoveredFill, uncoveredLine] = coverageLayers()
  const [gridsCasing, gridsLine, gridsLabel] = gridOutlineLayers(options.locale)
  return [
    ...basemapLayers(),
    ...gridLayers(),
    ringFill,
    compoundsFill,
    compoundsLine,
    ...civLayers(),
    uncoveredFill,
    uncoveredLine,
    ...patrolLayers(),
    ...districtOutlineLayers(),
    gridsCasing,
    gridsLine,
    selectionFill,
    selectionLine,
    ring,
    compoundsLabel,
    ...pointLayers(),
    ...issueLayers(),
    gridsLabel,
    selectionPoint,
  ]
}

export function buildStyle(options: StyleOptions = DEFAULT_STYLE_OPTIONS): StyleSpecification {
  return {
    version: 8,
    name: 'gridsight offline',
    sources: buildSources(),
    layers: buildLayers(options),
  }
}
