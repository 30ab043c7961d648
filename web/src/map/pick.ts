/**
 * Stage 3 helpers that need no map: which of the features under the pointer a click means,
 * and turning rendered-feature properties back into the objects the API sent.
 */

export type SelectionKind = 'issue' | 'kiosk' | 'facility' | 'compound' | 'patrol' | 'grid'

/** Clickable layers, most specific first: a click on an issue inside a grid means the issue. */
export const CLICK_PRIORITY: readonly { layer: string; kind: SelectionKind | 'cluster' }[] = [
  { layer: 'issues-cluster', kind: 'cluster' },
  { layer: 'issues-point', kind: 'issue' },
  { layer: 'kiosks', kind: 'kiosk' },
  { layer: 'drop-points', kind: 'kiosk' },
  { layer: 'facilities', kind: 'facility' },
  { layer: 'facilities-other', kind: 'facility' },
  { layer: 'patrols-line', kind: 'patrol' },
  { layer: 'compounds-fill', kind: 'compound' },
  { layer: 'grids-fill', kind: 'grid' },
  { layer: 'coverage-choropleth', kind: 'grid' },
]

export const CLICKABLE_LAYERS: readonly string[] = CLICK_PRIORITY.map((p) => p.layer)

export interface PickCandidate {
  layer: { id: string }
}

/** The feature a click selects, by CLICK_PRIORITY (not by draw order, which varies by zoom). */
export function pickTarget<F extends PickCandidate>(features: readonly F[]): { feature: F; kind: SelectionKind | 'cluster' } | null {
  for (const { layer, kind } of CLICK_PRIORITY) {
    const feature = features.find((f) => f.layer.id === layer)
    if (feature) return { feature, kind }
  }
  return null
}

/**
 * MapLibre hands back nested objects and arrays of GeoJSON properties as JSON strings; parse
 * those back so the details panel sees what the API sent. Plain strings stay as they are.
 */
export function restoreProperties(properties: Record<string, unknown> | null | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(properties ?? {})) {
    if (typeof value === 'string' && /^[[{]/.test(value)) {
      try {
        out[key] = JSON.parse(value)
        continue
      } catch {
        // not JSON after all: keep the text
      }
    }
    out[key] = value
  }
  return out
}
