import type { MiddlewareHandler } from 'hono'
import { ACTIONS, TRANSITION_ACTIONS } from '../cases/lifecycle.ts'
import type { AppEnv } from '../http/env.ts'
import { audit, forbidden } from './guard.ts'
import { ROLES, type Role } from './roles.ts'

/**
 * THE permission table: every mutating route (POST/PUT/PATCH/DELETE) of /api, keyed
 * "METHOD /openapi/path", says which roles may call it and how scope applies. The roles are
 * enforced here, centrally, before the handler runs; scope depends on the target, so the handler
 * checks it (guard.ts requireScope) once it knows the target's grid path or category.
 *
 * A route missing here is refused to every role but admin (and tests/api/authorization-matrix
 * fails), so a new mutating route must be declared.
 */
export type ScopeRule =
  /** no target to scope: the caller's own account, or district-wide settings */
  | 'none'
  /** the target's grid path must be in the caller's scope (and its category, for departments) */
  | 'grid'

export interface Permission {
  roles: readonly Role[]
  scope: ScopeRule
  /** callable without a session (login only) */
  public?: boolean
  note: string
}

const EVERYONE = ROLES
/** people who report issues from the field or take them from the public */
const REPORTERS: Role[] = ['worker', 'inspector', 'acceptor', 'duty_chief', 'admin']
/** the case workflow's own table says who may take each action; the route admits their union */
const CASE_REPORTERS = [...ACTIONS.report.roles] as Role[]
const CASE_ACTORS = [...new Set(TRANSITION_ACTIONS.flatMap((a) => [...ACTIONS[a].roles]))] as Role[]
const ADMIN: Role[] = ['admin']
/** grid planners (规划员) redraw grids; admin may too */
const PLANNERS: Role[] = ['planner', 'admin']
/** who runs old-compound renovation projects: leaders (community heads in their grids), planners, admin */
const RENOVATORS: Role[] = ['leader', 'planner', 'admin']
/** people who keep ledgers (台账): community staff and the district */
const LEDGER_KEEPERS: Role[] = ['worker', 'inspector', 'duty_chief', 'leader', 'admin']

