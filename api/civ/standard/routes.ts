import { createRoute, z } from '@hono/zod-openapi'
import { sql, type Kysely } from 'kysely'
import { audit, currentUser, requireScope } from '../../auth/guard.ts'
import type { SessionUser } from '../../auth/roles.ts'
import type { Database } from '../../db/database.ts'
import { ApiError, badRequest, notFound } from '../../errors.ts'
import { createRouter } from '../../http/router.ts'
import { errorResponse, GeometrySchema, json } from '../../http/schemas.ts'
import { CATEGORY_CODES } from '../../issues/categories.ts'
import { autoValue, autoValues, isAutoSource } from './auto.ts'
import { activeChecklist, checklistItems, getChecklist, insertVersion, listChecklists } from './checklists.ts'
import { recordAssessment } from './record.ts'
import { COMPOUND_STATUSES, scoreResults } from './scoring.ts'
import { GROUPS } from './seed-checklists.ts'

type Db = Kysely<Database>

const Kind = z.enum(['compound', 'community'])
const Status = z.enum(['not_started', 'in_progress', 'civilised', 'demonstration'])
const Method = z.enum(['site', 'document', 'survey'])
const ThresholdSchema = z.object({ op: z.enum(['>=', '<=', '=']), value: z.number().finite(), unit: z.string().min(1).max(20) })
const IdParam = z.object({ id: z.coerce.number().int().positive().openapi({ param: { name: 'id', in: 'path' } }) })

const ItemSchema = z
  .object({
    id: z.number().int(),
    checklistId: z.number().int(),
    groupKey: z.string(),
    code: z.string(),
    text: z.string(),
    textEn: z.string(),
    weight: z.number(),
    method: Method,
    threshold: ThresholdSchema.nullable(),
    autoSource: z.string().nullable(),
    caseCategory: z.string().nullable(),
    sort: z.number().int(),
  })
  .openapi('CivChecklistItem')
const HeadSchema = z.object({
  id: z.number().int(),
  kind: Kind,
  version: z.number().int(),
  title: z.string(),
  titleEn: z.string(),
  status: z.enum(['draft', 'active', 'retired']),
  source: z.string().nullable(),
  note: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
})
const ChecklistSchema = HeadSchema.extend({ items: z.array(ItemSchema), groups: z.record(z.string(), z.object({ zh: z.string(), en: z.string() })) }).openapi('CivChecklist')

const NewItemSchema = z.object({
  groupKey: z.string().regex(/^[a-z_]{2,40}$/, 'lower-case letters and _'),
  code: z.string().trim().min(1).max(20),
  text: z.string().trim().min(1).max(1000),
  textEn: z.string().trim().min(1).max(1000),
  weight: z.number().positive().max(100),
  method: Method,
  threshold: ThresholdSchema.nullable().optional(),
  autoSource: z.string().max(200).nullable().optional(),
  caseCategory: z.string().max(60).nullable().optional(),
})
const NewVersionSchema = z.object({
  title: z.string().trim().min(1).max(200).optional(),
  titleEn: z.string().trim().min(1).max(200).optional(),
  note: z.string().trim().min(1).max(500).openapi({ description: 'why the checklist changed' }),
  items: z.array(NewItemSchema).min(1).max(200),
})

const CompoundRow = z
  .object({
    id: z.number().int(),
    name: z.string(),
    gridId: z.number().int(),
    communityId: z.number().int().nullable(),
    streetId: z.number().int().nullable(),
    households: z.number().int(),
    score: z.number().nullable(),
    maxScore: z.number().nullable(),
    rate: z.number().nullable(),
    status: Status,
    statusSince: z.string().nullable(),
    checklistId: z.number().int().nullable(),
    checklistVersion: z.number().int().nullable(),
    assessmentId: z.number().int().nullable(),
    assessedAt: z.string().nullable(),
  })
  .openapi('CivCompound')

const listChecklistsRoute = createRoute({
  method: 'get',
  path: '/civ/checklists',
  tags: ['civ'],
  summary: 'Checklist versions (compound: seed 000 standard; community: seed 002 targets), newest first',
  request: { query: z.object({ kind: Kind.optional() }) },
  responses: { 200: json(z.array(HeadSchema.extend({ items: z.number().int(), totalWeight: z.number() })), 'Versions') },
})

const getChecklistRoute = createRoute({
  method: 'get',
  path: '/civ/checklists/{id}',
  tags: ['civ'],
  summary: 'One checklist version with its items (`active` for the active version of ?kind)',
  request: { params: z.object({ id: z.string().regex(/^(\d+|active)$/).openapi({ param: { name: 'id', in: 'path' } }) }), query: z.object({ kind: Kind.default('compound') }) },
  responses: { 200: json(ChecklistSchema, 'The checklist'), 404: errorResponse('No such checklist') },
})

