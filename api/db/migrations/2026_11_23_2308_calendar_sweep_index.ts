import { sql, type Kysely } from 'kysely'

/**
 * The overdue sweep reads only cases whose clock runs (waiting for dispatch or with a
 * department) and are not yet marked overdue: a partial index that holds just those, so the
 * sweep stays a short index range scan however many closed cases pile up. Replaces the broader
 * index of 2026_11_23_2246_calendar_limits. Frozen once landed.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists issues_deadline_live_idx`.execute(db)
  await sql`create index issues_overdue_sweep_idx on issues (deadline_at)
    where overdue_at is null and deadline_at is not null and status in ('opened', 'returned', 'dispatched', 'handling')`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists issues_overdue_sweep_idx`.execute(db)
  await sql`create index issues_deadline_live_idx on issues (deadline_at) where overdue_at is null and deadline_at is not null`.execute(db)
}
