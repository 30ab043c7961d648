import { createRoute, z } from '@hono/zod-openapi'
import { bodyLimit } from 'hono/body-limit'
import type { Transaction } from 'kysely'
import type { Database } from '../db/database.ts'
import { currentUser } from '../auth/guard.ts'
import { ApiError, errorBody, unprocessable } from '../errors.ts'
import { createRouter } from '../http/router.ts'
import { errorResponse, json } from '../http/schemas.ts'
import { compliance } from './compliance.ts'
import { ledgerRows } from './entries.ts'
import { IMPORT_LIMITS, importLedger } from './import.ts'
import { LEDGER_TYPES, resolvePeriod, STORED_LEDGER_TYPES, TYPE_LABELS, type LedgerType } from './model.ts'
import { csvFile, workbookFile } from './spreadsheet.ts'
import { checkEntry, insertEntries, PlaceCache } from './write.ts'

/** Routes for ledgers (台账), compliance, spreadsheet export and import (issue 7). See docs/ledgers.md. */

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day like 2026-05-01')
const Period = {
  from: Day.optional().openapi({ description: 'first CST day (default: the 1st of the month eleven months back)' }),
  to: Day.optional().openapi({ description: 'last CST day, inclusive (default today)' }),
  grid: z.coerce.number().int().positive().optional().openapi({ description: 'scope: a grid id at any level; default all the caller may see' }),
}
const TypesQuery = z
  .string()
  .optional()
  .transform((s, ctx) => {
    const list = (s ?? LEDGER_TYPES.join(',')).split(',').map((t) => t.trim()).filter(Boolean)
    const bad = list.filter((t) => !(LEDGER_TYPES as readonly string[]).includes(t))
    if (bad.length) ctx.addIssue({ code: 'custom', message: `unknown ledger type ${bad.join(', ')}; one of ${LEDGER_TYPES.join(', ')}` })
    return list as LedgerType[]
  })
  .openapi({ type: 'string', description: `comma-separated ledger types: ${LEDGER_TYPES.join(', ')} (default all)` })

function periodOf(q: { from?: string; to?: string }) {
  const p = resolvePeriod(q.from, q.to, new Date())
  if (p.from > p.to) throw new ApiError(400, 'invalid_period', `from ${p.from} is after to ${p.to}`, { from: p.from, to: p.to })
  return p
}

const LedgerRowSchema = z
  .object({
    id: z.number().int(),
    type: z.enum(LEDGER_TYPES),
    occurredAt: z.string(),
    day: z.string(),
    title: z.string(),
    place: z.object({ kind: z.string(), id: z.number().int(), name: z.string() }),
    gridId: z.number().int().nullable(),
    streetName: z.string().nullable(),
    villageId: z.number().int().nullable(),
    villageName: z.string().nullable(),
    lon: z.number(),
    lat: z.number(),
    people: z.array(z.string()),
    photoIds: z.array(z.number().int()),
    attributes: z.record(z.string(), z.unknown()),
    source: z.string(),
  })
  .openapi('LedgerRow')

const list = createRoute({
  method: 'get',
  path: '/ledgers/entries',
  tags: ['ledgers'],
  summary: 'Ledger entries (台账) by type, scope and period, newest first; patrol records derived from the patrol tracks',
  request: {
    query: z.object({
      type: TypesQuery,
      ...Period,
      facility: z.coerce.number().int().positive().optional(),
      kiosk: z.coerce.number().int().positive().optional(),
      compound: z.coerce.number().int().positive().optional(),
      team: z.coerce.number().int().positive().optional(),
      limit: z.coerce.number().int().min(1).max(1000).default(200),
      offset: z.coerce.number().int().min(0).default(0),
    }),
  },
  responses: {
    200: json(z.object({ total: z.number().int(), limit: z.number().int(), offset: z.number().int(), from: z.string(), to: z.string(), entries: z.array(LedgerRowSchema) }), 'A page of entries'),
    400: errorResponse('Bad query'),
  },
})

const NewEntry = z
  .object({
    type: z.enum(STORED_LEDGER_TYPES),
    occurredAt: z.string().datetime({ offset: true }),
    title: z.string().max(200),
    people: z.array(z.string().max(40)).max(100),
    photoIds: z.array(z.number().int().positive()).max(20).optional(),
    lon: z.number().min(-180).max(180).optional(),
    lat: z.number().min(-90).max(90).optional(),
    facilityId: z.number().int().positive().optional(),
    kioskId: z.number().int().positive().optional(),
    compoundId: z.number().int().positive().optional(),
    teamId: z.number().int().positive().optional(),
    gridId: z.number().int().positive().optional(),
    theoryLecture: z.boolean().optional(),
    participants: z.number().int().optional(),
    volunteers: z.number().int().optional(),
    hours: z.number().optional(),
    nominee: z.string().max(40).optional(),
    deeds: z.string().max(200).optional(),
    stream: z.string().optional(),
    weightKg: z.number().optional(),
    company: z.string().max(100).optional(),
    vehicle: z.string().max(20).optional(),
    topic: z.string().max(100).optional(),
    topics: z.string().max(200).optional(),
    attendees: z.number().int().optional(),
  })
  .openapi('NewLedgerEntry')