const newVersionRoute = createRoute({
  method: 'post',
  path: '/civ/checklists/{id}/versions',
  tags: ['civ'],
  summary: 'Edit the active checklist (admin): the full item list becomes a new version; assessments keep the version they were scored with',
  request: { params: IdParam, body: { content: { 'application/json': { schema: NewVersionSchema } }, required: true } },
  responses: {
    201: json(ChecklistSchema, 'The new active version'),
    400: errorResponse('Bad items'),
    404: errorResponse('No such checklist'),
    409: errorResponse('Not the active version (someone edited it first)'),
  },
})

const compoundsRoute = createRoute({
  method: 'get',
  path: '/civ/compounds',
  tags: ['civ'],
  summary: 'Compounds in the caller’s scope with their latest score and status (format=geojson for the map)',
  request: {
    query: z.object({
      grid: z.coerce.number().int().positive().optional().openapi({ description: 'only compounds in this grid (any level)' }),
      status: Status.optional(),
      format: z.enum(['json', 'geojson']).default('json'),
    }),
  },
  responses: {
    200: json(z.union([z.array(CompoundRow), z.object({ type: z.literal('FeatureCollection'), features: z.array(z.object({ type: z.literal('Feature'), id: z.number().int(), geometry: GeometrySchema, properties: CompoundRow })) })]), 'Compounds'),
    400: errorResponse('Bad query'),
  },
})

const compoundRoute = createRoute({
  method: 'get',
  path: '/civ/compounds/{id}',
  tags: ['civ'],
  summary: 'A compound’s latest assessment by group and item (auto items with their measured value), status history and assessments; live=1 adds the auto values measured now',
  request: { params: IdParam, query: z.object({ live: z.enum(['0', '1']).default('0') }) },
  responses: { 200: json(z.any(), 'The compound’s standing'), 403: errorResponse('Outside the caller’s scope'), 404: errorResponse('No such compound') },
})

const assessRoute = createRoute({
  method: 'post',
  path: '/civ/compounds/{id}/assessments',
  tags: ['civ'],
  summary: 'Record an assessment of a compound against the active (or a given) compound checklist; auto items are measured from the data',
  request: {
    params: IdParam,
    body: {
      content: {
        'application/json': {
          schema: z.object({
            checklistId: z.number().int().positive().optional(),
            source: z.enum(['auto', 'inspection']).default('inspection'),
            results: z
              .array(z.object({ itemId: z.number().int().positive(), passed: z.boolean().nullable().optional(), value: z.number().finite().nullable().optional(), note: z.string().max(1000).nullable().optional() }))
              .max(300)
              .default([]),
          }),
        },
      },
      required: true,
    },
  },
  responses: {
    201: json(z.object({ assessmentId: z.number().int(), score: z.number(), maxScore: z.number(), rate: z.number(), status: Status, previousStatus: Status, statusChanged: z.boolean() }), 'Recorded'),
    400: errorResponse('Bad body'),
    403: errorResponse('Outside the caller’s scope'),
    404: errorResponse('No such compound or checklist'),
    422: errorResponse('A result for an item not in the checklist'),
  },
})

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString())

/** Compounds the caller may read: grid scope (an empty scope is the district). */
const compoundScope = (user: SessionUser) => (user.gridIds.length ? sql<boolean>`c.grid_path && array[${sql.join(user.gridIds)}]::integer[]` : sql<boolean>`true`)

async function compoundRows(db: Db, user: SessionUser, q: { grid?: number; status?: string; ids?: number[] }, withGeometry = false) {
  const rows = await sql<{
    id: number
    name: string
    grid_id: number
    grid_path: number[]
    households: number
    geom: unknown
    score: number | null
    max_score: number | null
    rate: number | null
    assessment_id: number | null
    assessed_at: Date | null
    checklist_id: number | null
    version: number | null
    status: string | null
    since: Date | null
  }>`
    select c.id, c.name, c.grid_id, c.grid_path, c.households, ${withGeometry ? sql`c.geom` : sql`null`} as geom,
           a.score, a.max_score, a.rate, a.id as assessment_id, a.assessed_at, a.checklist_id, k.version, s.status, s.since
    from compounds c
    left join (select distinct on (compound_id) * from civ_assessments where compound_id is not null order by compound_id, assessed_at desc, id desc) a on a.compound_id = c.id
    left join civ_checklists k on k.id = a.checklist_id
    left join (select distinct on (compound_id) compound_id, status, since from civ_compound_status order by compound_id, since desc, id desc) s on s.compound_id = c.id
    where ${compoundScope(user)}
      ${q.grid !== undefined ? sql`and ${q.grid} = any(c.grid_path)` : sql``}
      ${q.ids ? sql`and c.id in (${sql.join(q.ids)})` : sql``}
    order by c.id`.execute(db)
  const out = rows.rows.map((r) => ({
    row: {
      id: r.id,
      name: r.name,
      gridId: r.grid_id,
      streetId: r.grid_path[0] ?? null,
      communityId: r.grid_path[1] ?? null,
      households: r.households,
      score: r.score === null ? null : Number(r.score),
      maxScore: r.max_score === null ? null : Number(r.max_score),
      rate: r.rate === null ? null : Number(r.rate),
      status: (r.status ?? 'not_started') as (typeof COMPOUND_STATUSES)[number],
      statusSince: iso(r.since),
      checklistId: r.checklist_id,
      checklistVersion: r.version,
      assessmentId: r.assessment_id,
      assessedAt: iso(r.assessed_at),
    },
    geom: r.geom,
    gridPath: r.grid_path,
  }))
  return q.status ? out.filter((r) => r.row.status === q.status) : out
}

