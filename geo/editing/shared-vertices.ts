// Which vertices and edges do siblings share? The index behind topological editing: a vertex
// held by two grids is one point of their common boundary, and moving it must move it in both.
// O(V) to build over all vertices of all polygons (a Map keyed by the exact coordinates).

import type { Feature, Position } from 'geojson'
import { allRings, openRing, positionKey, type Area } from './rings.ts'

export type EditId = string | number

export interface SharedVertex {
  position: Position
  /** The polygons holding this vertex, by feature id, ascending and without repeats. */
  ids: EditId[]
}

function idOf(feature: Feature, index: number): EditId {
  const id = feature.id ?? (feature.properties as { id?: EditId } | null)?.id
  return id ?? index
}

/** Every vertex held by two or more of the polygons, keyed by positionKey. */
export function sharedVertexIndex(features: Feature<Area>[]): Map<string, SharedVertex> {
  const all = new Map<string, SharedVertex>()
  features.forEach((f, i) => {
    const id = idOf(f, i)
    for (const ring of allRings(f.geometry)) {
      for (const p of openRing(ring)) {
        const key = positionKey(p)
        const hit = all.get(key)
        if (!hit) all.set(key, { position: p, ids: [id] })
        else if (!hit.ids.includes(id)) hit.ids.push(id)
      }
    }
  })
  const shared = new Map<string, SharedVertex>()
  for (const [key, v] of all) {
    if (v.ids.length > 1) shared.set(key, { position: v.position, ids: v.ids.sort(compareIds) })
  }
  return shared
}

export interface SharedEdge {
  a: Position
  b: Position
  ids: [EditId, EditId]
}

/** Edges held by two polygons (in opposite directions, as neighbours on a tiling hold them). */
export function sharedEdges(features: Feature<Area>[]): SharedEdge[] {
  const seen = new Map<string, { a: Position; b: Position; id: EditId }>()
  const out: SharedEdge[] = []
  features.forEach((f, i) => {
    const id = idOf(f, i)
    for (const ring of allRings(f.geometry)) {
      const open = openRing(ring)
      for (let k = 0; k < open.length; k++) {
        const a = open[k], b = open[(k + 1) % open.length]
        const reverse = seen.get(`${positionKey(b)}|${positionKey(a)}`)
        if (reverse && reverse.id !== id) out.push({ a: reverse.a, b: reverse.b, ids: [reverse.id, id].sort(compareIds) as [EditId, EditId] })
        else seen.set(`${positionKey(a)}|${positionKey(b)}`, { a, b, id })
      }
    }
  })
  return out
}

function compareIds(a: EditId, b: EditId): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b
  if (typeof a === 'number') return -1
  if (typeof b === 'number') return 1
  return a < b ? -1 : a > b ? 1 : 0
}