const create = createRoute({
  method: 'post',
  path: '/ledgers/entries',
  tags: ['ledgers'],
  summary: 'Record a ledger entry; the place (station, team, kiosk, compound or grid) must lie in the caller’s scope',
  middleware: [bodyLimit({ maxSize: 64 * 1024, onError: (c) => c.json(errorBody('payload_too_large', 'A ledger entry may be at most 64 KB'), 413) })] as const,
  request: { body: { content: { 'application/json': { schema: NewEntry } }, required: true } },
  responses: {
    201: json(LedgerRowSchema, 'The stored entry'),
    400: errorResponse('Malformed body'),
    403: errorResponse('The place lies outside the caller’s scope'),
    413: errorResponse('Body too large'),
    422: errorResponse('The entry breaks a ledger rule (details list each problem, zh and en)'),
  },
})

const Point = { lon: z.number(), lat: z.number() }
const complianceRoute = createRoute({
  method: 'get',
  path: '/ledgers/compliance',
  tags: ['ledgers'],
  summary: 'Who missed the seed-001 ledger rules: station months under quota or without a theory lecture, villages short of volunteer teams, kiosk weeks not cleared on schedule, quarters without a good-person recommendation',
  description: 'Whole CST months, ISO weeks and quarters overlapping the period that have ended are judged; see docs/ledgers.md.',
  request: { query: z.object(Period) },
  responses: {
    200: json(
      z.object({
        period: z.object({ from: z.string(), to: z.string(), asOf: z.string() }),
        rules: z.record(z.string(), z.number()),
        judged: z.object({ stationMonths: z.number().int(), villages: z.number().int(), kioskWeeks: z.number().int(), villageQuarters: z.number().int() }),
        stations: z.array(z.object({ facilityId: z.number().int(), name: z.string(), villageId: z.number().int(), villageName: z.string(), ...Point, month: z.string(), activities: z.number().int(), theoryLectures: z.number().int(), reasons: z.array(z.enum(['under_quota', 'no_theory_lecture'])) })),
        teams: z.array(z.object({ gridId: z.number().int(), name: z.string(), kind: z.string(), teams: z.number().int(), required: z.number().int(), ...Point })),
        kiosks: z.array(z.object({ kioskId: z.number().int(), name: z.string(), villageName: z.string(), ...Point, week: z.string(), weekStart: z.string(), clearances: z.number().int(), required: z.number().int() })),
        goodPersons: z.array(z.object({ gridId: z.number().int(), name: z.string(), quarter: z.string(), ...Point })),
      }),
      'The misses',
    ),
    400: errorResponse('Bad query'),
  },
})

const exportXlsx = createRoute({
  method: 'get',
  path: '/ledgers/export.xlsx',
  tags: ['ledgers'],
  summary: 'The ledgers as an Excel workbook: one sheet per type, title and header rows, Chinese column names, dates as Excel dates',
  request: { query: z.object({ type: TypesQuery, ...Period }) },
  responses: { 200: { description: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }, 400: errorResponse('Bad query') },
})

const exportCsv = createRoute({
  method: 'get',
  path: '/ledgers/export.csv',
  tags: ['ledgers'],
  summary: 'One ledger type as CSV (UTF-8 with BOM, Chinese header row)',
  request: { query: z.object({ type: z.enum(LEDGER_TYPES), ...Period }) },
  responses: { 200: { description: 'text/csv; charset=utf-8' }, 400: errorResponse('Bad query') },
})

const importRoute = createRoute({
  method: 'post',
  path: '/ledgers/import',
  tags: ['ledgers'],
  summary: 'Import activity ledgers (practice-station and volunteer activities) from the export template, .xlsx or CSV: all rows or none',
  description:
    `The file as multipart field "file" or as the raw body. Every row is checked first; one bad row and nothing is written (422 import_rows_invalid, each problem with its row number, column, reason in zh and en). ` +
    `dryRun=true checks and lists what would be written. At most ${IMPORT_LIMITS.maxBytes} bytes (413 too_large) and ${IMPORT_LIMITS.maxRows} rows (400 too_many_rows). Rows whose 编号 names an existing entry are skipped (a re-imported export).`,
  request: {
    query: z.object({
      dryRun: z.enum(['true', 'false']).optional(),
      type: z.enum(['station_activity', 'volunteer_activity']).optional().openapi({ description: 'for a CSV whose header does not tell' }),
    }),
  },
  responses: {
    200: json(z.object({ dryRun: z.literal(true), rows: z.array(z.record(z.string(), z.unknown())), count: z.number().int(), skipped: z.number().int() }), 'Dry run: what would be written'),
    201: json(z.object({ dryRun: z.literal(false), imported: z.number().int(), skipped: z.number().int(), ids: z.array(z.number().int()) }), 'Written'),
    400: errorResponse('Unreadable file, no ledger sheet, too many rows'),
    413: errorResponse('Too large'),
    422: errorResponse('Rows with problems: nothing written'),
  },
})

