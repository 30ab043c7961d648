import { createRouter } from '../../http/router.ts'
import { renovationRoutes } from './renovationRoutes.ts'
import { targetRoutes } from './targetRoutes.ts'

/** Routes for targets progress and renovation projects (issue 7). */
export const civProgressRoutes = createRouter().route('/', renovationRoutes).route('/', targetRoutes)
