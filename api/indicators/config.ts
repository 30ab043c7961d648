/**
 * Indicator formulas and weights: configuration, not code. Cities count denominators
 * differently, so every rate is numerator ÷ (sum of signed counts), and the composite score is a
 * weighted mean of component scores. docs/indicators.md explains each entry.
 */
export const COUNT_KEYS = ['opened', 'closed', 'onTime', 'overdue', 'reworked', 'extended', 'deferred', 'due'] as const
export type CountKey = (typeof COUNT_KEYS)[number]

/** A signed term of a denominator: 'due' adds, '-deferred' subtracts. */
export type Term = CountKey | `-${CountKey}`

export interface RateFormula {
  num: CountKey
  den: Term[]
}

export const RATE_KEYS = ['closeRate', 'onTimeRate', 'reworkRate', 'extensionRate'] as const
export type RateKey = (typeof RATE_KEYS)[number]

export interface IndicatorConfig {
  /** which cases of the cohort count as 应结案 (due): all opened, or those whose deadline passed (or that closed) by the period end */
  due: 'opened' | 'deadline_passed'
  rates: Record<RateKey, RateFormula>
  /** component weights of the composite score; they need not sum to 1 (the score divides by their sum) */
  weights: Record<RateKey | 'handlingTime', number>
  /** 平均处置时长 scores 100 at or under this many working hours, target/avg above it */
  handlingTargetHours: number
  /** a grid or department is ranked on the 红黑榜 only with at least this many 立案 in the period */
  rankingMinCases: number
  /** how many make the red (best) and black (worst) lists */
  rankingSize: number
}

export const DEFAULT_INDICATOR_CONFIG: IndicatorConfig = {
  due: 'opened',
  rates: {
    // 结案率 = 结案数 ÷ 立案数
    closeRate: { num: 'closed', den: ['opened'] },
    // 按期结案率 = 按期结案数 ÷ (应结案数 − 缓办数)
    onTimeRate: { num: 'onTime', den: ['due', '-deferred'] },
    // 返工率 = 返工数 ÷ 结案数
    reworkRate: { num: 'reworked', den: ['closed'] },
    // 延期率 = 延期数 ÷ 立案数
    extensionRate: { num: 'extended', den: ['opened'] },
  },
  weights: { closeRate: 25, onTimeRate: 35, reworkRate: 15, extensionRate: 10, handlingTime: 15 },
  handlingTargetHours: 7,
  rankingMinCases: 5,
  rankingSize: 5,
}

/** Why a config is unusable, or null. */
export function configProblem(config: IndicatorConfig): string | null {
  if (config.due !== 'opened' && config.due !== 'deadline_passed') return `due must be opened or deadline_passed, got ${String(config.due)}`
  for (const key of RATE_KEYS) {
    const f = config.rates[key]
    if (!f || !(COUNT_KEYS as readonly string[]).includes(f.num)) return `rates.${key}.num must be one of ${COUNT_KEYS.join(', ')}`
    if (!f.den.length || f.den.some((t) => !(COUNT_KEYS as readonly string[]).includes(t.replace(/^-/, '')))) return `rates.${key}.den must be signed count keys`
  }
  const weights = Object.values(config.weights)
  if (weights.some((w) => !Number.isFinite(w) || w < 0) || weights.reduce((a, b) => a + b, 0) <= 0) return 'weights must be ≥ 0 with a positive sum'
  if (!(config.handlingTargetHours > 0)) return 'handlingTargetHours must be > 0'
  return null
}
