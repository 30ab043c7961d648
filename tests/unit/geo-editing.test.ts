import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import type { Feature, FeatureCollection, LineString, Polygon, Position } from 'geojson'
import {
  applyTopologicalEdit, dropCollinearVertex, EditError, geometryArea, mergePolygons, moveSharedEdge, moveSharedVertex, openRing, pickEdge, positionKey,
  sharedEdges, sharedVertexIndex, snapPosition, splitPolygon, tilingReport, validateGeometry,
} from '../../geo/index.ts'
import { expectGolden, fixtureNames, readFixture } from '../fixtures/golden.ts'

type Cell = Feature<Polygon, Record<string, unknown>>

/** A ring's vertices from its smallest one, so rings equal up to rotation compare equal. */
function normalize(ring: Position[]): string[] {
  const open = openRing(ring).map(positionKey)
  const first = open.indexOf([...open].sort()[0])
  return [...open.slice(first), ...open.slice(0, first)]
}

describe('splitPolygon fixtures', () => {
  for (const name of fixtureNames('editing-split')) {
    it(name, () => {
      const input = readFixture<FeatureCollection & { expectError?: string }>('editing-split', name)
      const polygon = input.features[0].geometry as Polygon
      const line = input.features[1].geometry as LineString
      if (input.expectError) {
        expect(() => splitPolygon(polygon, line)).toThrow(expect.objectContaining({ code: input.expectError }))
        return
      }
      const result = splitPolygon(polygon, line)
      const [a, b] = result.parts
      expect(Math.abs(geometryArea(a) + geometryArea(b) - geometryArea(polygon))).toBeLessThan(geometryArea(polygon) * 1e-6)
      for (const part of result.parts) expect(validateGeometry(part).ok).toBe(true)
      expectGolden('editing-split', name, result)
    })
  }
})

describe('mergePolygons fixtures', () => {
  for (const name of fixtureNames('editing-merge')) {
    it(name, () => {
      const input = readFixture<FeatureCollection<Polygon> & { expectError?: string }>('editing-merge', name)
      const [a, b] = input.features.map((f) => f.geometry)
      if (input.expectError) {
        expect(() => mergePolygons(a, b)).toThrow(expect.objectContaining({ code: input.expectError }))
        return
      }
      const result = mergePolygons(a, b)
      expect(geometryArea(result.polygon)).toBeCloseTo(geometryArea(a) + geometryArea(b), 3)
      expect(validateGeometry(result.polygon).ok).toBe(true)
      expectGolden('editing-merge', name, result)
    })
  }
})

describe('topological edit fixtures', () => {
  for (const name of fixtureNames('editing-move')) {
    it(name, () => {
      const input = readFixture<FeatureCollection<Polygon> & { edit: any }>('editing-move', name)
      const { edit } = input
      const target = input.features.find((f) => f.id === edit.id)!
      const ring = openRing(target.geometry.coordinates[0])
      const edited = edit.kind === 'move'
        ? ring.map((p) => (positionKey(p) === positionKey(edit.from) ? edit.to : p))
        : ring.flatMap((p, i) => (positionKey(p) === positionKey(edit.a) && positionKey(ring[(i + 1) % ring.length]) === positionKey(edit.b) ? [p, edit.at] : [p]))
      const result = applyTopologicalEdit(input.features, edit.id, { type: 'Polygon', coordinates: [[...edited, edited[0]]] })
      expect(result.edit?.kind).toBe(edit.kind)
      const parent = bboxPolygon(input.features)
      if (edit.kind === 'insert') {
        const report = tilingReport(parent, result.features)
        expect(report.gapArea).toBeLessThan(0.01)
        expect(report.overlapPairs).toEqual([])
      }
      expectGolden('editing-move', name, result.features)
    })
  }
})

function bboxPolygon(features: Feature<Polygon>[]): Feature<Polygon> {
  const xs = features.flatMap((f) => f.geometry.coordinates[0].map((p) => p[0]))
  const ys = features.flatMap((f) => f.geometry.coordinates[0].map((p) => p[1]))
  const [x0, y0, x1, y1] = [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)]
  return { type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]] } }
}

