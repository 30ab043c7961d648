import { z } from '@hono/zod-openapi'
import { PLANNING_PROBLEM_CODES } from '../../geo/planning/index.ts'
import { GeometrySchema } from '../http/schemas.ts'

/** Coordinates are checked by geo's validateGeometry (so a broken ring is a problem, not a 400). */
const AreaGeometry = z.object({
  type: z.enum(['Polygon', 'MultiPolygon']),
  coordinates: z.array(z.unknown()),
})

export const PlannedGridSchema = z
  .object({
    id: z.number().int().positive().nullable().openapi({ description: 'null for a new grid' }),
    level: z.number().int().min(1).max(3),
    parentId: z.number().int().positive(),
    name: z.string().trim().min(1).max(100),
    code: z.string().regex(/^[0-9]{15}$/).nullish().openapi({ description: '15 digits; new grids without one get the next code under the parent' }),
    geometry: AreaGeometry,
    properties: z.record(z.string(), z.unknown()).nullish().openapi({ description: 'nameEn, kind, leader, persons, unit, households, population (optional)' }),
  })
  .openapi('PlannedGrid')

export const EditSchema = z.object({
  parentId: z.number().int().positive(),
  level: z.number().int().min(1).max(3),
  grids: z.array(PlannedGridSchema).max(1000),
  removed: z.array(z.number().int().positive()).max(1000).default([]),
})

export const ChangeSchema = EditSchema.extend({
  baseVersions: z.record(z.string().regex(/^[0-9]+$/), z.number().int().min(1)).default({}).openapi({ description: 'the version of every edited or removed grid the edit started from' }),
  effectiveDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).openapi({ example: '2026-12-01' }),
  reason: z.string().trim().min(1).max(500),
})

export const RollbackSchema = z.object({
  reason: z.string().trim().min(1).max(500),
  effectiveDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
})

export const ProblemSchema = z.object({
  code: z.enum(PLANNING_PROBLEM_CODES as [string, ...string[]]),
  gridIds: z.array(z.number().int()).openapi({ description: 'grids at fault; a new grid is -(its index in grids + 1)' }),
  message: z.string().openapi({ description: 'zh-CN' }),
  messageEn: z.string(),
  geometry: GeometrySchema.nullable(),
  areaM2: z.number().nullable(),
  detail: z.string().nullable(),
})

export const ValidateResponse = z.object({ ok: z.boolean(), problems: z.array(ProblemSchema) }).openapi('PlanningValidation')
