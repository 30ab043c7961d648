import { sql, type Kysely } from 'kysely'
import type { Feature } from 'geojson'
import { cascadeDescendants, planningProblems, provisionalId, type Area, type PlanningProblem } from '../../geo/planning/index.ts'
import { geometryArea } from '../../geo/index.ts'
import type { Database } from '../db/database.ts'
import type { GridSnapshot } from '../db/tables/planning.table.ts'
import { checkEdit, type Edit } from './check.ts'
import { loadGrids, type GridRecord } from './repository.ts'

/** One grid the change writes: its state before (null = created) and after (null = retired). */
export interface GridWrite {
  /** a real id, or a provisional (negative) one until ids are allocated */
  id: number
  level: number
  before: GridSnapshot | null
  after: GridSnapshot | null
}

export interface Plan {
  /** null at level 0 */
  parent: GridRecord | null
  /** what new grids' codes start from (the parent's code, or the district's at level 0) */
  parentCode: string
  /** grids at the edited level that change or go (their old versions are checked against baseVersions) */
  changedIds: number[]
  writes: GridWrite[]
  problems: PlanningProblem[]
}

export const snapshotOf = (g: GridRecord): GridSnapshot => ({
  id: g.id, code: g.code, name: g.name, nameEn: g.nameEn, level: g.level, kind: g.kind, parentId: g.parentId, path: g.path,
  leader: g.leader, persons: g.persons, unit: g.unit, households: g.households, population: g.population, geometry: g.geometry,
})

const KIND_BY_LEVEL: Record<number, string> = { 0: 'street', 1: 'community', 2: 'area', 3: 'point' }
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)

/**
 * What an edit would write: the edited level (grids that really change, new ones, retired ones)
 * and every descendant that follows (geo cascadeDescendants), with paths recomputed top-down,
 * plus the problems of every family the change touches (the edited level and each new family below).
 */
export async function planChange(db: Kysely<Database>, edit: Edit): Promise<Plan> {
  const { parent, parentCode, siblings, problems } = await checkEdit(db, edit)
  const nobody = { name: '', phone: '' }
  const byId = new Map(siblings.map((s) => [s.id, s]))
  const writes: GridWrite[] = []
  const newParents: { id: number; geometry: Area }[] = []
  edit.grids.forEach((g, i) => {
    const props = (g.properties ?? {}) as Record<string, any>
    if (g.id === null) {
      const id = provisionalId(i)
      newParents.push({ id, geometry: g.geometry })
      writes.push({
        id, level: edit.level, before: null,
        after: {
          id, code: g.code ?? '', name: g.name, nameEn: String(props.nameEn ?? g.name), level: edit.level, kind: String(props.kind ?? KIND_BY_LEVEL[edit.level]),
          parentId: parent?.id ?? null, path: [], leader: props.leader ?? parent?.leader ?? nobody, persons: props.persons ?? [props.leader ?? parent?.leader ?? nobody],
          unit: props.unit ?? parent?.unit ?? nobody, households: 0, population: 0, geometry: g.geometry,
        },
      })
      return
    }
    const old = byId.get(g.id)!
    const after: GridSnapshot = {
      ...snapshotOf(old), name: g.name, geometry: g.geometry, code: g.code ?? old.code,
      ...(props.nameEn ? { nameEn: String(props.nameEn) } : {}),
      ...(props.leader ? { leader: props.leader } : {}), ...(props.persons ? { persons: props.persons } : {}), ...(props.unit ? { unit: props.unit } : {}),
    }
    if (same(after, snapshotOf(old))) return
    newParents.push({ id: old.id, geometry: g.geometry })
    writes.push({ id: old.id, level: edit.level, before: snapshotOf(old), after })
  })
  for (const id of edit.removed) writes.push({ id, level: edit.level, before: snapshotOf(byId.get(id)!), after: null })
  const geometryChanged = writes.filter((w) => w.before && (!w.after || !same(w.before.geometry, w.after.geometry))).map((w) => w.id)
  const allProblems = [...problems]

  if (edit.level < 3 && geometryChanged.length && !problems.length) {
    const descendants = await loadDescendants(db, geometryChanged, edit.level)
    const unchanged = siblings.filter((s) => !writes.some((w) => w.id === s.id)).map((s) => ({ id: s.id, geometry: s.geometry }))
    // every grid of the edited level that may now hold a descendant: the changed, the new, and their unchanged siblings
    const cascade = cascadeDescendants(geometryChanged, [...newParents, ...unchanged], descendants.map((d) => ({ id: d.id, level: d.level, parentId: d.parentId!, geometry: d.geometry })), {
      firstNewId: -(edit.grids.length + 1),
    })
    const desc = new Map(descendants.map((d) => [d.id, d]))
    for (const u of cascade.updated) {
      const old = desc.get(u.id)!
      writes.push({ id: u.id, level: u.level, before: snapshotOf(old), after: { ...snapshotOf(old), parentId: u.parentId, geometry: u.geometry } })
    }
    for (const c of cascade.created) {
      const from = desc.get(c.fromId)!
      writes.push({ id: c.id, level: c.level, before: null, after: { ...snapshotOf(from), id: c.id, code: '', name: `${from.name}（划入部分）`, nameEn: `${from.nameEn} (part)`, parentId: c.parentId, geometry: c.geometry, households: 0, population: 0 } })
    }
    for (const id of cascade.retired) writes.push({ id, level: desc.get(id)!.level, before: snapshotOf(desc.get(id)!), after: null })
    // a descendant left as it was under a parent that moved to another grid still gets a new path
    const moved = new Set(writes.filter((w) => w.after && (!w.before || w.after.parentId !== w.before.parentId)).map((w) => w.id))
    for (const d of [...descendants].sort((a, b) => a.level - b.level)) {
      if (!moved.has(d.parentId!) || writes.some((w) => w.id === d.id)) continue
      writes.push({ id: d.id, level: d.level, before: snapshotOf(d), after: { ...snapshotOf(d) } })
      moved.add(d.id)
    }
    allProblems.push(...(await familyProblems(db, writes, edit.level)))
  }
  return { parent, parentCode, changedIds: writes.filter((w) => w.level === edit.level && w.before).map((w) => w.id), writes, problems: allProblems }
}

