import { createRoute, z } from '@hono/zod-openapi'
import { bodyLimit } from 'hono/body-limit'
import { ApiError, errorBody, notFound } from '../errors.ts'
import { createRouter } from '../http/router.ts'
import { errorResponse, IdParam, json } from '../http/schemas.ts'
import { PHOTO_DEFAULTS, PhotoError, processPhoto } from './image.ts'
import { photoMeta, storePhoto } from './repository.ts'

export const PhotoSchema = z
  .object({
    id: z.number().int(),
    sha256: z.string(),
    mime: z.enum(['image/jpeg', 'image/png', 'image/webp']),
    size: z.number().int(),
    width: z.number().int().nullable(),
    height: z.number().int().nullable(),
    takenAt: z.string().nullable().openapi({ description: 'EXIF capture time, if the file has one' }),
    lon: z.number().nullable().openapi({ description: 'EXIF GPS longitude, if present' }),
    lat: z.number().nullable(),
    url: z.string(),
    thumbUrl: z.string(),
  })
  .openapi('Photo')

/** Multipart framing around the file: allowed on top of the photo limit. */
const MULTIPART_SLACK = 64 * 1024

const upload = createRoute({
  method: 'post',
  path: '/photos',
  tags: ['photos'],
  summary: 'Upload a photo (JPEG, PNG or WebP by content; ≤ 10 MB): multipart field "file" or the raw bytes',
  middleware: [
    bodyLimit({
      maxSize: PHOTO_DEFAULTS.maxBytes + MULTIPART_SLACK,
      onError: (c) => c.json(errorBody('payload_too_large', `A photo may be at most ${PHOTO_DEFAULTS.maxBytes} bytes`), 413),
    }),
  ] as const,
  responses: {
    201: json(PhotoSchema, 'Stored'),
    200: json(PhotoSchema, 'The same bytes were stored before: that photo'),
    400: errorResponse('Empty upload or no file field'),
    413: errorResponse('Too large'),
    415: errorResponse('Not a JPEG, PNG or WebP image, or one that does not decode'),
  },
})

const original = createRoute({
  method: 'get',
  path: '/photos/{id}',
  tags: ['photos'],
  summary: 'The photo as uploaded',
  request: { params: IdParam },
  responses: { 200: { description: 'Image bytes' }, 404: errorResponse('No such photo') },
})

const thumbnail = createRoute({
  method: 'get',
  path: '/photos/{id}/thumb',
  tags: ['photos'],
  summary: 'A JPEG thumbnail within 320 × 320 px',
  request: { params: IdParam },
  responses: { 200: { description: 'JPEG bytes' }, 404: errorResponse('No such photo') },
})

async function uploadedBytes(req: Request): Promise<Uint8Array> {
  const type = req.headers.get('content-type') ?? ''
  if (type.startsWith('multipart/form-data')) {
    const form = await req.formData().catch(() => null)
    const file = form?.get('file')
    if (!file || typeof file === 'string') throw new ApiError(400, 'missing_file', 'Send the photo in a multipart field named "file"')
    return new Uint8Array(await file.arrayBuffer())
  }
  return new Uint8Array(await req.arrayBuffer())
}

export const photoRoutes = createRouter()
  .openapi(upload, async (c) => {
    const bytes = await uploadedBytes(c.req.raw)
    let processed
    try {
      processed = await processPhoto(bytes)
    } catch (e) {
      if (e instanceof PhotoError) throw new ApiError(e.status, e.code, e.message)
      throw e
    }
    const user = c.get('user') as { id: number } | undefined
    const { photo, created } = await storePhoto(c.get('db'), bytes, processed, user?.id ?? null)
    return c.json(photo, created ? 201 : 200)
  })
  .openapi(original, async (c) => {
    const { id } = c.req.valid('param')
    const row = await c.get('db').selectFrom('photos').select(['bytes', 'mime', 'sha256']).where('id', '=', id).executeTakeFirst()
    if (!row) throw notFound('photo', id)
    return c.body(new Uint8Array(row.bytes), 200, { 'content-type': row.mime, 'cache-control': 'private, max-age=31536000, immutable', etag: `"${row.sha256}"` })
  })
  .openapi(thumbnail, async (c) => {
    const { id } = c.req.valid('param')
    const row = await c.get('db').selectFrom('photos').select(['thumb', 'thumb_mime', 'sha256']).where('id', '=', id).executeTakeFirst()
    if (!row?.thumb) throw notFound('photo', id)
    return c.body(new Uint8Array(row.thumb), 200, { 'content-type': row.thumb_mime ?? 'image/jpeg', 'cache-control': 'private, max-age=31536000, immutable', etag: `"${row.sha256}-t"` })
  })

export { photoMeta }
