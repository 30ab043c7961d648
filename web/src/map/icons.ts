/**
 * Point symbols as data: every icon the style names, with its shape, colours and glyph. They are
 * drawn at run time by iconCanvas.ts (no sprite URL), and the legend draws them the same way.
 */
import type { ExpressionSpecification } from 'maplibre-gl'
import { FACILITY, FACILITY_KINDS, KIOSK, type FacilityKind } from './palette'
import { expression } from './layers/common'

export type IconShape = 'bin' | 'dot' | 'pin'

export interface IconSpec {
  shape: IconShape
  fill: string
  /** drawn size in CSS pixels (the image is rendered at 2× for crisp edges) */
  size: number
  glyph?: string
}

export const ICON_PREFIX = 'gs-'

export const ICON = {
  kiosk: `${ICON_PREFIX}kiosk`,
  dropPoint: `${ICON_PREFIX}drop-point`,
  facility: (kind: FacilityKind | string) => `${ICON_PREFIX}facility-${kind}`,
} as const

export const ICONS: Record<string, IconSpec> = {
  [ICON.kiosk]: { shape: 'bin', fill: KIOSK.kiosk, size: 26 },
  [ICON.dropPoint]: { shape: 'dot', fill: KIOSK.drop_point, size: 14 },
  ...Object.fromEntries(
    FACILITY_KINDS.map((kind) => [ICON.facility(kind), { shape: 'pin', fill: FACILITY[kind].colour, size: 30, glyph: FACILITY[kind].glyph }]),
  ),
}
/** Facilities of a kind we have no icon for use this one. */
export const FALLBACK_FACILITY_ICON = `${ICON_PREFIX}facility-other`
ICONS[FALLBACK_FACILITY_ICON] = { shape: 'pin', fill: '#64748b', size: 30, glyph: '施' }

export function facilityIconExpression(): ExpressionSpecification {
  const pairs = FACILITY_KINDS.flatMap((kind) => [kind, ICON.facility(kind)])
  return expression(['match', ['get', 'kind'], ...pairs, FALLBACK_FACILITY_ICON])
}

export function iconSpec(id: string): IconSpec | undefined {
  return ICONS[id]
}
