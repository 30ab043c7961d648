import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { call, openTestApp, type TestApp } from './harness.ts'

let t: TestApp
beforeAll(async () => {
  t = await openTestApp()
})
afterAll(() => t?.close())

describe('health and description', () => {
  it('reports ok and the engine in use', async () => {
    const { status, body } = await call(t.app, '/api/health')
    expect(status).toBe(200)
    expect(body).toEqual({ status: 'ok', db: t.engine })
  })

  it('publishes an OpenAPI document covering every route', async () => {
    const { status, body } = await call(t.app, '/api/openapi.json')
    expect(status).toBe(200)
    expect(body.openapi).toMatch(/^3\.1/)
    const paths = Object.keys(body.paths)
    for (const p of ['/grids', '/grids/{id}', '/issues', '/issues/{id}', '/kiosks', '/compounds', '/buildings', '/facilities', '/patrols', '/analysis/kiosk-coverage', '/district', '/categories', '/roads']) {
      expect(paths).toContain(p)
    }
    // The request schema that validates POST /issues is the documented one.
    const post = body.paths['/issues'].post
    const schema = JSON.stringify(post.requestBody.content['application/json'].schema)
    expect(schema).toContain('NewIssue')
    expect(JSON.stringify(body.components.schemas.NewIssue)).toContain('exposed_rubbish')
  })

  it('answers unknown routes with the error shape', async () => {
    const { status, body } = await call(t.app, '/api/nope')
    expect(status).toBe(404)
    expect(body.error.code).toBe('not_found')
    expect(body.error.message).toContain('/api/nope')
  })
})