describe('shared vertices and edges', () => {
  const cells = readFixture<FeatureCollection<Polygon>>('editing-move', 'four-cells-middle-vertex').features
  it('indexes the middle vertex as held by all four cells, corners by one', () => {
    const index = sharedVertexIndex(cells)
    const middle = [...index.values()].find((v) => v.ids.length === 4)!
    expect(middle.ids).toEqual([1, 2, 3, 4])
    expect(index.size).toBe(5) // the middle and the four edge midpoints of the 2×2 block
  })
  it('finds the four inner edges, each held by two cells', () => {
    const edges = sharedEdges(cells)
    expect(edges.map((e) => e.ids)).toEqual(expect.arrayContaining([[1, 2], [1, 4], [2, 3], [3, 4]]))
    expect(edges).toHaveLength(4)
  })
  it('never mutates its input and returns unchanged features as the same objects', () => {
    const before = JSON.stringify(cells)
    const corner = cells[0].geometry.coordinates[0][0]
    const moved = moveSharedVertex(cells, corner, [corner[0] - 1e-4, corner[1]])
    expect(JSON.stringify(cells)).toBe(before)
    expect(moved[1]).toBe(cells[1])
    expect(moved[0]).not.toBe(cells[0])
  })
})

describe('snapPosition', () => {
  // 1 pixel = 1e-5 degree, y down
  const project = (p: Position): [number, number] => [p[0] * 1e5, -p[1] * 1e5]
  const square: Feature<Polygon> = { type: 'Feature', id: 7, properties: {}, geometry: { type: 'Polygon', coordinates: [[[0, 0], [0.001, 0], [0.001, 0.001], [0, 0.001], [0, 0]]] } }
  it('snaps to a vertex within the tolerance before any edge', () => {
    expect(snapPosition([0.00103, 0.00004], [square], { project, tolerance: 10 })).toMatchObject({ kind: 'vertex', position: [0.001, 0], featureId: 7 })
  })
  it('snaps to the nearest point on an edge', () => {
    const snap = snapPosition([0.0005, 0.00003], [square], { project, tolerance: 10 })!
    expect(snap.kind).toBe('edge')
    expect(snap.position[0]).toBeCloseTo(0.0005, 12)
    expect(snap.position[1]).toBe(0)
    expect(snap.edge).toEqual([[0, 0], [0.001, 0]])
  })
  it('returns null beyond the tolerance, and ignores the dragged vertex and its edges', () => {
    expect(snapPosition([0.0005, 0.0005], [square], { project, tolerance: 10 })).toBeNull()
    expect(snapPosition([0.00001, 0.00001], [square], { project, tolerance: 10, ignore: [0, 0] })).toBeNull()
  })
  it('throws on a negative tolerance', () => {
    expect(() => snapPosition([0, 0], [square], { project, tolerance: -1 })).toThrow(/tolerance/)
  })
})

describe('splitPolygon and mergePolygons errors', () => {
  const square: Polygon = { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]] }
  it('refuses a line running along the boundary', () => {
    expect(() => splitPolygon(square, { type: 'LineString', coordinates: [[-1, 0], [2, 0]] })).toThrow(EditError)
  })
  it('refuses a line crossing four times', () => {
    const zigzag: LineString = { type: 'LineString', coordinates: [[0.2, -1], [0.4, 2], [0.6, -1]] }
    expect(() => splitPolygon(square, zigzag)).toThrow(expect.objectContaining({ code: 'crossings' }))
  })
  it('refuses to merge grids touching along two stretches (a hole between them)', () => {
    const u: Polygon = { type: 'Polygon', coordinates: [[[0, 0], [3, 0], [3, 3], [2, 3], [2, 1], [1, 1], [1, 3], [0, 3], [0, 0]]] }
    const lid: Polygon = { type: 'Polygon', coordinates: [[[0, 3], [1, 3], [1.5, 3], [2, 3], [3, 3], [3, 4], [0, 4], [0, 3]]] }
    expect(() => mergePolygons(u, lid)).toThrow(expect.objectContaining({ code: 'multiple_contacts' }))
  })
})

