// /api/boundaries: import (dry run, then apply by token with progress) and export of grid
// boundaries. See docs/boundaries.md.

import { createRoute, z } from '@hono/zod-openapi'
import { currentUser } from '../auth/guard.ts'
import { ApiError, badRequest, notFound } from '../errors.ts'
import { createRouter } from '../http/router.ts'
import { errorResponse, json } from '../http/schemas.ts'
import { runApply } from './apply.ts'
import { exportGrids, type ExportFormat } from './export.ts'
import { getJob, keepDryRun, startJob, takeDryRun } from './jobs.ts'
import { dryRun, type AttributeMapping, type ImportOptions } from './plan.ts'

/** Larger files are refused with 413 before they are parsed. */
export const MAX_IMPORT_BYTES = 25_000_000

const FORMATS = ['geojson', 'shapefile', 'kml', 'osm'] as const
const chinaToday = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10)

function intField(value: unknown, name: string, { min, max }: { min: number; max: number }): number | null {
  if (value === undefined || value === '' || value === null) return null
  const n = Number(value)
  if (!Number.isInteger(n) || n < min || n > max) throw badRequest(`invalid_${name}`, `${name} must be an integer ${min}–${max}, got ${JSON.stringify(value)}`, { [name]: value })
  return n
}

const Any = z.any()

const importRoute = createRoute({
  method: 'post',
  path: '/boundaries/import',
  tags: ['boundaries'],
  summary: 'Dry run of a boundary import (GeoJSON, Shapefile .zip, KML, OSM XML): what would change, repairs, refusals, a preview',
  description:
    'multipart/form-data: `file`; `level` (0–3, required) and `parentId` (required unless level 0) of the grids in the file; `crs` ' +
    '(auto | wgs84 | cgcs2000 | gcj02 | bd09 | EPSG:<code>, default auto: detected and reported); `format` (auto | geojson | shapefile | kml | osm); ' +
    '`mode` (merge: grids missing from the file stay | replace: they are removed); attribute mapping `map.name`, `map.code`, `map.level`, `map.parent`. ' +
    `At most ${MAX_IMPORT_BYTES} bytes (413). Answers a token to apply the dry run with. See docs/boundaries.md.`,
  responses: {
    200: json(Any, 'The dry run and its token'),
    400: errorResponse('Bad fields or a malformed file'),
    413: errorResponse('Too large'),
    415: errorResponse('Unknown format'),
    422: errorResponse('Nothing in the file can be a boundary, the coordinate system is unknown, or the target is wrong'),
  },
})

const applyRoute = createRoute({
  method: 'post',
  path: '/boundaries/import/{token}/apply',
  tags: ['boundaries'],
  summary: 'Apply a dry run, all or nothing (one transaction); answers a job whose progress GET /boundaries/jobs/{id} reports',
  request: { params: z.object({ token: z.string() }) },
  responses: { 202: json(z.object({ jobId: z.string(), progressUrl: z.string() }), 'The apply job started'), 404: errorResponse('No such dry run (or expired, or already applied)') },
})

const jobRoute = createRoute({
  method: 'get',
  path: '/boundaries/jobs/{id}',
  tags: ['boundaries'],
  summary: 'Progress of an apply job: state running | done | failed, progress 0–1, the result or the error',
  request: { params: z.object({ id: z.string() }) },
  responses: { 200: json(Any, 'The job'), 404: errorResponse('No such job') },
})

const exportRoute = createRoute({
  method: 'get',
  path: '/boundaries/export',
  tags: ['boundaries'],
  summary: 'Grids of one level (optionally under one parent) as GeoJSON, a Shapefile .zip (.shp/.shx/.dbf/.prj/.cpg UTF-8) or KML, in WGS84 or GCJ-02',
  request: {
    query: z.object({
      level: z.string().openapi({ example: '1' }),
      parent: z.string().optional(),
      format: z.enum(['geojson', 'shapefile', 'kml']).optional(),
      crs: z.enum(['wgs84', 'gcj02']).optional(),
    }),
  },
  responses: { 200: { description: 'The file, as an attachment' }, 400: errorResponse('Bad level, parent, format or crs') },
})

