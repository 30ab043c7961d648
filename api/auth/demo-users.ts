import type { Kysely } from 'kysely'
import type { GridProps } from '../../scripts/demo/layers.ts'
import type { Database } from '../db/database.ts'
import { hashPassword } from './password.ts'
import type { Role } from './roles.ts'

/** The one password of every demo user (README lists them). */
export const DEMO_PASSWORD = 'Lanhu#2026'

export interface DemoUser {
  username: string
  name: string
  role: Role
  gridIds: number[]
  categories: string[] | null
  department: string | null
}

/** Departments as the demo cases name them, with the categories each handles. */
export const DEMO_DEPARTMENTS = [
  { key: 'sanitation', name: '区环卫站', person: '环卫站 周建', categories: ['exposed_rubbish', 'road_uncleanliness', 'overflowing_bin', 'flyposting', 'waste_sorting'] },
  { key: 'enforcement', name: '区综合执法局', person: '综合执法局 韩立', categories: ['illegal_construction', 'street_stall', 'flyposting', 'clutter', 'fumes_sewage'] },
  { key: 'greening', name: '区园林绿化中心', person: '园林绿化中心 沈青', categories: ['vegetable_plot', 'greenery_repair'] },
  { key: 'utilities', name: '区住建局', person: '住建局 郭明', categories: ['broken_facility', 'broken_light', 'private_wiring'] },
] as const

/** `Huayuan Community` → `huayuan` */
const slug = (nameEn: string) => nameEn.split(' ')[0]!.toLowerCase().replace(/[^a-z]/g, '')

/**
 * Demo users for every role, scoped on the demo grids: district-wide roles (empty scope), workers on
 * the point grids (level 3) of one area of a community, inspectors on every point grid of a
 * community, a community head (level-1 grid), a street duty chief (level-0 grid), and departments
 * on the categories they handle.
 */
export function demoUsers(grids: readonly GridProps[]): DemoUser[] {
  const children = (id: number) => grids.filter((g) => g.parentId === id).sort((a, b) => a.id - b.id)
  const level3Under = (id: number): number[] => {
    const g = grids.find((x) => x.id === id)!
    return g.level === 3 ? [g.id] : children(id).flatMap((k) => level3Under(k.id))
  }
  const streets = grids.filter((g) => g.level === 0).sort((a, b) => a.id - b.id)
  const communities = grids.filter((g) => g.level === 1).sort((a, b) => a.id - b.id)
  const firstCommunity = (kind: string) => communities.find((g) => g.kind === kind)!
  const huayuan = communities[0]!
  const second = communities[1]!
  const village = firstCommunity('village')
  const district = (username: string, name: string, role: Role): DemoUser => ({ username, name, role, gridIds: [], categories: null, department: null })
  const users: DemoUser[] = [
    district('admin', '系统管理员 王磊', 'admin'),
    district('leader', '区领导 陈志远', 'leader'),
    district('duty', '值班长 刘芳', 'duty_chief'),
    district('acceptor', '受理员 张敏', 'acceptor'),
    district('dispatcher', '派遣员 李强', 'dispatcher'),
    district('planner', '规划员 赵宁', 'planner'),
  ]
  for (const [i, community] of [huayuan, second, village].entries()) {
    const area = children(community.id)[0]!
    const s = slug(community.nameEn)
    users.push({ username: `worker.${s}`, name: `网格员 ${community.name}${i + 1}号`, role: 'worker', gridIds: level3Under(area.id), categories: null, department: null })
    users.push({ username: `inspector.${s}`, name: `监督员 ${community.name}`, role: 'inspector', gridIds: level3Under(community.id), categories: null, department: null })
  }
  users.push({ username: `head.${slug(huayuan.nameEn)}`, name: `${huayuan.name}书记`, role: 'leader', gridIds: [huayuan.id], categories: null, department: null })
  const street = streets[0]!
  users.push({ username: `duty.${slug(street.nameEn)}`, name: `${street.name}值班长`, role: 'duty_chief', gridIds: [street.id], categories: null, department: null })
  for (const d of DEMO_DEPARTMENTS) {
    users.push({ username: `dept.${d.key}`, name: d.person, role: 'department', gridIds: [], categories: [...d.categories], department: d.name })
  }
  return users
}

/** Inserts the demo users (each password hashed with its own salt). */
export async function insertDemoUsers(db: Kysely<Database>, grids: readonly GridProps[]): Promise<DemoUser[]> {
  const users = demoUsers(grids)
  const hashes = await Promise.all(users.map(() => hashPassword(DEMO_PASSWORD)))
  await db
    .insertInto('users')
    .values(users.map((u, i) => ({ username: u.username, name: u.name, role: u.role, grid_ids: u.gridIds, categories: u.categories, department: u.department, password_hash: hashes[i]! })))
    .execute()
  return users
}
