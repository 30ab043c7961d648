/**
 * Handling departments (处置单位) a case is dispatched to, with the categories each usually
 * handles. A dispatch may name any of them (a wrong dispatch is what 回退 is for); a department
 * user acts only on cases currently dispatched to their own department.
 */
export interface Department {
  code: string
  nameZh: string
  nameEn: string
  categories: readonly string[]
}

export const DEPARTMENTS: readonly Department[] = [
  { code: 'sanitation', nameZh: '区环卫站', nameEn: 'District sanitation station', categories: ['exposed_rubbish', 'road_uncleanliness', 'overflowing_bin', 'flyposting'] },
  { code: 'enforcement', nameZh: '区综合执法局', nameEn: 'District law-enforcement bureau', categories: ['illegal_construction', 'street_stall', 'flyposting'] },
  { code: 'greening', nameZh: '区园林绿化中心', nameEn: 'District greening centre', categories: ['vegetable_plot', 'greenery_repair'] },
  { code: 'utilities', nameZh: '区住建局', nameEn: 'District housing and public works', categories: ['broken_facility', 'broken_light'] },
  { code: 'power', nameZh: '区供电局', nameEn: 'District power supply', categories: ['private_wiring'] },
  { code: 'environment', nameZh: '区生态环境分局', nameEn: 'District ecology and environment', categories: ['fumes_sewage', 'pollution_source'] },
  { code: 'market', nameZh: '区市场监管局', nameEn: 'District market regulation', categories: ['fumes_sewage'] },
  { code: 'traffic', nameZh: '区交警大队', nameEn: 'District traffic police', categories: ['illegal_parking'] },
  { code: 'health', nameZh: '区卫健局', nameEn: 'District health commission', categories: ['public_smoking'] },
  { code: 'community', nameZh: '属地社区', nameEn: 'Local community committee', categories: ['clutter', 'waste_sorting', 'vegetable_plot', 'private_wiring'] },
  { code: 'property', nameZh: '物业服务企业', nameEn: 'Property management company', categories: ['clutter', 'waste_sorting', 'broken_facility', 'broken_light'] },
]

export const DEPARTMENT_CODES: ReadonlySet<string> = new Set(DEPARTMENTS.map((d) => d.code))
export const departmentByCode = new Map(DEPARTMENTS.map((d) => [d.code, d]))

/** Departments that handle a category, in the order above. */
export function departmentsFor(category: string): Department[] {
  return DEPARTMENTS.filter((d) => d.categories.includes(category))
}

const byName = new Map(DEPARTMENTS.map((d) => [d.nameZh, d.code]))

/** A department code from a code or a Chinese name (auth stores the name: 区环卫站); null if unknown. */
export function departmentCode(value: string | null | undefined): string | null {
  if (!value) return null
  if (DEPARTMENT_CODES.has(value)) return value
  return byName.get(value) ?? null
}

/**
 * The department a department-role user belongs to: their session's `department` (a name or a
 * code), else the demo username convention dept.<code>.
 */
export function userDepartment(user: { username?: string; department?: string | null }): string | null {
  const fromField = departmentCode(user.department)
  if (fromField) return fromField
  const m = /^dept\.([a-z_]+)$/.exec(user.username ?? '')
  return m ? departmentCode(m[1]) : null
}
