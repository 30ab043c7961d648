import { createRoute, z } from '@hono/zod-openapi'
import { sql } from 'kysely'
import { parseBbox } from '../geojson.ts'
import { featureCollectionText, jsonObject, jsonText } from '../http/features.ts'
import { createRouter } from '../http/router.ts'
import { BboxQuery, errorResponse, featureCollectionSchema, json } from '../http/schemas.ts'
import { bboxIntersects, inGrid } from '../http/sql.ts'
import { isoWeek, type GpsFormat } from '../../geo/index.ts'
import { ApiError, badRequest } from '../errors.ts'
import { cleaningTotals, complianceFeatures, computePatrolCompliance } from './compliance.ts'
import { MAX_UPLOAD_BYTES, storeUpload } from './upload.ts'

const PatrolProperties = z.object({
  id: z.number().int(),
  worker: z.object({ name: z.string(), phone: z.string() }),
  gridId: z.number().int().nullable(),
  startedAt: z.string().datetime(),
  endedAt: z.string().datetime(),
  lengthM: z.number(),
  fixes: z.number().int(),
  source: z.enum(['demo', 'gpx', 'plt', 'geojson']),
  name: z.string().nullable(),
})

const list = createRoute({
  method: 'get',
  path: '/patrols',
  tags: ['patrols'],
  summary: 'Recorded GPS patrol tracks of grid workers',
  request: {
    query: z.object({
      bbox: BboxQuery,
      grid: z.coerce.number().int().positive().optional(),
      from: z.string().datetime({ offset: true }).optional(),
      to: z.string().datetime({ offset: true }).optional(),
      times: z.enum(['true', 'false']).optional().openapi({ description: 'Include the per-fix epoch-ms times array' }),
    }),
  },
  responses: { 200: json(featureCollectionSchema('PatrolCollection', PatrolProperties), 'Patrol tracks'), 400: errorResponse('Bad query') },
})

const Week = z.string().regex(/^\d{4}-W\d{2}$/, 'an ISO week like 2026-W47')

const UploadFields = z.object({
  worker: z.string({ error: 'the worker who walked the track is required' }).trim().min(1, 'the worker who walked the track is required').max(100),
  phone: z.string().trim().max(40).optional(),
  grid: z.coerce.number().int().positive().optional(),
  format: z.enum(['gpx', 'plt', 'geojson']).optional(),
})

const upload = createRoute({
  method: 'post',
  path: '/patrols/upload',
  tags: ['patrols'],
  summary: 'Upload a GPS track (GPX, GeoLife PLT or GeoJSON) as a patrol',
  description:
    'Either multipart/form-data with a `file` part (and optional worker, phone, grid, format parts) or the file itself as the raw body. ' +
    'The format is detected from the first characters unless `format` is given. The grid defaults to the level-2 area holding most of the track ' +
    '(none when the track lies outside the district). At most 20 MB and 500,000 fixes. Refusals name the problem: malformed_xml, malformed_json, ' +
    'malformed_plt, unknown_format, no_points, too_few_points, no_times, bad_time, projected_coordinates, coordinates_out_of_range (422/400), too_large (413).',
  request: {
    query: z.object({
      worker: z.string().optional().openapi({ description: 'the worker who walked the track (required here or as a form field)' }),
      phone: z.string().optional(),
      grid: z.coerce.number().int().positive().optional().openapi({ description: 'the grid patrolled' }),
      format: z.enum(['gpx', 'plt', 'geojson']).optional(),
    }),
  },
  responses: {
    201: json(
      z.object({
        id: z.number().int(),
        format: z.enum(['gpx', 'plt', 'geojson']),
        name: z.string().nullable(),
        worker: z.object({ name: z.string(), phone: z.string() }),
        gridId: z.number().int().nullable(),
        startedAt: z.string(),
        endedAt: z.string(),
        fixes: z.number().int(),
        untimed: z.number().int().openapi({ description: 'points without a time, dropped' }),
        reordered: z.number().int().openapi({ description: 'fixes out of time order in the file, sorted' }),
        lengthM: z.number(),
      }),
      'The stored patrol',
    ),
    400: errorResponse('Malformed file or fields'),
    413: errorResponse('Too large'),
    422: errorResponse('A well-formed file that is not a usable track'),
  },
})

