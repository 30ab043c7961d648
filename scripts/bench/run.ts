/**
 * npm run bench — every candidate next to the baseline it replaces, same process, same input:
 * the committed demo district and seeded synthetic workloads. Prints Markdown for BENCHMARKS.md.
 */
import { booleanPointInPolygon } from '@turf/turf'
import type { Feature, MultiPolygon, Polygon } from 'geojson'
import { sql } from 'kysely'
import { createApp } from '../../api/app.ts'
import { connect } from '../../api/db/connect.ts'
import { migrateToLatest } from '../../api/db/migrate.ts'
import { DEMO_DIR, loadDemo } from '../../api/demo/load.ts'
import { bboxIntersects } from '../../api/http/sql.ts'
import { syncCategories } from '../../api/issues/reference.ts'
import { buildingCentroid, createPolygonIndex, haversineLonLat, kioskCoverage } from '../../geo/index.ts'
import { generateIssues } from '../demo/issues.ts'
import { DEMO_SEED, loadDemoLayers } from '../demo/layers.ts'
import { createRng } from '../demo/random.ts'
import { HEADER, fmt, row, time, type Result } from './measure.ts'
import { benchSiting } from './siting.ts'
import { benchTopology } from './topology.ts'
import { benchCoverage } from './coverage.ts'
import { benchLive } from './live.ts'
import { benchCases } from './cases.ts'
import { benchCalendar } from './calendar.ts'
import { benchPatrol } from './patrol.ts'
import { benchTiles } from './tiles.ts'
import { benchHotspots } from './hotspots.ts'
import { benchWall } from './wall.ts'

const out = (s = '') => console.log(s)

// `npm run bench -- tiles`: only the vector-tile bench (L workload, 1M cases, real Chromium; minutes)
if (process.argv.includes('tiles')) {
  await benchTiles(out)
  process.exit(0)
}

// `npm run bench -- wall`: only the wall's live-event frames (real Chromium, a demo server; about a minute)
if (process.argv.includes('wall')) {
  await benchWall(out)
  process.exit(0)
}

type Pt = { lon: number; lat: number; households: number }

function bruteCoverage(buildings: Pt[], kiosks: { lon: number; lat: number }[], radius: number) {
  let covered = 0
  for (const b of buildings) {
    for (const k of kiosks) {
      if (haversineLonLat(b.lon, b.lat, k.lon, k.lat) <= radius) {
        covered++
        break
      }
    }
  }
  return covered
}

const layers = loadDemoLayers(DEMO_DIR)
const buildings = layers.buildings.features.map((f) => {
  const [lon, lat] = buildingCentroid(f.geometry)
  return { id: f.properties.id, lon, lat, households: f.properties.households }
})
const kiosks = layers.kiosks.features.map((f) => ({ lon: f.geometry.coordinates[0], lat: f.geometry.coordinates[1] }))
const grids3 = layers.grids.features.filter((g) => g.properties.level === 3) as Feature<Polygon | MultiPolygon>[]
const now = new Date()
const issues = generateIssues(layers, { seed: DEMO_SEED, now })

out(`Demo district: ${buildings.length} buildings, ${kiosks.length} kiosks and drop points, ${grids3.length} level-3 grids, ${issues.length} issues.`)
out(`Node ${process.version} on ${process.arch}; ${now.toISOString()}`)
out()
out(HEADER)

// 1. Kiosk coverage at 300 m on the demo: kd-tree + exact haversine vs brute force over all pairs.
if (kioskCoverage(buildings, kiosks, { radius: 300 }).buildings.covered !== bruteCoverage(buildings, kiosks, 300)) {
  throw new Error('kioskCoverage disagrees with the brute force on the demo')
}
out(
  row(
    await time(`kioskCoverage 300 m, demo (${buildings.length} × ${kiosks.length})`, () => kioskCoverage(buildings, kiosks, { radius: 300 })),
    await time('brute force haversine, all pairs', () => bruteCoverage(buildings, kiosks, 300), { runs: 3, warmup: 1 }),
  ),
)