/** nx × ny cells tiling a rectangle, inner lattice points jittered; cells share vertices exactly. */
function lattice(nx: number, ny: number, jitter: number[][]): { parent: Feature<Polygon>; cells: Cell[]; size: number } {
  const size = 0.001, x0 = 102.5, y0 = 24.3
  const pt = (i: number, j: number): Position => {
    const inner = i > 0 && i < nx && j > 0 && j < ny
    const [jx, jy] = inner ? jitter[(j * (nx + 1) + i) % jitter.length] : [0, 0]
    return [x0 + (i + jx) * size, y0 + (j + jy) * size]
  }
  const cells: Cell[] = []
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const ring = [pt(i, j), pt(i + 1, j), pt(i + 1, j + 1), pt(i, j + 1)]
      cells.push({ type: 'Feature', id: j * nx + i + 1, properties: {}, geometry: { type: 'Polygon', coordinates: [[...ring, ring[0]]] } })
    }
  }
  const outer = [pt(0, 0), pt(nx, 0), pt(nx, ny), pt(0, ny)]
  return { parent: { type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [[...outer, outer[0]]] } }, cells, size }
}

const jitterArb = fc.array(fc.tuple(fc.double({ min: -0.15, max: 0.15, noNaN: true }), fc.double({ min: -0.15, max: 0.15, noNaN: true })), { minLength: 16, maxLength: 16 })

describe('property: a topological vertex move keeps the siblings tiling their parent', () => {
  it('union = parent, no overlap, every cell valid', () => {
    fc.assert(fc.property(
      fc.integer({ min: 2, max: 4 }), fc.integer({ min: 2, max: 4 }), jitterArb,
      fc.nat(), fc.double({ min: -0.3, max: 0.3, noNaN: true }), fc.double({ min: -0.3, max: 0.3, noNaN: true }),
      (nx, ny, jitter, pick, dx, dy) => {
        const { parent, cells, size } = lattice(nx, ny, jitter)
        const inner = [...sharedVertexIndex(cells).values()].filter((v) => v.ids.length === 4)
        const vertex = inner[pick % inner.length]
        const holder = cells.find((c) => c.id === vertex.ids[0])!
        const to: Position = [vertex.position[0] + dx * size, vertex.position[1] + dy * size]
        const ring = openRing(holder.geometry.coordinates[0]).map((p) => (positionKey(p) === positionKey(vertex.position) ? to : p))
        const { features } = applyTopologicalEdit(cells, holder.id, { type: 'Polygon', coordinates: [[...ring, ring[0]]] })
        const report = tilingReport(parent, features)
        expect(report.gapArea).toBeLessThan(0.01)
        expect(report.outsideArea).toBeLessThan(0.01)
        expect(report.overlapPairs).toEqual([])
        expect(report.unionArea).toBeCloseTo(report.parentArea, 0)
        for (const f of features) expect(validateGeometry(f.geometry).ok).toBe(true)
        // every holder moved, none kept the old position
        if (positionKey(to) !== positionKey(vertex.position)) expect(sharedVertexIndex(features).has(positionKey(vertex.position))).toBe(false)
      },
    ), { numRuns: 40 })
  })
})

describe('property: split then merge gives back the original polygon', () => {
  it('areas add up and the merged ring equals the original', () => {
    fc.assert(fc.property(
      jitterArb, fc.nat(3), fc.integer({ min: 1, max: 3 }), fc.double({ min: 0.1, max: 0.9, noNaN: true }), fc.double({ min: 0.1, max: 0.9, noNaN: true }),
      (jitter, e1, step, t1, t2) => {
        const { cells } = lattice(3, 3, jitter)
        const cell = cells[4].geometry // the middle cell: all four corners jittered
        const ring = openRing(cell.coordinates[0])
        const e2 = (e1 + step) % 4
        const on = (e: number, t: number): Position => {
          const [a, b] = [ring[e], ring[(e + 1) % 4]]
          return [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])]
        }
        const [p, q] = [on(e1, t1), on(e2, t2)]
        // extend the chord beyond both crossings so the line starts and ends outside
        const far = (from: Position, to: Position): Position => [to[0] + (to[0] - from[0]) * 0.5, to[1] + (to[1] - from[1]) * 0.5]
        const line: LineString = { type: 'LineString', coordinates: [far(q, p), far(p, q)] }
        const { parts } = splitPolygon(cell, line)
        expect(Math.abs(geometryArea(parts[0]) + geometryArea(parts[1]) - geometryArea(cell))).toBeLessThan(geometryArea(cell) * 1e-6)
        const merged = mergePolygons(parts[0], parts[1]).polygon
        expect(normalize(merged.coordinates[0])).toEqual(normalize(cell.coordinates[0]))
      },
    ), { numRuns: 60 })
  })
})

