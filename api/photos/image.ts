import { createHash } from 'node:crypto'
import exifr from 'exifr'
import sharp from 'sharp'

/** Upload limits and thumbnail size; one comment each. */
export const PHOTO_DEFAULTS = {
  /** largest accepted upload, bytes */
  maxBytes: 10 * 1024 * 1024,
  /** thumbnails fit inside this square, px (never enlarged) */
  thumbSize: 320,
  /** larger images are refused before decoding (decompression bombs), pixels */
  maxPixels: 50_000_000,
}

export type PhotoMime = 'image/jpeg' | 'image/png' | 'image/webp'

/** The image type from the first bytes (magic numbers), never from the name or content-type. */
export function sniffImage(bytes: Uint8Array): PhotoMime | null {
  const b = bytes
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg'
  if (b.length >= 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47 && b[4] === 0x0d && b[5] === 0x0a && b[6] === 0x1a && b[7] === 0x0a) return 'image/png'
  if (b.length >= 12 && ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'WEBP') return 'image/webp'
  return null
}

const ascii = (b: Uint8Array, from: number, to: number) => String.fromCharCode(...b.subarray(from, to))

export interface ProcessedPhoto {
  mime: PhotoMime
  sha256: string
  size: number
  width: number
  height: number
  thumb: Buffer
  takenAt: Date | null
  lon: number | null
  lat: number | null
}

export class PhotoError extends Error {
  constructor(
    readonly status: 400 | 413 | 415,
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}

/**
 * Checks and reads an uploaded image: type by magic bytes, size, that it decodes; hashes it,
 * draws a JPEG thumbnail (EXIF orientation applied), and reads EXIF time and GPS when present.
 */
export async function processPhoto(bytes: Uint8Array, limits = PHOTO_DEFAULTS): Promise<ProcessedPhoto> {
  if (bytes.length === 0) throw new PhotoError(400, 'empty_upload', 'The upload holds no bytes')
  if (bytes.length > limits.maxBytes) throw new PhotoError(413, 'payload_too_large', `A photo may be at most ${limits.maxBytes} bytes; this one has ${bytes.length}`)
  const mime = sniffImage(bytes)
  if (!mime) throw new PhotoError(415, 'unsupported_media_type', 'Only JPEG, PNG and WebP images are accepted (checked by content, not by name)')
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  let width: number
  let height: number
  let thumb: Buffer
  try {
    const image = sharp(buf, { limitInputPixels: limits.maxPixels, failOn: 'error' })
    const meta = await image.metadata()
    width = meta.autoOrient?.width ?? meta.width ?? 0
    height = meta.autoOrient?.height ?? meta.height ?? 0
    thumb = await image.rotate().resize(limits.thumbSize, limits.thumbSize, { fit: 'inside', withoutEnlargement: true }).jpeg({ quality: 75 }).toBuffer()
  } catch (e) {
    throw new PhotoError(415, 'undecodable_image', `The ${mime} image cannot be decoded: ${(e as Error).message}`)
  }
  const exif = await readExif(buf)
  return { mime, sha256: createHash('sha256').update(buf).digest('hex'), size: bytes.length, width, height, thumb, ...exif }
}

/** EXIF capture time (China time unless the file says its offset) and GPS position, if any. */
async function readExif(buf: Buffer): Promise<{ takenAt: Date | null; lon: number | null; lat: number | null }> {
  let tags: Record<string, unknown> | undefined
  try {
    tags = await exifr.parse(buf, { gps: true, exif: true, tiff: true, reviveValues: false, translateValues: false })
  } catch {
    return { takenAt: null, lon: null, lat: null }
  }
  if (!tags) return { takenAt: null, lon: null, lat: null }
  const lat = typeof tags.latitude === 'number' && Number.isFinite(tags.latitude) && Math.abs(tags.latitude) <= 90 ? tags.latitude : null
  const lon = typeof tags.longitude === 'number' && Number.isFinite(tags.longitude) && Math.abs(tags.longitude) <= 180 ? tags.longitude : null
  const raw = (tags.DateTimeOriginal ?? tags.CreateDate ?? tags.DateTime) as unknown
  const offset = typeof tags.OffsetTimeOriginal === 'string' && /^[+-]\d{2}:\d{2}$/.test(tags.OffsetTimeOriginal) ? tags.OffsetTimeOriginal : '+08:00'
  let takenAt: Date | null = null
  if (typeof raw === 'string') {
    const m = /^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(raw)
    if (m) {
      const d = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${offset}`)
      if (!Number.isNaN(d.getTime())) takenAt = d
    }
  }
  return { takenAt, lon: lat === null ? null : lon, lat: lon === null ? null : lat }
}
