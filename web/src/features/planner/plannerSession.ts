/**
 * An editing session, pure: the family as loaded (base), the drafts after the planner's edits, and
 * the edits themselves as a log of operations. Every operation goes through geo/editing, so a shared
 * boundary stays shared; the log lets a session be replayed on fresher versions after a 409 (nothing
 * is lost). Unit-tested without a map (tests/unit/planner-session.test.ts).
 */
import type { Feature, LineString, MultiPolygon, Polygon, Position } from 'geojson'
import {
  drawChild, dropCollinearVertex, EditError, insertSharedVertex, mergePolygons, moveSharedEdge, moveSharedVertex, removeSharedVertex,
  splitPolygon, topologyCheck, vertexHolders, type RingEdit,
} from '../../../../geo/index.ts'
import type { PlanBody, PlanGrid, Problem, ProblemCode } from './plannerTypes'

/** Coordinates the editor creates are rounded to this many decimals (1e-9° ≈ 0.1 mm; terra-draw's precision). */
export const COORDINATE_DECIMALS = 9

export interface DraftProps {
  /** the grid's id in the database; null for a grid this session creates */
  gridId: number | null
  name: string
  code?: string
  level: number
  parentId: number | null
  version: number | null
}

/** A grid in the session; `id` is the grid id, or a negative key for a new grid. */
export type Draft = Feature<Polygon | MultiPolygon, DraftProps> & { id: number }

export type Op =
  | { kind: 'vertex'; edit: Exclude<RingEdit, { kind: 'other' }> }
  | { kind: 'split'; key: number; line: LineString; newKey: number; name: string }
  | { kind: 'merge'; keep: number; drop: number }
  | { kind: 'draw'; polygon: Polygon; newKey: number; name: string; code?: string }
  | { kind: 'edge'; a: Position; b: Position; delta: Position }

export interface Session {
  base: Draft[]
  drafts: Draft[]
  ops: Op[]
}

export function startSession(base: Draft[]): Session {
  return { base, drafts: base, ops: [] }
}

/** Applies one operation; throws EditError when it cannot (e.g. a split line crossing three times). */
export function applyOp(drafts: Draft[], op: Op): Draft[] {
  if (op.kind === 'vertex') {
    const e = op.edit
    if (e.kind === 'move') {
      if (!holds(drafts, e.from)) throw new EditError('missing_vertex', `no grid holds the vertex [${e.from}]`)
      return moveSharedVertex(drafts, e.from, e.to)
    }
    if (e.kind === 'insert') {
      const next = insertSharedVertex(drafts, e.a, e.b, e.at)
      if (next.every((d, i) => d === drafts[i])) throw new EditError('missing_edge', `no grid holds the edge [${e.a}]–[${e.b}]`)
      return next
    }
    if (!holds(drafts, e.at)) throw new EditError('missing_vertex', `no grid holds the vertex [${e.at}]`)
    return removeSharedVertex(drafts, e.at)
  }
  if (op.kind === 'split') {
    const target = drafts.find((d) => d.id === op.key)
    if (!target) throw new EditError('missing_grid', `grid ${op.key} is not in the session`)
    if (target.geometry.type !== 'Polygon') throw new EditError('not_a_polygon', 'only single-polygon grids can be split')
    const { parts, cuts } = splitPolygon(target.geometry, op.line, { precision: COORDINATE_DECIMALS })
    let next = drafts
    for (const cut of cuts) if (cut.edge) next = insertSharedVertex(next, cut.edge[0], cut.edge[1], cut.position)
    // the neighbours now hold the cut points; the split grid itself is replaced by its two parts
    const created: Draft = {
      type: 'Feature', id: op.newKey, geometry: parts[1],
      properties: { ...target.properties, gridId: null, name: op.name, code: undefined, version: null },
    }
    return [...next.map((d) => (d.id === op.key ? { ...d, geometry: parts[0] } : d)), created]
  }
  if (op.kind === 'edge') {
    // a whole edge dragged: both ends move in every grid holding them, so both neighbours follow
    try {
      return moveSharedEdge(drafts, op.a, op.b, op.delta, COORDINATE_DECIMALS).features
    } catch (err) {
      if (err instanceof RangeError) throw new EditError('missing_edge', err.message)
      throw err
    }
  }
  if (op.kind === 'draw') {
    // the new child is clipped to the family and carved out of the siblings it overlaps (geo drawChild)
    const template = drafts[0]
    if (!template) throw new EditError('missing_grid', 'no family to draw a child in')
    const { child, siblings } = drawChild(drafts, op.polygon, { precision: COORDINATE_DECIMALS })
    const created: Draft = {
      type: 'Feature', id: op.newKey, geometry: child,
      properties: { gridId: null, name: op.name, ...(op.code ? { code: op.code } : {}), level: template.properties.level, parentId: template.properties.parentId, version: null },
    }
    return [...siblings, created]
  }
  const keep = drafts.find((d) => d.id === op.keep), drop = drafts.find((d) => d.id === op.drop)
  if (!keep || !drop) throw new EditError('missing_grid', `grids ${op.keep} and ${op.drop} must both be in the session`)
  if (keep.geometry.type !== 'Polygon' || drop.geometry.type !== 'Polygon') throw new EditError('not_a_polygon', 'only single-polygon grids can be merged')
  const { polygon, junctions } = mergePolygons(keep.geometry, drop.geometry, { dropCollinear: false })
  let next: Draft[] = drafts.filter((d) => d.id !== op.drop).map((d) => (d.id === op.keep ? { ...d, geometry: polygon } : d))
  // a junction that is now a straight-line point everywhere (the ends of an earlier split) goes
  for (const j of junctions) next = dropCollinearVertex(next, j)
  return next
}