function fileName(kind: string, from: string, to: string, ext: string) {
  const ascii = `ledgers-${kind}-${from}-${to}.${ext}`
  const zh = `台账-${kind === 'all' ? '全部' : TYPE_LABELS[kind as LedgerType]?.zh ?? kind}-${from}至${to}.${ext}`
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(zh)}`
}

export const ledgerRoutes = createRouter()
  .openapi(list, async (c) => {
    const q = c.req.valid('query')
    const p = periodOf(q)
    const { rows, total } = await ledgerRows(c.get('db'), {
      types: q.type,
      start: p.start,
      end: p.end,
      gridId: q.grid,
      user: currentUser(c),
      facilityId: q.facility,
      kioskId: q.kiosk,
      compoundId: q.compound,
      teamId: q.team,
      limit: q.limit,
      offset: q.offset,
    })
    return c.json({ total, limit: q.limit, offset: q.offset, from: p.from, to: p.to, entries: rows }, 200)
  })
  .openapi(create, async (c) => {
    const body = c.req.valid('json')
    const user = currentUser(c)
    const db = c.get('db')
    const checked = await checkEntry(body, user, new PlaceCache(db), new Date())
    if ('problems' in checked) {
      const scope = checked.problems.find((p) => p.code === 'out_of_scope')
      if (scope) throw new ApiError(403, 'out_of_scope', scope.message, { problems: checked.problems })
      throw unprocessable(checked.problems[0]!.code, `Invalid ledger entry: ${checked.problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`, { problems: checked.problems })
    }
    const [id] = await db.transaction().execute((trx: Transaction<Database>) => insertEntries(trx, [checked.entry], 'manual', user.id))
    const { rows } = await ledgerRows(db, { types: [checked.entry.type], start: new Date(checked.entry.occurred_at), end: new Date(Date.parse(checked.entry.occurred_at) + 1), user })
    return c.json(rows.find((r) => r.id === id)!, 201)
  })
  .openapi(complianceRoute, async (c) => {
    const q = c.req.valid('query')
    const p = periodOf(q)
    return c.json(await compliance(c.get('db'), { from: p.from, to: p.to, gridId: q.grid, user: currentUser(c), now: new Date() }), 200)
  })
  .openapi(exportXlsx, async (c) => {
    const q = c.req.valid('query')
    const p = periodOf(q)
    const bytes = await workbookFile(c.get('db'), { types: q.type, period: p, gridId: q.grid, user: currentUser(c) })
    return c.body(bytes, 200, {
      'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'content-disposition': fileName(q.type.length === LEDGER_TYPES.length ? 'all' : q.type.join('+'), p.from, p.to, 'xlsx'),
    }) as never
  })
  .openapi(exportCsv, async (c) => {
    const q = c.req.valid('query')
    const p = periodOf(q)
    const text = await csvFile(c.get('db'), { type: q.type, period: p, gridId: q.grid, user: currentUser(c) })
    return c.body(text, 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': fileName(q.type, p.from, p.to, 'csv') }) as never
  })
  .openapi(importRoute, async (c) => {
    const length = Number(c.req.header('content-length') ?? 0)
    if (length > IMPORT_LIMITS.maxBytes + 64 * 1024) {
      throw new ApiError(413, 'too_large', `The upload is ${length} bytes; at most ${IMPORT_LIMITS.maxBytes} are accepted`, { bytes: length, maxBytes: IMPORT_LIMITS.maxBytes })
    }
    const q = c.req.valid('query')
    let bytes: Uint8Array
    let name: string | undefined
    const type = c.req.header('content-type') ?? ''
    if (type.startsWith('multipart/form-data')) {
      const form = await c.req.parseBody()
      const file = form.file
      if (!(file instanceof File)) throw new ApiError(400, 'missing_file', 'The multipart upload needs a "file" part holding the spreadsheet')
      bytes = new Uint8Array(await file.arrayBuffer())
      name = file.name || undefined
    } else {
      bytes = new Uint8Array(await c.req.arrayBuffer())
    }
    if (bytes.byteLength > IMPORT_LIMITS.maxBytes) {
      throw new ApiError(413, 'too_large', `The file is ${bytes.byteLength} bytes; at most ${IMPORT_LIMITS.maxBytes} are accepted`, { bytes: bytes.byteLength, maxBytes: IMPORT_LIMITS.maxBytes })
    }
    const result = await importLedger(c.get('db'), { bytes, name, dryRun: q.dryRun === 'true', type: q.type, user: currentUser(c), now: new Date() })
    return result.dryRun ? c.json(result, 200) : c.json(result, 201)
  })

