import { createRouter } from '../../http/router.ts'

/** Routes for inspections, unannounced visits and mock assessments (issue 7). */
export const inspectionRoutes = createRouter()
