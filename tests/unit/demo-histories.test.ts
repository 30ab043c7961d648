/**
 * Demo case histories (scripts/demo/histories.ts): every generated issue becomes a case whose
 * update log the state machine accepts step by step and folds to the row's status.
 */
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import { CASE_STATUSES, deriveState } from '../../api/cases/lifecycle.ts'
import { buildHistories, type CasePatch, type UpdateRecord } from '../../scripts/demo/histories.ts'
import { generateIssues, type IssueRecord } from '../../scripts/demo/issues.ts'
import { DEMO_SEED, loadDemoLayers } from '../../scripts/demo/layers.ts'

const DIR = fileURLToPath(new URL('../../geodata/demo/', import.meta.url))
const NOW = new Date('2025-06-18T10:30:00+08:00')
let issues: IssueRecord[]
let updates: UpdateRecord[]
let patches: CasePatch[]
let byIssue: Map<number, UpdateRecord[]>
let ms = 0
beforeAll(() => {
  issues = generateIssues(loadDemoLayers(DIR), { seed: DEMO_SEED, now: NOW })
  const t = performance.now()
  ;({ updates, patches } = buildHistories(issues, { seed: DEMO_SEED, now: NOW }))
  ms = performance.now() - t
  byIssue = new Map()
  for (const u of updates) {
    if (!byIssue.has(u.issueId)) byIssue.set(u.issueId, [])
    byIssue.get(u.issueId)!.push(u)
  }
}, 60_000)

const count = (action: string) => updates.filter((u) => u.action === action).length

describe('demo case histories', { timeout: 30_000 }, () => {
  it('gives every case a log the machine accepts, folding to the row status', () => {
    expect(byIssue.size).toBe(issues.length)
    issues.forEach((issue, k) => {
      const log = byIssue.get(issue.id)!
      const state = deriveState(log.map((u) => ({ action: u.action, from_status: u.from, to_status: u.to })))
      expect(state.status, `issue ${issue.id}`).toBe(patches[k].status)
      expect(state.extensionPending).toBe(patches[k].extensionPending)
      expect(log.map((u) => u.seq)).toEqual(log.map((_, i) => i + 1))
      expect(patches[k].version).toBe(log.length)
      for (let i = 1; i < log.length; i++) expect(log[i].at.getTime(), `issue ${issue.id} step ${i}`).toBeGreaterThanOrEqual(log[i - 1].at.getTime())
      expect(log[log.length - 1].at.getTime()).toBeLessThanOrEqual(NOW.getTime())
      expect(log[0].at.getTime()).toBe(issue.reportedAt.getTime())
    })
    console.log(`[histories] ${updates.length} updates for ${issues.length} cases in ${ms.toFixed(0)} ms`)
  })

  it('has returns, extensions (approved, denied, pending), parks, rework and recurrences', () => {
    const pending = patches.filter((p) => p.extensionPending).length
    const figures = {
      return: count('return'),
      request_extension: count('request_extension'),
      approve_extension: count('approve_extension'),
      deny_extension: count('deny_extension'),
      park: count('park'),
      resume: count('resume'),
      rework: count('rework'),
      reopen: count('reopen'),
      pending,
    }
    console.log('[histories]', JSON.stringify(figures))
    for (const [k, v] of Object.entries(figures)) expect(v, k).toBeGreaterThan(k === 'pending' ? 0 : 20)
    const statuses = new Set(patches.map((p) => p.status))
    for (const s of CASE_STATUSES.filter((s) => s !== 'merged' && s !== 'verified' && s !== 'returned')) expect(statuses, s).toContain(s)
  })

  it('links each recurrence to an earlier closed case of the same category nearby, whose log notes it', () => {
    const byId = new Map(issues.map((i) => [i.id, i]))
    const linked = patches.map((p, k) => [issues[k], p.recurrenceOf] as const).filter(([, o]) => o !== null)
    expect(linked.length).toBeGreaterThan(20)
    for (const [issue, originalId] of linked) {
      const original = byId.get(originalId!)!
      expect(original.category).toBe(issue.category)
      expect(original.closedAt!.getTime()).toBeLessThan(issue.reportedAt.getTime())
      const reopen = byIssue.get(originalId!)!.at(-1)!
      expect(reopen).toMatchObject({ action: 'reopen', details: { recurrence: issue.id } })
    }
  })

  it('is deterministic', () => {
    const again = buildHistories(issues, { seed: DEMO_SEED, now: NOW })
    expect(again.updates.length).toBe(updates.length)
    expect(JSON.stringify(again.patches)).toBe(JSON.stringify(patches))
  })
})
