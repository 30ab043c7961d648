/**
 * Cluster fixtures: a handful of cases placed at known tile positions in a bare `issues` table
 * (in-memory PGlite), the tile rendered by the JS tiler, decoded, and compared with features
 * worked out by hand.
 */
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connect, type DatabaseHandle } from '../../api/db/connect.ts'
import { CLUSTER_CELL, renderCasesTile, SINGLE_ZOOM } from '../../api/tiles/cases.ts'
import { tileBounds, type TileId } from '../../api/tiles/tile.ts'
import { caseCount, decodeTile } from '../support/mvt.ts'

const TILE: TileId = { z: 14, x: 13050, y: 7250 }
const NOW = new Date('2026-11-23T08:00:00Z')
const PAST = '2026-11-20T00:00:00Z'
const FUTURE = '2026-12-01T00:00:00Z'

/** lon/lat at tile units (px, py) + half a unit, so floor() lands on (px, py) at TILE's zoom. */
function at(id: TileId, px: number, py: number): [number, number] {
  const n = 2 ** id.z
  const mx = id.x + (px + 0.5) / 4096
  const my = id.y + (py + 0.5) / 4096
  return [(mx / n) * 360 - 180, (Math.atan(Math.sinh(Math.PI * (1 - (2 * my) / n))) * 180) / Math.PI]
}

// [id, px, py, status, category, deadline]
const CASES: [number, number, number, string, string, string | null][] = [
  // cell (0, 0): three cases, two handling (one overdue), one closed
  [1, 10, 20, 'handling', 'clutter', PAST],
  [2, 30, 40, 'handling', 'clutter', FUTURE],
  [3, 50, 0, 'closed', 'flyposting', PAST],
  // cell (1, 0): alone
  [4, 600, 100, 'opened', 'exposed_rubbish', null],
  // cell (7, 7): a tie between two statuses → the first by name
  [5, 4000, 4000, 'opened', 'clutter', PAST],
  [6, 4001, 4095, 'dispatched', 'clutter', FUTURE],
]

let h: DatabaseHandle
beforeAll(async () => {
  h = await connect({})
  await sql`create table issues (id integer primary key, lon double precision, lat double precision, status text, category text,
    deadline_at timestamptz, reported_at timestamptz default now(), grid_path integer[] default '{1}', department text)`.execute(h.db)
  for (const [id, px, py, status, category, deadline] of CASES) {
    const [lon, lat] = at(TILE, px, py)
    await sql`insert into issues (id, lon, lat, status, category, deadline_at) values (${id}, ${lon}, ${lat}, ${status}, ${category}, ${deadline})`.execute(h.db)
  }
  // one just past the east edge and one just past the south edge: in the neighbours, not here
  const [e, s] = [tileBounds(TILE)[2], tileBounds(TILE)[1]]
  await sql`insert into issues (id, lon, lat, status, category) values (7, ${e + 1e-9}, ${at(TILE, 10, 10)[1]}, 'opened', 'clutter'), (8, ${at(TILE, 10, 10)[0]}, ${s - 1e-9}, 'opened', 'clutter')`.execute(h.db)
}, 60_000)
afterAll(() => h?.close())

const render = async (tile: TileId) => decodeTile(await renderCasesTile(h.db, 'js', tile, {}, sql<boolean>`true`, NOW)).cases?.features ?? []
const byPosition = <T extends { geometry: [number, number][][] }>(fs: T[]) => [...fs].sort((a, b) => a.geometry[0][0][1] - b.geometry[0][0][1] || a.geometry[0][0][0] - b.geometry[0][0][0])

describe('cases tile clusters', () => {
  it('uses 512-unit cells below z16', () => expect([CLUSTER_CELL, SINGLE_ZOOM]).toEqual([512, 16]))

  it('makes one feature per occupied cell at the mean position, with counts and the dominant status', async () => {
    const features = byPosition(await render(TILE))
    expect(features).toEqual(
      byPosition([
        { id: undefined, type: 'point', geometry: [[[30, 20]]], properties: { count: 3, overdue: 1, open: 2, status: 'handling' } },
        { id: 4, type: 'point', geometry: [[[600, 100]]], properties: { id: 4, overdue: 0, open: 1, status: 'opened', category: 'exposed_rubbish' } },
        // (4000 + 4001) / 2 = 4000.5 rounds up; (4000 + 4095) / 2 = 4047.5 → 4048
        { id: undefined, type: 'point', geometry: [[[4001, 4048]]], properties: { count: 2, overdue: 1, open: 2, status: 'dispatched' } },
      ]),
    )
    expect(caseCount(features)).toBe(6)
  })

  it('splits the same cases over the four children, which sum to the parent', async () => {
    const children = [0, 1].flatMap((dx) => [0, 1].map((dy) => ({ z: TILE.z + 1, x: TILE.x * 2 + dx, y: TILE.y * 2 + dy })))
    const counts = await Promise.all(children.map(async (c) => caseCount(await render(c))))
    // children (0,0) (0,1) (1,0) (1,1): cases 1–4 in the first, 5 and 6 in the last
    expect(counts).toEqual([4, 0, 0, 2])
  })

  it('draws every case alone from z16', async () => {
    const z16 = { z: 16, x: TILE.x * 4, y: TILE.y * 4 }
    const features = await render(z16)
    // the z16 tile is the z14 tile's first 1024 × 1024 units
    expect(features.map((f) => f.id).sort()).toEqual([1, 2, 3, 4])
    const one = features.find((f) => f.id === 1)!
    expect(one.properties).toEqual({ id: 1, overdue: 1, open: 1, status: 'handling', category: 'clutter' })
    // (10, 20) at z14 is (40, 80) + the fraction at z16
    expect(one.geometry[0][0]).toEqual([42, 82])
  })
})
