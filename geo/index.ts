// gridsight's pure geospatial functions: no I/O, no imports from api/ or web/, inputs never mutated.
export * from './bbox.ts'
export * from './measure.ts'
export * from './predicates.ts'
export * from './validate.ts'
export * from './grid-index.ts'
export * from './point-in-polygon.ts'
export * from './building-centroid.ts'
export * from './kiosk-coverage.ts'
