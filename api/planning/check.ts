import type { Kysely } from 'kysely'
import { planningProblems, siblingsAfterEdit, type PlannedGrid, type PlanningProblem } from '../../geo/planning/index.ts'
import type { Database } from '../db/database.ts'
import { badRequest } from '../errors.ts'
import { gridFeature, loadGrids, loadParent, type GridRecord } from './repository.ts'

export interface Edit {
  /** null at level 0: streets and towns tile the district outline */
  parentId: number | null
  level: number
  grids: PlannedGrid[]
  removed: number[]
}

export interface CheckedEdit {
  /** null at level 0 */
  parent: GridRecord | null
  /** the code new grids' codes start from: the parent's, or at level 0 the district's (6 digits) */
  parentCode: string
  /** the parent's children at the level before the edit */
  siblings: GridRecord[]
  problems: PlanningProblem[]
}

/**
 * Loads the parent and its children and computes the problems of the sibling set after the edit.
 * Malformed edits (a grid of another level or parent, an id that is not a sibling) → 400.
 */
export async function checkEdit(db: Kysely<Database>, edit: Edit): Promise<CheckedEdit> {
  edit.grids.forEach((g, i) => {
    if (g.level !== edit.level || g.parentId !== edit.parentId) {
      throw badRequest('grid_mismatch', `grids[${i}] says level ${g.level}, parent ${g.parentId}; the edit is level ${edit.level} under ${edit.parentId}`, { index: i, id: g.id })
    }
  })
  if (edit.parentId === null && edit.level !== 0) {
    throw badRequest('invalid_level', `only level-0 grids (streets and towns) have no parent; level ${edit.level} needs a parentId`, { level: edit.level })
  }
  const parent = edit.parentId === null ? null : await loadParent(db, edit.parentId, edit.level)
  // level 0: the siblings are every street and town, and what they tile is the district outline
  const district = parent ? null : await db.selectFrom('districts').select(['code', 'name', 'geom']).executeTakeFirst()
  const root = parent ? gridFeature(parent) : district ? { type: 'Feature' as const, geometry: district.geom, properties: { name: district.name } } : null
  const siblings = await loadGrids(db, { parentId: edit.parentId, level: edit.level })
  let after
  try {
    after = siblingsAfterEdit(siblings.map(gridFeature), edit)
  } catch (e) {
    if (e instanceof RangeError) throw badRequest('unknown_grid', e.message, { parentId: edit.parentId, level: edit.level })
    throw e
  }
  return { parent, parentCode: parent?.code ?? district?.code ?? '', siblings, problems: planningProblems(root, after) }
}
