import type { Context } from 'hono'
import { sql, type Kysely, type RawBuilder } from 'kysely'
import type { Database } from '../db/database.ts'
import { ApiError } from '../errors.ts'
import type { AppEnv } from '../http/env.ts'
import { clientIp, userAgent } from './request-info.ts'
import type { Role, SessionUser } from './roles.ts'

/**
 * What handlers call to check who may do what. Every mutating route is also declared in
 * permissions.ts (roles, checked centrally before the handler runs); scope depends on the target,
 * so the handler checks it with inScope/requireScope once it knows the target's grid path.
 *
 * Scope: `gridIds` are scope roots — a grid path containing any of them is in scope; an empty
 * list means the whole district. `categories` (department users) further restricts to those
 * issue categories; null means any category.
 */

export const forbidden = (message: string, details: unknown = null) => new ApiError(403, 'forbidden', message, details)
export const outOfScope = (message: string, details: unknown = null) => new ApiError(403, 'out_of_scope', message, details)

/** The caller (set by the session middleware). */
export function currentUser(c: Context<AppEnv>): SessionUser {
  const user = c.get('user')
  if (!user) throw new ApiError(401, 'unauthenticated', 'Log in first: this route needs a session')
  return user
}

/** The caller, if their role is one of `roles`; 403 `forbidden` otherwise. */
export function requireRole(c: Context<AppEnv>, ...roles: Role[]): SessionUser {
  const user = currentUser(c)
  if (!roles.includes(user.role)) {
    throw forbidden(`The role ${user.role} may not do this; allowed: ${roles.join(', ')}`, { role: user.role, allowed: roles })
  }
  return user
}

/** The target (its grid path from level 0 down, and its category if any) lies in the user's scope. */
export function inScope(user: SessionUser, gridPath: readonly number[], category?: string | null): boolean {
  const gridOk = user.gridIds.length === 0 || user.gridIds.some((id) => gridPath.includes(id))
  const categoryOk = user.categories === null || (category != null && user.categories.includes(category))
  return gridOk && categoryOk
}

/** 403 `out_of_scope` unless inScope(). */
export function requireScope(user: SessionUser, gridPath: readonly number[], category?: string | null, what = 'this target'): void {
  if (!inScope(user, gridPath, category)) {
    throw outOfScope(`${what} lies outside the scope of ${user.username}`, { gridPath, category: category ?? null, scope: { gridIds: user.gridIds, categories: user.categories } })
  }
}

/**
 * A where-clause limiting reads to the user's scope: `.where(scopeFilter(user))` on a table with
 * `grid_path integer[]` (GIN-indexed `&&`) and, for department users, `category`.
 * Column names can be qualified for joins: scopeFilter(user, { path: 'i.grid_path', category: 'i.category' }).
 */
export function scopeFilter(user: SessionUser, columns: { path?: string; category?: string } = {}): RawBuilder<boolean> {
  const parts: RawBuilder<boolean>[] = []
  if (user.gridIds.length) {
    parts.push(sql<boolean>`${sql.ref(columns.path ?? 'grid_path')} && array[${sql.join(user.gridIds)}]::integer[]`)
  }
  if (user.categories !== null) {
    parts.push(user.categories.length ? sql<boolean>`${sql.ref(columns.category ?? 'category')} in (${sql.join(user.categories)})` : sql<boolean>`false`)
  }
  return parts.length ? sql<boolean>`(${sql.join(parts, sql` and `)})` : sql<boolean>`true`
}

/**
 * One audit-log row: who (the session user, or `actor` for logins), role, what, target, when,
 * from where. Pass the transaction so the row commits or rolls back with the change.
 */
export async function audit(
  db: Kysely<Database>,
  c: Context,
  action: string,
  target: string | null,
  details: Record<string, unknown> | null = null,
  actor?: { id: number | null; username: string; role: string | null },
): Promise<void> {
  const user = actor ?? (c.get('user') as SessionUser | undefined)
  await db
    .insertInto('audit_log')
    .values({
      user_id: user?.id ?? null,
      username: user?.username ?? null,
      role: user?.role ?? null,
      action,
      target,
      details: details ? JSON.stringify(details) : null,
      ip: clientIp(c),
      user_agent: userAgent(c),
    })
    .execute()
}
