/** The case screens' pure model and the map's case colours (web/src/features/cases/model.ts, map/layers/issues.ts). */
import { describe, expect, it } from 'vitest'
import { createPropertyExpression, latest } from '@maplibre/maplibre-gl-style-spec'
import {
  CASE_STATES,
  STAGE_OF,
  byDeadline,
  countdown,
  durationParts,
  listQuery,
  matchesFilters,
  missingInput,
  photosBeforeAfter,
  transitionBody,
  upsertCase,
  type CaseSummary,
  type CaseUpdate,
} from '../../web/src/features/cases/model'
import { STATE_STAGE, issueStatusColour } from '../../web/src/map/layers/issues'
import { buildLegend } from '../../web/src/map/legend'
import { CASE_STAGE, ISSUE_STATUS } from '../../web/src/map/palette'
import * as messages from '../../web/src/features/cases/messages'
import { parseCaseRoute } from '../../web/src/features/cases/route'

const base: CaseSummary = {
  id: 1,
  category: 'exposed_rubbish',
  status: 'handling',
  description: '',
  lon: 0,
  lat: 0,
  gridId: 1,
  gridPath: [1],
  department: null,
  reportedAt: '2026-11-20T08:00:00.000Z',
  deadlineAt: '2026-11-23T10:00:00.000Z',
  closedAt: null,
  overdue: false,
  version: 1,
  recurrenceOf: null,
  mergedInto: null,
}
const now = Date.parse('2026-11-23T08:30:00.000Z')

describe('countdown', () => {
  it('counts down to the deadline and turns overdue after it', () => {
    expect(countdown(base, now)).toEqual({ kind: 'remaining', ms: 90 * 60_000, working: false })
    expect(countdown(base, Date.parse('2026-11-23T11:00:00.000Z'))).toEqual({ kind: 'overdue', ms: 60 * 60_000, working: false })
  })
  it('prefers the server’s remaining working time and its overdue flag', () => {
    expect(countdown({ ...base, remainingMs: 3_600_000 }, now)).toEqual({ kind: 'remaining', ms: 3_600_000, working: true })
    expect(countdown({ ...base, remainingMs: -60_000 }, now)).toMatchObject({ kind: 'overdue', ms: 60_000 })
    expect(countdown({ ...base, overdue: true }, now).kind).toBe('overdue')
  })
  it('stops for parked, closed and unclocked cases', () => {
    expect(countdown({ ...base, status: 'parked' }, now).kind).toBe('parked')
    expect(countdown({ ...base, status: 'closed' }, now).kind).toBe('closed')
    expect(countdown({ ...base, status: 'reported', deadlineAt: null }, now).kind).toBe('none')
  })
  it('formats durations in days, hours or minutes', () => {
    expect(durationParts(59_999)).toEqual({ key: 'countdown.minutes', params: { m: 0 } })
    expect(durationParts(90 * 60_000)).toEqual({ key: 'countdown.hours', params: { h: 1, m: 30 } })
    expect(durationParts((26 * 60 + 5) * 60_000)).toEqual({ key: 'countdown.days', params: { d: 1, h: 2 } })
  })
})

describe('actions', () => {
  it('asks for what each action needs before sending', () => {
    expect(missingInput('dispatch', {})).toBe('form.needsDepartment')
    expect(missingInput('dispatch', { department: 'sanitation' })).toBeNull()
    expect(missingInput('return', { note: '  ' })).toBe('form.needsNote')
    expect(missingInput('park', {})).toBe('form.needsReason')
    expect(missingInput('report_done', { photoIds: [] })).toBe('form.needsPhoto')
    expect(missingInput('verify', { photoIds: [3] })).toBeNull()
    expect(missingInput('accept', {})).toBeNull()
  })
  it('sends only the fields the action takes, with the version it saw', () => {
    expect(transitionBody('dispatch', { department: 'sanitation', note: ' go ', photoIds: [1] }, 4)).toEqual({ action: 'dispatch', expectedVersion: 4, department: 'sanitation', note: 'go' })
    expect(transitionBody('reject', { rejectReason: 'duplicate' })).toEqual({ action: 'reject', reason: 'duplicate' })
    expect(transitionBody('verify', { photoIds: [7], department: 'x' })).toEqual({ action: 'verify', photoIds: [7] })
  })
})

