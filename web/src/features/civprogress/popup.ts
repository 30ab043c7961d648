/**
 * The status layer's popup: a compound's status and score by group from civstd's
 * GET /api/civ/compounds/:id, built as DOM nodes with textContent (no HTML from data).
 */
import { CIV_STATUS } from '../../map/palette'
import { pick, t } from '../../i18n'
import type { CivStatus } from './model'

export interface GroupScore {
  key: string
  name: { zh: string; en: string }
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

/** The part of civstd's GET /api/civ/compounds/:id the popup shows. */
export interface CompoundDetail {
  compound: { name: string; status: CivStatus; statusSince: string | null; score: number | null; maxScore: number | null; rate: number | null }
  latest: { score: number; maxScore: number; rate: number; byGroup: { key: string; name: string; nameEn: string; score: number; maxScore: number }[] } | null
}

export function compoundScore(d: CompoundDetail): CompoundScore {
  const c = d.compound
  return {
    name: c.name,
    status: c.status,
    score: d.latest?.score ?? c.score,
    maxScore: d.latest?.maxScore ?? c.maxScore,
    rate: d.latest?.rate ?? c.rate,
    since: c.statusSince,
    groups: (d.latest?.byGroup ?? []).map((g) => ({ key: g.key, name: { zh: g.name, en: g.nameEn }, score: g.score, maxScore: g.maxScore })),
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
      const name = el('td', pick(g.name))
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
