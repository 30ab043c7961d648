import type { Kysely } from 'kysely'
import type { SessionUser } from '../auth/roles.ts'
import type { Database } from '../db/database.ts'
import type { Engine } from '../db/connect.ts'
import type { EventHub } from '../events/hub.ts'

/** What every route can reach: the database, which engine serves it, and who is calling. */
export interface AppEnv {
  Variables: {
    db: Kysely<Database>
    engine: Engine
    /** set by the session middleware on every route but health, openapi.json and login */
    user: SessionUser
    /** this process's live-event hub (GET /api/events); null when the app was made without LISTEN */
    events: EventHub | null
  }
}
