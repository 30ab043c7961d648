// Storing an uploaded GPS track (GPX, GeoLife PLT or GeoJSON) as a patrols row. The fixes are
// stored as read (sorted by time, untimed ones dropped), not cleaned: cleaning happens when
// compliance is computed, so a change to the cleaning rule applies to old tracks too.

import type { LineString } from 'geojson'
import type { Kysely } from 'kysely'
import { GpsImportError, haversineLonLat, parseGpsTrack, type GpsFormat, type ImportedTrack } from '../../geo/index.ts'
import type { Database } from '../db/database.ts'
import { ApiError } from '../errors.ts'
import { bboxColumns } from '../geojson.ts'
import { locateGrid } from '../issues/locate.ts'

export const MAX_UPLOAD_BYTES = 20_000_000

export interface UploadRequest {
  text: string
  worker: { name: string; phone: string }
  /** the grid patrolled; default the level-2 area holding most of the track */
  grid?: number
  format?: GpsFormat
  fileName?: string
}

const STATUS: Record<string, 400 | 413 | 422> = {
  too_large: 413,
  unknown_format: 400,
  malformed_xml: 400,
  malformed_json: 400,
  malformed_plt: 400,
  bad_time: 400,
}

export function readTrack(text: string, format?: GpsFormat): ImportedTrack {
  try {
    const track = parseGpsTrack(text, { format, maxBytes: MAX_UPLOAD_BYTES })
    if (track.t.length < 2) throw new GpsImportError('too_few_points', `The track has ${track.t.length} timed fix; a patrol needs at least 2`, { fixes: track.t.length })
    return track
  } catch (e) {
    if (e instanceof GpsImportError) throw new ApiError(STATUS[e.code] ?? 422, e.code, e.message, e.details)
    throw e
  }
}

/** The level-2 area (or, failing that, the deepest grid) holding most of up to 25 evenly spaced fixes. */
async function areaOf(db: Kysely<Database>, track: ImportedTrack): Promise<{ id: number; path: number[] } | null> {
  const n = track.t.length
  const votes = new Map<number, { id: number; path: number[]; n: number }>()
  const samples = Math.min(25, n)
  for (let k = 0; k < samples; k++) {
    const i = Math.floor(((k + 0.5) * n) / samples)
    const g = await locateGrid(db, track.lon[i], track.lat[i])
    if (!g) continue
    const path = g.path.slice(0, 3)
    const id = path[path.length - 1]
    const v = votes.get(id) ?? { id, path, n: 0 }
    v.n++
    votes.set(id, v)
  }
  let best: { id: number; path: number[]; n: number } | null = null
  for (const v of votes.values()) if (!best || v.n > best.n || (v.n === best.n && v.id < best.id)) best = v
  return best && { id: best.id, path: best.path }
}

export async function storeUpload(db: Kysely<Database>, req: UploadRequest) {
  const track = readTrack(req.text, req.format)
  let area: { id: number; path: number[] } | null
  if (req.grid !== undefined) {
    const g = await db.selectFrom('grids').select(['id', 'path']).where('id', '=', req.grid).executeTakeFirst()
    if (!g) throw new ApiError(422, 'unknown_grid', `Grid ${req.grid} does not exist`, { grid: req.grid })
    area = g
  } else {
    area = await areaOf(db, track)
  }
  const coordinates = Array.from(track.lon, (lon, i) => [lon, track.lat[i]])
  const geometry: LineString = { type: 'LineString', coordinates }
  let lengthM = 0
  for (let i = 1; i < coordinates.length; i++) lengthM += haversineLonLat(track.lon[i - 1], track.lat[i - 1], track.lon[i], track.lat[i])
  const n = track.t.length
  const row = await db
    .insertInto('patrols')
    .values({
      worker: JSON.stringify(req.worker),
      grid_id: area?.id ?? null,
      grid_path: area?.path ?? [],
      started_at: new Date(track.t[0]),
      ended_at: new Date(track.t[n - 1]),
      length_m: lengthM,
      times: JSON.stringify(Array.from(track.t)),
      geom: JSON.stringify(geometry),
      source: track.format,
      name: track.name ?? req.fileName ?? null,
      uploaded_at: new Date(),
      import: JSON.stringify({ fixes: n, untimed: track.untimed, reordered: track.reordered }),
      ...bboxColumns(geometry),
    })
    .returning(['id'])
    .executeTakeFirstOrThrow()
  return {
    id: row.id,
    format: track.format,
    name: track.name ?? req.fileName ?? null,
    worker: req.worker,
    gridId: area?.id ?? null,
    startedAt: new Date(track.t[0]).toISOString(),
    endedAt: new Date(track.t[n - 1]).toISOString(),
    fixes: n,
    untimed: track.untimed,
    reordered: track.reordered,
    lengthM: Math.round(lengthM),
  }
}
