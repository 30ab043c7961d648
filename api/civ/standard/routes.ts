import { createRouter } from '../../http/router.ts'

/** Routes for checklists, scoring, compound status (issue 7). */
export const civStandardRoutes = createRouter()
