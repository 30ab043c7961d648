// Totals of a coverage answer (straight or walking): buildings and households covered, overall and
// per group (grid, compound …). Shared by straightCoverage and walkingCoverage callers.

import type { GroupCoverage } from './kiosk-coverage.ts'

export interface CoverageTally extends GroupCoverage {
  /** households.covered ÷ households.total; 0 when there are no households */
  ratio: number
  /** per group id, when group ids were given (NaN or negative ids are left out) */
  byGroup?: Map<number, GroupCoverage>
}

export function tallyCoverage(covered: ArrayLike<number>, households: ArrayLike<number>, groupIds?: ArrayLike<number>): CoverageTally {
  const n = covered.length
  if (households.length !== n) throw new RangeError(`tallyCoverage: ${households.length} household counts for ${n} buildings`)
  if (groupIds && groupIds.length !== n) throw new RangeError(`tallyCoverage: ${groupIds.length} group ids for ${n} buildings`)
  const out: CoverageTally = { buildings: { total: n, covered: 0 }, households: { total: 0, covered: 0 }, ratio: 0 }
  const byGroup = groupIds ? new Map<number, GroupCoverage>() : undefined
  for (let i = 0; i < n; i++) {
    const h = households[i]
    const c = covered[i] ? 1 : 0
    out.households.total += h
    out.buildings.covered += c
    out.households.covered += c * h
    if (byGroup) {
      const g = groupIds![i]
      if (!(g >= 0)) continue
      let t = byGroup.get(g)
      if (!t) byGroup.set(g, (t = { buildings: { total: 0, covered: 0 }, households: { total: 0, covered: 0 } }))
      t.buildings.total++
      t.households.total += h
      t.buildings.covered += c
      t.households.covered += c * h
    }
  }
  out.ratio = out.households.total > 0 ? out.households.covered / out.households.total : 0
  if (byGroup) out.byGroup = byGroup
  return out
}
