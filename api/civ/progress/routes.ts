import { createRouter } from '../../http/router.ts'
import { renovationRoutes } from './renovationRoutes.ts'

/** Routes for targets progress and renovation projects (issue 7). */
export const civProgressRoutes = createRouter().route('/', renovationRoutes)