async function loadDescendants(db: Kysely<Database>, ids: number[], level: number): Promise<GridRecord[]> {
  const rows = await db.selectFrom('grids').select('id').where('level', '>', level).where(sql<boolean>`path && array[${sql.join(ids)}]::integer[]`).execute()
  return loadGrids(db, { ids: rows.map((r) => r.id) })
}

/** Problems of each family below the edited level that the cascade rewrote. */
async function familyProblems(db: Kysely<Database>, writes: GridWrite[], level: number): Promise<PlanningProblem[]> {
  const written = new Map(writes.map((w) => [w.id, w]))
  const out: PlanningProblem[] = []
  const parents = writes.filter((w) => w.after && w.after.level < 3)
  for (const p of parents) {
    const kids = writes.filter((w) => w.after && w.after.parentId === p.id && w.level === p.level + 1)
    const stored = p.before ? (await loadGrids(db, { parentId: p.id, level: p.level + 1 })).filter((g) => !written.has(g.id)) : []
    if (!kids.length && !stored.length) continue
    const children: Feature[] = [
      ...kids.map((k) => ({ type: 'Feature' as const, id: k.id, geometry: k.after!.geometry, properties: { name: k.after!.name } })),
      ...stored.map((g) => ({ type: 'Feature' as const, id: g.id, geometry: g.geometry, properties: { name: g.name } })),
    ]
    out.push(...planningProblems({ type: 'Feature', id: p.id, geometry: p.after!.geometry, properties: { name: p.after!.name } }, children))
  }
  void level
  return out
}

/** Paths top-down, codes for new grids, areas: the snapshots as they will be stored. `ids` maps provisional ids to real ones. */
export function finishWrites(writes: GridWrite[], parent: GridRecord | null, ids: Map<number, number>, takenCodes: Set<string>, { codes = true, parentCode = parent?.code ?? '' } = {}): void {
  const real = (id: number) => ids.get(id) ?? id
  // level 0: the parent is null (the district), its path empty and its code the district's
  const pathOf = new Map<number | null, number[]>([[parent?.id ?? null, parent?.path ?? []]])
  const codeOf = new Map<number | null, string>([[parent?.id ?? null, parentCode]])
  for (const w of [...writes].sort((a, b) => a.level - b.level)) {
    if (!w.after) continue
    w.id = real(w.id)
    w.after.id = w.id
    w.after.parentId = w.after.parentId === null ? null : real(w.after.parentId)
    const parentPath = pathOf.get(w.after.parentId) ?? w.before?.path.slice(0, -1) ?? []
    w.after.path = [...parentPath, w.id]
    pathOf.set(w.id, w.after.path)
    if (!w.after.code && codes) w.after.code = nextCode(codeOf.get(w.after.parentId) ?? '', w.level, takenCodes)
    takenCodes.add(w.after.code)
    codeOf.set(w.id, w.after.code)
  }
  for (const w of writes) if (!w.after) w.id = real(w.id)
}

/** Grid codes (geodata/README.md): level 0 DDDDDDSSS000000 (district code + street), level 1 …SSSCCC000, level 2 …CCCa00, level 3 …CCCapp; the first free one. */
export function nextCode(parentCode: string, level: number, taken: Set<string>): string {
  const candidates: string[] = []
  if (level === 0) for (let n = 1; n <= 999; n++) candidates.push(`${parentCode.slice(0, 6)}${String(n).padStart(3, '0')}000000`)
  if (level === 1) for (let n = 1; n <= 999; n++) candidates.push(`${parentCode.slice(0, 9)}${String(n).padStart(3, '0')}000`)
  if (level === 2) for (let a = 1; a <= 9; a++) candidates.push(`${parentCode.slice(0, 12)}${a}00`)
  if (level === 3) for (let p = 1; p <= 99; p++) candidates.push(`${parentCode.slice(0, 13)}${String(p).padStart(2, '0')}`)
  const free = candidates.find((c) => c.length === 15 && !taken.has(c))
  if (!free) throw new RangeError(`no free level-${level} code under ${parentCode}`)
  return free
}

export const areaOf = (s: GridSnapshot) => geometryArea(s.geometry)
