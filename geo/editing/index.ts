// Pure geometry behind the grid planner's editor: topological vertex edits among siblings,
// snapping, split, merge and drawing a new child. See geo/README.md.
export * from './rings.ts'
export * from './shared-vertices.ts'
export * from './shared-edit.ts'
export * from './snap.ts'
export * from './split-polygon.ts'
export * from './merge-polygons.ts'
export * from './draw-child.ts'
