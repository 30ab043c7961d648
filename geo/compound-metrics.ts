// compoundMetrics: the civilised-compound figures of seed 002 for each residential compound (小区):
// greening rate (绿化率) = green area inside the compound ÷ the compound's area, against the
// standard's floor (20 %, "小区内绿化率达20%") and the work plan's goal (38 %, "小区内绿化达到38%");
// and the fitness-area total (健身点, "不少于400平方米") against its minimum.
//
// Green and fitness areas are clipped to the compound (a park straddling its fence counts only
// inside), and overlapping green polygons count once (union before measuring). Areas in m² on the
// sphere (measure.ts). Candidates come from a flatbush index over the area boxes: O((n + m) log m)
// for n compounds and m areas, then one Turf overlay (polyclip, exact) per compound and kind.

import Flatbush from 'flatbush'
import { featureCollection, intersect, union } from '@turf/turf'
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson'
import { bbox } from './bbox.ts'
import { geometryArea } from './measure.ts'

type Area = Feature<Polygon | MultiPolygon>

export interface CompoundMetricsOptions {
  /** Greening rate below this fails the civilised-compound standard (seed 002, 基本目标 15). */
  greeningFloor?: number
  /** Greening rate the work plan aims at (seed 002, 主要任务 8). */
  greeningGoal?: number
  /** Fitness and recreation area a compound needs, m² (seed 002, 基本目标 9). */
  fitnessMinimum?: number
  /** properties.kind values of the areas that count as green (fitness grounds are paved: not green). */
  greenKinds?: readonly string[]
  /** properties.kind values of the areas that count as fitness grounds. */
  fitnessKinds?: readonly string[]
}

const defaults = {
  greeningFloor: 0.2,
  greeningGoal: 0.38,
  fitnessMinimum: 400,
  greenKinds: ['compound_green', 'park', 'forest'] as readonly string[],
  fitnessKinds: ['fitness'] as readonly string[],
}

/** below_floor: < 20 %; below_goal: 20 % up to 38 %; meets_goal: ≥ 38 %. */
export type GreeningStatus = 'below_floor' | 'below_goal' | 'meets_goal'

export interface CompoundFigures {
  compoundId: string | number
  name: string | null
  areaM2: number
  greenAreaM2: number
  /** greenAreaM2 ÷ areaM2 (0 for a compound without area). */
  greeningRate: number
  greeningStatus: GreeningStatus
  /** Green area missing to reach the floor / the goal, m² (0 when reached). */
  greenShortOfFloorM2: number
  greenShortOfGoalM2: number
  fitnessAreaM2: number
  /** Fitness area missing to reach the minimum, m² (0 when reached). */
  fitnessShortM2: number
}

export interface CompoundMetrics {
  compounds: FeatureCollection<Polygon | MultiPolygon, CompoundFigures & Record<string, unknown>>
  summary: {
    compounds: number
    areaM2: number
    greenAreaM2: number
    /** Σ green ÷ Σ area over the compounds. */
    greeningRate: number
    belowFloor: number
    belowGoal: number
    fitnessShort: number
    options: Required<Omit<CompoundMetricsOptions, 'greenKinds' | 'fitnessKinds'>> & { greenKinds: string[]; fitnessKinds: string[] }
  }
}

