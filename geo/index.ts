// gridsight's pure geospatial functions: no I/O, no imports from api/ or web/, inputs never
// mutated; safe in Node, the browser and a Web Worker. See README.md beside this file.
export * from './bbox.ts'
export * from './measure.ts'
export * from './predicates.ts'
export * from './point-in-polygon.ts'
export * from './validate.ts'
export * from './grid-index.ts'
export * from './building-centroid.ts'
export * from './kiosk-coverage.ts'
export * from './tiling.ts'
