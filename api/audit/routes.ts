import { createRoute, z } from '@hono/zod-openapi'
import { requireRole } from '../auth/guard.ts'
import { badRequest } from '../errors.ts'
import { createRouter } from '../http/router.ts'
import { errorResponse, json } from '../http/schemas.ts'

const Entry = z
  .object({
    id: z.number().int(),
    at: z.string(),
    userId: z.number().int().nullable(),
    username: z.string().nullable(),
    role: z.string().nullable(),
    action: z.string(),
    target: z.string().nullable(),
    details: z.unknown(),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
  })
  .openapi('AuditEntry')

const Query = z.object({
  user: z.string().optional().openapi({ description: 'username' }),
  action: z.string().optional().openapi({ description: 'exact action, or a prefix ending in * (auth.*)' }),
  target: z.string().optional().openapi({ description: 'exact target, e.g. issue:42 or /cases/42/transitions' }),
  from: z.string().optional().openapi({ description: 'at or after (ISO date-time)' }),
  to: z.string().optional().openapi({ description: 'before (ISO date-time)' }),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
})

const time = (text: string | undefined, field: string) => {
  if (text === undefined) return undefined
  const d = /^\d{4}-\d{2}-\d{2}/.test(text) ? new Date(text) : new Date(Number.NaN)
  if (Number.isNaN(d.getTime())) throw badRequest('invalid_date', `${field} must be an ISO date or date-time; got "${text}"`, { [field]: text })
  return d
}

const list = createRoute({
  method: 'get',
  path: '/audit',
  tags: ['audit'],
  summary: 'The audit log, newest first (admin): who, role, what, target, when, from where',
  request: { query: Query },
  responses: { 200: json(z.object({ total: z.number().int(), entries: z.array(Entry) }), 'Entries'), 400: errorResponse('Bad filter'), 403: errorResponse('Not an admin') },
})

export const auditRoutes = createRouter().openapi(list, async (c) => {
  requireRole(c, 'admin')
  const q = c.req.valid('query')
  const from = time(q.from, 'from')
  const to = time(q.to, 'to')
  let base = c.get('db').selectFrom('audit_log')
  if (q.user) base = base.where('username', '=', q.user)
  if (q.action) base = q.action.endsWith('*') ? base.where('action', 'like', `${q.action.slice(0, -1).replace(/[%_\\]/g, '\\$&')}%`) : base.where('action', '=', q.action)
  if (q.target) base = base.where('target', '=', q.target)
  if (from) base = base.where('at', '>=', from)
  if (to) base = base.where('at', '<', to)
  const [{ n }, rows] = await Promise.all([
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    base.selectAll().orderBy('id', 'desc').limit(q.limit).offset(q.offset).execute(),
  ])
  return c.json(
    {
      total: Number(n),
      entries: rows.map((r) => ({ id: r.id, at: r.at.toISOString(), userId: r.user_id, username: r.username, role: r.role, action: r.action, target: r.target, details: r.details, ip: r.ip, userAgent: r.user_agent })),
    },
    200,
  )
})