describe('list', () => {
  const f = { state: 'open', category: '', overdue: false }
  it('filters like the server and queries it the same way', () => {
    expect(matchesFilters(base, f)).toBe(true)
    expect(matchesFilters({ ...base, status: 'closed' }, f)).toBe(false)
    expect(matchesFilters(base, { ...f, overdue: true })).toBe(false)
    expect(matchesFilters(base, { ...f, category: 'street_stall' })).toBe(false)
    expect(listQuery({ state: 'handling', category: 'x', overdue: false })).toEqual({ limit: 200, status: 'handling', category: 'x' })
    expect(listQuery({ state: 'open', category: '', overdue: true })).toEqual({ limit: 200, status: 'overdue' })
  })
  it('sorts by deadline, soonest first, no deadline last', () => {
    const a = { ...base, id: 1, deadlineAt: '2026-11-25T00:00:00Z' }
    const b = { ...base, id: 2, deadlineAt: '2026-11-22T00:00:00Z' }
    const c = { ...base, id: 3, deadlineAt: null }
    expect([a, c, b].sort(byDeadline).map((x) => x.id)).toEqual([2, 1, 3])
  })
  it('upserts a live update in place and drops a case that no longer matches', () => {
    const list = [{ ...base, id: 1 }, { ...base, id: 2, deadlineAt: '2026-11-24T00:00:00Z' }]
    expect(upsertCase(list, { ...base, id: 2, deadlineAt: '2026-11-21T00:00:00Z' }, { state: 'open', category: '', overdue: false }).map((x) => x.id)).toEqual([2, 1])
    expect(upsertCase(list, { ...base, id: 1, status: 'closed' }, { state: 'open', category: '', overdue: false }).map((x) => x.id)).toEqual([2])
    expect(upsertCase(list, { ...base, id: 9 }, { state: 'open', category: '', overdue: false })).toHaveLength(3)
  })
  it('splits photos into before and after', () => {
    const u = (seq: number, action: string, ids: number[]) => ({ seq, action, photos: ids.map((id) => ({ id })) }) as unknown as CaseUpdate
    const { before, after } = photosBeforeAfter([u(1, 'report', [1]), u(2, 'report_done', [2]), u(3, 'verify', [3])])
    expect(before.map((p) => p.id)).toEqual([1])
    expect(after.map((p) => p.id)).toEqual([2, 3])
  })
})

describe('map colours of cases', () => {
  const spec = (latest as unknown as Record<string, Record<string, unknown>>).paint_circle['circle-color']
  const compiled = createPropertyExpression(issueStatusColour, 'circle-color', spec as never)
  if (compiled.result !== 'success') throw new Error('issueStatusColour does not compile')
  const colour = (properties: Record<string, unknown>) => {
    const c = compiled.value.evaluate({ zoom: 15 }, { type: 'Point', properties } as never) as { r: number; g: number; b: number }
    const hex = (v: number) => Math.round(v * 255).toString(16).padStart(2, '0')
    return `#${hex(c.r)}${hex(c.g)}${hex(c.b)}`
  }
  it('paints every open state in its stage colour, overdue red, closed green', () => {
    for (const state of CASE_STATES) {
      const open = !['closed', 'rejected', 'merged'].includes(state)
      const want = open ? CASE_STAGE[STAGE_OF[state]] : ISSUE_STATUS.closed
      expect(colour({ status: state, open, overdue: false }), state).toBe(want)
      if (open) expect(colour({ status: state, open, overdue: true })).toBe(ISSUE_STATUS.overdue)
    }
    // the map's table and the screens' table agree
    for (const [state, stage] of Object.entries(STATE_STAGE)) expect(STAGE_OF[state as keyof typeof STAGE_OF]).toBe(stage)
  })
  it('the legend shows exactly those colours with labels that exist in both languages', () => {
    const items = buildLegend('issues', { gridLevel: 1 })
    const fills = items.map((i) => ('fill' in i.swatch ? i.swatch.fill : null))
    for (const c of Object.values(CASE_STAGE)) expect(fills).toContain(c)
    expect(fills).toContain(ISSUE_STATUS.overdue)
    for (const stage of [...Object.keys(CASE_STAGE), 'overdue']) {
      expect(messages.zh.stages[stage as keyof typeof messages.zh.stages]).toBeTruthy()
      expect(messages.en.stages[stage as keyof typeof messages.en.stages]).toBeTruthy()
    }
  })
})

describe('case routes', () => {
  it('maps /cases and /cases/:id to the case screen, anything else to the map', () => {
    expect(parseCaseRoute('/cases')).toEqual({ id: null })
    expect(parseCaseRoute('/cases/')).toEqual({ id: null })
    expect(parseCaseRoute('/cases/42')).toEqual({ id: 42 })
    expect(parseCaseRoute('/')).toBeNull()
    expect(parseCaseRoute('/cases/x')).toBeNull()
    expect(parseCaseRoute('/casesx')).toBeNull()
  })
})
