// The dry run: an uploaded file read, converted and repaired (geo/formats), its features matched
// to the target's existing grids (by code, then by name), and what would change listed — new,
// changed, unchanged and (mode replace) removed grids — with a preview FeatureCollection.

import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson'
import type { Kysely } from 'kysely'
import { CrsError, crsName, detectCrs, parseCrsName, toWgs84, type Crs, type CrsDetection } from '../../geo/crs/index.ts'
import { FormatError, type BoundaryFormat, type ReadResult } from '../../geo/formats/model.ts'
import { prepareBoundaries, type Refusal, type Repair } from '../../geo/formats/prepare.ts'
import { geometryArea } from '../../geo/measure.ts'
import type { Database } from '../db/database.ts'
import { ApiError } from '../errors.ts'
import { readUpload } from './read.ts'

export interface AttributeMapping {
  name?: string
  code?: string
  level?: string
  parent?: string
}

export interface ImportOptions {
  fileName: string
  format?: BoundaryFormat
  /** 'auto' or a name parseCrsName accepts */
  crs: string
  mapping: AttributeMapping
  level: number
  parentId: number | null
  /** merge: grids of the target missing from the file stay; replace: they are removed */
  mode: 'merge' | 'replace'
}

export type ChangeStatus = 'new' | 'changed' | 'unchanged' | 'removed'

export interface PlannedGrid {
  /** feature index in the file; null for a removed grid */
  feature: number | null
  id: number | null
  status: ChangeStatus
  name: string
  code: string | null
  areaM2: number
  previousAreaM2: number | null
  geometry: Polygon | MultiPolygon
}

export interface DryRun {
  fileName: string
  format: BoundaryFormat
  notes: string[]
  crs: { used: string; detected: string | null; reason: CrsDetection['reason']; evidence: string; overridden: boolean }
  attributes: string[]
  mapping: Required<Pick<AttributeMapping, 'name'>> & AttributeMapping
  target: { level: number; parentId: number | null; parentName: string | null; mode: 'merge' | 'replace' }
  counts: { features: number; accepted: number; refused: number; new: number; changed: number; unchanged: number; removed: number; repairs: number }
  grids: PlannedGrid[]
  repairs: Repair[]
  refusals: (Refusal & { name: string | null })[]
  preview: FeatureCollection
}

const NAME_KEYS = ['name', 'NAME', 'Name', '名称', 'MC', 'mc', 'NAME_CHN', 'name_zh']
const CODE_KEYS = ['code', 'CODE', 'Code', 'adcode', 'ADCODE', '编码', 'DM', 'dm']

export function guessMapping(attributes: string[], given: AttributeMapping): DryRun['mapping'] {
  const pick = (keys: string[]) => keys.find((k) => attributes.includes(k))
  return {
    name: given.name || pick(NAME_KEYS) || '',
    code: given.code || pick(CODE_KEYS),
    level: given.level || undefined,
    parent: given.parent || undefined,
  }
}