async function checklistBody(db: Db, id: number) {
  return { ...(await getChecklist(db, id)), groups: GROUPS }
}

export const civStandardRoutes = createRouter()
  .openapi(listChecklistsRoute, async (c) => {
    const { kind } = c.req.valid('query')
    return c.json((await listChecklists(c.get('db'), kind)) as never, 200)
  })
  .openapi(getChecklistRoute, async (c) => {
    const { id } = c.req.valid('param')
    const db = c.get('db')
    const target = id === 'active' ? (await activeChecklist(db, c.req.valid('query').kind)).id : Number(id)
    return c.json((await checklistBody(db, target)) as never, 200)
  })
  .openapi(newVersionRoute, async (c) => {
    const { id } = c.req.valid('param')
    const body = c.req.valid('json')
    const user = currentUser(c)
    const db = c.get('db')
    const codes = new Set<string>()
    const problems: { path: string; message: string }[] = []
    body.items.forEach((it, i) => {
      if (codes.has(it.code)) problems.push({ path: `items.${i}.code`, message: `code ${it.code} appears twice` })
      codes.add(it.code)
      if (it.autoSource && !isAutoSource(it.autoSource)) problems.push({ path: `items.${i}.autoSource`, message: `unknown auto source ${it.autoSource}` })
      if (it.caseCategory && !CATEGORY_CODES.has(it.caseCategory)) problems.push({ path: `items.${i}.caseCategory`, message: `unknown issue category ${it.caseCategory}` })
      if (it.threshold?.unit === '%' && (it.threshold.value < 0 || it.threshold.value > 1)) problems.push({ path: `items.${i}.threshold.value`, message: 'a % threshold is a share 0–1' })
    })
    if (problems.length) {
      const code = problems[0]!.path.endsWith('code') ? 'duplicate_code' : problems[0]!.path.endsWith('autoSource') ? 'unknown_auto_source' : problems[0]!.path.endsWith('caseCategory') ? 'unknown_category' : 'invalid_threshold'
      throw badRequest(code, `Invalid body: ${problems[0]!.path}: ${problems[0]!.message}`, problems)
    }
    const newId = await db.transaction().execute(async (trx) => {
      const base = await trx.selectFrom('civ_checklists').select(['id', 'kind', 'version', 'status', 'title', 'title_en']).where('id', '=', id).forUpdate().executeTakeFirst()
      if (!base) throw notFound('checklist', id)
      if (base.status !== 'active') {
        const active = await trx.selectFrom('civ_checklists').select(['id', 'version']).where('kind', '=', base.kind).where('status', '=', 'active').executeTakeFirst()
        throw new ApiError(409, 'stale_version', `checklist ${id} (version ${base.version}) is not the active ${base.kind} checklist; edit the active one${active ? ` (id ${active.id}, version ${active.version})` : ''}`, { id, activeId: active?.id ?? null, activeVersion: active?.version ?? null })
      }
      const created = await insertVersion(
        trx,
        { kind: base.kind, title: body.title ?? base.title, titleEn: body.titleEn ?? base.title_en, source: `edit of version ${base.version}`, note: body.note, createdBy: user.name },
        body.items,
      )
      await audit(trx, c, 'civ.checklist.version', `civ_checklist:${created}`, { from: id, kind: base.kind, items: body.items.length, note: body.note })
      return created
    })
    return c.json((await checklistBody(db, newId)) as never, 201)
  })
  .openapi(compoundsRoute, async (c) => {
    const { grid, status, format } = c.req.valid('query')
    const rows = await compoundRows(c.get('db'), currentUser(c), { grid, status }, format === 'geojson')
    if (format === 'geojson') {
      return c.json({ type: 'FeatureCollection', features: rows.map((r) => ({ type: 'Feature', id: r.row.id, geometry: r.geom, properties: r.row })) } as never, 200)
    }
    return c.json(rows.map((r) => r.row) as never, 200)
  })
  .openapi(compoundRoute, async (c) => {
    const { id } = c.req.valid('param')
    const { live } = c.req.valid('query')
    const db = c.get('db')
    const user = currentUser(c)
    const compound = await db.selectFrom('compounds').select(['id', 'name', 'grid_path']).where('id', '=', id).executeTakeFirst()
    if (!compound) throw notFound('compound', id)
    requireScope(user, compound.grid_path, null, `compound ${id}`)
    const [row] = await compoundRows(db, { ...user, gridIds: [] }, { ids: [id] })
    const [history, assessments] = await Promise.all([
      db.selectFrom('civ_compound_status').select(['status', 'score', 'rate', 'since', 'reason', 'by', 'assessment_id']).where('compound_id', '=', id).orderBy('since').orderBy('id').execute(),
      db
        .selectFrom('civ_assessments as a')
        .innerJoin('civ_checklists as k', 'k.id', 'a.checklist_id')
        .select(['a.id', 'a.source', 'a.ref_id', 'a.score', 'a.max_score', 'a.rate', 'a.assessed_at', 'a.assessed_by', 'a.checklist_id', 'k.version'])
        .where('a.compound_id', '=', id)
        .orderBy('a.assessed_at')
        .orderBy('a.id')
        .execute(),
    ])
    let latest = null
    const last = assessments.at(-1)
    if (last) {
      const items = await checklistItems(db, last.checklist_id)
      const results = await db.selectFrom('civ_assessment_results').selectAll().where('assessment_id', '=', last.id).execute()
      const byItem = new Map(results.map((r) => [r.item_id, r]))
      const scored = scoreResults(items, results.map((r) => ({ itemId: r.item_id, passed: r.passed })))
      latest = {
        id: last.id,
        checklistId: last.checklist_id,
        checklistVersion: last.version,
        source: last.source,
        assessedAt: iso(last.assessed_at),
        assessedBy: last.assessed_by,
        score: Number(last.score),
        maxScore: Number(last.max_score),
        rate: Number(last.rate),
        byGroup: Object.entries(scored.byGroup).map(([key, g]) => ({ key, name: GROUPS[key]?.zh ?? key, nameEn: GROUPS[key]?.en ?? key, ...g })),
        items: items.map((it) => {
          const r = byItem.get(it.id)
          return { ...it, passed: r?.passed ?? null, value: r?.value === null || r?.value === undefined ? null : Number(r.value), auto: r?.auto ?? false, note: r?.note ?? null }
        }),
      }
    }
    let liveBody = null
    if (live === '1') {
      const values = (await autoValues(db, { compoundIds: [id] })).get(id)!
      const active = await activeChecklist(db, 'compound')
      liveBody = {
        values,
        items: active.items.filter((it) => it.autoSource).map((it) => ({ itemId: it.id, code: it.code, autoSource: it.autoSource, value: autoValue(values, it.autoSource!), threshold: it.threshold })),
      }
    }
    return c.json(
      {
        compound: row!.row,
        latest,
        history: history.map((h) => ({ status: h.status, score: h.score, rate: h.rate, since: iso(h.since), reason: h.reason, by: h.by, assessmentId: h.assessment_id })),
        assessments: assessments.map((a) => ({ id: a.id, source: a.source, refId: a.ref_id, score: Number(a.score), maxScore: Number(a.max_score), rate: Number(a.rate), assessedAt: iso(a.assessed_at), assessedBy: a.assessed_by, checklistId: a.checklist_id, checklistVersion: a.version })),
        live: liveBody,
      } as never,
      200,
    )
  })
  .openapi(assessRoute, async (c) => {
    const { id } = c.req.valid('param')
    const body = c.req.valid('json')
    const db = c.get('db')
    const user = currentUser(c)
    const compound = await db.selectFrom('compounds').select(['id', 'grid_path']).where('id', '=', id).executeTakeFirst()
    if (!compound) throw notFound('compound', id)
    requireScope(user, compound.grid_path, null, `compound ${id}`)
    const checklistId = body.checklistId ?? (await activeChecklist(db, 'compound')).id
    const at = new Date()
    const auto = (await autoValues(db, { compoundIds: [id], at })).get(id) ?? false
    const result = await db.transaction().execute(async (trx) => {
      const r = await recordAssessment(trx, { compoundId: id, checklistId, source: body.source, refId: null, results: body.results, by: user.name, at, auto })
      await audit(trx, c, 'civ.assessment', `compound:${id}`, { assessmentId: r.assessmentId, checklistId, score: r.score, rate: r.rate, status: r.status })
      return r
    })
    const { scored: _scored, ...out } = result
    return c.json(out, 201)
  })
