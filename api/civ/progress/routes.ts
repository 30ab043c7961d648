import { createRouter } from '../../http/router.ts'

/** Routes for targets progress and renovation projects (issue 7). */
export const civProgressRoutes = createRouter()