/** Compounds keep their other properties; areas need properties.kind. */
export function compoundMetrics(compounds: Feature[], areas: Feature[], options: CompoundMetricsOptions = {}): CompoundMetrics {
  const opts = { ...defaults, ...options }
  for (const key of ['greeningFloor', 'greeningGoal', 'fitnessMinimum'] as const) {
    if (!(Number.isFinite(opts[key]) && opts[key] >= 0)) throw new RangeError(`compoundMetrics: opts.${key} must be a number ≥ 0, got ${opts[key]}`)
  }
  if (opts.greeningFloor > opts.greeningGoal) {
    throw new RangeError(`compoundMetrics: opts.greeningFloor (${opts.greeningFloor}) must not exceed opts.greeningGoal (${opts.greeningGoal})`)
  }
  compounds.forEach((f, i) => checkArea(f, `compound ${i}`))
  const relevant = areas.filter((f, i) => {
    const kind = (f?.properties as { kind?: unknown } | null)?.kind
    const used = typeof kind === 'string' && (opts.greenKinds.includes(kind) || opts.fitnessKinds.includes(kind))
    if (used) checkArea(f, `area ${i}`)
    return used
  }) as Area[]
  const tree = relevant.length > 0 ? new Flatbush(relevant.length) : null
  for (const f of relevant) tree!.add(...bbox(f))
  tree?.finish()

  const features = (compounds as Area[]).map((c, i) => {
    const box = bbox(c)
    const near = tree ? tree.search(...box).sort((a, b) => a - b).map((k) => relevant[k]) : []
    const kindOf = (f: Area) => (f.properties as { kind: string }).kind
    const areaM2 = geometryArea(c.geometry)
    const greenAreaM2 = clippedArea(c, near.filter((f) => opts.greenKinds.includes(kindOf(f))))
    const fitnessAreaM2 = clippedArea(c, near.filter((f) => opts.fitnessKinds.includes(kindOf(f))))
    const greeningRate = areaM2 > 0 ? greenAreaM2 / areaM2 : 0
    const props = (c.properties ?? {}) as Record<string, unknown>
    const id = c.id ?? props.id ?? i
    const figures: CompoundFigures = {
      compoundId: typeof id === 'number' || typeof id === 'string' ? id : i,
      name: typeof props.name === 'string' ? props.name : null,
      areaM2,
      greenAreaM2,
      greeningRate,
      greeningStatus: greeningRate < opts.greeningFloor ? 'below_floor' : greeningRate < opts.greeningGoal ? 'below_goal' : 'meets_goal',
      greenShortOfFloorM2: Math.max(0, opts.greeningFloor * areaM2 - greenAreaM2),
      greenShortOfGoalM2: Math.max(0, opts.greeningGoal * areaM2 - greenAreaM2),
      fitnessAreaM2,
      fitnessShortM2: Math.max(0, opts.fitnessMinimum - fitnessAreaM2),
    }
    return { type: 'Feature' as const, id: figures.compoundId, geometry: c.geometry, properties: { ...props, ...figures } }
  })

  const sum = (pick: (f: CompoundFigures) => number) => features.reduce((s, f) => s + pick(f.properties), 0)
  const area = sum((f) => f.areaM2)
  const green = sum((f) => f.greenAreaM2)
  return {
    compounds: { type: 'FeatureCollection', features },
    summary: {
      compounds: features.length,
      areaM2: area,
      greenAreaM2: green,
      greeningRate: area > 0 ? green / area : 0,
      belowFloor: features.filter((f) => f.properties.greeningStatus === 'below_floor').length,
      belowGoal: features.filter((f) => f.properties.greeningStatus !== 'meets_goal').length,
      fitnessShort: features.filter((f) => f.properties.fitnessShortM2 > 0).length,
      options: {
        greeningFloor: opts.greeningFloor,
        greeningGoal: opts.greeningGoal,
        fitnessMinimum: opts.fitnessMinimum,
        greenKinds: [...opts.greenKinds],
        fitnessKinds: [...opts.fitnessKinds],
      },
    },
  }
}

/** Area in m² of (the union of the areas) ∩ the compound. */
function clippedArea(compound: Area, areas: Area[]): number {
  if (areas.length === 0) return 0
  const merged = areas.length === 1 ? areas[0] : union(featureCollection(areas))
  if (!merged) return 0
  const inside = intersect(featureCollection([compound, merged]))
  return inside ? geometryArea(inside.geometry) : 0
}

function checkArea(f: Feature, name: string): void {
  const type = (f?.geometry as { type?: string } | null | undefined)?.type
  if (type !== 'Polygon' && type !== 'MultiPolygon') {
    throw new TypeError(`compoundMetrics: ${name} must be a Polygon or MultiPolygon feature, got ${type ?? JSON.stringify(f)}`)
  }
}
