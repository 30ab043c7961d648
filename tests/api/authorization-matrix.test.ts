/**
 * THE authorisation matrix: every mutating route of /api/openapi.json × every demo user (every role,
 * scoped and district-wide) × a target in the user's scope and one outside it. No unauthorised attempt
 * may succeed (2xx); no authorised one may be refused with 401/403. A mutating route missing from
 * api/auth/permissions.ts fails the test. Runs on both engines.
 */
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PERMISSIONS } from '../../api/auth/permissions.ts'
import { ROLES, type Role } from '../../api/auth/roles.ts'
import { ACTIONS, type CaseAction } from '../../api/cases/lifecycle.ts'
import { userDepartment } from '../../api/cases/departments.ts'
import { call, DEMO_PASSWORD, openTestApp, sessionCookie, type TestApp } from './harness.ts'

let t: TestApp
beforeAll(async () => {
  t = await openTestApp()
})
afterAll(() => t?.close())

interface MatrixUser {
  id: number
  username: string
  role: Role
  gridIds: number[]
  categories: string[] | null
  department: string | null
}

/** One request of the matrix; `allowed` = what the permission rules say should happen. */
interface Attempt {
  path: string
  init: { method: string; json?: unknown; body?: BodyInit; headers?: Record<string, string> }
  allowed: boolean
  /** a fresh session instead of the user's cached one (logout) */
  freshSession?: boolean
  /** runs after an allowed success (puts things back) */
  after?: (cookie: string) => Promise<void>
}

type Sample = (u: MatrixUser, inScope: boolean) => Promise<Attempt | null>

const used = new Set<number>()
const isDistrictWide = (u: MatrixUser) => u.gridIds.length === 0 && u.categories === null && u.role !== 'department'

/** A case in one of `statuses`, in (or out of) the user's grid scope — for departments, dispatched to them (or elsewhere). */
async function findCase(u: MatrixUser, inScope: boolean, statuses: string[]): Promise<number | null> {
  let q = t.handle.db.selectFrom('issues').select('id').where('status', 'in', statuses)
  if (u.role === 'department') {
    const dept = userDepartment(u)!
    q = inScope ? q.where('department', '=', dept) : q.where('department', '!=', dept).where('department', 'is not', null)
  } else if (u.gridIds.length) {
    const overlap = sql<boolean>`grid_path && array[${sql.join(u.gridIds)}]::integer[]`
    q = q.where(inScope ? overlap : sql<boolean>`not ${overlap}`)
  } else if (!inScope) return null
  if (used.size) q = q.where('id', 'not in', [...used])
  const row = await q.orderBy('id').limit(1).executeTakeFirst()
  if (row) used.add(row.id)
  return row?.id ?? null
}

/** A reporting point in (or out of) the user's grid scope, with a category in (or out of) a department's list. */
async function findPoint(u: MatrixUser, inScope: boolean): Promise<{ lon: number; lat: number; category: string } | null> {
  let q = t.handle.db.selectFrom('issues').select(['lon', 'lat', 'category'])
  if (u.gridIds.length) {
    const overlap = sql<boolean>`grid_path && array[${sql.join(u.gridIds)}]::integer[]`
    q = q.where(inScope ? overlap : sql<boolean>`not ${overlap}`)
  } else if (u.categories === null && !inScope) return null
  if (u.categories !== null) q = inScope ? q.where('category', 'in', u.categories) : q.where('category', 'not in', u.categories)
  return (await q.orderBy('id').limit(1).executeTakeFirst()) ?? null
}

const rolesOf = (key: string) => PERMISSIONS[key]!.roles as readonly Role[]
const may = (key: string, u: MatrixUser) => rolesOf(key).includes(u.role)

/** The action a role would take on a case, and the states it applies in. */
function actionFor(role: Role): { action: CaseAction; statuses: string[]; extra: Record<string, unknown> } {
  switch (role) {
    case 'worker':
    case 'inspector':
      return { action: 'rework', statuses: ['feedback'], extra: { note: '矩阵测试：返工' } }
    case 'dispatcher':
      return { action: 'park', statuses: ['handling'], extra: { reason: '矩阵测试：挂账' } }
    case 'department':
      return { action: 'start', statuses: ['dispatched'], extra: {} }
    default:
      return { action: 'accept', statuses: ['reported'], extra: {} }
  }
}

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64')
const GPX = `<?xml version="1.0"?><gpx version="1.1" creator="matrix"><trk><trkseg>${[0, 1, 2, 3]
  .map((i) => `<trkpt lat="${24.35 + i * 0.0005}" lon="${102.54 + i * 0.0005}"><time>2026-11-20T08:0${i}:00Z</time></trkpt>`)
  .join('')}</trkseg></trk></gpx>`

let spareId = 0
let made = 0

