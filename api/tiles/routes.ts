/**
 * Vector tiles (docs/tiles.md): `GET /tiles/cases/{z}/{x}/{y}.mvt?category=&status=&from=&to=`
 * (layer `cases`, scoped to the caller) and `GET /tiles/grids/{z}/{x}/{y}.mvt?level=` (layer
 * `grids`), made on demand and kept in an LRU keyed by data version, tile, filters and scope.
 */
import type { Context } from 'hono'
import type { Kysely } from 'kysely'
import { currentUser, readScope } from '../cases/access.ts'
import type { Database } from '../db/database.ts'
import { badRequest } from '../errors.ts'
import type { AppEnv } from '../http/env.ts'
import { createRouter } from '../http/router.ts'
import { parseFilter } from '../issues/routes.ts'
import { TileCache } from './cache.ts'
import { countCases, renderCasesTile, type CaseCounts } from './cases.ts'
import { renderGridsTile } from './grids.ts'
import { parseTile } from './tile.ts'
import { casesVersion, gridsVersion, tilerFor } from './version.ts'

export const MVT_TYPE = 'application/vnd.mapbox-vector-tile'

/** One cache per database handle (= per app); exported for tests and the bench. */
const caches = new WeakMap<Kysely<Database>, TileCache>()
export function tileCache(db: Kysely<Database>): TileCache {
  let cache = caches.get(db)
  if (!cache) caches.set(db, (cache = new TileCache()))
  return cache
}

const one = (c: Context, name: string) => c.req.query(name) || undefined

function send(c: Context<AppEnv>, bytes: Uint8Array, hit: boolean) {
  return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
    'content-type': MVT_TYPE,
    // the browser may not keep them: a case change must show at the next request
    'cache-control': 'no-cache',
    'x-tile-cache': hit ? 'hit' : 'miss',
  })
}

/** Above this many cases (in the caller's scope) the map draws them from tiles instead of one GeoJSON. */
export const TILE_THRESHOLD = Number(process.env.GRIDSIGHT_TILES_THRESHOLD ?? 100_000)

export const tileRoutes = createRouter()
  .get('/tiles/cases/meta', async (c) => {
    const filter = parseFilter({ category: one(c, 'category'), status: one(c, 'status'), from: one(c, 'from'), to: one(c, 'to') })
    const db = c.get('db')
    const scope = readScope(currentUser(c))
    const compiled = scope.compile(db)
    const version = await casesVersion(db)
    const key = JSON.stringify(['meta', version, filter, compiled.sql, compiled.parameters])
    const cache = tileCache(db)
    const held = cache.get(key)
    const counts = held ? (JSON.parse(new TextDecoder().decode(held)) as CaseCounts) : await countCases(db, filter, scope, new Date())
    if (!held) cache.set(key, new TextEncoder().encode(JSON.stringify(counts)))
    return c.json({ ...counts, version, threshold: TILE_THRESHOLD, mode: counts.total > TILE_THRESHOLD ? ('tiles' as const) : ('geojson' as const) })
  })
  .get('/tiles/cases/:z/:x/:y', async (c) => {
    const tile = parseTile(c.req.param('z'), c.req.param('x'), c.req.param('y'))
    const filter = parseFilter({ category: one(c, 'category'), status: one(c, 'status'), from: one(c, 'from'), to: one(c, 'to') })
    const db = c.get('db')
    const scope = readScope(currentUser(c))
    const compiled = scope.compile(db)
    const version = await casesVersion(db)
    const key = JSON.stringify(['cases', version, tile.z, tile.x, tile.y, filter, compiled.sql, compiled.parameters])
    const cache = tileCache(db)
    const held = cache.get(key)
    if (held) return send(c, held, true)
    const bytes = await renderCasesTile(db, await tilerFor(db, c.get('engine')), tile, filter, scope, new Date())
    cache.set(key, bytes)
    return send(c, bytes, false)
  })
  .get('/tiles/grids/:z/:x/:y', async (c) => {
    const tile = parseTile(c.req.param('z'), c.req.param('x'), c.req.param('y'))
    const levelText = c.req.query('level') ?? '3'
    if (!/^[0-3]$/.test(levelText)) throw badRequest('invalid_level', `level must be 0, 1, 2 or 3; got "${levelText}"`, { level: levelText })
    const level = Number(levelText)
    const db = c.get('db')
    const version = await gridsVersion(db)
    const key = JSON.stringify(['grids', version, tile.z, tile.x, tile.y, level])
    const cache = tileCache(db)
    const held = cache.get(key)
    if (held) return send(c, held, true)
    const bytes = await renderGridsTile(db, await tilerFor(db, c.get('engine')), tile, level, version)
    cache.set(key, bytes)
    return send(c, bytes, false)
  })