export const PERMISSIONS: Record<string, Permission> = {
  'POST /auth/login': { roles: EVERYONE, scope: 'none', public: true, note: 'log in (no session needed); lock-out after repeated failures' },
  'POST /auth/logout': { roles: EVERYONE, scope: 'none', note: 'end the caller’s own session' },
  'POST /issues': { roles: REPORTERS, scope: 'grid', note: 'report an issue; the point’s grid must be in the reporter’s scope' },
  'POST /cases': { roles: CASE_REPORTERS, scope: 'grid', note: 'report a case (上报); the point’s grid must be in scope' },
  // issue 7 · civ standard (civstd): routes here
  'POST /civ/checklists/{id}/versions': { roles: ADMIN, scope: 'none', note: 'edit the active civilised-compound/community checklist: a new version (district-wide)' },
  'POST /civ/compounds/{id}/assessments': { roles: ['inspector', 'admin'], scope: 'grid', note: 'record an assessment of a compound (auto items measured); the compound must be in scope' },
  'POST /cases/{id}/transitions': {
    roles: CASE_ACTORS,
    scope: 'grid',
    note: 'one lifecycle action; api/cases/lifecycle.ts ACTIONS names the roles per action; the case must be in the actor’s grids (departments: dispatched to them)',
  },
  'POST /photos': { roles: ['worker', 'inspector', 'acceptor', 'duty_chief', 'dispatcher', 'department', 'admin'], scope: 'none', note: 'upload a photo before attaching it to a case action' },
  'POST /patrols/upload': { roles: ['worker', 'inspector', 'duty_chief', 'admin'], scope: 'none', note: 'upload a GPS track; its grid is inferred from the track' },
  'POST /auth/password': { roles: EVERYONE, scope: 'none', note: 'change one’s own password (the current one is required)' },
  // issue 7 · inspections (inspect): routes here
  'POST /civ/inspections': { roles: ['inspector', 'duty_chief', 'admin'], scope: 'grid', note: 'assign an inspection (定期督查) or start an unannounced visit (不定期暗访; an inspector only for themselves); the point must be in the caller’s and the inspector’s grids' },
  'POST /civ/inspections/{id}/start': { roles: ['inspector', 'admin'], scope: 'grid', note: 'the assigned inspector opens the task' },
  'POST /civ/inspections/{id}/submit': { roles: ['inspector', 'admin'], scope: 'grid', note: 'the assigned inspector submits the scores: the compound’s assessment and one case per failed item, all or nothing' },
  'POST /civ/mock-batches': { roles: ['duty_chief', 'admin'], scope: 'grid', note: 'start a mock assessment (模拟测评): a stratified sample of points under a grid in scope, one task each for an inspector' },
  'POST /users': { roles: ADMIN, scope: 'none', note: 'create a user' },
  'PATCH /users/{id}': { roles: ADMIN, scope: 'none', note: 'change name, role, scope, categories, department; disable or enable' },
  'POST /users/{id}/password': { roles: ADMIN, scope: 'none', note: 'reset a user’s password (ends their sessions)' },
  'POST /analysis/kiosk-siting': { roles: EVERYONE, scope: 'none', note: 'a computation (writes nothing); analysis is open to every logged-in role' },
  'POST /planning/validate': { roles: EVERYONE, scope: 'none', note: 'problems of a grid edit (writes nothing)' },
  // issue 7 · ledgers (ledger): routes here
  'POST /ledgers/entries': { roles: LEDGER_KEEPERS, scope: 'grid', note: 'record a ledger entry (台账); its place must be in the caller’s scope' },
  'POST /ledgers/import': { roles: LEDGER_KEEPERS, scope: 'grid', note: 'import activity ledgers from the template (all rows or none; dryRun writes nothing); every row’s place must be in scope' },
  'POST /planning/impact': { roles: EVERYONE, scope: 'none', note: 'what a grid edit would move (writes nothing)' },
  'POST /planning/changes': { roles: PLANNERS, scope: 'none', note: 'save a grid edit as a change set (validated, version-checked); district-wide' },
  'POST /planning/changes/{id}/rollback': { roles: PLANNERS, scope: 'none', note: 'a new change set restoring what a change set replaced' },
  'PUT /calendar/settings': { roles: ADMIN, scope: 'none', note: 'working hours and rest weekdays' },
  // issue 7 · progress/renovation (civmap): routes here
  'POST /civ/renovations': { roles: RENOVATORS, scope: 'grid', note: 'plan an old-compound renovation project; the compound must be in scope' },
  'POST /civ/renovations/{id}/status': { roles: RENOVATORS, scope: 'grid', note: 'move a renovation project one step forward; the compound must be in scope' },
  'PUT /calendar/days/{date}': { roles: ADMIN, scope: 'none', note: 'mark a holiday / adjusted working day' },
  'POST /boundaries/import': { roles: ['planner', 'admin'], scope: 'none', note: 'upload a boundary file for a dry run (writes nothing; the dry run is kept for apply)' },
  'POST /boundaries/import/{token}/apply': { roles: ['planner', 'admin'], scope: 'none', note: 'apply a dry run: all its grid changes in one transaction' },
  'DELETE /calendar/days/{date}': { roles: ADMIN, scope: 'none', note: 'remove an explicit calendar day' },
  'PUT /calendar/limits/{code}': { roles: ADMIN, scope: 'none', note: 'a category’s dispatch / handling limit' },
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

interface CompiledRule {
  method: string
  pattern: RegExp
  key: string
  permission: Permission
}

function compile(table: Record<string, Permission>): CompiledRule[] {
  return Object.entries(table).map(([key, permission]) => {
    const [method, path] = key.split(' ') as [string, string]
    const pattern = new RegExp(`^${path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`)
    return { method, pattern, key, permission }
  })
}

let compiled: CompiledRule[] | null = null

/** The declared permission for a request (path relative to /api), if any. */
export function permissionFor(method: string, path: string): { key: string; permission: Permission } | null {
  compiled ??= compile(PERMISSIONS)
  const rule = compiled.find((r) => r.method === method && r.pattern.test(path))
  return rule ? { key: rule.key, permission: rule.permission } : null
}

/**
 * Runs after the session middleware: a mutating request from a role the table does not allow gets
 * 403; every mutating request (allowed or refused) leaves an audit row with its outcome. Handlers
 * may add richer rows of their own (login, logout, user changes do).
 */
export const enforcePermissions: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!MUTATING.has(c.req.method)) return next()
  const path = c.req.path.replace(/^\/api/, '') || '/'
  const found = permissionFor(c.req.method, path)
  if (found?.permission.public) return next()
  const user = c.get('user')
  const route = found?.key ?? `${c.req.method} ${path}`
  const record = (status: number) => audit(c.get('db'), c, route, path, { status })
  if (!found && user?.role !== 'admin') {
    await record(403)
    throw forbidden(`${c.req.method} ${path} is not declared in api/auth/permissions.ts: only admin may call it`, { route })
  }
  if (found && (!user || !found.permission.roles.includes(user.role))) {
    await record(403)
    throw forbidden(`The role ${user?.role ?? '(none)'} may not call ${found.key}`, { route: found.key, role: user?.role ?? null, allowed: found.permission.roles })
  }
  await next()
  await record(c.res.status)
}
