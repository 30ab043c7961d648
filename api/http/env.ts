import type { Kysely } from 'kysely'
import type { Database } from '../db/database.ts'
import type { Engine } from '../db/connect.ts'

/** What every route can reach: the database and which engine serves it. */
export interface AppEnv {
  Variables: {
    db: Kysely<Database>
    engine: Engine
  }
}
