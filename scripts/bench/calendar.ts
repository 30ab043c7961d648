/**
 * Calendar and overdue sweep (issue 4, "Time limits"): working-time arithmetic against a
 * minute-stepping baseline, the sweep's query with and without its partial index, and the
 * sweep's marking latency with the production timer.
 *
 *   npx tsx scripts/bench/calendar.ts
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx scripts/bench/calendar.ts
 *
 * The database part uses a fresh database with one grid and 20,000 synthetic cases: 19,800 closed
 * with past deadlines (what accumulates over a year) and 200 running, so the sweep must find the
 * few live rows among many dead ones.
 */
import { sql } from 'kysely'
import { pathToFileURL } from 'node:url'
import { chinaHolidayDays } from '../../api/calendar/holidays-cn.ts'
import { createCalendar, HOUR_MS, isWorkingDay, localDayOf, MINUTE_MS, type WorkingCalendar } from '../../api/calendar/model.ts'
import { startOverdueSweep, sweepOverdue } from '../../api/calendar/sweep.ts'
import { addWorkingTime } from '../../api/calendar/working-time.ts'
import { connect, type DatabaseHandle } from '../../api/db/connect.ts'
import { migrateToLatest } from '../../api/db/migrate.ts'
import { syncCategories } from '../../api/issues/reference.ts'
import { createDatabase, dropDatabase, uniqueName } from '../../tests/support/scratch-db.ts'
import { createRng } from '../demo/random.ts'
import { HEADER, fmt, row, time } from './measure.ts'

type Out = (s?: string) => void

/** Baseline: walk minute by minute, counting working minutes. */
function addByMinutes(start: number, minutes: number, cal: WorkingCalendar): number {
  let t = Math.ceil(start / MINUTE_MS) * MINUTE_MS
  let left = minutes
  while (left > 0) {
    const day = localDayOf(t, cal)
    const minute = Math.floor((t + cal.utcOffsetMinutes * MINUTE_MS) / MINUTE_MS) % 1440
    if (isWorkingDay(day, cal) && cal.periods.some((p) => minute >= p.start && minute < p.end)) left--
    t += MINUTE_MS
  }
  return t
}

async function fill(h: DatabaseHandle) {
  await migrateToLatest(h.db)
  await syncCategories(h.db)
  const geom = JSON.stringify({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] })
  const base = { name_en: 'g', kind: 'grid', leader: '{}', unit: '{}', area_m2: 1, geom, minx: 0, miny: 0, maxx: 1, maxy: 1 }
  await h.db.insertInto('grids').values({ ...base, id: 1, code: '000000000000001', name: '街道', level: 0, parent_id: null, path: [1] } as never).execute()
  await sql`insert into issues (category, description, status, source, lon, lat, grid_id, grid_path, reported_at, deadline_at)
    select 'exposed_rubbish', 'bench', case when i % 100 = 0 then 'handling' else 'closed' end, 'public', 0.5, 0.5, 1, '{1}',
      now() - interval '200 days', case when i % 100 = 0 then now() + interval '30 days' else now() - (i || ' minutes')::interval end
    from generate_series(1, 20000) as i`.execute(h.db)
  await sql`analyze issues`.execute(h.db)
}

async function sweepPart(out: Out, engine: string, h: DatabaseHandle, rows: string[]) {
  await fill(h)
  const now = new Date()
  const indexed = await time(`${engine}: sweep query, partial index (20k cases, 200 running)`, () => sweepOverdue(h.db, now), { runs: 21, warmup: 3 })
  await sql`drop index issues_overdue_sweep_idx`.execute(h.db)
  const scan = await time(`${engine}: same sweep without the index`, () => sweepOverdue(h.db, now), { runs: 21, warmup: 3 })
  await sql`create index issues_overdue_sweep_idx on issues (deadline_at) where overdue_at is null and deadline_at is not null and status in ('opened', 'returned', 'dispatched', 'handling')`.execute(h.db)
  rows.push(row(indexed, scan))

  // latency: 20 running cases fall due over 30 s; the production 15 s timer marks them
  const ids = (await h.db.selectFrom('issues').select('id').where('status', '=', 'handling').orderBy('id').limit(20).execute()).map((r) => r.id)
  const t0 = Date.now() + 2000
  for (const [k, id] of ids.entries()) await h.db.updateTable('issues').set({ deadline_at: new Date(t0 + k * 1500) }).where('id', '=', id).execute()
  const lags: number[] = []
  const sweep = startOverdueSweep(h.db, {
    onMarked: (marks) => {
      const at = Date.now()
      for (const m of marks) lags.push(at - +m.deadlineAt)
    },
  })
  while (lags.length < ids.length && Date.now() < t0 + 90_000) await new Promise((r) => setTimeout(r, 100))
  sweep.stop()
  lags.sort((a, b) => a - b)
  out(`| ${engine} | ${lags.length} | ${fmt(lags[Math.floor(lags.length / 2)])} | ${fmt(lags.at(-1)!)} |`)
}

export async function benchCalendar(out: Out): Promise<void> {
  const cal = createCalendar({ days: chinaHolidayDays() })
  const rng = createRng(20240501, 'calendar-bench')
  const starts = Array.from({ length: 200 }, () => Date.parse('2025-01-01T00:00:00+08:00') + Math.round(rng.range(0, 700 * 1440)) * MINUTE_MS)
  const rows: string[] = []
  for (const s of starts) if (+addWorkingTime(s, 15 * 7 * HOUR_MS, cal)! !== addByMinutes(s, 15 * 7 * 60, cal)) throw new Error(`disagree at ${new Date(s).toISOString()}`)
  const fast = await time('addWorkingTime, 15 working days × 200 starts', () => starts.forEach((s) => addWorkingTime(s, 15 * 7 * HOUR_MS, cal)))
  const slow = await time('minute-stepping baseline, same', () => starts.forEach((s) => addByMinutes(s, 15 * 7 * 60, cal)), { runs: 3, warmup: 1 })
  rows.push(row(fast, slow))

  out('### Overdue sweep: deadline passed → case marked (production timer, 15 s)')
  out()
  out('| engine | cases | median delay | max delay |')
  out('|---|---|---|---|')
  const pglite = await connect({})
  try {
    await sweepPart(out, 'PGlite', pglite, rows)
  } finally {
    await pglite.close()
  }
  const baseUrl = process.env.DATABASE_URL
  if (baseUrl) {
    const name = uniqueName('gridsight_bench_calendar')
    const h = await connect({ databaseUrl: await createDatabase(baseUrl, name) })
    try {
      await sweepPart(out, 'PostgreSQL', h, rows)
    } finally {
      await h.close()
      await dropDatabase(baseUrl, name)
    }
  }
  out()
  out(HEADER)
  for (const r of rows) out(r)
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  benchCalendar((s = '') => console.log(s)).then(
    () => process.exit(0),
    (e) => {
      console.error(e)
      process.exit(1)
    },
  )
}
