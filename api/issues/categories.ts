/**
 * Issue categories (问题类别) with their handling time limits.
 * Drawn from the seeds (六大整治 cleanup actions, 六乱, environment items) and the
 * examples in MISSION.md. Limits are defaults; a city configures its own.
 */
export type LimitUnit = 'working_hours' | 'working_days'

export interface IssueCategory {
  code: string
  nameZh: string
  nameEn: string
  group: 'cleanup' | 'six_disorders' | 'environment' | 'facilities'
  /** handling limit counted on the working calendar */
  limit: { value: number; unit: LimitUnit }
}

export const CATEGORY_GROUPS: Record<IssueCategory['group'], { nameZh: string; nameEn: string }> = {
  cleanup: { nameZh: '六大整治', nameEn: 'Six cleanup actions' },
  six_disorders: { nameZh: '六乱', nameEn: 'Six disorders' },
  environment: { nameZh: '环境卫生', nameEn: 'Sanitation' },
  facilities: { nameZh: '设施与秩序', nameEn: 'Facilities and order' },
}

export const CATEGORIES: readonly IssueCategory[] = [
  { code: 'vegetable_plot', nameZh: '毁绿种菜', nameEn: 'Vegetable plot on greenery', group: 'cleanup', limit: { value: 5, unit: 'working_days' } },
  { code: 'clutter', nameZh: '乱堆乱放', nameEn: 'Clutter and stacking', group: 'cleanup', limit: { value: 1, unit: 'working_days' } },
  { code: 'private_wiring', nameZh: '私拉电线', nameEn: 'Private wiring', group: 'cleanup', limit: { value: 3, unit: 'working_days' } },
  { code: 'fumes_sewage', nameZh: '乱排油烟污水', nameEn: 'Fumes or sewage discharge', group: 'cleanup', limit: { value: 3, unit: 'working_days' } },
  { code: 'greenery_repair', nameZh: '绿化修缮', nameEn: 'Greenery repair', group: 'cleanup', limit: { value: 10, unit: 'working_days' } },
  { code: 'illegal_construction', nameZh: '违法建设', nameEn: 'Illegal construction', group: 'cleanup', limit: { value: 15, unit: 'working_days' } },
  { code: 'pollution_source', nameZh: '污染源', nameEn: 'Pollution source', group: 'six_disorders', limit: { value: 5, unit: 'working_days' } },
  { code: 'flyposting', nameZh: '乱张贴（牛皮癣）', nameEn: 'Flyposting', group: 'six_disorders', limit: { value: 1, unit: 'working_days' } },
  { code: 'illegal_parking', nameZh: '乱停车辆', nameEn: 'Illegal parking', group: 'six_disorders', limit: { value: 4, unit: 'working_hours' } },
  { code: 'street_stall', nameZh: '乱设摊点', nameEn: 'Unlicensed street stall', group: 'six_disorders', limit: { value: 4, unit: 'working_hours' } },
  { code: 'exposed_rubbish', nameZh: '暴露垃圾', nameEn: 'Exposed rubbish', group: 'environment', limit: { value: 1, unit: 'working_days' } },
  { code: 'road_uncleanliness', nameZh: '道路不洁', nameEn: 'Unclean road', group: 'environment', limit: { value: 5, unit: 'working_hours' } },
  { code: 'overflowing_bin', nameZh: '垃圾桶满溢', nameEn: 'Overflowing bin', group: 'environment', limit: { value: 4, unit: 'working_hours' } },
  { code: 'waste_sorting', nameZh: '垃圾分类投放不规范', nameEn: 'Waste not sorted', group: 'environment', limit: { value: 1, unit: 'working_days' } },
  { code: 'broken_facility', nameZh: '设施损坏', nameEn: 'Broken facility', group: 'facilities', limit: { value: 5, unit: 'working_days' } },
  { code: 'broken_light', nameZh: '路灯楼道灯损坏', nameEn: 'Broken street or corridor light', group: 'facilities', limit: { value: 3, unit: 'working_days' } },
  { code: 'public_smoking', nameZh: '公共场所吸烟', nameEn: 'Smoking in public place', group: 'facilities', limit: { value: 1, unit: 'working_days' } },
]

export const CATEGORY_CODES: ReadonlySet<string> = new Set(CATEGORIES.map((c) => c.code))

/** Case states and their labels: the case workflow (api/cases/lifecycle.ts) owns them. */
export { CASE_STATUSES as ISSUE_STATUSES, CASE_STATUS_LABELS as STATUS_LABELS, type CaseStatus as IssueStatus } from '../cases/lifecycle.ts'
