// Hotspot analysis: hex bins (H3), playback frames and the fixed colour scale, recurrence, ranking.
export * from './hexbin.ts'
export * from './playback.ts'
export * from './recurrence.ts'
export * from './ranking.ts'
