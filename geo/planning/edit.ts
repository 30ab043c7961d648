// The sibling set after an edit: the children of one parent at one level, with the edited grids
// replacing theirs, the removed ones dropped and the new ones added. Pure; never mutates input.

import type { Feature, MultiPolygon, Polygon } from 'geojson'

export type Area = Polygon | MultiPolygon

/** A grid as the planning API receives it; id null = a new grid. */
export interface PlannedGrid {
  id: number | null
  level: number
  /** null at level 0 (streets and towns tile the district outline, not a grid) */
  parentId: number | null
  name: string
  code?: string | null
  geometry: Area
  properties?: Record<string, unknown> | null
}

export interface SiblingEdit {
  grids: readonly PlannedGrid[]
  removed: readonly number[]
}

/** A new grid (id null) is named by this id in problems and results: -(its index in grids + 1). */
export const provisionalId = (index: number) => -(index + 1)

/**
 * Siblings after the edit, as features with numeric ids (new grids get provisionalId). Throws a
 * RangeError naming the id when an edited or removed id is not a sibling, or is both edited and removed.
 */
export function siblingsAfterEdit(siblings: readonly Feature<Area>[], edit: SiblingEdit): Feature<Area>[] {
  const known = new Set(siblings.map((s) => s.id as number))
  const edited = new Map<number, PlannedGrid>()
  edit.grids.forEach((g) => {
    if (g.id === null) return
    if (!known.has(g.id)) throw new RangeError(`grid ${g.id} is not a child of the parent at this level`)
    if (edited.has(g.id)) throw new RangeError(`grid ${g.id} is edited twice`)
    edited.set(g.id, g)
  })
  const removed = new Set(edit.removed)
  for (const id of removed) {
    if (!known.has(id)) throw new RangeError(`removed grid ${id} is not a child of the parent at this level`)
    if (edited.has(id)) throw new RangeError(`grid ${id} is both edited and removed`)
  }
  const out: Feature<Area>[] = []
  for (const s of siblings) {
    const id = s.id as number
    if (removed.has(id)) continue
    const e = edited.get(id)
    out.push(e ? { type: 'Feature', id, geometry: e.geometry, properties: { ...s.properties, name: e.name } } : s)
  }
  edit.grids.forEach((g, i) => {
    if (g.id === null) out.push({ type: 'Feature', id: provisionalId(i), geometry: g.geometry, properties: { ...(g.properties ?? {}), name: g.name } })
  })
  return out
}
