import { createRoute, z } from '@hono/zod-openapi'
import { canRead, currentUser } from '../cases/access.ts'
import { ApiError, badRequest } from '../errors.ts'
import { createRouter } from '../http/router.ts'
import { openEventStream } from './stream.ts'

const HEARTBEAT_MS = Number(process.env.GRIDSIGHT_SSE_HEARTBEAT_MS ?? 15_000)

const route = createRoute({
  method: 'get',
  path: '/events',
  tags: ['live'],
  summary: 'Live case events (server-sent events), scoped to what the caller may read',
  description:
    'A text/event-stream. First `event: ready` with the current position as its id, then one message per case event ' +
    '(`id:` = event id, `data:` = {id, type, issueId, gridPath, category, department, payload, at}) that the caller may read, ' +
    'in commit order; `: ping` comments as heartbeats. Reconnecting with `Last-Event-ID` (header, or `lastEventId` ' +
    'query) replays every readable event after it from the events table before going live again.',
  request: {
    query: z.object({ lastEventId: z.string().optional().openapi({ description: 'alternative to the Last-Event-ID header' }) }),
  },
  responses: {
    200: { description: 'the event stream', content: { 'text/event-stream': { schema: z.string() } } },
    400: { description: 'Last-Event-ID is not an event id' },
    401: { description: 'no session' },
  },
})

function parseLastEventId(value: string | undefined): number | null {
  if (value === undefined || value.trim() === '') return null
  if (!/^\d{1,15}$/.test(value.trim())) {
    throw badRequest('invalid_last_event_id', `Last-Event-ID must be a non-negative event id, got ${JSON.stringify(value.slice(0, 40))}`, { lastEventId: value.slice(0, 40) })
  }
  return Number(value.trim())
}

export const eventRoutes = createRouter().openapi(route, async (c) => {
  const user = currentUser(c)
  const hub = c.get('events')
  if (!hub) throw new ApiError(503, 'live_unavailable', 'Live events are not available on this server')
  const after = parseLastEventId(c.req.header('last-event-id') ?? c.req.valid('query').lastEventId)
  const body = await openEventStream(c.get('db'), hub, {
    after,
    // the cases' own read rule: grid scope; departments their categories or what is dispatched to them
    canRead: (event) => canRead(user, { grid_path: event.gridPath, category: event.category ?? '', department: event.department }),
    heartbeatMs: HEARTBEAT_MS,
  })
  return new Response(body, {
    status: 200,
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      'x-accel-buffering': 'no',
    },
  }) as never
})
