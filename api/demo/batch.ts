import type { Insertable, Kysely } from 'kysely'
import type { Database } from '../db/database.ts'

/** PostgreSQL takes at most 65,535 parameters a statement; stay well below it. */
const MAX_PARAMETERS = 30_000

/** Inserts rows in multi-row statements sized to the parameter limit; reports progress. */
export async function insertInBatches<T extends keyof Database & string>(
  db: Kysely<Database>,
  table: T,
  rows: Insertable<Database[T]>[],
  onProgress?: (done: number, total: number) => void,
): Promise<void> {
  if (rows.length === 0) return
  const columns = Object.keys(rows[0] as object).length
  const size = Math.max(1, Math.floor(MAX_PARAMETERS / columns))
  for (let i = 0; i < rows.length; i += size) {
    await db
      .insertInto(table)
      .values(rows.slice(i, i + size) as never)
      .execute()
    onProgress?.(Math.min(i + size, rows.length), rows.length)
  }
}
