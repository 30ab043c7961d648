/** The phone screen's pure model: sub-routes, the stored draft, what a draft lacks, its body, errors, order. */
import { describe, expect, it } from 'vitest'
import { ApiError } from '../../web/src/api/client'
import type { CaseSummary } from '../../web/src/features/cases/model'
import { EMPTY_DRAFT, hasContent, isNetworkError, missingInput, mobilePath, mobileView, parseDraft, phoneOrder, reportBody, type ReportDraft } from '../../web/src/features/mobile/model'

describe('mobileView', () => {
  it('reads /m, /m/report and /m/case/:id, and falls back to home', () => {
    expect(mobileView([])).toEqual({ kind: 'home' })
    expect(mobileView(['report'])).toEqual({ kind: 'report' })
    expect(mobileView(['case', '42'])).toEqual({ kind: 'case', id: 42 })
    expect(mobileView(['case', 'x'])).toEqual({ kind: 'home' })
    expect(mobileView(['case'])).toEqual({ kind: 'home' })
    expect(mobileView(['nope'])).toEqual({ kind: 'home' })
  })

  it('round-trips through mobilePath', () => {
    for (const v of [{ kind: 'home' }, { kind: 'report' }, { kind: 'case', id: 7 }] as const) {
      expect(mobileView(mobilePath(v).split('/').filter(Boolean).slice(1))).toEqual(v)
    }
  })
})

const full: ReportDraft = { category: 'clutter', description: ' 楼道堆物 ', position: { lon: 102.5123456789, lat: 24.3612345678, accuracyM: 12, source: 'gps' }, photoIds: [3, 5], notDuplicate: false }

describe('the draft', () => {
  it('survives a JSON round trip', () => {
    expect(parseDraft(JSON.stringify(full))).toEqual(full)
  })

  it('never throws on what storage holds, keeping only what is sound', () => {
    expect(parseDraft(null)).toBeNull()
    expect(parseDraft('')).toBeNull()
    expect(parseDraft('{not json')).toBeNull()
    expect(parseDraft('42')).toBeNull()
    expect(parseDraft(JSON.stringify({ category: 3, description: 'x', position: { lon: 'a', lat: 1 }, photoIds: [1, -2, 'x', 2.5, 4] }))).toEqual({
      category: '',
      description: 'x',
      position: null,
      photoIds: [1, 4],
      notDuplicate: false,
    })
    expect(parseDraft(JSON.stringify({ position: { lon: 1, lat: 2 } }))!.position).toEqual({ lon: 1, lat: 2, accuracyM: null, source: 'map' })
  })

  it('counts as content only when something was entered', () => {
    expect(hasContent(EMPTY_DRAFT)).toBe(false)
    expect(hasContent({ ...EMPTY_DRAFT, description: '  ' })).toBe(false)
    expect(hasContent({ ...EMPTY_DRAFT, photoIds: [1] })).toBe(true)
    expect(hasContent(full)).toBe(true)
  })

  it('names the first missing input in form order', () => {
    expect(missingInput(EMPTY_DRAFT)).toBe('needsCategory')
    expect(missingInput({ ...full, description: ' x ' })).toBe('needsDescription')
    expect(missingInput({ ...full, position: null })).toBe('needsLocation')
    expect(missingInput(full)).toBeNull()
  })

  it('becomes the POST /api/cases body, trimmed and rounded to 1e-6°', () => {
    expect(reportBody(full)).toEqual({ category: 'clutter', description: '楼道堆物', lon: 102.512346, lat: 24.361235, photoIds: [3, 5] })
    expect(reportBody({ ...full, photoIds: [] })).not.toHaveProperty('photoIds')
    expect(() => reportBody({ ...full, position: null })).toThrow(/position/)
  })
})

describe('isNetworkError', () => {
  it('is true when no answer came (fetch rejected) or a gateway gave up, false for answers', () => {
    expect(isNetworkError(new TypeError('Failed to fetch'))).toBe(true)
    expect(isNetworkError(new ApiError(0, 'network', 'down'))).toBe(true)
    expect(isNetworkError(new ApiError(503, 'http_503', 'unavailable'))).toBe(true)
    expect(isNetworkError(new ApiError(422, 'outside_grids', 'outside'))).toBe(false)
    expect(isNetworkError(new ApiError(500, 'internal', 'bug'))).toBe(false)
    expect(isNetworkError(new Error('other'))).toBe(false)
  })
})

describe('phoneOrder', () => {
  const c = (id: number, overdue: boolean, deadlineAt: string | null): CaseSummary =>
    ({ id, overdue, deadlineAt, reportedAt: '2026-11-01T00:00:00Z', status: 'handling' }) as CaseSummary
  it('puts overdue cases first, then the soonest deadline, no deadline last', () => {
    const list = [c(1, false, null), c(2, false, '2026-11-24T10:00:00Z'), c(3, true, null), c(4, false, '2026-11-23T10:00:00Z'), c(5, true, '2026-11-20T00:00:00Z')]
    expect(phoneOrder(list).map((x) => x.id)).toEqual([5, 3, 4, 2, 1])
    expect(list.map((x) => x.id)).toEqual([1, 2, 3, 4, 5])
  })
})
