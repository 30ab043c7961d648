// OSM XML (0.6): areas tagged boundary=* or landuse=* — closed ways, and multipolygon/boundary
// relations whose member ways are joined end to end into rings (outer and inner roles). A
// relation whose member ways are missing from the file (a clipped extract) or do not close is
// returned without geometry and a problem naming the way or the open end. OSM is WGS84.

import type { Position } from 'geojson'
import { XMLParser } from 'fast-xml-parser'
import { FormatError, type ReadFeature, type ReadResult } from './model.ts'
import { groupRings } from './rings.ts'

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  isArray: (name) => ['node', 'way', 'relation', 'nd', 'tag', 'member'].includes(name),
})

type Attrs = Record<string, string>
interface OsmElement extends Attrs {}
interface OsmWay { id: string; nd?: Attrs[]; tag?: Attrs[] }
interface OsmRelation { id: string; member?: Attrs[]; tag?: Attrs[] }

/** Tags that make a closed way or relation an area for boundary import. */
export function isBoundaryArea(tags: Record<string, string>): boolean {
  return tags.boundary !== undefined || tags.landuse !== undefined
}

export function readOsm(text: string): ReadResult {
  let doc: { osm?: { node?: OsmElement[]; way?: OsmWay[]; relation?: OsmRelation[] } }
  try {
    doc = parser.parse(text, true)
  } catch (e) {
    throw new FormatError('malformed_xml', `The OSM file is not well-formed XML: ${(e as Error).message}`)
  }
  if (!doc.osm) throw new FormatError('not_osm', 'The XML has no <osm> root element')
  const nodes = new Map<string, Position>()
  for (const n of doc.osm.node ?? []) nodes.set(n.id, [Number(n.lon), Number(n.lat)])
  const ways = new Map<string, OsmWay>()
  for (const w of doc.osm.way ?? []) ways.set(w.id, w)
  const features: ReadFeature[] = []
  const push = (f: Omit<ReadFeature, 'index'>) => features.push({ index: features.length, ...f })

  for (const w of ways.values()) {
    const tags = tagsOf(w.tag)
    if (!isBoundaryArea(tags)) continue
    const refs = (w.nd ?? []).map((n) => n.ref)
    if (refs.length < 4 || refs[0] !== refs[refs.length - 1]) continue // an open way is a line, not an area
    const ring = wayPositions(w, nodes)
    const properties = { osm_type: 'way', osm_id: Number(w.id), ...tags }
    if (typeof ring === 'string') push({ properties, geometry: null, problem: missingNode(`way ${w.id}`, ring) })
    else push({ properties, geometry: { type: 'Polygon', coordinates: groupRings([ring], () => true)[0] } })
  }
  for (const r of doc.osm.relation ?? []) {
    const tags = tagsOf(r.tag)
    if ((tags.type !== 'multipolygon' && tags.type !== 'boundary') || !isBoundaryArea(tags)) continue
    const properties = { osm_type: 'relation', osm_id: Number(r.id), ...tags }
    const built = relationRings(r, ways, nodes)
    if ('problem' in built) push({ properties, geometry: null, problem: built.problem })
    else {
      const polys = groupRings([...built.outer, ...built.inner], (_, i) => i < built.outer.length)
      push({ properties, geometry: polys.length === 1 ? { type: 'Polygon', coordinates: polys[0] } : { type: 'MultiPolygon', coordinates: polys } })
    }
  }
  return { format: 'osm', features, notes: [`OSM XML: ${nodes.size} nodes, ${ways.size} ways, ${doc.osm.relation?.length ?? 0} relations; ${features.length} boundary/landuse areas`] }
}

function tagsOf(tags: Attrs[] | undefined): Record<string, string> {
  const out: Record<string, string> = {}
  for (const t of tags ?? []) out[t.k] = t.v
  return out
}

/** The way's positions, or the id of the first node missing from the file. */
function wayPositions(w: OsmWay, nodes: Map<string, Position>): Position[] | string {
  const out: Position[] = []
  for (const nd of w.nd ?? []) {
    const p = nodes.get(nd.ref)
    if (!p) return nd.ref
    out.push(p)
  }
  return out
}

function missingNode(what: string, ref: string) {
  return { code: 'incomplete_osm', message: `${what} refers to node ${ref}, which is not in the file (a clipped extract)`, messageZh: `${what} 引用的节点 ${ref} 不在文件中（裁剪过的导出）` }
}

type Built = { outer: Position[][]; inner: Position[][] } | { problem: NonNullable<ReadFeature['problem']> }

function relationRings(r: OsmRelation, ways: Map<string, OsmWay>, nodes: Map<string, Position>): Built {
  const byRole: Record<'outer' | 'inner', string[][]> = { outer: [], inner: [] }
  for (const m of r.member ?? []) {
    if (m.type !== 'way') continue
    const role = m.role === 'inner' ? 'inner' : 'outer'
    const w = ways.get(m.ref)
    if (!w) {
      return { problem: { code: 'incomplete_osm', message: `relation ${r.id}: member way ${m.ref} is not in the file (a clipped extract)`, messageZh: `关系 ${r.id}：成员路径 ${m.ref} 不在文件中（裁剪过的导出）` } }
    }
    byRole[role].push((w.nd ?? []).map((n) => n.ref))
  }
  const out: { outer: Position[][]; inner: Position[][] } = { outer: [], inner: [] }
  for (const role of ['outer', 'inner'] as const) {
    const joined = joinWays(byRole[role])
    if (typeof joined === 'string') {
      return { problem: { code: 'open_ring', message: `relation ${r.id}: its ${role} ways do not close into rings (an end at node ${joined} meets no other way)`, messageZh: `关系 ${r.id}：${role === 'outer' ? '外' : '内'}边界路径无法闭合（节点 ${joined} 处断开）` } }
    }
    for (const refs of joined) {
      const ring: Position[] = []
      for (const ref of refs) {
        const p = nodes.get(ref)
        if (!p) return { problem: missingNode(`relation ${r.id}`, ref) }
        ring.push(p)
      }
      out[role].push(ring)
    }
  }
  if (out.outer.length === 0) return { problem: { code: 'no_outer', message: `relation ${r.id} has no outer way`, messageZh: `关系 ${r.id} 没有外边界` } }
  return out
}

/** Joins way node lists end to end into closed rings (ways may run either way); an open end's node id on failure. O(n²) in the ways of one relation, which are few. */
export function joinWays(ways: string[][]): string[][] | string {
  const pending = ways.filter((w) => w.length > 1).map((w) => [...w])
  const rings: string[][] = []
  while (pending.length > 0) {
    let ring = pending.shift()!
    while (ring[0] !== ring[ring.length - 1]) {
      const end = ring[ring.length - 1]
      const i = pending.findIndex((w) => w[0] === end || w[w.length - 1] === end)
      if (i < 0) return end
      const next = pending.splice(i, 1)[0]
      ring = ring.concat((next[0] === end ? next : next.reverse()).slice(1))
    }
    if (ring.length < 4) continue
    rings.push(ring)
  }
  return rings
}
