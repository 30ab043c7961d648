// From features as read to WGS84 boundaries fit to store: positions converted, 3-D dropped, rings
// closed, consecutive repeats removed, exteriors counter-clockwise and holes clockwise (RFC 7946),
// and self-intersections repaired ONLY when the repair cannot change the region. Everything done
// is listed as a Repair; a feature that cannot be taken is a Refusal naming the ring and the place.
//
// The rule for self-intersections: the file's region is unambiguous when its rings bound it the
// same way however they are read — when every self-intersection has zero area (a ring touching
// itself at a vertex, a spike or doubled edge running back over itself, two parts sharing a
// stretch of boundary). Then the union of the parts IS the region, and its area equals the sum of
// the rings' signed areas. A bow-tie (the lobes wind opposite ways: is it two triangles or a
// quadrilateral with two vertices swapped?), parts that overlap, or a hole crossing its shell
// change area depending on the reading, so they are refused with the crossing's location.

import type { Geometry, MultiPolygon, Polygon, Position } from 'geojson'
import { union } from '@turf/turf'
import { planarRingArea, ringArea } from '../measure.ts'
import { validateGeometry, type GeometryError } from '../validate.ts'
import type { LonLat } from '../crs/index.ts'
import type { ReadFeature } from './model.ts'

type Pt = [number, number]

export type RepairKind = 'dropped_z' | 'closed_ring' | 'duplicate_points' | 'reoriented' | 'zero_area_self_intersection' | 'geometry_collection'

export interface Repair {
  feature: number
  kind: RepairKind
  /** rings or positions affected */
  count: number
  /** where (the first place), [lon, lat] WGS84 */
  location?: [number, number]
  message: string
  messageZh: string
}

export type RefusalCode = 'no_geometry' | 'not_a_polygon' | 'invalid_position' | 'out_of_range' | 'ring_too_short' | 'self_intersection' | 'invalid_geometry'

export interface Refusal {
  feature: number
  code: RefusalCode
  /** e.g. 'coordinates[0][0]' (the ring) or 'coordinates[0][0][36]' (the position) */
  path?: string
  location?: [number, number]
  message: string
  messageZh: string
}

export interface PreparedFeature {
  index: number
  properties: Record<string, unknown>
  geometry: Polygon | MultiPolygon
}

export interface Prepared {
  features: PreparedFeature[]
  repairs: Repair[]
  refusals: Refusal[]
}

/** Relative difference of areas below which a union is taken as the same region (float noise). */
const SAME_AREA = 1e-7

export function prepareBoundaries(features: ReadFeature[], convert: (x: number, y: number) => LonLat): Prepared {
  const out: Prepared = { features: [], repairs: [], refusals: [] }
  for (const f of features) {
    const repairs: Repair[] = []
    const refusals: Refusal[] = []
    const geometry = prepareOne(f, convert, repairs, refusals)
    if (geometry && refusals.length === 0) {
      out.features.push({ index: f.index, properties: f.properties, geometry })
      out.repairs.push(...repairs)
    } else {
      out.refusals.push(...refusals)
    }
  }
  return out
}

