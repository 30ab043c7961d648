/**
 * `window.__gridsight` for the real-browser tests and for debugging in the console: the map, and
 * `waitIdle()` which resolves after the next frame that leaves nothing loading or animating.
 */
import type { Map as MapLibreMap } from 'maplibre-gl'
import { useStatusStore } from '../status/useStatusStore'

export interface GridsightHook {
  map: MapLibreMap
  /** loads the app itself is waiting for (API requests outside MapLibre) */
  pending(): string[]
  waitIdle(): Promise<void>
}

declare global {
  interface Window {
    __gridsight?: GridsightHook
  }
}

export function installTestHook(map: MapLibreMap): void {
  const status = useStatusStore()
  window.__gridsight = {
    map,
    pending: () => [...status.pending],
    waitIdle: () =>
      new Promise<void>((resolve) => {
        map.once('idle', () => resolve())
        map.triggerRepaint()
      }),
  }
}
