/**
 * Water: a river (岚川河) passing south of the town and on as the county line, the lake the
 * district is named after (岚湖) north-east of the core, a reservoir in the northern hills, two
 * streams, and fish ponds added later beside hamlets. Everything else asks `clearOfWater`
 * before it builds.
 */
import { catmullRom, meander, strip } from './curves.ts'
import type { XY } from './frame.ts'
import { periodicNoise } from './noise.ts'
import { distToSegment, pointInRing, segmentsIntersect, signedArea } from './planar.ts'
import { districtPoint, type Plan } from './plan.ts'
import { createRng } from './random.ts'
import type { WaterKind } from './layers.ts'

export interface WaterBody {
  kind: WaterKind
  name: string | null
  /** polygon (open CCW ring) for river, lake and pond; undefined for streams */
  ring?: XY[]
  /** centre line for streams */
  line?: XY[]
  /** a river's centre line and half-width at each point: the strip `ring` is built from them */
  centre?: { line: XY[]; halfWidth: number[] }
}

export class Water {
  readonly bodies: WaterBody[] = []
  private buckets = new Map<number, { a: XY; b: XY; w: number }[]>()
  private areas: { kind: WaterKind; ring: XY[]; box: [number, number, number, number] }[] = []
  private static readonly CELL = 250

  add(body: WaterBody): void {
    this.bodies.push(body)
    if (body.centre) {
      // a strip is tested against its centre line: distance below the half-width is inside
      this.indexLine(body.centre.line, body.centre.halfWidth)
      return
    }
    if (body.ring) {
      const xs = body.ring.map((p) => p[0])
      const ys = body.ring.map((p) => p[1])
      this.areas.push({ kind: body.kind, ring: body.ring, box: [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)] })
      this.index(body.ring, true, 0)
    }
    if (body.line) this.index(body.line, false, 4)
  }

  private indexLine(line: readonly XY[], halfWidth: readonly number[]) {
    for (let i = 0; i + 1 < line.length; i++) this.index([line[i], line[i + 1]], false, Math.max(halfWidth[i], halfWidth[i + 1]) + 1)
  }

  private index(pts: readonly XY[], closed: boolean, w: number) {
    const n = closed ? pts.length : pts.length - 1
    for (let i = 0; i < n; i++) {
      const a = pts[i]
      const b = pts[(i + 1) % pts.length]
      const seg = { a, b, w }
      const c = Water.CELL
      for (let x = Math.floor(Math.min(a[0], b[0]) / c); x <= Math.floor(Math.max(a[0], b[0]) / c); x++)
        for (let y = Math.floor(Math.min(a[1], b[1]) / c); y <= Math.floor(Math.max(a[1], b[1]) / c); y++) {
          const k = (x + 50000) * 100000 + (y + 50000)
          const list = this.buckets.get(k)
          if (list) list.push(seg)
          else this.buckets.set(k, [seg])
        }
    }
  }

  /** True when the point is out of every water body by at least `margin` metres. */
  clear(x: number, y: number, margin: number): boolean {
    for (const { ring, box } of this.areas)
      if (x >= box[0] && x <= box[2] && y >= box[1] && y <= box[3] && pointInRing(x, y, ring)) return false
    const c = Water.CELL
    const r = margin + 40
    for (let i = Math.floor((x - r) / c); i <= Math.floor((x + r) / c); i++)
      for (let j = Math.floor((y - r) / c); j <= Math.floor((y + r) / c); j++) {
        const list = this.buckets.get((i + 50000) * 100000 + (j + 50000))
        if (!list) continue
        for (const s of list) if (distToSegment(x, y, s.a[0], s.a[1], s.b[0], s.b[1]) < margin + s.w) return false
      }
    return true
  }

  /** True when every point of the polygon (and its edge midpoints) is clear by `margin`. */
  clearPolygon(ring: readonly XY[], margin: number): boolean {
    for (let i = 0; i < ring.length; i++) {
      const a = ring[i]
      const b = ring[(i + 1) % ring.length]
      if (!this.clear(a[0], a[1], margin) || !this.clear((a[0] + b[0]) / 2, (a[1] + b[1]) / 2, margin)) return false
    }
    const cx = ring.reduce((s, p) => s + p[0], 0) / ring.length
    const cy = ring.reduce((s, p) => s + p[1], 0) / ring.length
    return this.clear(cx, cy, margin)
  }

  /** True when the segment runs through standing water (lake, reservoir, pond). */
  blocksRoad(a: XY, b: XY): boolean {
    const n = Math.max(1, Math.ceil(Math.hypot(b[0] - a[0], b[1] - a[1]) / 25))
    for (let s = 0; s <= n; s++) {
      const x = a[0] + ((b[0] - a[0]) * s) / n
      const y = a[1] + ((b[1] - a[1]) * s) / n
      for (const { kind, ring, box } of this.areas)
        if (kind !== 'river' && x >= box[0] - 15 && x <= box[2] + 15 && y >= box[1] - 15 && y <= box[3] + 15 && pointInRing(x, y, ring)) return true
    }
    return false
  }

  crossesRiver(a: XY, b: XY): boolean {
    const river = this.bodies.find((w) => w.kind === 'river')?.centre?.line
    if (!river) return false
    for (let i = 0; i + 1 < river.length; i++) {
      const p = river[i]
      const q = river[i + 1]
      if (Math.max(p[0], q[0]) < Math.min(a[0], b[0]) || Math.min(p[0], q[0]) > Math.max(a[0], b[0])) continue
      if (Math.max(p[1], q[1]) < Math.min(a[1], b[1]) || Math.min(p[1], q[1]) > Math.max(a[1], b[1])) continue
      if (segmentsIntersect(a, b, p, q)) return true
    }
    return false
  }
}