function prepareOne(f: ReadFeature, convert: (x: number, y: number) => LonLat, repairs: Repair[], refusals: Refusal[]): Polygon | MultiPolygon | null {
  const refuse = (code: RefusalCode, message: string, messageZh: string, path?: string, location?: [number, number]) => {
    refusals.push({ feature: f.index, code, message, messageZh, path, location })
    return null
  }
  const g = f.geometry
  if (f.problem) return refuse('invalid_geometry', `Feature ${f.index}: ${f.problem.message}`, `要素 ${f.index}：${f.problem.messageZh}`)
  if (!g) return refuse('no_geometry', `Feature ${f.index} has no geometry`, `要素 ${f.index} 没有几何`)
  const parts = polygonParts(g, f.index, repairs)
  if (!parts) {
    const closed = g.type === 'LineString' && isClosed(g.coordinates) ? ' (a closed LineString is not taken as a boundary: it may be a road loop)' : ''
    return refuse('not_a_polygon', `Feature ${f.index} is a ${g.type}, not a Polygon or MultiPolygon${closed}`, `要素 ${f.index} 是 ${g.type}，不是面（Polygon/MultiPolygon）`)
  }
  let z = 0
  let dups = 0
  let closed = 0
  let reoriented = 0
  const polygons: Pt[][][] = []
  for (let p = 0; p < parts.length; p++) {
    const rings: Pt[][] = []
    for (let r = 0; r < parts[p].length; r++) {
      const path = g.type === 'Polygon' ? `coordinates[${r}]` : `coordinates[${p}][${r}]`
      const ring: Pt[] = []
      for (const [i, pos] of parts[p][r].entries()) {
        if (!Array.isArray(pos) || pos.length < 2 || !Number.isFinite(pos[0]) || !Number.isFinite(pos[1])) {
          return refuse('invalid_position', `Feature ${f.index}: position ${path}[${i}] is not [x, y] numbers: ${JSON.stringify(pos)}`, `要素 ${f.index}：坐标 ${path}[${i}] 不是数字对`, `${path}[${i}]`)
        }
        if (pos.length > 2) z++
        const [lon, lat] = convert(pos[0], pos[1])
        if (!(Math.abs(lon) <= 180 && Math.abs(lat) <= 90)) {
          return refuse('out_of_range', `Feature ${f.index}: position ${path}[${i}] ${JSON.stringify(pos.slice(0, 2))} is not lon/lat once converted (${lon.toFixed(3)}, ${lat.toFixed(3)}): the file is in a projected system; choose it (EPSG:…)`,
            `要素 ${f.index}：坐标 ${path}[${i}] 换算后不是经纬度，文件是投影坐标，请指定坐标系（EPSG:…）`, `${path}[${i}]`)
        }
        const prev = ring[ring.length - 1]
        if (prev && prev[0] === lon && prev[1] === lat) dups++
        else ring.push([lon, lat])
      }
      if (ring.length > 1 && (ring[0][0] !== ring[ring.length - 1][0] || ring[0][1] !== ring[ring.length - 1][1])) {
        ring.push([ring[0][0], ring[0][1]])
        closed++
      }
      if (ring.length < 4) {
        return refuse('ring_too_short', `Feature ${f.index}: ring ${path} has ${ring.length - 1} distinct positions; a ring needs at least 3`, `要素 ${f.index}：环 ${path} 只有 ${Math.max(0, ring.length - 1)} 个不同顶点，至少需要 3 个`, path, ring[0])
      }
      const ccw = planarRingArea(ring) > 0
      if (ccw !== (r === 0)) {
        ring.reverse()
        reoriented++
      }
      rings.push(ring)
    }
    polygons.push(rings)
  }
  const at = polygons[0][0][0]
  if (z > 0) repairs.push({ feature: f.index, kind: 'dropped_z', count: z, location: at, message: `Feature ${f.index}: third coordinate (z) dropped from ${z} positions`, messageZh: `要素 ${f.index}：去掉 ${z} 个坐标的第三维（高程）` })
  if (dups > 0) repairs.push({ feature: f.index, kind: 'duplicate_points', count: dups, location: at, message: `Feature ${f.index}: ${dups} repeated consecutive positions removed`, messageZh: `要素 ${f.index}：删除 ${dups} 个连续重复点` })
  if (closed > 0) repairs.push({ feature: f.index, kind: 'closed_ring', count: closed, location: at, message: `Feature ${f.index}: ${closed} ring(s) were not closed; the first position was repeated at the end`, messageZh: `要素 ${f.index}：${closed} 个环未闭合，已在末尾补上起点` })
  if (reoriented > 0) repairs.push({ feature: f.index, kind: 'reoriented', count: reoriented, location: at, message: `Feature ${f.index}: ${reoriented} ring(s) reversed to RFC 7946 winding (exterior counter-clockwise, holes clockwise)`, messageZh: `要素 ${f.index}：${reoriented} 个环的方向已调整（外环逆时针、内环顺时针）` })

  const candidate: Polygon | MultiPolygon = polygons.length === 1 ? { type: 'Polygon', coordinates: polygons[0] } : { type: 'MultiPolygon', coordinates: polygons }
  const checked = validateGeometry(candidate)
  if (checked.ok) return checked.geometry as Polygon | MultiPolygon
  return repairZeroArea(f.index, candidate, polygons, checked.errors, repairs, refusals)
}

