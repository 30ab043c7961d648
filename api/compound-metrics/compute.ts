import { sql, type Kysely } from 'kysely'
import type { Feature, Geometry } from 'geojson'
import { compoundMetrics, type CompoundMetricsOptions } from '../../geo/index.ts'
import type { Database } from '../db/database.ts'
import { notFound } from '../errors.ts'
import { bboxIntersects, inGrid } from '../http/sql.ts'

export interface CompoundMetricsRequest extends Pick<CompoundMetricsOptions, 'greeningFloor' | 'greeningGoal' | 'fitnessMinimum'> {
  /** Only compounds in this grid (any level). */
  grid?: number
  /** One compound. */
  compound?: number
}

type CompoundRow = [number, string, number, boolean, boolean, number, Geometry]

/**
 * Seed 002's compound figures for the compounds of a scope: geo's compoundMetrics over the
 * compounds and the green and fitness areas whose boxes meet the scope's box (an area across a
 * compound's fence counts only inside it).
 */
export async function computeCompoundMetrics(db: Kysely<Database>, req: CompoundMetricsRequest) {
  if (req.grid !== undefined && !(await db.selectFrom('grids').select('id').where('id', '=', req.grid).executeTakeFirst())) throw notFound('grid', req.grid)
  let query = db
    .selectFrom('compounds')
    .select([
      sql<string>`coalesce(json_agg(json_build_array(id, name, grid_id, old, has_property, households, geom) order by id), '[]')::text`.as('rows'),
      sql<number | null>`min(minx)`.as('minx'), sql<number | null>`min(miny)`.as('miny'), sql<number | null>`max(maxx)`.as('maxx'), sql<number | null>`max(maxy)`.as('maxy'),
    ])
  if (req.grid !== undefined) query = query.where(inGrid(req.grid))
  if (req.compound !== undefined) query = query.where('id', '=', req.compound)
  const scope = await query.executeTakeFirstOrThrow()
  if (req.compound !== undefined && scope.minx === null) throw notFound('compound', req.compound)
  const rows = JSON.parse(scope.rows) as CompoundRow[]
  const areas =
    scope.minx === null
      ? []
      : (JSON.parse(
          (
            await db
              .selectFrom('green_areas')
              .select(sql<string>`coalesce(json_agg(json_build_array(id, kind, geom) order by id), '[]')::text`.as('rows'))
              .where('kind', 'in', ['compound_green', 'park', 'forest', 'fitness'])
              .where(bboxIntersects([Number(scope.minx), Number(scope.miny), Number(scope.maxx), Number(scope.maxy)]))
              .executeTakeFirstOrThrow()
          ).rows,
        ) as [number, string, Geometry][])
  const compounds: Feature[] = rows.map(([id, name, gridId, old, hasProperty, households, geom]) => ({
    type: 'Feature', id, geometry: geom, properties: { id, name, gridId, old, hasProperty, households },
  }))
  const result = compoundMetrics(
    compounds,
    areas.map(([id, kind, geom]) => ({ type: 'Feature', id, geometry: geom, properties: { kind } })),
    Object.fromEntries(Object.entries({ greeningFloor: req.greeningFloor, greeningGoal: req.greeningGoal, fitnessMinimum: req.fitnessMinimum }).filter(([, v]) => v !== undefined)),
  )
  const features = result.compounds.features
  return {
    summary: result.summary,
    shortfalls: {
      greeningBelowFloor: features.filter((f) => f.properties.greeningStatus === 'below_floor').map((f) => f.id as number),
      greeningBelowGoal: features.filter((f) => f.properties.greeningStatus !== 'meets_goal').map((f) => f.id as number),
      fitness: features.filter((f) => f.properties.fitnessShortM2 > 0).map((f) => f.id as number),
    },
    compounds: result.compounds,
  }
}
