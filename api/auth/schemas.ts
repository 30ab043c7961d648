import { z } from '@hono/zod-openapi'
import { ROLES } from './roles.ts'

export const UserSchema = z
  .object({
    id: z.number().int(),
    username: z.string(),
    name: z.string(),
    role: z.enum(ROLES),
    gridIds: z.array(z.number().int()).openapi({ description: 'scope roots; empty = the whole district' }),
    categories: z.array(z.string()).nullable().openapi({ description: 'department users: categories handled; null = any' }),
    department: z.string().nullable(),
  })
  .openapi('User')

export const LoginSchema = z
  .object({
    username: z.string().trim().toLowerCase().min(1).max(100),
    password: z.string().min(1).max(500),
  })
  .openapi('Login')

export const SessionSchema = z.object({ user: UserSchema, expiresAt: z.string().optional() }).openapi('Session')
