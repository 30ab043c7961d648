import type { Kysely } from 'kysely'
import type { Database } from '../db/database.ts'
import { CATEGORIES } from './categories.ts'

/**
 * Adds the product's built-in categories that the database lacks. Existing rows are left as
 * they are, so a city's own limits survive upgrades.
 */
export async function syncCategories(db: Kysely<Database>): Promise<void> {
  await db
    .insertInto('issue_categories')
    .values(
      CATEGORIES.map((c, sort) => ({
        code: c.code,
        name_zh: c.nameZh,
        name_en: c.nameEn,
        group_code: c.group,
        limit_value: c.limit.value,
        limit_unit: c.limit.unit,
        sort,
      })),
    )
    .onConflict((oc) => oc.column('code').doNothing())
    .execute()
}
