import type { CompoundStatus, Threshold } from '../../db/tables/civ-standard.table.ts'

/**
 * Scoring of a checklist assessment — pure functions, no database (rules: docs/civ-standard.md).
 * - An item counts its weight towards the score when passed, towards the maximum when assessed
 *   (passed true or false). An item without a result, or with passed null (not applicable / not
 *   measurable), counts in neither.
 * - rate = score / maxScore (0 when nothing was assessed); coverage = maxScore / total weight.
 */
export interface ScoringItem {
  id: number
  groupKey: string
  weight: number
  threshold?: Threshold | null
}

export interface ScoringResult {
  itemId: number
  passed: boolean | null
}

export interface GroupScore {
  score: number
  maxScore: number
  rate: number
  /** items of the group in the checklist; assessed, passed, failed among them */
  items: number
  assessed: number
  passed: number
  failed: number
}

export interface Score {
  score: number
  maxScore: number
  rate: number
  /** total weight of the checklist */
  totalWeight: number
  /** maxScore / totalWeight: how much of the checklist was assessed */
  coverage: number
  byGroup: Record<string, GroupScore>
  /** ids of failed items that carry a threshold */
  failedThresholdItems: number[]
}

/** Sums of weights are rounded to 1e-9 so that 0.1 + 0.2 reads 0.3. */
const tidy = (x: number) => Math.round(x * 1e9) / 1e9

export function scoreResults(items: readonly ScoringItem[], results: readonly ScoringResult[]): Score {
  const byId = new Map<number, ScoringItem>()
  for (const item of items) {
    if (!(Number.isFinite(item.weight) && item.weight >= 0)) throw new RangeError(`scoreResults: item ${item.id} has weight ${item.weight}`)
    if (byId.has(item.id)) throw new RangeError(`scoreResults: item ${item.id} appears twice`)
    byId.set(item.id, item)
  }
  const passedOf = new Map<number, boolean | null>()
  for (const r of results) {
    if (!byId.has(r.itemId)) throw new RangeError(`scoreResults: result for item ${r.itemId}, which is not in the checklist`)
    if (passedOf.has(r.itemId)) throw new RangeError(`scoreResults: two results for item ${r.itemId}`)
    passedOf.set(r.itemId, r.passed)
  }
  const byGroup: Record<string, GroupScore> = {}
  let score = 0
  let maxScore = 0
  let totalWeight = 0
  const failedThresholdItems: number[] = []
  for (const item of items) {
    const g = (byGroup[item.groupKey] ??= { score: 0, maxScore: 0, rate: 0, items: 0, assessed: 0, passed: 0, failed: 0 })
    g.items++
    totalWeight += item.weight
    const passed = passedOf.get(item.id)
    if (passed === undefined || passed === null) continue
    g.assessed++
    g.maxScore += item.weight
    maxScore += item.weight
    if (passed) {
      g.passed++
      g.score += item.weight
      score += item.weight
    } else {
      g.failed++
      if (item.threshold) failedThresholdItems.push(item.id)
    }
  }
  for (const g of Object.values(byGroup)) {
    g.score = tidy(g.score)
    g.maxScore = tidy(g.maxScore)
    g.rate = g.maxScore > 0 ? g.score / g.maxScore : 0
  }
  score = tidy(score)
  maxScore = tidy(maxScore)
  totalWeight = tidy(totalWeight)
  return {
    score,
    maxScore,
    rate: maxScore > 0 ? score / maxScore : 0,
    totalWeight,
    coverage: totalWeight > 0 ? maxScore / totalWeight : 0,
    byGroup,
    failedThresholdItems,
  }
}

/** Whether a measured value meets a threshold (shares 0–1 compare as given). */
export function meetsThreshold(value: number, threshold: Threshold): boolean {
  const eps = 1e-9
  switch (threshold.op) {
    case '>=':
      return value >= threshold.value - eps
    case '<=':
      return value <= threshold.value + eps
    case '=':
      return Math.abs(value - threshold.value) <= eps
  }
}

/** Status rules (docs/civ-standard.md). */
export const STATUS_RULES = {
  /** an assessment covering less of the checklist's weight moves a compound only out of not_started */
  minCoverage: 0.8,
  civilisedRate: 0.85,
  demonstrationRate: 0.95,
} as const

export const COMPOUND_STATUSES: readonly CompoundStatus[] = ['not_started', 'in_progress', 'civilised', 'demonstration']

/**
 * The status an assessment gives a compound whose status was `previous`:
 * - coverage < 80 %: in_progress if it was not_started, else unchanged (too partial to judge);
 * - rate ≥ 95 %: demonstration (示范小区);
 * - rate ≥ 85 %: civilised (文明小区);
 * - else in_progress.
 */
export function statusFor(score: Pick<Score, 'rate' | 'coverage'>, previous: CompoundStatus): CompoundStatus {
  if (score.coverage < STATUS_RULES.minCoverage - 1e-9) return previous === 'not_started' ? 'in_progress' : previous
  if (score.rate >= STATUS_RULES.demonstrationRate - 1e-9) return 'demonstration'
  if (score.rate >= STATUS_RULES.civilisedRate - 1e-9) return 'civilised'
  return 'in_progress'
}