function repairZeroArea(index: number, candidate: Polygon | MultiPolygon, polygons: Pt[][][], errors: GeometryError[], repairs: Repair[], refusals: Refusal[]): Polygon | MultiPolygon | null {
  const refuseAll = (why: string, whyZh: string) => {
    for (const e of errors) {
      refusals.push({ feature: index, code: e.code === 'self_intersection' ? 'self_intersection' : 'invalid_geometry', path: ringOf(e.path), location: e.location,
        message: `Feature ${index}: ${e.message}${why}`, messageZh: `要素 ${index}：${e.messageZh}${whyZh}` })
    }
    return null
  }
  const signed = polygons.reduce((s, rings) => s + rings.reduce((t, ring) => t + ringArea(ring), 0), 0)
  let merged: Polygon | MultiPolygon | null = null
  try {
    const parts = polygons.map((rings) => ({ type: 'Feature' as const, properties: {}, geometry: { type: 'Polygon' as const, coordinates: rings } }))
    const u = parts.length === 1
      ? union({ type: 'FeatureCollection', features: [parts[0], parts[0]] })
      : union({ type: 'FeatureCollection', features: parts })
    merged = (u?.geometry ?? null) as Polygon | MultiPolygon | null
  } catch {
    merged = null
  }
  const mergedArea = merged ? geometrySignedArea(merged) : NaN
  if (!merged || !(Math.abs(mergedArea - signed) <= SAME_AREA * Math.abs(signed))) {
    const diff = merged ? ` (their union covers ${Math.round(mergedArea)} m², the rings' signed areas sum to ${Math.round(signed)} m²)` : ''
    return refuseAll(
      ` — not repaired: the rings overlap or wind against each other, so the intended region is ambiguous${diff}`,
      `——未修复：环相互重叠或方向相反，无法确定原意的范围${merged ? `（合并后 ${Math.round(mergedArea)} 平方米，各环有向面积之和 ${Math.round(signed)} 平方米）` : ''}`)
  }
  const again = validateGeometry(merged)
  if (!again.ok) return refuseAll(' — not repaired: the union of the parts is still invalid', '——未修复：合并后仍不合法')
  const where = errors.find((e) => e.location)?.location
  const kinds = [...new Set(errors.map((e) => e.message.replace(/ at \[.*$/, '').replace(/coordinates\[[\d\]\[]+/g, '…')))].slice(0, 3).join('; ')
  repairs.push({ feature: index, kind: 'zero_area_self_intersection', count: errors.length, location: where,
    message: `Feature ${index}: ${errors.length} zero-area self-intersection(s) (${kinds}) repaired by taking the union of the rings; area unchanged`,
    messageZh: `要素 ${index}：${errors.length} 处零面积自相交（自接触、尖刺或共边）已通过合并修复，面积不变` })
  void candidate
  return again.geometry as Polygon | MultiPolygon
}

/** 'coordinates[0][0][36]' → 'coordinates[0][0]': the ring holding a position. */
function ringOf(path: string): string {
  return path.replace(/(coordinates(?:\[\d+\]){1,2})\[\d+\]$/, '$1')
}

function geometrySignedArea(g: Polygon | MultiPolygon): number {
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates
  let s = 0
  for (const rings of polys) rings.forEach((ring, i) => { s += i === 0 ? Math.abs(ringArea(ring)) : -Math.abs(ringArea(ring)) })
  return s
}

/** The polygons of a Polygon, MultiPolygon, or a GeometryCollection made only of them; null otherwise. */
function polygonParts(g: Geometry, index: number, repairs: Repair[]): Position[][][] | null {
  if (g.type === 'Polygon') return Array.isArray(g.coordinates) ? [g.coordinates] : null
  if (g.type === 'MultiPolygon') return Array.isArray(g.coordinates) ? g.coordinates : null
  if (g.type === 'GeometryCollection' && g.geometries.length > 0 && g.geometries.every((m) => m.type === 'Polygon' || m.type === 'MultiPolygon')) {
    repairs.push({ feature: index, kind: 'geometry_collection', count: g.geometries.length, message: `Feature ${index}: a GeometryCollection of ${g.geometries.length} polygons read as one MultiPolygon`, messageZh: `要素 ${index}：由 ${g.geometries.length} 个面组成的几何集合按多面读取` })
    return g.geometries.flatMap((m) => (m.type === 'Polygon' ? [m.coordinates] : (m as MultiPolygon).coordinates))
  }
  return null
}

function isClosed(coords: Position[]): boolean {
  const a = coords[0]
  const b = coords[coords.length - 1]
  return coords.length > 3 && a[0] === b[0] && a[1] === b[1]
}
