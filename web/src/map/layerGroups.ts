/**
 * What the layer panel lists: groups of style layers (by their metadata group), in panel order,
 * with their default visibility. The coverage and selection groups are driven by the app instead.
 */
import type { LayerSpecification } from 'maplibre-gl'
import { groupOf } from './layers/common'

export type PanelSection = 'thematic' | 'basemap'

export interface LayerGroup {
  id: string
  section: PanelSection
  visible: boolean
}

export const LAYER_GROUPS: readonly LayerGroup[] = [
  { id: 'grids', section: 'thematic', visible: true },
  { id: 'issues', section: 'thematic', visible: true },
  { id: 'kiosks', section: 'thematic', visible: true },
  { id: 'dropPoints', section: 'thematic', visible: true },
  { id: 'facilities', section: 'thematic', visible: true },
  { id: 'compounds', section: 'thematic', visible: true },
  // issue 7 · progress (civmap): drawn by features/civprogress/civLayers.ts
  { id: 'civStatus', section: 'thematic', visible: false },
  { id: 'renovation', section: 'thematic', visible: false },
  { id: 'patrols', section: 'thematic', visible: false },
  { id: 'buildings', section: 'basemap', visible: true },
  { id: 'roads', section: 'basemap', visible: true },
  { id: 'water', section: 'basemap', visible: true },
  { id: 'green', section: 'basemap', visible: true },
]

/** Groups the app switches itself (never listed in the panel). */
export const APP_GROUPS = ['base', 'coverage', 'selection'] as const

/** Style layer ids per group, in style order: what a panel toggle shows or hides. */
export function layersByGroup(layers: readonly LayerSpecification[]): Record<string, string[]> {
  const out: Record<string, string[]> = {}
  for (const layer of layers) {
    const group = groupOf(layer)
    if (!group) continue
    ;(out[group] ??= []).push(layer.id)
  }
  return out
}

export function defaultVisibility(): Record<string, boolean> {
  return Object.fromEntries(LAYER_GROUPS.map((g) => [g.id, g.visible]))
}
