import { sql, type Kysely, type RawBuilder, type SelectQueryBuilder } from 'kysely'
import type { TypedResponse } from 'hono'
import type { Database } from '../db/database.ts'

/**
 * GeoJSON FeatureCollections assembled by the database as one JSON text.
 *
 * Reading thousands of rows through a driver costs far more than the query (PGlite converts
 * every field of every row in JavaScript: 9,503 buildings take ~150 ms as rows, ~30 ms as one
 * aggregated text). The inner query names, per feature, `id`, `geometry` (jsonb) and
 * `properties` (a json_build_object with the API's own keys): the row-to-API mapping stays
 * explicit, it is just written in SQL.
 */
export type FeatureQuery = SelectQueryBuilder<any, any, { id: number; geometry: unknown; properties: unknown }>

export async function featureCollectionText(db: Kysely<Database>, inner: FeatureQuery): Promise<string> {
  const row = await db
    .selectFrom(inner.as('f'))
    .select(
      sql<string>`coalesce(json_agg(json_build_object('type', 'Feature', 'id', f.id, 'geometry', f.geometry, 'properties', f.properties) order by f.id), '[]')::text`.as(
        'features',
      ),
    )
    .executeTakeFirstOrThrow()
  return `{"type":"FeatureCollection","features":${row.features}}`
}

/** json_build_object('key', expression, …) from a record of API keys to SQL expressions. */
export function jsonObject(fields: Record<string, RawBuilder<unknown> | string>): RawBuilder<unknown> {
  const parts = Object.entries(fields).map(([key, value]) => sql`${sql.lit(key)}, ${typeof value === 'string' ? sql.ref(value) : value}`)
  return sql`json_build_object(${sql.join(parts)})`
}

/**
 * A 200 JSON response whose body is already serialised. Typed as a JSON response of the
 * route's documented shape (TypedResponse<never> fits any), since the text was built to it.
 */
export function jsonText(text: string): TypedResponse<never, 200, 'json'> {
  return new Response(text, { status: 200, headers: { 'content-type': 'application/json; charset=utf-8' } }) as unknown as TypedResponse<never, 200, 'json'>
}

/** A GeoJSON Point from lon/lat columns. */
export const pointGeometry = sql`json_build_object('type', 'Point', 'coordinates', json_build_array(lon, lat))`