/** Reads, converts, repairs and plans; throws a 4xx ApiError when the file as a whole cannot be used. */
export async function dryRun(db: Kysely<Database>, bytes: Uint8Array, opts: ImportOptions): Promise<DryRun> {
  let read: ReadResult
  try {
    read = readUpload(bytes, opts.fileName, opts.format)
  } catch (e) {
    if (e instanceof FormatError) throw new ApiError(e.code === 'unknown_format' ? 415 : 400, e.code, e.message, e.details)
    throw e
  }
  const parent = opts.parentId === null ? null : await db.selectFrom('grids').select(['id', 'name', 'level', 'code']).where('id', '=', opts.parentId).executeTakeFirst()
  if (opts.parentId !== null && !parent) throw new ApiError(422, 'unknown_parent', `Parent grid ${opts.parentId} does not exist`, { parentId: opts.parentId })
  if (opts.level === 0 ? opts.parentId !== null : !parent || parent.level !== opts.level - 1) {
    throw new ApiError(422, 'bad_target', `Level ${opts.level} grids ${opts.level === 0 ? 'have no parent' : `need a parent of level ${opts.level - 1}`}${parent ? `; grid ${parent.id} is level ${parent.level}` : ''}`, { level: opts.level, parentId: opts.parentId })
  }
  const detection = detectWith(read, opts)
  const crs = detection.used
  if (!crs) {
    throw new ApiError(422, 'crs_unknown', `The coordinates are projected (metres) and nothing in the file names the system: ${detection.detection.evidence}. Choose it (crs=EPSG:…)`, { detection: detection.detection })
  }
  const prepared = prepareBoundaries(read.features, toWgs84(crs))
  if (prepared.features.length === 0) throw noBoundaries(read, prepared.refusals)

  const attributes = [...new Set(read.features.flatMap((f) => Object.keys(f.properties)))].filter((k) => k !== '__deleted')
  const mapping = guessMapping(attributes, opts.mapping)
  const text = (v: unknown) => (v === undefined || v === null || v === '' ? null : String(v))
  const nameOf = (p: Record<string, unknown>, index: number) => text(mapping.name ? p[mapping.name] : null) ?? `#${index + 1}`
  const refusals: DryRun['refusals'] = prepared.refusals.map((r) => ({ ...r, name: text(mapping.name ? read.features[r.feature]?.properties[mapping.name] : null) }))

  const siblings = await db
    .selectFrom('grids')
    .select(['id', 'name', 'code', 'area_m2', 'geom'])
    .where('level', '=', opts.level)
    .$call((q) => (opts.parentId === null ? q.where('parent_id', 'is', null) : q.where('parent_id', '=', opts.parentId)))
    .orderBy('id')
    .execute()
  const byCode = new Map(siblings.map((s) => [s.code, s]))
  const byName = new Map(siblings.map((s) => [s.name, s]))
  const matched = new Set<number>()
  const grids: PlannedGrid[] = []
  for (const f of prepared.features) {
    const p = f.properties
    const name = nameOf(p, f.index)
    const code = text(mapping.code ? p[mapping.code] : null)
    const refuse = (code: string, message: string, messageZh: string) => refusals.push({ feature: f.index, code: code as Refusal['code'], message, messageZh, name })
    if (mapping.level && p[mapping.level] !== undefined && Number(p[mapping.level]) !== opts.level) {
      refuse('invalid_geometry', `Feature ${f.index} (${name}): its ${mapping.level} is ${String(p[mapping.level])}, not the target level ${opts.level}`, `要素 ${f.index}（${name}）：层级为 ${String(p[mapping.level])}，不是目标层级 ${opts.level}`)
      continue
    }
    if (mapping.parent && parent && p[mapping.parent] !== undefined && ![String(parent.id), parent.code, parent.name].includes(String(p[mapping.parent]))) {
      refuse('invalid_geometry', `Feature ${f.index} (${name}): its ${mapping.parent} is ${String(p[mapping.parent])}, not the target parent ${parent.name}`, `要素 ${f.index}（${name}）：上级为 ${String(p[mapping.parent])}，不是目标上级 ${parent.name}`)
      continue
    }
    const existing = (code && byCode.get(code)) || byName.get(name)
    const areaM2 = geometryArea(f.geometry)
    if (existing && !matched.has(existing.id)) {
      matched.add(existing.id)
      const same = sameGeometry(existing.geom, f.geometry) && existing.name === name
      grids.push({ feature: f.index, id: existing.id, status: same ? 'unchanged' : 'changed', name, code: code ?? existing.code, areaM2, previousAreaM2: existing.area_m2, geometry: f.geometry })
    } else {
      grids.push({ feature: f.index, id: null, status: 'new', name, code, areaM2, previousAreaM2: null, geometry: f.geometry })
    }
  }
  if (opts.mode === 'replace') {
    for (const s of siblings) {
      if (!matched.has(s.id)) grids.push({ feature: null, id: s.id, status: 'removed', name: s.name, code: s.code, areaM2: 0, previousAreaM2: s.area_m2, geometry: s.geom })
    }
  }
  const count = (s: ChangeStatus) => grids.filter((g) => g.status === s).length
  return {
    fileName: opts.fileName,
    format: read.format,
    notes: read.notes,
    crs: { used: crsName(crs), detected: detection.detection.crs ? crsName(detection.detection.crs) : null, reason: detection.detection.reason, evidence: detection.detection.evidence, overridden: detection.overridden },
    attributes,
    mapping,
    target: { level: opts.level, parentId: opts.parentId, parentName: parent?.name ?? null, mode: opts.mode },
    counts: {
      features: read.features.length,
      accepted: grids.filter((g) => g.feature !== null).length,
      refused: new Set(refusals.map((r) => r.feature)).size,
      new: count('new'), changed: count('changed'), unchanged: count('unchanged'), removed: count('removed'),
      repairs: prepared.repairs.length,
    },
    grids,
    repairs: prepared.repairs,
    refusals,
    preview: {
      type: 'FeatureCollection',
      features: grids.map((g): Feature => ({ type: 'Feature', geometry: g.geometry, properties: { status: g.status, name: g.name, code: g.code, id: g.id, feature: g.feature } })),
    },
  }
}