const VisitTally = z.object({ total: z.number().int(), visited: z.number().int() })
const GridFigures = z.object({
  streetM: z.number(),
  visitedM: z.number(),
  share: z.number().openapi({ description: 'visited street length ÷ street length (巡查到位率 of the grid)' }),
  points: VisitTally.openapi({ description: 'level-3 representative points' }),
  kiosks: VisitTally,
  issues: VisitTally.openapi({ description: 'open issues passed' }),
})

const compliance = createRoute({
  method: 'get',
  path: '/analysis/patrol-compliance',
  tags: ['analysis'],
  summary: 'Weekly patrol compliance (巡查到位率): street length, level-3 points, kiosks and open issues within the corridor of the cleaned GPS tracks',
  description:
    'Distances in metres in a local planar frame (equirectangular at the district centre, ~0.1 % error across the district) on the sphere of radius 6,371,008.8 m. ' +
    'Streets are cut into pieces of at most 10 m; a piece is visited when its midpoint lies within the corridor of a cleaned track. Weeks are ISO weeks in China Standard Time. See docs/patrol.md.',
  request: {
    query: z.object({
      week: Week.optional().openapi({ example: '2026-W47', description: 'ISO week (UTC+8); default the current one' }),
      grid: z.coerce.number().int().positive().optional().openapi({ description: 'Scope: a grid id at any level; default the whole district' }),
      level: z.coerce.number().int().min(0).max(3).default(3).openapi({ description: 'Grid level of the per-grid breakdown' }),
      corridor: z.coerce.number().min(1).max(200).default(30).openapi({ description: 'corridor half-width, metres, 1–200' }),
    }),
  },
  responses: {
    200: json(
      z
        .object({
          week: z.string(),
          range: z.object({ from: z.string(), to: z.string() }),
          corridorM: z.number(),
          level: z.number().int(),
          grid: z.number().int().nullable(),
          tracks: z.number().int(),
          totals: GridFigures,
          byGrid: z.array(GridFigures.extend({ gridId: z.number().int(), name: z.string(), nameEn: z.string() })),
          workers: z.array(
            z.object({
              name: z.string(),
              phone: z.string(),
              tracks: z.number().int(),
              area: z.array(z.number().int()),
              rate: z.number().openapi({ description: '巡查到位率: street length of the area within the corridor of the worker’s own tracks ÷ street length of the area' }),
              complete: z.boolean().openapi({ description: '到位: rate ≥ 0.9 and every level-3 point of the area visited' }),
              streetM: z.number(),
              visitedM: z.number(),
              points: VisitTally,
              keptFixes: z.number().int(),
              lengthM: z.number(),
              stays: z.number().int(),
            }),
          ),
          cleaning: z.object({ received: z.number().int(), removed: z.record(z.string(), z.number().int()) }),
          streets: featureCollectionSchema('PatrolStreetPieces', z.object({ visited: z.boolean(), gridId: z.number().int(), lengthM: z.number() })),
          points: featureCollectionSchema('PatrolPoints', z.object({ kind: z.enum(['point', 'kiosk', 'issue']), id: z.number().int(), gridId: z.number().int(), visited: z.boolean() })),
          elapsedMs: z.number(),
        })
        .openapi('PatrolCompliance'),
      'Compliance for the week',
    ),
    400: errorResponse('Bad week, grid, level or corridor'),
    404: errorResponse('No such grid'),
  },
})

const weeks = createRoute({
  method: 'get',
  path: '/patrols/weeks',
  tags: ['patrols'],
  summary: 'ISO weeks (UTC+8) that have patrol tracks, newest first, with the number of tracks starting in each',
  responses: { 200: json(z.array(z.object({ week: z.string(), tracks: z.number().int() })), 'Weeks with tracks') },
})

