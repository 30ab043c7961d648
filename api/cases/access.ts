import { sql, type RawBuilder } from 'kysely'
import { currentUser } from '../auth/guard.ts'
import type { SessionUser } from '../auth/roles.ts'
import { userDepartment } from './departments.ts'

/**
 * Who may read and act on which case, on top of api/auth/guard.ts: departments read their
 * categories plus whatever is dispatched to them, and act only on cases dispatched to them;
 * everyone else reads and acts within their grids.
 */
export type CaseUser = SessionUser
export { currentUser }

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
