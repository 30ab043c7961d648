import { createRoute, z } from '@hono/zod-openapi'
import type { Kysely } from 'kysely'
import { audit, currentUser, requireRole } from '../auth/guard.ts'
import { hashPassword, passwordProblem, verifyPassword } from '../auth/password.ts'
import { ROLES } from '../auth/roles.ts'
import { UserSchema } from '../auth/schemas.ts'
import { endUserSessions, sessionToken } from '../auth/session.ts'
import type { Database } from '../db/database.ts'
import { ApiError, badRequest, notFound, unprocessable } from '../errors.ts'
import { createRouter } from '../http/router.ts'
import { errorResponse, IdParam, json } from '../http/schemas.ts'
import { CATEGORY_CODES } from '../issues/categories.ts'

/** Admin user management and one's own password. Every change is audited; passwords never leave. */

const AdminUser = UserSchema.extend({ disabled: z.boolean(), createdAt: z.string(), updatedAt: z.string() }).openapi('AdminUser')

const Username = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{1,39}$/, '2–40 characters: lower-case letters, digits, dot, dash, underscore; starting with a letter or digit')
const Scope = {
  gridIds: z.array(z.number().int().positive()).max(500).optional().openapi({ description: 'scope roots; empty or omitted = the whole district' }),
  categories: z.array(z.string()).max(50).nullable().optional().openapi({ description: 'department users: categories handled' }),
  department: z.string().trim().min(1).max(100).nullable().optional(),
}

const NewUser = z.object({ username: Username, name: z.string().trim().min(1).max(100), role: z.enum(ROLES), password: z.string(), ...Scope }).openapi('NewUser')
const UserPatch = z
  .object({ name: z.string().trim().min(1).max(100).optional(), role: z.enum(ROLES).optional(), disabled: z.boolean().optional(), ...Scope })
  .openapi('UserPatch')
const PasswordReset = z.object({ password: z.string() }).openapi('PasswordReset')
const PasswordChange = z.object({ currentPassword: z.string(), newPassword: z.string() }).openapi('PasswordChange')

type UserRow = Awaited<ReturnType<typeof findUser>>
const findUser = (db: Kysely<Database>, id: number) => db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst()

function adminView(row: NonNullable<UserRow>) {
  return {
    id: row.id,
    username: row.username,
    name: row.name,
    role: row.role as (typeof ROLES)[number],
    gridIds: row.grid_ids,
    categories: row.categories,
    department: row.department,
    disabled: row.disabled,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  }
}

function checkPassword(password: string, field: string) {
  const problem = passwordProblem(password)
  if (problem) throw badRequest('weak_password', `${field} ${problem}`, { field })
}

/** Scope values must name things that exist; a department user needs categories or a department. */
async function checkScope(db: Kysely<Database>, role: string, scope: { gridIds?: number[]; categories?: string[] | null; department?: string | null }) {
  if (scope.gridIds?.length) {
    const ids = [...new Set(scope.gridIds)]
    const found = await db.selectFrom('grids').select('id').where('id', 'in', ids).execute()
    const missing = ids.filter((id) => !found.some((g) => g.id === id))
    if (missing.length) throw unprocessable('unknown_grid', `No grid ${missing.join(', ')}`, { missing })
  }
  const unknown = (scope.categories ?? []).filter((c) => !CATEGORY_CODES.has(c))
  if (unknown.length) throw badRequest('unknown_category', `unknown category ${unknown.join(', ')}`, { unknown })
  if (role === 'department' && !scope.categories?.length && !scope.department) {
    throw unprocessable('department_scope_required', 'A department user needs the categories it handles or a department name', null)
  }
}

const list = createRoute({
  method: 'get',
  path: '/users',
  tags: ['users'],
  summary: 'Every user (admin)',
  responses: { 200: json(z.object({ users: z.array(AdminUser) }), 'Users'), 403: errorResponse('Not an admin') },
})

const create = createRoute({
  method: 'post',
  path: '/users',
  tags: ['users'],
  summary: 'Create a user (admin)',
  request: { body: { content: { 'application/json': { schema: NewUser } }, required: true } },
  responses: {
    201: json(AdminUser, 'The new user'),
    400: errorResponse('Invalid field or weak password'),
    409: errorResponse('Username taken'),
    422: errorResponse('Unknown grid, or a department without scope'),
  },
})

const patch = createRoute({
  method: 'patch',
  path: '/users/{id}',
  tags: ['users'],
  summary: 'Change a user’s name, role, scope or department; disable or enable (admin). Disabling ends their sessions.',
  request: { params: IdParam, body: { content: { 'application/json': { schema: UserPatch } }, required: true } },
  responses: { 200: json(AdminUser, 'The changed user'), 400: errorResponse('Invalid field'), 404: errorResponse('No such user'), 409: errorResponse('Would lock out the last admin') },
})

const reset = createRoute({
  method: 'post',
  path: '/users/{id}/password',
  tags: ['users'],
  summary: 'Set a new password for a user (admin); ends their sessions',
  request: { params: IdParam, body: { content: { 'application/json': { schema: PasswordReset } }, required: true } },
  responses: { 200: json(z.object({ ok: z.literal(true) }), 'Password set'), 400: errorResponse('Weak password'), 404: errorResponse('No such user') },
})

