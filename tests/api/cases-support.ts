import { sql } from 'kysely'
import sharp from 'sharp'
import { call, type TestApp } from './harness.ts'

/**
 * Calls as a demo user: call(app, path, { as: username }) logs in with the demo password.
 * `worker.second` / `inspector.second` are the demo users of the second community (凤鸣社区).
 */
export interface Users {
  as(username: string, path: string, init?: RequestInit & { json?: unknown }): ReturnType<typeof call>
  gridsOf(username: string): number[]
}

export async function demoUsers(t: TestApp): Promise<Users> {
  const grids = (await sql<{ id: number; level: number; parent_id: number | null; kind: string }>`select id, level, parent_id, kind from grids order by id`.execute(t.handle.db)).rows
  const children = (id: number) => grids.filter((g) => g.parent_id === id)
  const level3Under = (id: number): number[] => {
    const g = grids.find((x) => x.id === id)!
    return g.level === 3 ? [g.id] : children(id).flatMap((k) => level3Under(k.id))
  }
  const communities = grids.filter((g) => g.level === 1)
  const [huayuan, second] = communities
  const users: Record<string, object> = {
    admin: { role: 'admin', gridIds: [], categories: null, department: null },
    leader: { role: 'leader', gridIds: [], categories: null, department: null },
    duty: { role: 'duty_chief', gridIds: [], categories: null, department: null },
    acceptor: { role: 'acceptor', gridIds: [], categories: null, department: null },
    dispatcher: { role: 'dispatcher', gridIds: [], categories: null, department: null },
    planner: { role: 'planner', gridIds: [], categories: null, department: null },
    'worker.huayuan': { role: 'worker', gridIds: level3Under(children(huayuan.id)[0].id), categories: null, department: null },
    'inspector.huayuan': { role: 'inspector', gridIds: level3Under(huayuan.id), categories: null, department: null },
    'worker.second': { role: 'worker', gridIds: level3Under(children(second.id)[0].id), categories: null, department: null },
    'inspector.second': { role: 'inspector', gridIds: level3Under(second.id), categories: null, department: null },
    'dept.sanitation': { role: 'department', gridIds: [], categories: ['exposed_rubbish', 'road_uncleanliness', 'overflowing_bin', 'flyposting', 'waste_sorting'], department: '区环卫站' },
    'dept.enforcement': { role: 'department', gridIds: [], categories: ['illegal_construction', 'street_stall', 'flyposting', 'clutter', 'fumes_sewage'], department: '区综合执法局' },
  }
  const alias: Record<string, string> = { 'worker.second': 'worker.fengming', 'inspector.second': 'inspector.fengming' }
  return {
    as: (username, path, init) => call(t.app, path, { ...init, as: alias[username] ?? username }),
    gridsOf: (username) => (users[username] as { gridIds: number[] }).gridIds,
  }
}

/** A small real JPEG, optionally with EXIF time and GPS. */
export async function jpeg(opts: { seed?: number; gps?: [number, number]; time?: string } = {}): Promise<Buffer> {
  const s = opts.seed ?? 1
  let img = sharp({ create: { width: 64 + (s % 7), height: 48, channels: 3, background: { r: (s * 37) % 256, g: (s * 91) % 256, b: (s * 53) % 256 } } }).jpeg()
  if (opts.gps || opts.time) {
    const dms = (v: number) => {
      const a = Math.abs(v)
      const d = Math.floor(a)
      const m = Math.floor((a - d) * 60)
      const sec = Math.round(((a - d) * 60 - m) * 60 * 1000)
      return `${d}/1 ${m}/1 ${sec}/1000`
    }
    img = img.withExif({
      IFD0: { Make: 'gridsight-test' },
      ...(opts.time ? { IFD2: { DateTimeOriginal: opts.time } } : {}),
      ...(opts.gps ? { IFD3: { GPSLatitudeRef: opts.gps[1] >= 0 ? 'N' : 'S', GPSLatitude: dms(opts.gps[1]), GPSLongitudeRef: opts.gps[0] >= 0 ? 'E' : 'W', GPSLongitude: dms(opts.gps[0]) } } : {}),
    })
  }
  return img.toBuffer()
}

export async function upload(users: Users, username: string, bytes: Uint8Array, name = 'photo.jpg', type = 'image/jpeg') {
  const form = new FormData()
  form.set('file', new File([new Uint8Array(bytes)], name, { type }))
  return users.as(username, '/api/photos', { method: 'POST', body: form })
}
