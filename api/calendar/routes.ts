import { createRoute, z } from '@hono/zod-openapi'
import { sql } from 'kysely'
import { badRequest, notFound } from '../errors.ts'
import { createRouter } from '../http/router.ts'
import { errorResponse, json } from '../http/schemas.ts'
import { invalidateCalendar, loadCalendar } from './load.ts'
import { isIsoDate, periodsProblem, workingDayMs, MINUTE_MS } from './model.ts'
import { addWorkingTime } from './working-time.ts'

const Clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'time of day as HH:MM').openapi({ example: '08:30' })
const Period = z.object({ start: Clock, end: Clock })
const Kind = z.enum(['workday', 'holiday', 'adjusted_workday'])
const Unit = z.enum(['working_hours', 'working_days'])
const Limit = z.object({ value: z.number().int().min(1).max(1000), unit: Unit })
const DateText = z.string().refine(isIsoDate, 'a calendar date YYYY-MM-DD').openapi({ example: '2026-10-10' })

const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5))
const toClock = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`

const Settings = z
  .object({
    utcOffsetMinutes: z.number().int(),
    periods: z.array(Period),
    restWeekdays: z.array(z.number().int().min(0).max(6)),
    workingDayHours: z.number(),
  })
  .openapi('CalendarSettings')
const Day = z.object({ date: z.string(), kind: Kind, name: z.string(), source: z.string() }).openapi('CalendarDay')
const CategoryLimits = z
  .object({ code: z.string(), nameZh: z.string(), nameEn: z.string(), dispatchLimit: Limit, handlingLimit: Limit })
  .openapi('CategoryLimits')

const getCalendar = createRoute({
  method: 'get',
  path: '/calendar',
  tags: ['calendar'],
  summary: 'Working-time settings and the explicit calendar days (holidays, 调休 working days) in a date range',
  request: { query: z.object({ from: DateText.optional(), to: DateText.optional() }) },
  responses: { 200: json(z.object({ settings: Settings, days: z.array(Day) }), 'The calendar'), 400: errorResponse('Bad date') },
})

const putSettings = createRoute({
  method: 'put',
  path: '/calendar/settings',
  tags: ['calendar'],
  summary: 'Set the working periods of a working day and the rest weekdays (admin)',
  request: {
    body: {
      content: { 'application/json': { schema: z.object({ periods: z.array(Period).min(1).max(6), restWeekdays: z.array(z.number().int().min(0).max(6)).max(7).optional() }) } },
      required: true,
    },
  },
  responses: { 200: json(Settings, 'The new settings'), 400: errorResponse('Overlapping, unsorted or empty periods') },
})

const putDay = createRoute({
  method: 'put',
  path: '/calendar/days/{date}',
  tags: ['calendar'],
  summary: 'Mark a date as holiday, adjusted working day (调休) or working day (admin)',
  request: {
    params: z.object({ date: DateText.openapi({ param: { name: 'date', in: 'path' } }) }),
    body: { content: { 'application/json': { schema: z.object({ kind: Kind, name: z.string().max(100).optional() }) } }, required: true },
  },
  responses: { 200: json(Day, 'The stored day'), 400: errorResponse('Bad date or kind') },
})

const deleteDay = createRoute({
  method: 'delete',
  path: '/calendar/days/{date}',
  tags: ['calendar'],
  summary: 'Remove an explicit day: it follows the weekday rule again (admin)',
  request: { params: z.object({ date: DateText.openapi({ param: { name: 'date', in: 'path' } }) }) },
  responses: { 200: json(z.object({ deleted: z.string() }), 'Deleted'), 404: errorResponse('No explicit day on that date') },
})

const getLimits = createRoute({
  method: 'get',
  path: '/calendar/limits',
  tags: ['calendar'],
  summary: 'Dispatch (派遣) and handling (处置) time limits of every category',
  responses: { 200: json(z.object({ categories: z.array(CategoryLimits) }), 'Limits') },
})

const putLimits = createRoute({
  method: 'put',
  path: '/calendar/limits/{code}',
  tags: ['calendar'],
  summary: "Set a category's dispatch and/or handling limit (admin)",
  request: {
    params: z.object({ code: z.string().openapi({ param: { name: 'code', in: 'path' }, example: 'exposed_rubbish' }) }),
    body: { content: { 'application/json': { schema: z.object({ dispatchLimit: Limit.optional(), handlingLimit: Limit.optional() }) } }, required: true },
  },
  responses: { 200: json(CategoryLimits, 'The new limits'), 400: errorResponse('Bad limit'), 404: errorResponse('No such category') },
})

const getDeadline = createRoute({
  method: 'get',
  path: '/calendar/deadline',
  tags: ['calendar'],
  summary: 'The deadline a limit gives from a start instant on the working calendar',
  request: {
    query: z.object({
      start: z.string().datetime({ offset: true }).openapi({ example: '2025-09-30T16:00:00+08:00' }),
      value: z.coerce.number().min(0).max(1000),
      unit: Unit,
    }),
  },
  responses: { 200: json(z.object({ start: z.string(), deadline: z.string() }), 'The deadline'), 400: errorResponse('Bad start or limit') },
})

async function settingsOf(c: { get(key: 'db'): Parameters<typeof loadCalendar>[0] }) {
  const cal = await loadCalendar(c.get('db'))
  return {
    utcOffsetMinutes: cal.utcOffsetMinutes,
    periods: cal.periods.map((p) => ({ start: toClock(p.start), end: toClock(p.end) })),
    restWeekdays: [...cal.restWeekdays],
    workingDayHours: workingDayMs(cal) / (60 * MINUTE_MS),
  }
}

export const calendarRoutes = createRouter()
  .openapi(getCalendar, async (c) => {
    const { from, to } = c.req.valid('query')
    if (from && to && from > to) throw badRequest('invalid_period', `from ${from} is after to ${to}`, { from, to })
    let q = c.get('db').selectFrom('calendar_days').select([sql<string>`date::text`.as('date'), 'kind', 'name', 'source']).orderBy('date')
    if (from) q = q.where('date', '>=', from)
    if (to) q = q.where('date', '<=', to)
    return c.json({ settings: await settingsOf(c), days: await q.execute() }, 200)
  })
  .openapi(putSettings, async (c) => {
    const body = c.req.valid('json')
    const periods = body.periods.map((p) => ({ start: toMinutes(p.start), end: toMinutes(p.end) }))
    const problem = periodsProblem(periods)
    if (problem) throw badRequest('invalid_periods', problem, { periods: body.periods })
    const db = c.get('db')
    await db
      .updateTable('calendar_settings')
      .set({ periods: JSON.stringify(periods), ...(body.restWeekdays ? { rest_weekdays: [...new Set(body.restWeekdays)].sort() } : {}), updated_at: new Date() })
      .where('id', '=', 1)
      .execute()
    invalidateCalendar(db)
    return c.json(await settingsOf(c), 200)
  })
  .openapi(putDay, async (c) => {
    const { date } = c.req.valid('param')
    const { kind, name = '' } = c.req.valid('json')
    const db = c.get('db')
    const row = await db
      .insertInto('calendar_days')
      .values({ date, kind, name, source: 'admin' })
      .onConflict((oc) => oc.column('date').doUpdateSet({ kind, name, source: 'admin', updated_at: new Date() }))
      .returning([sql<string>`date::text`.as('date'), 'kind', 'name', 'source'])
      .executeTakeFirstOrThrow()
    invalidateCalendar(db)
    return c.json(row, 200)
  })
  .openapi(deleteDay, async (c) => {
    const { date } = c.req.valid('param')
    const db = c.get('db')
    const result = await db.deleteFrom('calendar_days').where('date', '=', date).executeTakeFirst()
    if (Number(result.numDeletedRows) === 0) throw notFound('calendar day', date)
    invalidateCalendar(db)
    return c.json({ deleted: date }, 200)
  })
  .openapi(getLimits, async (c) => {
    const rows = await c.get('db').selectFrom('issue_categories').selectAll().orderBy('sort').execute()
    return c.json({ categories: rows.map(limitsOf) }, 200)
  })
  .openapi(putLimits, async (c) => {
    const { code } = c.req.valid('param')
    const body = c.req.valid('json')
    if (!body.dispatchLimit && !body.handlingLimit) throw badRequest('missing_limit', 'give dispatchLimit and/or handlingLimit', null)
    const row = await c
      .get('db')
      .updateTable('issue_categories')
      .set({
        ...(body.handlingLimit ? { limit_value: body.handlingLimit.value, limit_unit: body.handlingLimit.unit } : {}),
        ...(body.dispatchLimit ? { dispatch_limit_value: body.dispatchLimit.value, dispatch_limit_unit: body.dispatchLimit.unit } : {}),
      })
      .where('code', '=', code)
      .returningAll()
      .executeTakeFirst()
    if (!row) throw notFound('category', code)
    return c.json(limitsOf(row), 200)
  })
  .openapi(getDeadline, async (c) => {
    const { start, value, unit } = c.req.valid('query')
    const cal = await loadCalendar(c.get('db'))
    const deadline = addWorkingTime(new Date(start), { value, unit }, cal)
    if (!deadline) throw badRequest('no_working_time', 'the calendar has no working time after start', { start })
    return c.json({ start: new Date(start).toISOString(), deadline: deadline.toISOString() }, 200)
  })

function limitsOf(r: { code: string; name_zh: string; name_en: string; limit_value: number; limit_unit: 'working_hours' | 'working_days'; dispatch_limit_value: number; dispatch_limit_unit: 'working_hours' | 'working_days' }) {
  return {
    code: r.code,
    nameZh: r.name_zh,
    nameEn: r.name_en,
    dispatchLimit: { value: r.dispatch_limit_value, unit: r.dispatch_limit_unit },
    handlingLimit: { value: r.limit_value, unit: r.limit_unit },
  }
}
