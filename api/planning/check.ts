import type { Kysely } from 'kysely'
import { planningProblems, siblingsAfterEdit, type PlannedGrid, type PlanningProblem } from '../../geo/planning/index.ts'
import type { Database } from '../db/database.ts'
import { badRequest } from '../errors.ts'
import { gridFeature, loadGrids, loadParent, type GridRecord } from './repository.ts'

export interface Edit {
  parentId: number
  level: number
  grids: PlannedGrid[]
  removed: number[]
}

export interface CheckedEdit {
  parent: GridRecord
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
  const parent = await loadParent(db, edit.parentId, edit.level)
  const siblings = await loadGrids(db, { parentId: edit.parentId, level: edit.level })
  let after
  try {
    after = siblingsAfterEdit(siblings.map(gridFeature), edit)
  } catch (e) {
    if (e instanceof RangeError) throw badRequest('unknown_grid', e.message, { parentId: edit.parentId, level: edit.level })
    throw e
  }
  return { parent, siblings, problems: planningProblems(gridFeature(parent), after) }
}
