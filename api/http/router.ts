import { OpenAPIHono } from '@hono/zod-openapi'
import type { AppEnv } from './env.ts'
import { errorBody } from '../errors.ts'

interface Issue {
  path: PropertyKey[]
  message: string
  code?: string
}

/**
 * The first failing field decides the error code, so a client can tell an unknown category
 * from a bad coordinate without parsing messages. Every failing field is listed in details.
 */
const CODE_BY_FIELD: [RegExp, string][] = [
  [/(^|\.)category$/, 'unknown_category'],
  [/^geometry\.type$/, 'invalid_geometry_type'],
  [/^geometry\.coordinates/, 'invalid_coordinates'],
  [/^geometry$/, 'invalid_geometry'],
  [/^type$/, 'not_a_feature'],
]

export function validationError(issues: Issue[], target: string) {
  const details = issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }))
  const first = details[0]
  const code = CODE_BY_FIELD.find(([re]) => re.test(first?.path ?? ''))?.[1] ?? `invalid_${target}`
  const where = first?.path ? `${first.path}: ` : ''
  return errorBody(code, `Invalid ${target}: ${where}${first?.message ?? 'failed validation'}`, details)
}

/** A sub-app whose request validation answers with the API's error shape. */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) {
        const target = result.target === 'json' ? 'body' : result.target
        return c.json(validationError(result.error.issues as Issue[], target), 400)
      }
    },
  })
}
