import pg from 'pg'

/**
 * Scratch databases on a PostgreSQL server for tests: each run (or test file) gets its own,
 * created from a template when one is given, and dropped afterwards.
 */
export function databaseUrl(baseUrl: string, name: string): string {
  const url = new URL(baseUrl)
  url.pathname = `/${name}`
  return url.toString()
}

async function withAdmin<T>(baseUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: baseUrl })
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end()
  }
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`

export async function createDatabase(baseUrl: string, name: string, template?: string): Promise<string> {
  await withAdmin(baseUrl, (c) => c.query(`create database ${quote(name)}${template ? ` template ${quote(template)}` : ''}`))
  return databaseUrl(baseUrl, name)
}

export async function dropDatabase(baseUrl: string, name: string): Promise<void> {
  await withAdmin(baseUrl, (c) => c.query(`drop database if exists ${quote(name)} with (force)`))
}

export function uniqueName(prefix: string): string {
  return `${prefix}_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`
}
