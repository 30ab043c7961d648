/**
 * issue 7 · progress (civmap): compounds by civilised-compound status (group civStatus) and
 * compounds with a renovation project by the project's step (group renovation). Their sources
 * start empty; features/civprogress/civLayers.ts fills them the first time a group is switched on.
 */
import type { ExpressionSpecification, LayerSpecification } from 'maplibre-gl'
import { CIV_STATUS, RENOVATION_STATUS } from '../palette'
import { SRC } from '../sources'
import { expression, meta } from './common'

const byStatus = (table: Record<string, string>): ExpressionSpecification => expression(['match', ['get', 'status'], ...Object.entries(table).flat(), '#94a3b8'])

export function civLayers(): LayerSpecification[] {
  return [
    { id: 'civ-status-fill', type: 'fill', source: SRC.civStatus, metadata: meta('civStatus'), paint: { 'fill-color': byStatus(CIV_STATUS), 'fill-opacity': 0.6 } },
    { id: 'civ-status-line', type: 'line', source: SRC.civStatus, metadata: meta('civStatus'), paint: { 'line-color': byStatus(CIV_STATUS), 'line-width': 1 } },
    { id: 'civ-renovation-fill', type: 'fill', source: SRC.civRenovation, metadata: meta('renovation'), paint: { 'fill-color': byStatus(RENOVATION_STATUS), 'fill-opacity': 0.25 } },
    {
      id: 'civ-renovation-line',
      type: 'line',
      source: SRC.civRenovation,
      metadata: meta('renovation'),
      paint: { 'line-color': byStatus(RENOVATION_STATUS), 'line-width': ['interpolate', ['linear'], ['zoom'], 12, 2, 17, 4] },
    },
  ]
}
