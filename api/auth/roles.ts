/**
 * Roles of the city-management centre (数字城管) and the users who hold them. Scope: a user acts
 * on grids whose path contains one of their scope roots (grid_ids); a department user, on the
 * issue categories it handles.
 */
export const ROLES = ['worker', 'inspector', 'acceptor', 'duty_chief', 'dispatcher', 'department', 'leader', 'planner', 'admin'] as const
export type Role = (typeof ROLES)[number]

export const ROLE_LABELS: Record<Role, { zh: string; en: string }> = {
  worker: { zh: '网格员', en: 'Grid worker' },
  inspector: { zh: '监督员', en: 'Inspector' },
  acceptor: { zh: '受理员', en: 'Acceptor' },
  duty_chief: { zh: '值班长', en: 'Duty chief' },
  dispatcher: { zh: '派遣员', en: 'Dispatcher' },
  department: { zh: '处置单位', en: 'Handling department' },
  leader: { zh: '领导', en: 'Leader' },
  planner: { zh: '规划员', en: 'Planner' },
  admin: { zh: '系统管理员', en: 'Administrator' },
}

export const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value)

/** Who is calling: what c.get('user') holds in every handler behind the session check. */
export interface SessionUser {
  id: number
  username: string
  name: string
  role: Role
  /** scope roots (grid ids); a path containing any of them is in scope */
  gridIds: number[]
  /** department users: categories handled; null = not restricted by category */
  categories: string[] | null
  /** department users: the department's name (区环卫站 …); null otherwise */
  department: string | null
}
