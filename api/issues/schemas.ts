import { z } from '@hono/zod-openapi'
import { CATEGORIES, ISSUE_STATUSES } from './categories.ts'

const categoryCodes = CATEGORIES.map((c) => c.code) as [string, ...string[]]

export const CategorySchema = z.enum(categoryCodes, {
  error: (issue) => `unknown category "${String(issue.input)}"; expected one of ${categoryCodes.join(', ')}`,
})

const longitude = z
  .number({ error: 'longitude must be a number' })
  .min(-180, 'longitude must be between -180 and 180')
  .max(180, 'longitude must be between -180 and 180')
const latitude = z
  .number({ error: 'latitude must be a number' })
  .min(-90, 'latitude must be between -90 and 90')
  .max(90, 'latitude must be between -90 and 90')

/** What a reporter sends: a GeoJSON Point Feature in WGS84. */
export const NewIssueSchema = z
  .object({
    type: z.literal('Feature', { error: 'body must be a GeoJSON Feature (type "Feature")' }),
    geometry: z.object(
      {
        type: z.literal('Point', { error: (i) => `geometry must be a Point, got ${JSON.stringify(i.input)}` }),
        coordinates: z.tuple([longitude, latitude], { error: 'Point coordinates must be [longitude, latitude]' }).rest(z.number()),
      },
      { error: 'geometry must be a GeoJSON Point object' },
    ),
    properties: z.object(
      {
        category: CategorySchema,
        description: z.string().trim().min(1, 'description is required').max(2000, 'description is longer than 2000 characters'),
        reportedAt: z.string().datetime({ offset: true, error: 'reportedAt must be an ISO 8601 date-time' }).optional(),
        source: z.enum(['grid_worker', 'inspector', 'public', 'hotline']).optional(),
        reporter: z.object({ name: z.string().max(100) }).optional(),
      },
      { error: 'properties must be an object with category and description' },
    ),
  })
  .openapi('NewIssue', {
    example: {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [102.54, 24.35] },
      properties: { category: 'exposed_rubbish', description: '垃圾亭旁暴露垃圾' },
    },
  })

export const IssueProperties = z
  .object({
    id: z.number().int(),
    category: z.string(),
    status: z.enum(ISSUE_STATUSES),
    description: z.string(),
    source: z.string(),
    gridId: z.number().int(),
    gridPath: z.array(z.number().int()),
    reportedAt: z.string().datetime(),
    deadlineAt: z.string().datetime().nullable(),
    closedAt: z.string().datetime().nullable(),
    open: z.boolean(),
    overdue: z.boolean().openapi({ description: 'open and past its handling deadline' }),
  })
  .openapi('IssueProperties')

export const IssueDetailProperties = IssueProperties.extend({
  acceptedAt: z.string().datetime().nullable(),
  openedAt: z.string().datetime().nullable(),
  dispatchedAt: z.string().datetime().nullable(),
  handledAt: z.string().datetime().nullable(),
  department: z.string().nullable(),
  reporter: z.object({ name: z.string() }).nullable(),
  reworkCount: z.number().int(),
}).openapi('IssueDetailProperties')

export const IssueQuery = z.object({
  bbox: z.string().optional().openapi({ example: '102.50,24.32,102.58,24.38' }),
  category: z.string().optional().openapi({ description: 'Comma-separated category codes' }),
  status: z
    .string()
    .optional()
    .openapi({ description: `Comma-separated: ${ISSUE_STATUSES.join(', ')}, or open / overdue` }),
  from: z.string().optional().openapi({ description: 'Reported at or after (ISO date or date-time)' }),
  to: z.string().optional().openapi({ description: 'Reported before (ISO date or date-time)' }),
  grid: z.coerce.number().int().positive().optional().openapi({ description: 'Grid id at any level' }),
  limit: z.coerce.number().int().positive().max(1_000_000).optional(),
})
