import type { Kysely, Selectable } from 'kysely'
import type { Database } from '../../db/database.ts'
import type { CheckMethod, ChecklistKind, ChecklistStatus, CivChecklistItemTable, Threshold } from '../../db/tables/civ-standard.table.ts'
import { notFound } from '../../errors.ts'
import type { SeedChecklist } from './seed-checklists.ts'

/** A checklist item as the API and the other civ modules see it. */
export interface Item {
  id: number
  checklistId: number
  groupKey: string
  code: string
  text: string
  textEn: string
  weight: number
  method: CheckMethod
  threshold: Threshold | null
  autoSource: string | null
  caseCategory: string | null
  sort: number
}

export interface ChecklistHead {
  id: number
  kind: ChecklistKind
  version: number
  title: string
  titleEn: string
  status: ChecklistStatus
  source: string | null
  note: string | null
  createdBy: string | null
  createdAt: string
}

export interface Checklist extends ChecklistHead {
  items: Item[]
}

export const toItem = (r: Selectable<CivChecklistItemTable>): Item => ({
  id: r.id,
  checklistId: r.checklist_id,
  groupKey: r.group_key,
  code: r.code,
  text: r.text,
  textEn: r.text_en,
  weight: Number(r.weight),
  method: r.method,
  threshold: r.threshold ?? null,
  autoSource: r.auto_source,
  caseCategory: r.case_category,
  sort: r.sort,
})

type Db = Kysely<Database>

const headColumns = ['id', 'kind', 'version', 'title', 'title_en', 'status', 'source', 'note', 'created_by', 'created_at'] as const
const toHead = (r: { id: number; kind: ChecklistKind; version: number; title: string; title_en: string; status: ChecklistStatus; source: string | null; note: string | null; created_by: string | null; created_at: Date }): ChecklistHead => ({
  id: r.id,
  kind: r.kind,
  version: r.version,
  title: r.title,
  titleEn: r.title_en,
  status: r.status,
  source: r.source,
  note: r.note,
  createdBy: r.created_by,
  createdAt: new Date(r.created_at).toISOString(),
})

export async function checklistItems(db: Db, checklistId: number): Promise<Item[]> {
  const rows = await db.selectFrom('civ_checklist_items').selectAll().where('checklist_id', '=', checklistId).orderBy('sort').orderBy('id').execute()
  return rows.map(toItem)
}

/** One version with its items; 404 when it does not exist. */
export async function getChecklist(db: Db, id: number): Promise<Checklist> {
  const head = await db.selectFrom('civ_checklists').select(headColumns).where('id', '=', id).executeTakeFirst()
  if (!head) throw notFound('checklist', id)
  return { ...toHead(head), items: await checklistItems(db, id) }
}

/** Every version (newest first), optionally of one kind. */
export async function listChecklists(db: Db, kind?: ChecklistKind): Promise<(ChecklistHead & { items: number; totalWeight: number })[]> {
  let q = db
    .selectFrom('civ_checklists as c')
    .leftJoin('civ_checklist_items as i', 'i.checklist_id', 'c.id')
    .select(['c.id', 'c.kind', 'c.version', 'c.title', 'c.title_en', 'c.status', 'c.source', 'c.note', 'c.created_by', 'c.created_at'])
    .select((eb) => [eb.fn.count<string>('i.id').as('items'), eb.fn.coalesce(eb.fn.sum<number>('i.weight'), eb.lit(0)).as('total_weight')])
    .groupBy('c.id')
    .orderBy('c.kind')
    .orderBy('c.version', 'desc')
  if (kind) q = q.where('c.kind', '=', kind)
  const rows = await q.execute()
  return rows.map((r) => ({ ...toHead(r), items: Number(r.items), totalWeight: Math.round(Number(r.total_weight) * 1e9) / 1e9 }))
}

/** The active version of a kind: `{id, version, items}` (the contract other civ modules call). */
export async function activeChecklist(db: Db, kind: ChecklistKind): Promise<{ id: number; version: number; title: string; titleEn: string; items: Item[] }> {
  const head = await db.selectFrom('civ_checklists').select(['id', 'version', 'title', 'title_en']).where('kind', '=', kind).where('status', '=', 'active').executeTakeFirst()
  if (!head) throw notFound(`active ${kind} checklist`, kind)
  return { id: head.id, version: head.version, title: head.title, titleEn: head.title_en, items: await checklistItems(db, head.id) }
}

export interface NewItem {
  groupKey: string
  code: string
  text: string
  textEn: string
  weight: number
  method: CheckMethod
  threshold?: Threshold | null
  autoSource?: string | null
  caseCategory?: string | null
}

/**
 * Inserts a version of a kind with its items (sort = position) and makes it the active one,
 * retiring the version active before. Runs in the caller's transaction.
 */
export async function insertVersion(
  trx: Db,
  head: { kind: ChecklistKind; title: string; titleEn: string; source: string | null; note: string | null; createdBy: string | null; createdAt?: Date },
  items: NewItem[],
): Promise<number> {
  const last = await trx.selectFrom('civ_checklists').select((eb) => eb.fn.max('version').as('v')).where('kind', '=', head.kind).executeTakeFirst()
  await trx.updateTable('civ_checklists').set({ status: 'retired' }).where('kind', '=', head.kind).where('status', '=', 'active').execute()
  const { id } = await trx
    .insertInto('civ_checklists')
    .values({
      kind: head.kind,
      version: Number(last?.v ?? 0) + 1,
      title: head.title,
      title_en: head.titleEn,
      status: 'active',
      source: head.source,
      note: head.note,
      created_by: head.createdBy,
      ...(head.createdAt ? { created_at: head.createdAt } : {}),
    } as never)
    .returning('id')
    .executeTakeFirstOrThrow()
  if (items.length) {
    await trx
      .insertInto('civ_checklist_items')
      .values(
        items.map((it, i) => ({
          checklist_id: id,
          group_key: it.groupKey,
          code: it.code,
          text: it.text,
          text_en: it.textEn,
          weight: it.weight,
          method: it.method,
          threshold: it.threshold ? JSON.stringify(it.threshold) : null,
          auto_source: it.autoSource ?? null,
          case_category: it.caseCategory ?? null,
          sort: i + 1,
        })),
      )
      .execute()
  }
  return id
}

/** Version 1 of a seed checklist (the demo step; an empty database gets them too via seedChecklists). */
export async function insertSeedChecklist(trx: Db, seed: SeedChecklist, createdAt?: Date): Promise<number> {
  return insertVersion(
    trx,
    { kind: seed.kind, title: seed.title, titleEn: seed.titleEn, source: seed.source, note: null, createdBy: 'seed', createdAt },
    seed.items.map((s) => ({
      groupKey: s.group,
      code: s.code,
      text: s.text,
      textEn: s.textEn,
      weight: s.weight,
      method: s.method,
      threshold: s.threshold ?? null,
      autoSource: s.auto ?? null,
      caseCategory: s.caseCategory ?? null,
    })),
  )
}
