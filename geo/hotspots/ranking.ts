/**
 * The hotspot ranking: cases grouped by hex cell, each cell with its count, its recurrences
 * (复发: same place and category again after closing, see recurrence.ts), its reworks (返工:
 * cases that failed verification) and its commonest category. Pure; O(n + cells log cells).
 */

export interface RankedCase {
  /** the case's cell id (H3) */
  cell: string
  category: string
  recurrent: boolean
  reworked: boolean
  /** the level-3 grid holding the case (optional: the row then names the commonest one) */
  gridId?: number
}

export interface HotspotRow {
  rank: number
  cell: string
  count: number
  recurrences: number
  reworks: number
  topCategory: string
  topCategoryCount: number
  /** the level-3 grid holding most of the cell's cases (smallest id on a tie), null without grids */
  gridId: number | null
}

function commonest<K extends string | number>(counts: Map<K, number>): [K, number] {
  let best: [K, number] | null = null
  for (const [key, n] of counts) if (!best || n > best[1] || (n === best[1] && key < best[0])) best = [key, n]
  return best!
}

/** Cells by count (desc), then recurrences, reworks, then cell id so the order is total. */
export function rankHotspots(cases: readonly RankedCase[]): HotspotRow[] {
  const cells = new Map<string, { count: number; recurrences: number; reworks: number; categories: Map<string, number>; grids: Map<number, number> }>()
  for (const c of cases) {
    let acc = cells.get(c.cell)
    if (!acc) cells.set(c.cell, (acc = { count: 0, recurrences: 0, reworks: 0, categories: new Map(), grids: new Map() }))
    acc.count++
    if (c.recurrent) acc.recurrences++
    if (c.reworked) acc.reworks++
    acc.categories.set(c.category, (acc.categories.get(c.category) ?? 0) + 1)
    if (c.gridId !== undefined) acc.grids.set(c.gridId, (acc.grids.get(c.gridId) ?? 0) + 1)
  }
  const rows = [...cells].map(([cell, acc]) => {
    const [topCategory, topCategoryCount] = commonest(acc.categories)
    return { rank: 0, cell, count: acc.count, recurrences: acc.recurrences, reworks: acc.reworks, topCategory, topCategoryCount, gridId: acc.grids.size ? commonest(acc.grids)[0] : null }
  })
  rows.sort((a, b) => b.count - a.count || b.recurrences - a.recurrences || b.reworks - a.reworks || (a.cell < b.cell ? -1 : a.cell > b.cell ? 1 : 0))
  rows.forEach((r, i) => (r.rank = i + 1))
  return rows
}
