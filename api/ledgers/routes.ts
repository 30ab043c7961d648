import { createRouter } from '../http/router.ts'

/** Routes for ledgers (台账), compliance, spreadsheet export and import (issue 7). */
export const ledgerRoutes = createRouter()
