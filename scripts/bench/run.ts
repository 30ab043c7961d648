/**
 * npm run bench — every candidate next to the baseline it replaces, same process, same input
 * (the committed demo district, seeded). Prints a Markdown table for BENCHMARKS.md.
 */
import { booleanPointInPolygon } from '@turf/turf'
import type { Feature, MultiPolygon, Polygon } from 'geojson'
import { createApp } from '../../api/app.ts'
import { connect } from '../../api/db/connect.ts'
import { migrateToLatest } from '../../api/db/migrate.ts'
import { loadDemo } from '../../api/demo/load.ts'
import { syncCategories } from '../../api/issues/reference.ts'
import { buildingCentroid, createPolygonIndex, haversineLonLat, kioskCoverage } from '../../geo/index.ts'
import { DEMO_SEED, loadDemoLayers } from '../demo/layers.ts'
import { generateIssues } from '../demo/issues.ts'
import { DEMO_DIR } from '../../api/demo/load.ts'
import { HEADER, fmt, row, time } from './measure.ts'

const lines: string[] = []
const out = (s = '') => {
  lines.push(s)
  console.log(s)
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
out(`Machine: ${process.arch}, Node ${process.version}, ${new Date().toISOString()}`)
out()
out(HEADER)

// 1. Kiosk coverage at 300 m: kd-tree + exact haversine vs brute force over all pairs.
const bruteCoverage = () => {
  let covered = 0
  for (const b of buildings) {
    for (const k of kiosks) {
      if (haversineLonLat(b.lon, b.lat, k.lon, k.lat) <= 300) {
        covered++
        break
      }
    }
  }
  return covered
}
const fast = kioskCoverage(buildings, kiosks, { radius: 300 })
if (fast.buildings.covered !== bruteCoverage()) throw new Error('kioskCoverage disagrees with the brute force')
out(row(await time('kioskCoverage, 300 m (kdbush)', () => kioskCoverage(buildings, kiosks, { radius: 300 })), await time('brute force haversine, all pairs', bruteCoverage, { runs: 3, warmup: 1 })))

// 2. Assigning every issue to its level-3 grid: flatbush + exact test vs Turf over every grid.
const points = issues.map((i) => [i.lon, i.lat] as [number, number])
const index = createPolygonIndex(grids3)
const turfLocate = (p: [number, number]) => grids3.find((g) => booleanPointInPolygon(p, g))?.properties?.id ?? null
const sample = points.slice(0, 2000)
const indexed = await time(`createPolygonIndex.locate, ${sample.length} points`, () => sample.map((p) => index.locate(p[0], p[1])))
const turf = await time(`turf booleanPointInPolygon over ${grids3.length} grids`, () => sample.map(turfLocate), { runs: 3, warmup: 1 })
out(row(indexed, turf))

// 3. The coverage endpoint end to end on embedded PGlite, whole district.
const handle = await connect({})
await migrateToLatest(handle.db)
await syncCategories(handle.db)
const load = await loadDemo(handle.db, { log: () => {}, now })
const app = createApp({ db: handle.db, engine: handle.engine })
const endpoint = await time('GET /api/analysis/kiosk-coverage?radius=300 (PGlite, whole district)', async () => {
  const res = await app.request('/api/analysis/kiosk-coverage?radius=300')
  await res.arrayBuffer()
})
await handle.close()
out()
out(`| measure | value |\n|---|---|`)
out(`| demo load into in-memory PGlite | ${fmt(load.ms)} |`)
out(`| ${endpoint.name} | ${fmt(endpoint.medianMs)} median of ${endpoint.runs} |`)