/**
 * Why a grid cannot be edited in the editor, or null when it can. A MultiPolygon grid (several
 * separate parts, e.g. from an import) is refused outright rather than edited part by part: its
 * parts would need their own handles, and split, merge and draw are defined for one polygon.
 */
export function editBlocker(draft: Draft | null): 'multipolygon' | null {
  return draft?.geometry.type === 'MultiPolygon' ? 'multipolygon' : null
}

/** A grid code a planner types for a new grid: empty (the server assigns the next one) or 15 digits. */
export function validNewCode(code: string): boolean {
  return code.trim() === '' || /^[0-9]{15}$/.test(code.trim())
}

export function apply(session: Session, op: Op): Session {
  return { ...session, drafts: applyOp(session.drafts, op), ops: [...session.ops, op] }
}

/** Replays a session's operations on a fresh base; operations that no longer apply are skipped. */
export function replay(base: Draft[], ops: Op[]): { session: Session; applied: number; skipped: Op[] } {
  let session = startSession(base)
  const skipped: Op[] = []
  for (const op of ops) {
    try {
      session = apply(session, op)
    } catch (err) {
      if (!(err instanceof EditError)) throw err
      skipped.push(op)
    }
  }
  return { session, applied: ops.length - skipped.length, skipped }
}

function holds(drafts: Draft[], at: Position): boolean {
  return vertexHolders(drafts, at).length > 0
}

/** The grids that changed or were created (geo/editing keeps unchanged drafts as the same objects). */
export function changedDrafts(session: Session): Draft[] {
  const base = new Map(session.base.map((d) => [d.id, d]))
  return session.drafts.filter((d) => base.get(d.id) !== d)
}

export function removedIds(session: Session): number[] {
  const kept = new Set(session.drafts.map((d) => d.id))
  return session.base.filter((d) => !kept.has(d.id) && d.properties.gridId !== null).map((d) => d.properties.gridId as number)
}

export function isDirty(session: Session): boolean {
  return changedDrafts(session).length > 0 || removedIds(session).length > 0
}

/** The request body of validate / impact / changes for this session. */
export function planBody(session: Session, parentId: number | null, level: number): PlanBody {
  const grids: PlanGrid[] = changedDrafts(session).map((d) => ({
    id: d.properties.gridId,
    level,
    parentId,
    name: d.properties.name,
    ...(d.properties.code ? { code: d.properties.code } : {}),
    geometry: d.geometry,
  }))
  return { parentId, level, grids, removed: removedIds(session) }
}

/** baseVersions for a save: every grid the session touches, at the version it was loaded at. */
export function baseVersions(session: Session): Record<string, number> {
  const out: Record<string, number> = {}
  const touched = new Set([...changedDrafts(session).map((d) => d.id), ...session.base.filter((d) => !session.drafts.some((x) => x.id === d.id)).map((d) => d.id)])
  for (const d of session.base) {
    if (touched.has(d.id) && d.properties.gridId !== null && d.properties.version !== null) out[d.properties.gridId] = d.properties.version
  }
  return out
}

const CLIENT_CODES: ReadonlySet<string> = new Set(['gap', 'overlap', 'outside_parent', 'sliver', 'invalid_ring'])

/**
 * The same checks the server runs, in the browser, on every edit: topologyCheck (geo/) over the
 * drafts and their parent. Invalid rings carry validateGeometry's code; self-intersections are
 * reported as such. `no_responsible_person` is not an editing problem and is left out.
 */
export function clientProblems(drafts: Draft[], parent: Feature<Polygon | MultiPolygon> | null, parentId: number | null): Problem[] {
  const PARENT = '\u0000parent'
  const grids: Feature[] = drafts.map((d) => ({
    type: 'Feature', id: d.id, geometry: d.geometry,
    properties: { name: d.properties.name, parentId: parentId === null ? null : PARENT, level: d.properties.level, leader: { name: 'x' } },
  }))
  if (parent && parentId !== null) grids.push({ type: 'Feature', id: PARENT, geometry: parent.geometry, properties: { leader: { name: 'x' } } })
  const report = topologyCheck(grids, { root: parentId === null ? parent : null })
  const keyToGrid = (key: unknown): number | null => {
    if (typeof key !== 'number') return null
    return drafts.find((d) => d.id === key)?.properties.gridId ?? key
  }
  return report.features
    .filter((f) => CLIENT_CODES.has(f.properties.code) && f.properties.gridId !== PARENT)
    .map((f) => {
      const p = f.properties
      const code: ProblemCode = p.code === 'invalid_ring' && p.detail === 'self_intersection' ? 'self_intersection' : (p.code as ProblemCode)
      const ids = [p.gridId, p.otherGridId].map(keyToGrid).filter((x): x is number => x !== null)
      return { code, gridIds: ids, message: p.messageZh, messageEn: p.message, geometry: f.geometry }
    })
}
