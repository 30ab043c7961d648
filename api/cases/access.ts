import type { Context } from 'hono'
import { sql, type RawBuilder } from 'kysely'
import { ApiError } from '../errors.ts'
import { userDepartment } from './departments.ts'
import type { Role } from './lifecycle.ts'

/**
 * Who may act on which case. TEMPORARY local copies of api/auth/guard.ts's contract
 * (currentUser, inScope, scopeFilter) until auth lands; then these delegate to it.
 */
export interface CaseUser {
  id: number
  username: string
  name: string
  role: Role
  gridIds: number[]
  categories: string[] | null
  department?: string | null
}

export function currentUser(c: Context): CaseUser {
  const user = (c.get as (key: string) => unknown)('user') as CaseUser | undefined
  if (!user) throw new ApiError(401, 'unauthenticated', 'Log in first: this route needs a session')
  return user
}

const gridOk = (user: CaseUser, gridPath: readonly number[]) => user.gridIds.length === 0 || user.gridIds.some((id) => gridPath.includes(id))

/** Reads: grid scope, and for departments their categories or the cases dispatched to them. */
export function canRead(user: CaseUser, row: { grid_path: number[]; category: string; department: string | null }): boolean {
  if (user.role === 'department') return (user.categories?.includes(row.category) ?? false) || (row.department !== null && row.department === userDepartment(user))
  return gridOk(user, row.grid_path)
}

/** SQL form of canRead for lists. */
export function readScope(user: CaseUser): RawBuilder<boolean> {
  if (user.role === 'department') {
    const dept = userDepartment(user)
    const cats = user.categories ?? []
    const parts = [cats.length ? sql<boolean>`category in (${sql.join(cats)})` : sql<boolean>`false`, dept ? sql<boolean>`department = ${dept}` : sql<boolean>`false`]
    return sql<boolean>`(${sql.join(parts, sql` or `)})`
  }
  return user.gridIds.length ? sql<boolean>`grid_path && array[${sql.join(user.gridIds)}]::integer[]` : sql<boolean>`true`
}

/**
 * Acting on a case: a department acts only on cases currently dispatched to it (whatever their
 * category: a wrong dispatch must still be returnable); everyone else within their grids.
 */
export function canActOn(user: CaseUser, row: { grid_path: number[]; department: string | null }): boolean {
  if (user.role === 'department') return row.department !== null && row.department === userDepartment(user)
  return gridOk(user, row.grid_path)
}