export const patrolRoutes = createRouter()
  .openapi(list, async (c) => {
  const { bbox, grid, from, to, times } = c.req.valid('query')
  const db = c.get('db')
  const fields = {
    id: 'id',
    worker: 'worker',
    gridId: 'grid_id',
    startedAt: 'started_at',
    endedAt: 'ended_at',
    lengthM: sql`round(length_m)`,
    fixes: sql`jsonb_array_length(times)`,
    source: 'source',
    name: 'name',
    ...(times === 'true' ? { times: 'times' } : {}),
  }
  let q = db.selectFrom('patrols').select(['id', 'geom as geometry', jsonObject(fields).as('properties')])
  if (bbox) q = q.where(bboxIntersects(parseBbox(bbox)))
  if (grid) q = q.where(inGrid(grid))
  if (from) q = q.where('started_at', '>=', new Date(from))
  if (to) q = q.where('started_at', '<', new Date(to))
  return jsonText(await featureCollectionText(db, q))
})
  .openapi(weeks, async (c) => {
    const rows = await c.get('db').selectFrom('patrols').select('started_at').execute()
    const counts = new Map<string, number>()
    for (const r of rows) {
      const w = isoWeek(new Date(r.started_at).getTime())
      counts.set(w, (counts.get(w) ?? 0) + 1)
    }
    return c.json([...counts].map(([week, tracks]) => ({ week, tracks })).sort((a, b) => b.week.localeCompare(a.week)), 200)
  })
  .openapi(upload, async (c) => {
    const length = Number(c.req.header('content-length') ?? 0)
    if (length > MAX_UPLOAD_BYTES + 1_000_000) {
      throw new ApiError(413, 'too_large', `The upload is ${length} bytes; at most ${MAX_UPLOAD_BYTES} are accepted`, { bytes: length, maxBytes: MAX_UPLOAD_BYTES })
    }
    const query = c.req.valid('query')
    const fields: Record<string, string | undefined> = { ...query, grid: query.grid === undefined ? undefined : String(query.grid) }
    let text: string
    let fileName: string | undefined
    if ((c.req.header('content-type') ?? '').startsWith('multipart/form-data')) {
      const form = await c.req.parseBody()
      const file = form.file
      if (!(file instanceof File)) throw badRequest('missing_file', 'The multipart upload needs a "file" part holding the track')
      text = await file.text()
      fileName = file.name || undefined
      for (const k of ['worker', 'phone', 'grid', 'format']) if (typeof form[k] === 'string' && form[k] !== '') fields[k] = form[k] as string
    } else {
      text = await c.req.text()
    }
    const parsed = UploadFields.safeParse(fields)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      const field = String(issue.path[0] ?? 'query')
      throw badRequest(field === 'worker' ? 'missing_worker' : `invalid_${field}`, `Invalid ${field}: ${issue.message}`, parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })))
    }
    const { worker, phone, grid, format } = parsed.data
    const stored = await storeUpload(c.get('db'), { text, worker: { name: worker, phone: phone ?? '' }, grid, format: format as GpsFormat | undefined, fileName })
    return c.json(stored, 201)
  })
  .openapi(compliance, async (c) => {
    const started = performance.now()
    const { week, grid, level, corridor } = c.req.valid('query')
    const result = await computePatrolCompliance(c.get('db'), { week: week ?? isoWeek(Date.now()), grid, level, corridorM: corridor })
    const { summary, workers, gridNames } = result
    const r1 = (x: number) => Math.round(x * 10) / 10
    const r4 = (x: number) => Math.round(x * 1e4) / 1e4
    const { streets, points } = complianceFeatures(result, grid)
    const body = {
      week: summary.week,
      range: result.range,
      corridorM: summary.corridorM,
      level: summary.level,
      grid: grid ?? null,
      tracks: result.tracks,
      totals: { ...summary.totals, streetM: r1(summary.totals.streetM), visitedM: r1(summary.totals.visitedM), share: r4(summary.totals.share) },
      byGrid: summary.byGrid.map((g) => ({ ...g, name: gridNames.get(g.gridId)?.name ?? '', nameEn: gridNames.get(g.gridId)?.nameEn ?? '', streetM: r1(g.streetM), visitedM: r1(g.visitedM), share: r4(g.share) })),
      workers: summary.workers
        .map((w) => {
          const who = workers.get(w.worker)!
          return {
            name: who.name,
            phone: who.phone,
            tracks: who.tracks,
            area: w.area,
            rate: r4(w.rate),
            complete: w.complete,
            streetM: r1(w.streetM),
            visitedM: r1(w.visitedM),
            points: w.points,
            keptFixes: w.kept,
            lengthM: r1(w.lengthM),
            stays: w.stays,
          }
        })
        .sort((a, b) => a.rate - b.rate || a.name.localeCompare(b.name)),
      cleaning: cleaningTotals(result.state),
      streets,
      points,
      elapsedMs: Math.round(performance.now() - started),
    }
    return c.json(body, 200)
  })
