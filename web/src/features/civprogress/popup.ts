/**
 * The status layer's popup: a compound's status and score by group from civstd's
 * GET /api/civ/compounds/:id, built as DOM nodes with textContent (no HTML from data).
 */
import { CIV_STATUS } from '../../map/palette'
import { t } from '../../i18n'
import type { CivStatus } from './model'

export interface GroupScore {
  key: string
  score: number
  maxScore: number
}

export interface CompoundScore {
  name: string
  status: CivStatus | null
  score: number | null
  maxScore: number | null
  rate: number | null
  since: string | null
  groups: GroupScore[]
}

type Loose = Record<string, unknown>
const num = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) ? x : null)

/** civstd's detail as the popup needs it; by-group scores may come as a list or a record. */
export function normaliseDetail(body: unknown): CompoundScore {
  const o = (body ?? {}) as Loose
  const a = ((o.assessment ?? o.latest ?? o) as Loose) ?? {}
  const raw = (a.byGroup ?? o.byGroup ?? a.groups ?? o.groups ?? []) as unknown
  const list: Loose[] = Array.isArray(raw) ? (raw as Loose[]) : Object.entries(raw as Record<string, Loose>).map(([key, v]) => ({ key, ...v }))
  return {
    name: String(o.name ?? ''),
    status: (o.status as CivStatus | undefined) ?? null,
    score: num(a.score ?? o.score),
    maxScore: num(a.maxScore ?? o.maxScore),
    rate: num(a.rate ?? o.rate),
    since: typeof o.statusSince === 'string' ? o.statusSince : null,
    groups: list
      .map((g) => ({ key: String(g.key ?? g.group ?? g.groupKey ?? ''), score: num(g.score) ?? 0, maxScore: num(g.maxScore ?? g.max) ?? 0 }))
      .filter((g) => g.key),
  }
}

function el(tag: string, text?: string, className?: string): HTMLElement {
  const node = document.createElement(tag)
  if (text !== undefined) node.textContent = text
  if (className) node.className = className
  return node
}

const round = (x: number) => Math.round(x * 10) / 10

export function compoundScoreNode(d: CompoundScore): HTMLElement {
  const root = el('div', undefined, 'civ-score')
  root.append(el('strong', d.name))
  if (d.status) {
    const chip = el('span', t(`civProgress.status.${d.status}`))
    chip.style.cssText = `display:inline-block;margin-left:6px;padding:0 6px;border-radius:4px;color:#fff;background:${CIV_STATUS[d.status]}`
    root.append(chip)
  }
  if (d.score !== null && d.maxScore !== null) {
    root.append(el('div', t('civProgress.popup.score', { score: round(d.score), max: round(d.maxScore), rate: `${Math.round((d.rate ?? d.score / (d.maxScore || 1)) * 100)}%` })))
  }
  if (d.since) root.append(el('div', t('civProgress.popup.since', { date: d.since.slice(0, 10) })))
  if (d.groups.length) {
    root.append(el('div', t('civProgress.popup.groups')))
    const table = el('table')
    table.style.cssText = 'border-collapse:collapse;font-size:12px;width:100%'
    for (const g of d.groups) {
      const row = el('tr')
      row.dataset.group = g.key
      const label = t(`civProgress.groups.${g.key}`)
      const name = el('td', label.startsWith('civProgress.') ? g.key : label)
      const bar = el('td')
      const fill = el('span')
      fill.style.cssText = `display:inline-block;height:6px;border-radius:3px;background:#16a34a;width:${g.maxScore ? Math.round((g.score / g.maxScore) * 60) : 0}px`
      bar.append(fill)
      row.append(name, bar, el('td', `${round(g.score)} / ${round(g.maxScore)}`))
      table.append(row)
    }
    root.append(table)
  }
  return root
}