const change = createRoute({
  method: 'post',
  path: '/auth/password',
  tags: ['auth'],
  summary: 'Change one’s own password; other sessions of the user end',
  request: { body: { content: { 'application/json': { schema: PasswordChange } }, required: true } },
  responses: { 200: json(z.object({ ok: z.literal(true) }), 'Password changed'), 400: errorResponse('Weak new password'), 403: errorResponse('Current password wrong') },
})

export const userRoutes = createRouter()
  .openapi(list, async (c) => {
    requireRole(c, 'admin')
    const rows = await c.get('db').selectFrom('users').selectAll().orderBy('id').execute()
    return c.json({ users: rows.map(adminView) }, 200)
  })
  .openapi(create, async (c) => {
    requireRole(c, 'admin')
    const body = c.req.valid('json')
    const db = c.get('db')
    checkPassword(body.password, 'password')
    await checkScope(db, body.role, body)
    const taken = await db.selectFrom('users').select('id').where('username', '=', body.username).executeTakeFirst()
    if (taken) throw new ApiError(409, 'username_taken', `The username ${body.username} is taken`, { username: body.username })
    const row = await db.transaction().execute(async (trx) => {
      const inserted = await trx
        .insertInto('users')
        .values({
          username: body.username,
          name: body.name,
          role: body.role,
          grid_ids: [...new Set(body.gridIds ?? [])],
          categories: body.categories ?? null,
          department: body.department ?? null,
          password_hash: await hashPassword(body.password),
        })
        .returningAll()
        .executeTakeFirstOrThrow()
      await audit(trx, c, 'user.create', `user:${inserted.id}`, { username: inserted.username, role: inserted.role, gridIds: inserted.grid_ids, categories: inserted.categories })
      return inserted
    })
    return c.json(adminView(row), 201)
  })
  .openapi(patch, async (c) => {
    const admin = requireRole(c, 'admin')
    const { id } = c.req.valid('param')
    const body = c.req.valid('json')
    const db = c.get('db')
    const before = await findUser(db, id)
    if (!before) throw notFound('user', id)
    const role = body.role ?? before.role
    await checkScope(db, role, {
      gridIds: body.gridIds,
      categories: body.categories === undefined ? before.categories : body.categories,
      department: body.department === undefined ? before.department : body.department,
    })
    if (id === admin.id && (body.disabled === true || (body.role && body.role !== 'admin'))) {
      throw new ApiError(409, 'self_lockout', 'An admin may not disable or demote their own account', null)
    }
    const row = await db.transaction().execute(async (trx) => {
      const changed = await trx
        .updateTable('users')
        .set({
          ...(body.name !== undefined ? { name: body.name } : {}),
          ...(body.role !== undefined ? { role: body.role } : {}),
          ...(body.gridIds !== undefined ? { grid_ids: [...new Set(body.gridIds)] } : {}),
          ...(body.categories !== undefined ? { categories: body.categories } : {}),
          ...(body.department !== undefined ? { department: body.department } : {}),
          ...(body.disabled !== undefined ? { disabled: body.disabled } : {}),
          updated_at: new Date(),
        })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow()
      // a disabled user is out at once; a changed role or scope takes effect on the next request anyway
      if (body.disabled === true) await endUserSessions(trx, id)
      const fields = Object.keys(body).filter((k) => (body as Record<string, unknown>)[k] !== undefined)
      await audit(trx, c, body.disabled === true ? 'user.disable' : 'user.update', `user:${id}`, {
        fields,
        before: { role: before.role, gridIds: before.grid_ids, categories: before.categories, department: before.department, disabled: before.disabled },
      })
      return changed
    })
    return c.json(adminView(row), 200)
  })
  .openapi(reset, async (c) => {
    requireRole(c, 'admin')
    const { id } = c.req.valid('param')
    const { password } = c.req.valid('json')
    checkPassword(password, 'password')
    const db = c.get('db')
    if (!(await findUser(db, id))) throw notFound('user', id)
    const hash = await hashPassword(password)
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('users').set({ password_hash: hash, password_changed_at: new Date(), updated_at: new Date() }).where('id', '=', id).execute()
      await endUserSessions(trx, id)
      await audit(trx, c, 'user.password_reset', `user:${id}`)
    })
    return c.json({ ok: true as const }, 200)
  })
  .openapi(change, async (c) => {
    const user = currentUser(c)
    const { currentPassword, newPassword } = c.req.valid('json')
    const db = c.get('db')
    const row = await findUser(db, user.id)
    if (!row || !(await verifyPassword(currentPassword, row.password_hash))) {
      await audit(db, c, 'auth.password_change_failed', `user:${user.id}`)
      throw new ApiError(403, 'wrong_password', 'The current password is wrong')
    }
    checkPassword(newPassword, 'newPassword')
    if (newPassword === currentPassword) throw badRequest('same_password', 'The new password must differ from the current one')
    const hash = await hashPassword(newPassword)
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('users').set({ password_hash: hash, password_changed_at: new Date(), updated_at: new Date() }).where('id', '=', user.id).execute()
      await endUserSessions(trx, user.id, sessionToken(c))
      await audit(trx, c, 'auth.password_change', `user:${user.id}`)
    })
    return c.json({ ok: true as const }, 200)
  })
