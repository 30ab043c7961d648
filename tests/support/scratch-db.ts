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

/** Drops a database once its connections have closed (forcing them after two seconds). */
export async function dropDatabase(baseUrl: string, name: string): Promise<void> {
  await withAdmin(baseUrl, async (c) => {
    for (let i = 0; i < 20; i++) {
      const { rows } = await c.query('select count(*)::int as n from pg_stat_activity where datname = $1', [name])
      if (rows[0].n === 0) break
      await new Promise((r) => setTimeout(r, 100))
    }
    await c.query(`drop database if exists ${quote(name)} with (force)`)
  })
}

export function uniqueName(prefix: string): string {
  return `${prefix}_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`
}
