import type { ChecklistItem, NewItem, Threshold } from './civApi'

/** Pure helpers of the standard screen (unit-tested in tests/unit/web-civ-standard.test.ts). */

/** The messages key of an auto source: `open_cases:…` shares one label. */
export const autoSourceKey = (source: string) => (source.startsWith('open_cases:') ? 'open_cases' : source)

/** The messages key of a unit ('%' is `percent`: a key cannot hold it). */
export const unitKey = (unit: string) => (unit === '%' ? 'percent' : unit)

/** `≥ 80`, `≤ 0`, `= 100` with the value in the unit shown (shares as percentages). */
export function thresholdText(t: Threshold, unitLabel: string): string {
  const op = t.op === '>=' ? '≥' : t.op === '<=' ? '≤' : '='
  const value = t.unit === '%' ? Math.round(t.value * 1000) / 10 : t.value
  return `${op} ${value}${t.unit === '%' ? ' %' : ` ${unitLabel}`}`
}

export interface GroupRows<T> {
  key: string
  items: T[]
  weight: number
}

/** Items by group, groups in order of their first item, with weight subtotals. */
export function groupItems<T extends { groupKey: string; weight: number }>(items: readonly T[]): GroupRows<T>[] {
  const groups = new Map<string, GroupRows<T>>()
  for (const item of items) {
    let g = groups.get(item.groupKey)
    if (!g) groups.set(item.groupKey, (g = { key: item.groupKey, items: [], weight: 0 }))
    g.items.push(item)
    g.weight += Number(item.weight) || 0
  }
  for (const g of groups.values()) g.weight = Math.round(g.weight * 1e6) / 1e6
  return [...groups.values()]
}

export const totalWeight = (items: readonly { weight: number }[]) => Math.round(items.reduce((s, i) => s + (Number(i.weight) || 0), 0) * 1e6) / 1e6

/** The editable copy of a version's items (what POST …/versions takes). */
export const toDraft = (items: readonly ChecklistItem[]): NewItem[] =>
  items.map(({ groupKey, code, text, textEn, weight, method, threshold, autoSource, caseCategory }) => ({ groupKey, code, text, textEn, weight, method, threshold, autoSource, caseCategory }))

/** A code for a new item of a group: the group's last code with its last number + 1, unique. */
export function nextCode(items: readonly { groupKey: string; code: string }[], groupKey: string): string {
  const taken = new Set(items.map((i) => i.code))
  const last = [...items].reverse().find((i) => i.groupKey === groupKey)?.code ?? `${groupKey}.0`
  const m = /^(.*?)(\d+)([a-z]?)$/.exec(last)
  let n = m ? Number(m[2]) + 1 : 1
  const prefix = m ? m[1] : `${last}.`
  while (taken.has(`${prefix}${n}`)) n++
  return `${prefix}${n}`
}
