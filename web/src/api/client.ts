/**
 * The one way the web app talks to the API: `getJson` with query parameters, errors turned into
 * an `ApiError` that carries the server's `{error:{code,message,details}}` when there is one.
 */
export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly details: unknown

  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.details = details
  }
}

export type QueryValue = string | number | boolean | null | undefined
export type Query = Record<string, QueryValue>

/** `/api/x` + the non-empty query parameters, in insertion order. */
export function apiUrl(path: string, query: Query = {}): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) {
    if (value === null || value === undefined || value === '') continue
    params.set(key, String(value))
  }
  const qs = params.toString()
  return `/api${path}${qs ? `?${qs}` : ''}`
}

/** Called when the API answers 401: the session ended (the auth store shows the login screen). */
let unauthenticated: (() => void) | null = null
export function onUnauthenticated(handler: (() => void) | null): void {
  unauthenticated = handler
}

export async function getJson<T>(path: string, query: Query = {}, signal?: AbortSignal): Promise<T> {
  return requestJson<T>(apiUrl(path, query), { signal, headers: { accept: 'application/json' } })
}

/** POST (or PUT/PATCH/DELETE with `method`) a JSON body; same errors as getJson. */
export async function sendJson<T>(path: string, body: unknown, { method = 'POST', signal }: { method?: string; signal?: AbortSignal } = {}): Promise<T> {
  return requestJson<T>(apiUrl(path), {
    method,
    signal,
    headers: { accept: 'application/json', 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
}

async function requestJson<T>(url: string, init: RequestInit): Promise<T> {
  let response: Response
  try {
    response = await fetch(url, { credentials: 'same-origin', ...init })
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err
    throw new ApiError(0, 'network', `${url}: ${(err as Error).message}`)
  }
  if (response.status === 401 && url !== '/api/auth/login' && url !== '/api/auth/me') unauthenticated?.()
  if (!response.ok) {
    let body: { error?: { code?: string; message?: string; details?: unknown } } = {}
    try {
      body = await response.json()
    } catch {
      // a proxy's HTML error page: fall back to the status line
    }
    throw new ApiError(
      response.status,
      body.error?.code ?? `http_${response.status}`,
      body.error?.message ?? `${url}: ${response.status} ${response.statusText}`,
      body.error?.details,
    )
  }
  return (await response.json()) as T
}
