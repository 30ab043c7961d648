import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'

/** The one error shape every 4xx/5xx carries: { error: { code, message, details } }. */
export interface ErrorBody {
  error: { code: string; message: string; details: unknown }
}

export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly details: unknown = null,
  ) {
    super(message)
  }
}

export const badRequest = (code: string, message: string, details: unknown = null) => new ApiError(400, code, message, details)
export const notFound = (what: string, id: unknown) => new ApiError(404, 'not_found', `${what} ${String(id)} does not exist`, { id })
export const unprocessable = (code: string, message: string, details: unknown = null) => new ApiError(422, code, message, details)

export function errorBody(code: string, message: string, details: unknown = null): ErrorBody {
  return { error: { code, message, details } }
}

/** app.onError: every thrown error leaves as the one shape; unknown ones are logged, not leaked. */
export function handleError(err: Error, c: Context) {
  if (err instanceof ApiError) return c.json(errorBody(err.code, err.message, err.details), err.status)
  if (err instanceof HTTPException) {
    const malformed = /malformed json/i.test(err.message)
    const code = malformed ? 'malformed_json' : err.status === 413 ? 'payload_too_large' : 'http_error'
    const message = malformed ? 'The request body is not valid JSON' : err.message || 'Request failed'
    return c.json(errorBody(code, message), err.status)
  }
  console.error(`[api] ${c.req.method} ${c.req.path} failed:`, err)
  return c.json(errorBody('internal_error', 'The server failed to handle this request'), 500)
}