export const boundaryRoutes = createRouter()
  .openapi(importRoute, async (c) => {
    const user = currentUser(c)
    const declared = Number(c.req.header('content-length') ?? 0)
    if (declared > MAX_IMPORT_BYTES + 1_000_000) throw new ApiError(413, 'too_large', `The upload is ${declared} bytes; at most ${MAX_IMPORT_BYTES} are accepted`, { bytes: declared, max: MAX_IMPORT_BYTES })
    if (!(c.req.header('content-type') ?? '').startsWith('multipart/form-data')) throw badRequest('not_multipart', 'Send the file as multipart/form-data with a "file" part')
    const form = await c.req.parseBody()
    const file = form.file
    if (!(file instanceof File)) throw badRequest('missing_file', 'The multipart upload needs a "file" part holding the boundary file')
    if (file.size > MAX_IMPORT_BYTES) throw new ApiError(413, 'too_large', `${file.name} is ${file.size} bytes; at most ${MAX_IMPORT_BYTES} are accepted`, { bytes: file.size, max: MAX_IMPORT_BYTES })
    const str = (k: string) => (typeof form[k] === 'string' ? (form[k] as string).trim() : '')
    const format = str('format')
    if (format && format !== 'auto' && !(FORMATS as readonly string[]).includes(format)) throw badRequest('invalid_format', `format must be auto, ${FORMATS.join(', ')}; got ${JSON.stringify(format)}`)
    const mode = str('mode') || 'merge'
    if (mode !== 'merge' && mode !== 'replace') throw badRequest('invalid_mode', `mode must be merge or replace; got ${JSON.stringify(mode)}`)
    const level = intField(str('level'), 'level', { min: 0, max: 3 })
    if (level === null) throw badRequest('missing_level', 'level (0–3) of the grids in the file is required')
    const parentId = intField(str('parentId'), 'parentId', { min: 1, max: 2 ** 31 - 1 })
    const mapping: AttributeMapping = { name: str('map.name'), code: str('map.code'), level: str('map.level'), parent: str('map.parent') }
    const opts: ImportOptions = {
      fileName: file.name || 'upload',
      format: format && format !== 'auto' ? (format as ImportOptions['format']) : undefined,
      crs: str('crs') || 'auto',
      mapping,
      level,
      parentId,
      mode,
    }
    const result = await dryRun(c.get('db'), new Uint8Array(await file.arrayBuffer()), opts)
    const token = keepDryRun(user.id, result)
    const { grids, ...rest } = result
    return c.json({ token, ...rest, grids: grids.map(({ geometry: _g, ...g }) => g) }, 200)
  })
  .openapi(applyRoute, async (c) => {
    const user = currentUser(c)
    const body = (await c.req.json().catch(() => ({}))) as { effectiveDate?: unknown; reason?: unknown }
    const effectiveDate = body.effectiveDate === undefined ? chinaToday() : String(body.effectiveDate)
    if (!/^\d{4}-\d{2}-\d{2}$/.test(effectiveDate)) throw badRequest('invalid_effective_date', `effectiveDate must be YYYY-MM-DD, got ${JSON.stringify(body.effectiveDate)}`)
    const token = c.req.param('token')
    const pending = takeDryRun(token)
    if (!pending) throw notFound('Dry run', token)
    if (pending.userId !== user.id) throw new ApiError(403, 'forbidden', 'This dry run was made by another user', { token })
    const reason = typeof body.reason === 'string' && body.reason.trim() ? body.reason.trim() : `import ${pending.dryRun.fileName}`
    const job = startJob(token, user.id)
    // the job runs on after the answer; its progress is read at GET /boundaries/jobs/{id}
    void runApply(c.get('db'), job, pending.dryRun, user, { effectiveDate, reason })
    return c.json({ jobId: job.id, progressUrl: `/api/boundaries/jobs/${job.id}` }, 202)
  })
  .openapi(jobRoute, (c) => {
    const user = currentUser(c)
    const job = getJob(c.req.param('id'))
    if (!job || job.userId !== user.id) throw notFound('Import job', c.req.param('id'))
    const { token: _t, userId: _u, ...out } = job
    return c.json(out, 200)
  })
  .openapi(exportRoute, async (c) => {
    const q = c.req.query()
    const level = intField(q.level, 'level', { min: 0, max: 3 })
    if (level === null) throw badRequest('missing_level', 'level (0–3) is required')
    const parent = intField(q.parent, 'parent', { min: 1, max: 2 ** 31 - 1 }) ?? undefined
    const format = (q.format ?? 'geojson') as ExportFormat
    if (!['geojson', 'shapefile', 'kml'].includes(format)) throw badRequest('invalid_format', `format must be geojson, shapefile or kml; got ${JSON.stringify(q.format)}`)
    const crs = (q.crs ?? 'wgs84') as 'wgs84' | 'gcj02'
    if (crs !== 'wgs84' && crs !== 'gcj02') throw badRequest('invalid_crs', `crs must be wgs84 or gcj02; got ${JSON.stringify(q.crs)}`)
    const file = await exportGrids(c.get('db'), { level, parent, format, crs })
    c.header('content-type', file.contentType)
    c.header('content-disposition', `attachment; filename="${file.fileName}"`)
    c.header('x-feature-count', String(file.count))
    return c.body(typeof file.body === 'string' ? file.body : (file.body as Uint8Array<ArrayBuffer>))
  })
