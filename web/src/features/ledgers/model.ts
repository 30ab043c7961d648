/** The ledgers API's shapes the web app reads (api/ledgers/compliance.ts, import.ts). */
export interface StationMiss {
  facilityId: number
  name: string
  villageId: number
  villageName: string
  lon: number
  lat: number
  month: string
  activities: number
  theoryLectures: number
  reasons: Array<'under_quota' | 'no_theory_lecture'>
}
export interface TeamShortfall { gridId: number; name: string; kind: string; teams: number; required: number; lon: number; lat: number }
export interface KioskMiss { kioskId: number; name: string; villageName: string; lon: number; lat: number; week: string; weekStart: string; clearances: number; required: number }
export interface GoodPersonMiss { gridId: number; name: string; quarter: string; lon: number; lat: number }

export interface Compliance {
  period: { from: string; to: string; asOf: string }
  rules: Record<string, number>
  judged: { stationMonths: number; villages: number; kioskWeeks: number; villageQuarters: number }
  stations: StationMiss[]
  teams: TeamShortfall[]
  kiosks: KioskMiss[]
  goodPersons: GoodPersonMiss[]
}

export type MissKind = 'station' | 'teams' | 'kiosk' | 'goodPerson'
export const MISS_COLOURS: Record<MissKind, string> = { station: '#dc2626', teams: '#7c3aed', kiosk: '#ea580c', goodPerson: '#0891b2' }

export interface MissPoint {
  kind: MissKind
  /** facility, grid or kiosk id */
  id: number
  name: string
  /** months, weeks or quarters missed; the shortfall of teams for kind teams */
  misses: number
  lon: number
  lat: number
}

/** One map point per place that missed anything in the period, with how many buckets it missed. Pure. */
export function missPoints(c: Compliance): MissPoint[] {
  const out = new Map<string, MissPoint>()
  const add = (kind: MissKind, id: number, name: string, lon: number, lat: number, n = 1) => {
    const key = `${kind}:${id}`
    const hit = out.get(key)
    if (hit) hit.misses += n
    else out.set(key, { kind, id, name, misses: n, lon, lat })
  }
  for (const s of c.stations) add('station', s.facilityId, s.name, s.lon, s.lat)
  for (const k of c.kiosks) add('kiosk', k.kioskId, k.name, k.lon, k.lat)
  for (const t of c.teams) add('teams', t.gridId, t.name, t.lon, t.lat, t.required - t.teams)
  for (const g of c.goodPersons) add('goodPerson', g.gridId, g.name, g.lon, g.lat)
  return [...out.values()]
}

export const LEDGER_TYPES = ['station_activity', 'volunteer_activity', 'good_person', 'kiosk_clearance', 'training', 'compound_meeting', 'patrol'] as const
export type LedgerType = (typeof LEDGER_TYPES)[number]

export interface ImportProblem { sheet: string; row: number; column: string; columnLetter: string; code: string; message: string; messageZh: string }
