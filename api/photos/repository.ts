import type { Kysely } from 'kysely'
import type { Database } from '../db/database.ts'
import type { ProcessedPhoto } from './image.ts'

export interface PhotoInfo {
  id: number
  sha256: string
  mime: 'image/jpeg' | 'image/png' | 'image/webp'
  size: number
  width: number | null
  height: number | null
  takenAt: string | null
  lon: number | null
  lat: number | null
  url: string
  thumbUrl: string
}

const COLUMNS = ['id', 'sha256', 'mime', 'size', 'width', 'height', 'taken_at', 'lon', 'lat'] as const

type MetaRow = { id: number; sha256: string; mime: PhotoInfo['mime']; size: number; width: number | null; height: number | null; taken_at: Date | null; lon: number | null; lat: number | null }

function toInfo(r: MetaRow): PhotoInfo {
  return {
    id: r.id,
    sha256: r.sha256,
    mime: r.mime,
    size: r.size,
    width: r.width,
    height: r.height,
    takenAt: r.taken_at ? new Date(r.taken_at).toISOString() : null,
    lon: r.lon,
    lat: r.lat,
    url: `/api/photos/${r.id}`,
    thumbUrl: `/api/photos/${r.id}/thumb`,
  }
}

/** Stores a photo once per content hash; the same bytes again return the stored row. */
export async function storePhoto(db: Kysely<Database>, bytes: Uint8Array, p: ProcessedPhoto, uploadedBy: number | null): Promise<{ photo: PhotoInfo; created: boolean }> {
  const inserted = await db
    .insertInto('photos')
    .values({
      sha256: p.sha256,
      mime: p.mime,
      size: p.size,
      width: p.width,
      height: p.height,
      bytes,
      thumb: p.thumb,
      thumb_mime: 'image/jpeg',
      taken_at: p.takenAt,
      lon: p.lon,
      lat: p.lat,
      uploaded_by: uploadedBy,
    })
    .onConflict((oc) => oc.column('sha256').doNothing())
    .returning(COLUMNS)
    .executeTakeFirst()
  if (inserted) return { photo: toInfo(inserted), created: true }
  const existing = await db.selectFrom('photos').select(COLUMNS).where('sha256', '=', p.sha256).executeTakeFirstOrThrow()
  return { photo: toInfo(existing), created: false }
}

/** Photo descriptions (no bytes) by id, for timelines. */
export async function photoMeta(db: Kysely<Database>, ids: readonly number[]): Promise<Map<number, PhotoInfo>> {
  if (ids.length === 0) return new Map()
  const rows = await db.selectFrom('photos').select(COLUMNS).where('id', 'in', [...new Set(ids)]).execute()
  return new Map(rows.map((r) => [r.id, toInfo(r)]))
}

/** The ids among `ids` that are not stored photos. */
export async function missingPhotos(db: Kysely<Database>, ids: readonly number[]): Promise<number[]> {
  const found = await photoMeta(db, ids)
  return [...new Set(ids)].filter((id) => !found.has(id))
}
