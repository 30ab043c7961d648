/** Grid planning: the sibling set after an edit and its problems as a tiling of the parent. */
export * from './edit.ts'
export * from './problems.ts'
export * from './cascade.ts'
