/**
 * Draws the demo layers to an SVG (and a PNG through headless Chromium) to look at the
 * district at any zoom: `npx tsx scripts/demo/preview.ts DIR OUT.png [lon lat widthMetres]`.
 * A development aid; nothing imports it.
 */
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import type { Geometry, Position } from 'geojson'
import { toXY } from './frame.ts'
import { loadDemoLayers } from './layers.ts'

const [dir, out, lon, lat, width] = process.argv.slice(2)
const layers = loadDemoLayers(dir)
const W = 1600
const H = 1200
let view: [number, number, number, number] // minx, miny, maxx, maxy in metres
if (lon) {
  const [x, y] = toXY(Number(lon), Number(lat))
  const w = Number(width ?? 1500)
  view = [x - w / 2, y - (w * H) / W / 2, x + w / 2, y + (w * H) / W / 2]
} else {
  const ring = layers.district.features[0].geometry.coordinates[0].map((p) => toXY(p[0], p[1]))
  const xs = ring.map((p) => p[0])
  const ys = ring.map((p) => p[1])
  const w = Math.max(Math.max(...xs) - Math.min(...xs), ((Math.max(...ys) - Math.min(...ys)) * W) / H) * 1.04
  const cx = (Math.max(...xs) + Math.min(...xs)) / 2
  const cy = (Math.max(...ys) + Math.min(...ys)) / 2
  view = [cx - w / 2, cy - (w * H) / W / 2, cx + w / 2, cy + (w * H) / W / 2]
}
const scale = W / (view[2] - view[0])
const px = (p: Position) => {
  const [x, y] = toXY(p[0], p[1])
  return `${((x - view[0]) * scale).toFixed(1)},${((view[3] - y) * scale).toFixed(1)}`
}
const visible = (g: Geometry) => {
  const pts = g.type === 'Point' ? [g.coordinates] : g.type === 'LineString' ? g.coordinates : g.type === 'Polygon' ? g.coordinates[0] : []
  return pts.some((p) => {
    const [x, y] = toXY(p[0], p[1])
    return x > view[0] - 500 && x < view[2] + 500 && y > view[1] - 500 && y < view[3] + 500
  })
}
const parts: string[] = []
const path = (g: Geometry, style: string, always = false) => {
  if (!always && !visible(g)) return
  if (g.type === 'Polygon') parts.push(`<path d="${g.coordinates.map((r) => 'M' + r.map(px).join('L') + 'Z').join('')}" ${style}/>`)
  else if (g.type === 'LineString') parts.push(`<path d="M${g.coordinates.map(px).join('L')}" fill="none" ${style}/>`)
  else if (g.type === 'Point') {
    const [x, y] = px(g.coordinates).split(',')
    parts.push(`<circle cx="${x}" cy="${y}" r="${scale > 1 ? 5 : 2.5}" ${style}/>`)
  }
}
const zoom = scale > 0.4
const GREEN: Record<string, string> = { farmland: '#e9efc7', forest: '#bcd9a4', park: '#a8d99a', square: '#e8dcc8', compound_green: '#b9e0a5', fitness: '#f3c26b' }
// the district is drawn even when none of its vertices is in view (zoomed in on the town)
for (const f of layers.district.features) path(f.geometry, 'fill="#f7f4ee" stroke="#444" stroke-width="3"', true)
for (const f of layers.compounds.features) path(f.geometry, `fill="${f.properties.old ? '#f1e1d4' : '#e9e6f2'}" stroke="#b9a" stroke-width="0.6"`)
for (const f of layers.green.features) path(f.geometry, `fill="${GREEN[f.properties.kind]}" stroke="none"`)
for (const f of layers.water.features)
  path(f.geometry, f.geometry.type === 'Polygon' ? 'fill="#9cc9ec" stroke="#6aa6d6" stroke-width="0.8"' : `stroke="#6aa6d6" stroke-width="${Math.max(1, 6 * scale)}"`)
const ROAD: Record<string, [string, number]> = { primary: ['#e8913b', 22], secondary: ['#f2c15a', 16], residential: ['#ffffff', 9], rural: ['#d9b98c', 6], footway: ['#c07a7a', 1.6], path: ['#aa8866', 1.5] }
for (const cls of ['rural', 'residential', 'secondary', 'primary', 'footway'])
  for (const f of layers.roads.features)
    if (f.properties.class === cls) path(f.geometry, `stroke="${cls === 'residential' && !zoom ? '#bbb' : ROAD[cls][0]}" stroke-width="${Math.max(cls === 'footway' ? 0.4 : 1.2, ROAD[cls][1] * scale)}" stroke-linejoin="round"`)
for (const f of layers.buildings.features) path(f.geometry, `fill="${f.properties.use === 'residential' ? '#9b8fb8' : f.properties.use === 'village_house' ? '#b58d6b' : '#c7a27c'}" stroke="#665" stroke-width="${zoom ? 0.6 : 0}"`)
const level = zoom ? 3 : 1
for (const f of layers.grids.features)
  if (f.properties.level <= level) path(f.geometry, `fill="none" stroke="${['#c00', '#d55', '#58c', '#8a8'][f.properties.level]}" stroke-width="${[3, 2, 1.3, 0.8][f.properties.level]}" stroke-dasharray="${f.properties.level > 1 ? '6,4' : 'none'}"`)
if (zoom) {
  for (const f of layers.kiosks.features) path(f.geometry, `fill="${f.properties.kind === 'kiosk' ? '#0a0' : '#7c7'}" stroke="#050"`)
  for (const f of layers.facilities.features) path(f.geometry, 'fill="#d22" stroke="#600"')
}
const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}"><rect width="${W}" height="${H}" fill="#ddd"/>${parts.join('\n')}</svg>`
const svgPath = out.replace(/\.png$/, '.svg')
writeFileSync(svgPath, svg)
execFileSync('/usr/bin/chromium', ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic', `--screenshot=${out}`, `--window-size=${W},${H}`, `file://${svgPath}`], { stdio: 'ignore' })
console.log(`wrote ${out}`)