/** How to build an in-scope / out-of-scope request per declared route. null = no such target for this user. */
const SAMPLES: Record<string, Sample> = {
  'POST /auth/logout': async (u, inScope) => (inScope ? { path: '/api/auth/logout', init: { method: 'POST' }, allowed: may('POST /auth/logout', u), freshSession: true } : null),
  'POST /auth/password': async (u, inScope) =>
    inScope
      ? {
          path: '/api/auth/password',
          init: { method: 'POST', json: { currentPassword: DEMO_PASSWORD, newPassword: 'Matrix#2026pw' } },
          allowed: may('POST /auth/password', u),
          // put the demo password back for the rest of the run
          after: async (cookie) => {
            const back = await call(t.app, '/api/auth/password', { method: 'POST', json: { currentPassword: 'Matrix#2026pw', newPassword: DEMO_PASSWORD }, headers: { cookie } })
            expect(back.status).toBe(200)
          },
        }
      : null,
  'POST /issues': async (u, inScope) => {
    const p = await findPoint(u, inScope)
    if (!p) return null
    const json = { type: 'Feature', geometry: { type: 'Point', coordinates: [p.lon, p.lat] }, properties: { category: p.category, description: '矩阵测试上报' } }
    return { path: '/api/issues', init: { method: 'POST', json }, allowed: may('POST /issues', u) && inScope }
  },
  'POST /cases': async (u, inScope) => {
    const p = await findPoint(u, inScope)
    if (!p) return null
    return { path: '/api/cases', init: { method: 'POST', json: { ...p, description: '矩阵测试上报' } }, allowed: may('POST /cases', u) && inScope }
  },
  'POST /cases/{id}/transitions': async (u, inScope) => {
    const { action, statuses, extra } = actionFor(u.role)
    const id = await findCase(u, inScope, statuses)
    if (id === null) return null
    const allowed = may('POST /cases/{id}/transitions', u) && (ACTIONS[action].roles as readonly Role[]).includes(u.role) && inScope
    return { path: `/api/cases/${id}/transitions`, init: { method: 'POST', json: { action, ...extra } }, allowed }
  },
  'POST /photos': async (u, inScope) => {
    if (!inScope) return null
    const form = new FormData()
    form.set('file', new File([PNG], 'dot.png', { type: 'image/png' }))
    return { path: '/api/photos', init: { method: 'POST', body: form }, allowed: may('POST /photos', u) }
  },
  'POST /patrols/upload': async (u, inScope) =>
    inScope ? { path: '/api/patrols/upload?worker=matrix', init: { method: 'POST', body: GPX, headers: { 'content-type': 'application/gpx+xml' } }, allowed: may('POST /patrols/upload', u) } : null,
  'POST /analysis/kiosk-siting': async (u, inScope) =>
    inScope ? { path: '/api/analysis/kiosk-siting?k=1&radius=300&spacing=400', init: { method: 'POST' }, allowed: may('POST /analysis/kiosk-siting', u) } : null,
  // issue 7 · civ standard (civstd): a compound in (or out of) the user's grid scope
  'POST /civ/compounds/{id}/assessments': async (u, inScope) => {
    let q = t.handle.db.selectFrom('compounds').select('id')
    if (u.gridIds.length) {
      const overlap = sql<boolean>`grid_path && array[${sql.join(u.gridIds)}]::integer[]`
      q = q.where(inScope ? overlap : sql<boolean>`not ${overlap}`)
    } else if (!inScope) return null
    const row = await q.orderBy('id').limit(1).executeTakeFirst()
    if (!row) return null
    return { path: `/api/civ/compounds/${row.id}/assessments`, init: { method: 'POST', json: { source: 'inspection', results: [] } }, allowed: may('POST /civ/compounds/{id}/assessments', u) && inScope }
  },
  'POST /users': async (u, inScope) =>
    inScope
      ? { path: '/api/users', init: { method: 'POST', json: { username: `matrix.${++made}`, name: '矩阵', role: 'worker', password: 'Matrix#2026pw', gridIds: [197] } }, allowed: may('POST /users', u) }
      : null,
  'PATCH /users/{id}': async (u, inScope) => (inScope ? { path: `/api/users/${spareId}`, init: { method: 'PATCH', json: { name: `矩阵 ${u.username}` } }, allowed: may('PATCH /users/{id}', u) } : null),
  'POST /users/{id}/password': async (u, inScope) =>
    inScope ? { path: `/api/users/${spareId}/password`, init: { method: 'POST', json: { password: 'Spare#2026pw' } }, allowed: may('POST /users/{id}/password', u) } : null,
  'PUT /calendar/settings': async (u, inScope) =>
    inScope
      ? {
          path: '/api/calendar/settings',
          init: { method: 'PUT', json: { periods: [{ start: '08:30', end: '12:00' }, { start: '14:30', end: '18:00' }], restWeekdays: [0, 6] } },
          allowed: may('PUT /calendar/settings', u),
        }
      : null,
  'PUT /calendar/days/{date}': async (u, inScope) =>
    inScope ? { path: '/api/calendar/days/2026-12-30', init: { method: 'PUT', json: { kind: 'holiday', name: '矩阵' } }, allowed: may('PUT /calendar/days/{date}', u) } : null,
  'DELETE /calendar/days/{date}': async (u, inScope) =>
    inScope ? { path: '/api/calendar/days/2026-12-30', init: { method: 'DELETE' }, allowed: may('DELETE /calendar/days/{date}', u) } : null,
  'PUT /calendar/limits/{code}': async (u, inScope) =>
    inScope
      ? { path: '/api/calendar/limits/exposed_rubbish', init: { method: 'PUT', json: { handlingLimit: { value: 1, unit: 'working_days' } } }, allowed: may('PUT /calendar/limits/{code}', u) }
      : null,
}

