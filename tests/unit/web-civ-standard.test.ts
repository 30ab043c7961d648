import { describe, expect, it } from 'vitest'
import { autoSourceKey, groupItems, nextCode, thresholdText, toDraft, totalWeight, unitKey } from '../../web/src/features/civ/model'
import { en, zh } from '../../web/src/features/civ/messages'

describe('civ standard screen helpers', () => {
  it('formats pass marks: shares as percentages, other units as given', () => {
    expect(thresholdText({ op: '>=', value: 0.8, unit: '%' }, '%')).toBe('≥ 80 %')
    expect(thresholdText({ op: '>=', value: 0.955, unit: '%' }, '%')).toBe('≥ 95.5 %')
    expect(thresholdText({ op: '>=', value: 400, unit: 'm²' }, 'm²')).toBe('≥ 400 m²')
    expect(thresholdText({ op: '<=', value: 0, unit: 'cases' }, '件')).toBe('≤ 0 件')
    expect(thresholdText({ op: '=', value: 1, unit: '%' }, '%')).toBe('= 100 %')
  })
  it('groups items in order with subtotals', () => {
    const items = [
      { groupKey: 'a', weight: 3 },
      { groupKey: 'b', weight: 2.5 },
      { groupKey: 'a', weight: 1 },
    ]
    expect(groupItems(items).map((g) => [g.key, g.items.length, g.weight])).toEqual([['a', 2, 4], ['b', 1, 2.5]])
    expect(totalWeight(items)).toBe(6.5)
  })
  it('codes for new items are unique in the checklist', () => {
    const items = [
      { groupKey: 'environment', code: '3.1' },
      { groupKey: 'environment', code: '3.2' },
      { groupKey: 'security', code: '4.4b' },
      { groupKey: 'culture', code: '3.3' },
    ]
    expect(nextCode(items, 'environment')).toBe('3.4')
    expect(nextCode(items, 'security')).toBe('4.5')
    expect(nextCode(items, 'services')).toBe('services.1')
  })
  it('keys of auto sources and units exist in both languages', () => {
    expect(autoSourceKey('open_cases:clutter,flyposting')).toBe('open_cases')
    for (const s of ['greening_rate', 'fitness_area_m2', 'kiosk_coverage', 'kiosk_count', 'patrol_share', 'open_cases:all']) {
      const key = autoSourceKey(s) as keyof typeof zh.autoSources
      expect(zh.autoSources[key]).toBeTruthy()
      expect(en.autoSources[key]).toBeTruthy()
    }
    for (const u of ['%', 'm²', 'times/year', 'years', 'cases']) expect(zh.units[unitKey(u) as keyof typeof zh.units]).toBeTruthy()
  })
  it('the draft keeps only what a new version takes', () => {
    const item = { id: 1, checklistId: 1, groupKey: 'a', code: '1', text: '甲', textEn: 'A', weight: 2, method: 'site' as const, threshold: null, autoSource: null, caseCategory: null, sort: 1 }
    expect(toDraft([item])).toEqual([{ groupKey: 'a', code: '1', text: '甲', textEn: 'A', weight: 2, method: 'site', threshold: null, autoSource: null, caseCategory: null }])
  })
})
