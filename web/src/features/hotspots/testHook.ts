/**
 * `window.__hotspots` for the real-browser tests: the playback and scale state as plain data.
 */
import type { useHotspotsStore } from './useHotspotsStore'

export interface HotspotsHookState {
  loaded: boolean
  res: number
  view: string
  mode: string
  frameIndex: number
  frames: number
  frame: { start: number; end: number } | null
  range: { from: string; to: string } | null
  peak: number
  breaks: number[]
  playing: boolean
  frameTotal: number
  from: string
  to: string
}

declare global {
  interface Window {
    __hotspots?: { state(): HotspotsHookState }
  }
}

export function installHotspotsHook(store: ReturnType<typeof useHotspotsStore>): void {
  window.__hotspots = {
    state: () => ({
      loaded: store.data !== null,
      res: store.res,
      view: store.view,
      mode: store.mode,
      frameIndex: store.frameIndex,
      frames: store.frames.length,
      frame: store.frame ? { ...store.frame } : null,
      range: store.range ? { ...store.range } : null,
      peak: store.scale.peak,
      breaks: [...store.scale.breaks],
      playing: store.playing,
      frameTotal: store.frameTotal,
      from: store.from,
      to: store.to,
    }),
  }
}