/** Point given in the core's rotated frame (u along the core, v across it). */
function corePoint(plan: Plan, u: number, v: number): XY {
  const { cx, cy, angle } = plan.core
  return [cx + u * Math.cos(angle) - v * Math.sin(angle), cy + u * Math.sin(angle) + v * Math.cos(angle)]
}

function blob(seed: number, label: string, centre: XY, rx: number, ry: number, angle: number, vertices: number): XY[] {
  const wobble = periodicNoise(seed, label, 5)
  const ring: XY[] = []
  for (let i = 0; i < vertices; i++) {
    const t = (2 * Math.PI * i) / vertices
    const r = 1 + 0.16 * wobble(t)
    const x = rx * r * Math.cos(t)
    const y = ry * r * Math.sin(t)
    ring.push([centre[0] + x * Math.cos(angle) - y * Math.sin(angle), centre[1] + x * Math.sin(angle) + y * Math.cos(angle)])
  }
  return signedArea(ring) > 0 ? ring : ring.reverse()
}

/**
 * 岚川河's centre line and half-width: in from the west along the district's long axis, past
 * the south of the town, then south-east, where it is the county line (outline.ts).
 */
export function riverCentre(plan: Plan): { line: XY[]; halfWidth: number[] } {
  const rng = createRng(plan.seed, 'river')
  const { halfW, halfH } = plan.core
  const s = Math.min(1.5, halfW / 2800)
  const ctrl: XY[] = [
    districtPoint(plan, -1.4, -0.12),
    districtPoint(plan, -0.78, -0.3),
    corePoint(plan, -halfW - 1000, -halfH - 750),
    corePoint(plan, 0, -halfH - 700),
    corePoint(plan, halfW + 1000, -halfH - 800),
    corePoint(plan, halfW + 4800 * s, -halfH - 2300 * s),
    districtPoint(plan, 0.55, -1.05),
    districtPoint(plan, 1.1, -1.6),
  ]
  const line = meander(catmullRom(ctrl, 40), 110, 1300, rng)
  // Wider downstream (west to east), 24 → 46 m.
  const halfWidth = line.map((_, i) => 12 + (11 * i) / line.length)
  return { line, halfWidth }
}

/** The reservoir's centre: in the northern hills, moved in until its shore is well inside. */
function reservoirSite(plan: Plan, inside: (x: number, y: number) => boolean): XY {
  for (let v = 0.62; v > 0; v -= 0.04) {
    const p = districtPoint(plan, -0.05, v)
    let ok = true
    for (let k = 0; k < 12 && ok; k++) ok = inside(p[0] + 1500 * Math.cos((k * Math.PI) / 6), p[1] + 1500 * Math.sin((k * Math.PI) / 6))
    if (ok) return p
  }
  return districtPoint(plan, -0.05, 0.3)
}

export function makeWater(plan: Plan, inside: (x: number, y: number) => boolean): Water {
  const rng = createRng(plan.seed, 'water')
  const water = new Water()
  const { halfW, halfH } = plan.core
  const f = Math.min(2, halfW / 2600)

  const river = riverCentre(plan)
  water.add({ kind: 'river', name: '岚川河', ring: strip(river.line, (i) => river.halfWidth[i]), centre: river })

  const lakeCentre = corePoint(plan, 0.45 * halfW, halfH + 650 * f)
  const lake = blob(plan.seed, 'lake', lakeCentre, 560 * f, 300 * f, plan.core.angle + 0.1, 72)
  water.add({ kind: 'lake', name: '岚湖', ring: lake })

  const reservoirCentre = reservoirSite(plan, inside)
  water.add({ kind: 'lake', name: '石门水库', ring: blob(plan.seed, 'reservoir', reservoirCentre, 720, 360, 0.55, 64) })

  // 岚溪 drains the lake round the east of the town into the river.
  const outflow = meander(
    catmullRom([corePoint(plan, 0.45 * halfW + 520 * f, halfH + 600 * f), corePoint(plan, halfW + 650, halfH + 250), corePoint(plan, halfW + 750, 0), corePoint(plan, halfW + 900, -halfH - 790)], 30),
    35,
    500,
    rng,
  )
  water.add({ kind: 'stream', name: '岚溪', line: outflow })
  // 龙潭沟 comes down from the reservoir to the lake's north shore.
  const inflow = meander(catmullRom([[reservoirCentre[0] - 300, reservoirCentre[1] - 380], corePoint(plan, 0.5 * halfW, halfH + 2000), corePoint(plan, 0.42 * halfW, halfH + 650 * f + 330 * f)], 30), 40, 450, rng)
  water.add({ kind: 'stream', name: '龙潭沟', line: inflow })
  return water
}
