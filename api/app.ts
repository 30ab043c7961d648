import { OpenAPIHono } from '@hono/zod-openapi'
import { compress } from 'hono/compress'
import type { Kysely } from 'kysely'
import { analysisRoutes } from './analysis/routes.ts'
import { caseRoutes } from './cases/routes.ts'
import { photoRoutes } from './photos/routes.ts'
import { enforcePermissions } from './auth/permissions.ts'
import { authRoutes } from './auth/routes.ts'
import { auditRoutes } from './audit/routes.ts'
import { userRoutes } from './users/routes.ts'
import { requireSession } from './auth/session.ts'
import { basemapRoutes } from './basemap/routes.ts'
import { boundaryRoutes } from './boundaries/routes.ts'
import { calendarRoutes } from './calendar/routes.ts'
import { indicatorRoutes } from './indicators/routes.ts'
import { compoundRoutes } from './compounds/routes.ts'
import { civStandardRoutes } from './civ/standard/routes.ts'
import { compoundMetricsRoutes } from './compound-metrics/routes.ts'
import type { Engine, Listen } from './db/connect.ts'
import type { Database } from './db/database.ts'
import { districtRoutes } from './district/routes.ts'
import { errorBody, handleError } from './errors.ts'
import { EventHub } from './events/hub.ts'
import { eventRoutes } from './events/routes.ts'
import { facilityRoutes } from './facilities/routes.ts'
import { civProgressRoutes } from './civ/progress/routes.ts'
import { gridRoutes } from './grids/routes.ts'
import { planningRoutes } from './planning/routes.ts'
import { hotspotRoutes } from './hotspots/routes.ts'
import type { AppEnv } from './http/env.ts'
import { issueRoutes } from './issues/routes.ts'
import { kioskRoutes } from './kiosks/routes.ts'
import { inspectionRoutes } from './civ/inspections/routes.ts'
import { mobileRoutes } from './mobile/routes.ts'
import { patrolRoutes } from './patrols/routes.ts'
import { ledgerRoutes } from './ledgers/routes.ts'
import { sitingRoutes } from './siting/routes.ts'
import { topologyRoutes } from './topology/routes.ts'
import { tileRoutes } from './tiles/routes.ts'
import { statsRoutes } from './stats/routes.ts'

export interface AppOptions {
  db: Kysely<Database>
  engine: Engine
  /** the handle's LISTEN (connect().listen): enables GET /api/events; without it the stream answers 503 */
  listen?: Listen
}

/** The HTTP API under /api. No port, no static files: server.ts adds those; tests call app.request(). */
export function createApp({ db, engine, listen }: AppOptions) {
  // one hub per app (= per API process): one LISTEN, fanned out to every SSE client
  const events = listen ? new EventHub(db, listen) : null
  const api = new OpenAPIHono<AppEnv>()
  api.use(async (c, next) => {
    c.set('db', db)
    c.set('engine', engine)
    c.set('events', events)
    await next()
  })
  api.use(compress())
  // Every route but health, openapi.json and login needs a session; mutating routes a declared role.
  api.use(requireSession)
  api.use(enforcePermissions)

  mountRoutes(api)

  api.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'gridsight API',
      version: '0.1.0',
      description: 'The one map for community grid management (网格化管理): grids, compounds, kiosks, facilities, issues and analyses as GeoJSON (WGS84).',
    },
    servers: [{ url: '/api' }],
  })
  api.onError(handleError)

  const app = new OpenAPIHono()
  app.route('/api', api)
  // Unmatched /api paths answer here, before any static-file fallback the server adds.
  app.all('/api/*', (c) => c.json(errorBody('not_found', `No route ${c.req.method} ${c.req.path}`), 404))
  app.onError(handleError)
  return app
}

function mountRoutes(api: OpenAPIHono<AppEnv>) {
  return api
    .get('/health', (c) => c.json({ status: 'ok' as const, db: c.get('engine') }))
    .route('/', authRoutes)
    .route('/', userRoutes)
    .route('/', auditRoutes)
    .route('/', districtRoutes)
    .route('/', gridRoutes)
    .route('/', planningRoutes)
    .route('/', basemapRoutes)
    .route('/', compoundRoutes)
    .route('/', civStandardRoutes)
    .route('/', kioskRoutes)
    .route('/', facilityRoutes)
    .route('/', civProgressRoutes)
    .route('/', patrolRoutes)
    .route('/', issueRoutes)
    .route('/', inspectionRoutes)
    .route('/', caseRoutes)
    .route('/', photoRoutes)
    .route('/', mobileRoutes)
    .route('/', analysisRoutes)
    .route('/', ledgerRoutes)
    .route('/', sitingRoutes)
    .route('/', topologyRoutes)
    .route('/', compoundMetricsRoutes)
    .route('/', calendarRoutes)
    .route('/', indicatorRoutes)
    .route('/', eventRoutes)
    .route('/', tileRoutes)
    .route('/', hotspotRoutes)
    .route('/', statsRoutes)
    .route('/', boundaryRoutes)
}

/** The API's routes and their types, for a typed client (hono/client's hc<AppType>). */
export type AppType = ReturnType<typeof mountRoutes>
