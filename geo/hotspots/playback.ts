/**
 * The hotspot time slider's frames and the colour scale that stays fixed while they play.
 * Days are integers (0 = the period's first local day); a frame is the inclusive day range
 * [start, end] whose cases are drawn.
 */

export type PlaybackMode = 'cumulative' | 'window'

export interface PlaybackOptions {
  /** 'cumulative': from the first day to the frame's day; 'window': the last `windowDays` days */
  mode: PlaybackMode
  /** window length in days (window mode) */
  windowDays: number
  /** days between two frames */
  step: number
}

export interface Frame {
  start: number
  end: number
}

function positiveInt(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer; got ${value}`)
}

/**
 * The frames over a period of `days` days: ends every `step` days, the last frame always ends on
 * the last day. In window mode the first frame is the first full window (a shorter period gives
 * one frame over all of it), so every frame spans the same number of days.
 */
export function playbackFrames(days: number, { mode, windowDays, step }: PlaybackOptions): Frame[] {
  positiveInt('days', days)
  positiveInt('step', step)
  if (mode === 'window') positiveInt('windowDays', windowDays)
  const first = mode === 'window' ? Math.min(windowDays, days) - 1 : Math.min(step, days) - 1
  const frames: Frame[] = []
  for (let end = first; ; end += step) {
    const e = Math.min(end, days - 1)
    frames.push({ start: mode === 'window' ? Math.max(0, e - windowDays + 1) : 0, end: e })
    if (e === days - 1) break
  }
  return frames
}

/**
 * The largest number of cases any one cell holds in any frame: the top of the colour scale,
 * computed once so colours mean the same count in every frame.
 *
 * `cell[i]` is case i's cell (0…cells−1), `day[i]` its day. Frames must move forward (start and
 * end never decrease), as playbackFrames gives them. One sweep: each case is added once when the
 * frame's end passes it and removed once when its start does; only a cell just added to can set
 * a new peak (every other cell only lost cases since it was last looked at). O(n log n) for the
 * sort, then O(n + frames).
 */
export function peakCellCount(cell: ArrayLike<number>, day: ArrayLike<number>, cells: number, frames: readonly Frame[]): number {
  if (cell.length !== day.length) throw new Error(`peakCellCount: ${cell.length} cells but ${day.length} days`)
  const order = Array.from({ length: day.length }, (_, i) => i).sort((a, b) => day[a] - day[b])
  const counts = new Int32Array(cells)
  // the cases counted now are order[lo … hi−1]
  let lo = 0
  let hi = 0
  let peak = 0
  let last: Frame | null = null
  for (const frame of frames) {
    if (last && (frame.start < last.start || frame.end < last.end)) throw new Error('peakCellCount: frames must move forward')
    last = frame
    let next = lo
    while (next < order.length && day[order[next]] < frame.start) next++
    for (let k = lo; k < Math.min(next, hi); k++) counts[cell[order[k]]]--
    lo = next
    if (hi < lo) hi = lo
    while (hi < order.length && day[order[hi]] <= frame.end) {
      const c = cell[order[hi++]]
      if (++counts[c] > peak) peak = counts[c]
    }
  }
  return peak
}

/**
 * Class breaks for counts 1…peak on a geometric progression (counts of hotspots are skewed: a
 * few cells hold many cases): break i = ⌈peak^(i/classes)⌉, duplicates dropped. Class i holds
 * counts in [breaks[i], breaks[i+1]), the last class [breaks.at(-1), peak].
 */
export function scaleBreaks(peak: number, classes = 6): number[] {
  positiveInt('classes', classes)
  if (!(peak >= 1)) return [1]
  const breaks: number[] = []
  for (let i = 0; i < classes; i++) {
    const b = Math.max(1, Math.ceil(Math.pow(peak, i / classes) - 1e-9))
    if (b !== breaks.at(-1) && b <= peak) breaks.push(b)
  }
  return breaks
}

/** Counts per cell for the cases whose day lies in [start, end]. O(n). */
export function frameCounts(cell: ArrayLike<number>, day: ArrayLike<number>, cells: number, frame: Frame, include?: (i: number) => boolean): Int32Array {
  const counts = new Int32Array(cells)
  for (let i = 0; i < cell.length; i++) if (day[i] >= frame.start && day[i] <= frame.end && (!include || include(i))) counts[cell[i]]++
  return counts
}