function detectWith(read: ReadResult, opts: ImportOptions): { used: Crs | null; detection: CrsDetection; overridden: boolean } {
  let detection: CrsDetection
  try {
    detection = detectCrs({ bbox: bboxOf(read), crsMember: read.crsMember, prj: read.prj, fileName: opts.fileName, firstProperties: read.features[0]?.properties, format: read.format })
  } catch (e) {
    if (!(e instanceof CrsError)) throw e
    if (opts.crs === 'auto') throw new ApiError(422, e.code, e.message, e.details)
    detection = { crs: null, reason: 'default', evidence: e.message }
  }
  if (opts.crs === 'auto') return { used: detection.crs, detection, overridden: false }
  try {
    return { used: parseCrsName(opts.crs), detection, overridden: true }
  } catch (e) {
    if (e instanceof CrsError) throw new ApiError(400, e.code, e.message, e.details)
    throw e
  }
}

function bboxOf(read: ReadResult): [number, number, number, number] | null {
  const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity]
  const visit = (c: unknown): void => {
    if (!Array.isArray(c)) return
    if (typeof c[0] === 'number') {
      box[0] = Math.min(box[0], c[0]); box[1] = Math.min(box[1], c[1] as number)
      box[2] = Math.max(box[2], c[0]); box[3] = Math.max(box[3], c[1] as number)
      return
    }
    for (const x of c) visit(x)
  }
  for (const f of read.features) {
    const g = f.geometry
    if (!g) continue
    if (g.type === 'GeometryCollection') g.geometries.forEach((m) => 'coordinates' in m && visit(m.coordinates))
    else visit(g.coordinates)
  }
  return Number.isFinite(box[0]) ? box : null
}

/** Same shape to ~1 cm (1e-7°): a re-import of an export is 'unchanged'. */
function sameGeometry(a: Polygon | MultiPolygon, b: Polygon | MultiPolygon): boolean {
  const flat = (g: Polygon | MultiPolygon) => (g.type === 'Polygon' ? [g.coordinates] : g.coordinates).flat(2)
  const fa = flat(a)
  const fb = flat(b)
  return fa.length === fb.length && fa.every((p, i) => Math.abs(p[0] - fb[i][0]) < 1e-7 && Math.abs(p[1] - fb[i][1]) < 1e-7)
}

/** 422 when no feature of the file can be a boundary: what the file holds instead, and the first reasons. */
function noBoundaries(read: ReadResult, refusals: Refusal[]): ApiError {
  const types: Record<string, number> = {}
  for (const f of read.features) types[f.geometry?.type ?? 'null'] = (types[f.geometry?.type ?? 'null'] ?? 0) + 1
  const held = Object.entries(types).map(([t, n]) => `${n} ${t}`).join(', ') || 'no features'
  const codes: Record<string, number> = {}
  for (const r of refusals) codes[r.code] = (codes[r.code] ?? 0) + 1
  const first = refusals[0]?.message
  return new ApiError(422, 'no_boundaries', `No feature of the file can be imported as a grid boundary: it holds ${held}${first ? `; e.g. ${first}` : ''}`, {
    geometryTypes: types,
    refusals: codes,
    examples: refusals.slice(0, 20),
  })
}