// 2. The same at M scale: 100,000 buildings and 2,000 kiosks over 10 × 10 km (seeded). The brute
//    force runs on the first 5,000 buildings and is scaled ×20 (it is linear in the buildings).
const random = createRng(42, 'bench')
const synthetic = (n: number) => Array.from({ length: n }, (_, id) => ({ id, lon: 102.5 + random() * 0.099, lat: 24.3 + random() * 0.09, households: 1 + Math.floor(random() * 60) }))
const bigBuildings = synthetic(100_000)
const bigKiosks = synthetic(2_000)
const sample = bigBuildings.slice(0, 5_000)
const fastBig = await time('kioskCoverage 300 m, 100,000 × 2,000', () => kioskCoverage(bigBuildings, bigKiosks, { radius: 300 }), { runs: 5, warmup: 1 })
const bruteSample = await time('brute force on 5,000 buildings', () => bruteCoverage(sample, bigKiosks, 300), { runs: 3, warmup: 1 })
const bruteScaled: Result = { name: 'brute force, all pairs (5,000-building run ×20)', medianMs: bruteSample.medianMs * 20, runs: bruteSample.runs }
out(row(fastBig, bruteScaled))

// 3. Assigning issues to their level-3 grid: flatbush + exact test vs Turf over every grid.
const points = issues.slice(0, 2_000).map((i) => [i.lon, i.lat] as [number, number])
const index = createPolygonIndex(grids3)
const turfLocate = (p: [number, number]) => grids3.find((g) => booleanPointInPolygon(p, g))?.properties?.id ?? null
out(
  row(
    await time(`createPolygonIndex.locate, ${points.length} issues`, () => points.map((p) => index.locate(p[0], p[1]))),
    await time(`turf booleanPointInPolygon over ${grids3.length} grids`, () => points.map(turfLocate), { runs: 3, warmup: 1 }),
  ),
)

// 4. A bbox window over 100,000 buildings in PGlite: GiST index vs the same query without it.
const idx = await connect({})
await migrateToLatest(idx.db)
await sql`insert into grids (id, code, name, name_en, level, kind, parent_id, path, leader, unit, area_m2, geom, minx, miny, maxx, maxy)
          values (1, '990102001000000', 'g', 'g', 0, 'street', null, '{1}', '{}', '{}', 1, '{}', 102, 24, 103, 25)`.execute(idx.db)
await sql`insert into buildings (id, name, use, floors, households, grid_id, grid_path, cx, cy, geom, minx, miny, maxx, maxy)
          select i, 'b', 'residential', 6, 24, 1, '{1}', x, y, '{}', x, y, x + 0.0004, y + 0.0002
          from (select i, 102.3 + (i % 400) * 0.001 as x, 24.2 + (i / 400) * 0.001 as y from generate_series(1, 100000) i) s`.execute(idx.db)
await sql`analyze`.execute(idx.db)
const windowQuery = idx.db.selectFrom('buildings').select('id').where(bboxIntersects([102.5, 24.3, 102.51, 24.31]))
const withIndex = await time('bbox window, 100,000 buildings, GiST (PGlite)', () => windowQuery.execute())
await sql`set enable_indexscan = off`.execute(idx.db)
await sql`set enable_bitmapscan = off`.execute(idx.db)
const withoutIndex = await time('same query, index disabled (seq scan)', () => windowQuery.execute())
await idx.close()
out(row(withIndex, withoutIndex))

// 5. First load and the coverage endpoint end to end on embedded PGlite.
const handle = await connect({})
await migrateToLatest(handle.db)
await syncCategories(handle.db)
const load = await loadDemo(handle.db, { log: () => {}, now })
const app = createApp({ db: handle.db, engine: handle.engine })
const endpoint = async (path: string) =>
  time(`GET ${path}`, async () => {
    const res = await app.request(path)
    await res.arrayBuffer()
  })
const results = [
  await endpoint('/api/analysis/kiosk-coverage?radius=300'),
  await endpoint('/api/issues'),
  await endpoint('/api/buildings'),
  await endpoint('/api/grids?level=3'),
]
await handle.close()
out()
out('| measure (embedded PGlite, in memory) | median |\n|---|---|')
out(`| load the demo district (validate, generate issues and patrols, insert, analyze) | ${fmt(load.ms)} (one run) |`)
for (const r of results) out(`| ${r.name} | ${fmt(r.medianMs)} |`)

out()
await benchSiting(out)
await benchTopology(out)
out()
out('## coverage (S/M/L)')
await benchCoverage(out)
await benchLive(out)
await benchCases(out)
await benchCalendar(out)
await benchPatrol(out)
await benchHotspots(out)
await benchWall(out)