/** A route with no sample still gets every role: path parameters 1 and an empty body; roles only. */
const generic =
  (key: string): Sample =>
  async (u, inScope) => {
    if (!inScope) return null
    const [method, path] = key.split(' ') as [string, string]
    return { path: `/api${path.replace(/\{[^}]+\}/g, '1')}`, init: { method, json: {} }, allowed: may(key, u) }
  }

describe('the authorisation matrix', () => {
  it('declares every mutating route and lets no unauthorised attempt succeed', async () => {
    const doc = (await call(t.app, '/api/openapi.json', { anonymous: true })).body
    const routes: string[] = []
    for (const [path, ops] of Object.entries<Record<string, unknown>>(doc.paths)) {
      for (const method of Object.keys(ops)) if (['post', 'put', 'patch', 'delete'].includes(method)) routes.push(`${method.toUpperCase()} ${path}`)
    }
    const undeclared = routes.filter((r) => !PERMISSIONS[r])
    expect(undeclared, 'mutating routes missing from api/auth/permissions.ts').toEqual([])
    const stale = Object.keys(PERMISSIONS).filter((k) => !routes.includes(k))
    expect(stale, 'permission entries without a route').toEqual([])

    const users = (await t.handle.db.selectFrom('users').select(['id', 'username', 'role', 'grid_ids', 'categories', 'department']).orderBy('id').execute()).map(
      (r): MatrixUser => ({ id: r.id, username: r.username, role: r.role as Role, gridIds: r.grid_ids, categories: r.categories, department: r.department }),
    )
    expect(new Set(users.map((u) => u.role))).toEqual(new Set(ROLES))
    spareId = (await call(t.app, '/api/users', { method: 'POST', json: { username: 'matrix.spare', name: '备用', role: 'worker', password: 'Spare#2026pw', gridIds: [197] } })).body.id
    expect(spareId).toBeGreaterThan(0)

    const counts = { attempts: 0, allowed: 0, refused: 0, allowedSucceeded: 0, allowedOther4xx: 0, outOfScope: 0, generic: 0 }
    const failures: string[] = []
    for (const route of routes) {
      if (PERMISSIONS[route]!.public) continue
      const sample = SAMPLES[route] ?? generic(route)
      if (!SAMPLES[route]) counts.generic++
      for (const u of users) {
        for (const inScope of [true, false]) {
          if (!inScope && isDistrictWide(u)) continue
          const attempt = await sample(u, inScope)
          if (!attempt) continue
          let cookie = await sessionCookie(t.app, u.username)
          if (attempt.freshSession) {
            const res = await t.app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: u.username, password: DEMO_PASSWORD }) })
            cookie = res.headers.get('set-cookie')!.match(/gs_session=[^;]+/)![0]
          }
          const res = await call(t.app, attempt.path, { ...attempt.init, headers: { ...(attempt.init.headers ?? {}), cookie } })
          counts.attempts++
          if (!inScope) counts.outOfScope++
          const label = `${route} as ${u.username} (${u.role}, ${inScope ? 'in scope' : 'out of scope'}) → ${res.status} ${res.body?.error?.code ?? ''}`
          if (attempt.allowed) {
            counts.allowed++
            if (res.status === 401 || res.status === 403) failures.push(`authorised but refused: ${label}`)
            else if (res.status < 300) counts.allowedSucceeded++
            else counts.allowedOther4xx++
            if (res.status < 300 && attempt.after) await attempt.after(cookie)
          } else {
            counts.refused++
            if (res.status < 300) failures.push(`UNAUTHORISED SUCCESS: ${label}`)
            else if (res.status !== 401 && res.status !== 403 && res.status !== 404) failures.push(`unauthorised but not refused with 401/403/404: ${label}`)
          }
        }
      }
    }
    console.log(`[matrix] ${t.engine}: ${routes.length} mutating routes (${counts.generic} without a sample), ${users.length} users, ${counts.attempts} attempts ` +
      `(${counts.outOfScope} out of scope): ${counts.allowed} authorised (${counts.allowedSucceeded} succeeded, ${counts.allowedOther4xx} other 4xx/409), ${counts.refused} unauthorised, all refused`)
    expect(failures).toEqual([])
    expect(counts.allowedSucceeded).toBeGreaterThan(20)
    expect(counts.refused).toBeGreaterThan(100)
  }, 600_000)
})