describe('dropCollinearVertex', () => {
  const a: Cell = { type: 'Feature', id: 1, properties: {}, geometry: { type: 'Polygon', coordinates: [[[0, 0], [0.001, 0], [0.001, 0.0005], [0.001, 0.001], [0, 0.001], [0, 0]]] } }
  const b: Cell = { type: 'Feature', id: 2, properties: {}, geometry: { type: 'Polygon', coordinates: [[[0.001, 0], [0.002, 0], [0.002, 0.0005], [0.001, 0.0005], [0.001, 0]]] } }
  const c: Cell = { type: 'Feature', id: 3, properties: {}, geometry: { type: 'Polygon', coordinates: [[[0.001, 0.0005], [0.002, 0.0005], [0.002, 0.001], [0.001, 0.001], [0.001, 0.0005]]] } }
  it('keeps a vertex that is a corner for some holder', () => {
    const out = dropCollinearVertex([a, b, c], [0.001, 0.0005])
    expect(out).toEqual([a, b, c])
  })
  it('drops a vertex straight in every holder', () => {
    const merged = mergePolygons(b.geometry, c.geometry, { dropCollinear: false }).polygon
    const out = dropCollinearVertex([a, { ...b, geometry: merged }], [0.001, 0.0005])
    expect(openRing(out[0].geometry.coordinates[0])).toHaveLength(4)
    expect(openRing(out[1].geometry.coordinates[0])).toHaveLength(5) // the other junction, [0.002, 0.0005], is a straight point too but not asked for
  })
})

describe('property: moving a whole shared edge keeps the siblings tiling their parent', () => {
  it('both ends move in every holder; union = parent, no overlap, every cell valid', () => {
    fc.assert(fc.property(
      jitterArb, fc.nat(), fc.double({ min: -0.2, max: 0.2, noNaN: true }), fc.double({ min: -0.2, max: 0.2, noNaN: true }),
      (jitter, pick, dx, dy) => {
        const { parent, cells, size } = lattice(4, 3, jitter)
        // an edge between two cells whose ends are both inner lattice points (held by four cells each)
        const inner = new Set([...sharedVertexIndex(cells).values()].filter((v) => v.ids.length === 4).map((v) => positionKey(v.position)))
        const edges = sharedEdges(cells).filter((e) => inner.has(positionKey(e.a)) && inner.has(positionKey(e.b)))
        expect(edges.length).toBeGreaterThan(0)
        const e = edges[pick % edges.length]
        const { features, to } = moveSharedEdge(cells, e.a, e.b, [dx * size, dy * size])
        const report = tilingReport(parent, features)
        expect(report.gapArea).toBeLessThan(0.01)
        expect(report.outsideArea).toBeLessThan(0.01)
        expect(report.overlapPairs).toEqual([])
        for (const f of features) expect(validateGeometry(f.geometry).ok).toBe(true)
        // the moved edge is still shared by the same two cells
        const moved = sharedEdges(features).find((x) => [x.a, x.b].map(positionKey).sort().join() === to.map(positionKey).sort().join())
        expect(moved?.ids).toEqual(e.ids)
      },
    ), { numRuns: 40 })
  })

  it('refuses an edge no polygon holds; pickEdge finds the edge under the pointer, not a vertex', () => {
    const { cells } = lattice(2, 1, [[0, 0]])
    expect(() => moveSharedEdge(cells, [0, 0], [1, 1], [0.1, 0])).toThrow(RangeError)
    const project = (p: Position): [number, number] => [(p[0] - 102.5) * 1e5, (p[1] - 24.3) * 1e5]
    // the shared edge x = 102.501 between the two cells, pointer at its middle, 3 px off
    const hit = pickEdge([102.50103, 24.3005], cells, { project, tolerance: 8 })
    const [, b0, b1] = cells[0].geometry.coordinates[0] // cell 1: its right edge is the shared one
    expect(hit && [[hit.a, hit.b].map(positionKey).sort(), hit.ids]).toEqual([[b0, b1].map(positionKey).sort(), [1, 2]])
    expect(pickEdge([102.501, 24.30001], cells, { project, tolerance: 8 })).toBeNull() // on the vertex end
  })
})

