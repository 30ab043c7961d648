import ExcelJS from 'exceljs'
import type { Kysely } from 'kysely'
import type { SessionUser } from '../auth/roles.ts'
import type { Database } from '../db/database.ts'
import { ApiError, badRequest } from '../errors.ts'
import { cstDay, TYPE_LABELS } from './model.ts'
import { checkEntry, insertEntries, PlaceCache, type CheckedEntry, type EntryInput } from './write.ts'

/**
 * Import of activity ledgers (practice-station and volunteer activities) from the export template
 * (.xlsx: any sheet whose header row is an activity template; CSV: the header row decides, or ?type).
 * Every row is checked before anything is written; one bad row and nothing is written; the write
 * is one statement inside one transaction.
 */
export const IMPORT_LIMITS = { maxBytes: 5 * 1024 * 1024, maxRows: 5000 }

export type ImportType = 'station_activity' | 'volunteer_activity'

export interface RowError {
  sheet: string
  /** the row number as the spreadsheet shows it (1-based) */
  row: number
  /** the column's header, and its letter */
  column: string
  columnLetter: string
  code: string
  message: string
  messageZh: string
}

type Cell = string | number | boolean | Date | null

interface Sheet {
  name: string
  rows: Cell[][]
}

/** exceljs cell value → plain value (rich text, formulas, hyperlinks flattened). */
function plain(v: ExcelJS.CellValue): Cell {
  if (v == null) return null
  if (v instanceof Date || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('')
    if ('result' in v) return plain(v.result as ExcelJS.CellValue)
    if ('text' in v) return String(v.text)
    if ('error' in v) return null
  }
  return String(v)
}

/** A minimal RFC 4180 reader (quoted fields, doubled quotes, CRLF or LF). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"'
          i++
        } else quoted = false
      } else field += ch
    } else if (ch === '"' && field === '') quoted = true
    else if (ch === ',') {
      row.push(field)
      field = ''
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++
      row.push(field)
      rows.push(row)
      row = []
      field = ''
    } else field += ch
  }
  if (field !== '' || row.length) {
    row.push(field)
    rows.push(row)
  }
  return rows
}

async function readSheets(bytes: Uint8Array): Promise<Sheet[]> {
  const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b
  if (isZip) {
    const wb = new ExcelJS.Workbook()
    try {
      await wb.xlsx.load(bytes as unknown as ArrayBuffer)
    } catch (err) {
      throw badRequest('unreadable_file', `The file is not a readable .xlsx workbook: ${(err as Error).message}`)
    }
    return wb.worksheets.map((ws) => {
      const rows: Cell[][] = []
      ws.eachRow({ includeEmpty: true }, (r, n) => {
        const cells: Cell[] = []
        r.eachCell({ includeEmpty: true }, (c, k) => (cells[k - 1] = plain(c.value)))
        rows[n - 1] = cells
      })
      for (let i = 0; i < rows.length; i++) rows[i] ??= []
      return { name: ws.name, rows }
    })
  }
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    throw badRequest('not_utf8', 'The CSV is not UTF-8 text (save it as "CSV UTF-8"); 文件不是 UTF-8 编码的 CSV')
  }
  return [{ name: 'CSV', rows: parseCsv(text.replace(/^\uFEFF/, '')) }]
}

const HEADERS: Record<ImportType, { place: string; placeId: string }> = {
  station_activity: { place: '实践站', placeId: '实践站编号' },
  volunteer_activity: { place: '志愿服务队', placeId: '服务队编号' },
}

/** field of checkEntry's problems → the template column it comes from */
const COLUMN_OF: Record<string, string> = {
  occurredAt: '日期',
  title: '活动名称',
  people: '人员',
  theoryLecture: '理论宣讲',
  participants: '参与人数',
  volunteers: '志愿者人数',
  hours: '服务时长(小时)',
  lon: '经度',
  photoIds: '照片(张)',
}

const letter = (index: number) => {
  let s = ''
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s
  return s
}

const text = (v: Cell) => (v == null ? '' : v instanceof Date ? v.toISOString() : String(v).trim())

/** A template date cell (an Excel date holds CST wall-clock time) or text like 2026-05-03 [09:30]. */
function parseDate(v: Cell): Date | null {
  if (v instanceof Date) return new Date(v.getTime() - 8 * 3600_000)
  if (typeof v === 'number' && v > 20000 && v < 80000) return new Date(Math.round((v - 25569) * 86400_000) - 8 * 3600_000)
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(text(v))
  if (!m) return null
  const [, y, mo, d, h = '0', mi = '0', s = '0'] = m
  const date = new Date(Date.UTC(+y!, +mo! - 1, +d!, +h, +mi, +s) - 8 * 3600_000)
  // reject 2026-02-30 and the like
  return cstDay(date) === `${y}-${mo!.padStart(2, '0')}-${d!.padStart(2, '0')}` ? date : null
}

function parseBool(v: Cell): boolean | null | 'bad' {
  if (v == null || text(v) === '') return null
  if (typeof v === 'boolean') return v
  const s = text(v).toLowerCase()
  if (['是', 'y', 'yes', 'true', '1', '√'].includes(s)) return true
  if (['否', 'n', 'no', 'false', '0', '×'].includes(s)) return false
  return 'bad'
}

function parseNum(v: Cell): number | null | 'bad' {
  if (v == null || text(v) === '') return null
  const n = typeof v === 'number' ? v : Number(text(v))
  return Number.isFinite(n) ? n : 'bad'
}

export interface ImportResultDry {
  dryRun: true
  count: number
  skipped: number
  rows: Array<{ sheet: string; row: number; type: ImportType; occurredAt: string; title: string; place: string; people: string[] }>
}
export interface ImportResultDone {
  dryRun: false
  imported: number
  skipped: number
  ids: number[]
}

export async function importLedger(
  db: Kysely<Database>,
  opts: { bytes: Uint8Array; name?: string; dryRun: boolean; type?: ImportType; user: SessionUser; now: Date },
): Promise<ImportResultDry | ImportResultDone> {
  const sheets = await readSheets(opts.bytes)
  const places = new PlaceCache(db)
  const errors: RowError[] = []
  const good: Array<{ sheet: string; row: number; type: ImportType; entry: CheckedEntry }> = []
  let skipped = 0
  let used = 0
  let dataRows = 0
  for (const sheet of sheets) {
    // the header row: the first of the first ten holding 日期 and 活动名称
    const headerIndex = sheet.rows.slice(0, 10).findIndex((r) => r.some((c) => text(c) === '日期') && r.some((c) => text(c) === '活动名称'))
    if (headerIndex < 0) continue
    const header = sheet.rows[headerIndex]!.map(text)
    const type: ImportType | undefined = header.includes('实践站') || header.includes('实践站编号')
      ? 'station_activity'
      : header.includes('志愿服务队') || header.includes('服务队编号')
        ? 'volunteer_activity'
        : opts.type
    if (!type) continue
    used++
    const col = (name: string) => header.indexOf(name)
    const existing = new Set(
      (await db.selectFrom('ledger_entries').select('id').where('type', '=', type).execute()).map((r) => r.id),
    )
    for (let i = headerIndex + 1; i < sheet.rows.length; i++) {
      const cells = sheet.rows[i]!
      if (!cells.some((c) => text(c) !== '')) continue
      dataRows++
      if (dataRows > IMPORT_LIMITS.maxRows) {
        throw badRequest('too_many_rows', `At most ${IMPORT_LIMITS.maxRows} rows can be imported at once; 一次最多导入 ${IMPORT_LIMITS.maxRows} 行`, { maxRows: IMPORT_LIMITS.maxRows })
      }
      const rowNo = i + 1
      const get = (name: string): Cell => (col(name) >= 0 ? (cells[col(name)] ?? null) : null)
      const rowErrors: RowError[] = []
      const fail = (column: string, code: string, message: string, messageZh: string) =>
        rowErrors.push({ sheet: sheet.name, row: rowNo, column, columnLetter: col(column) >= 0 ? letter(col(column)) : '', code, message, messageZh })

      const existingId = parseNum(get('编号'))
      if (typeof existingId === 'number' && existing.has(existingId)) {
        skipped++
        continue
      }
      const when = parseDate(get('日期'))
      if (!when) fail('日期', 'invalid_date', `"${text(get('日期'))}" is not a date (YYYY-MM-DD [HH:mm])`, `“${text(get('日期'))}”不是有效日期（年-月-日 [时:分]）`)
      const { place, placeId } = HEADERS[type]
      let id: number | null = null
      const idCell = parseNum(get(placeId))
      if (typeof idCell === 'number') id = idCell
      else if (idCell === 'bad') fail(placeId, 'invalid_id', `"${text(get(placeId))}" is not a number`, `“${text(get(placeId))}”不是编号`)
      else if (text(get(place))) {
        const ids = await places.idByName(type === 'station_activity' ? 'facility' : 'team', text(get(place)))
        if (ids.length === 1) id = ids[0]!
        else if (ids.length > 1) fail(place, 'ambiguous_name', `${ids.length} places are named "${text(get(place))}": give the ${placeId}`, `名称“${text(get(place))}”不唯一，请填写${placeId}`)
        else fail(place, 'unknown_place', `no ${type === 'station_activity' ? 'practice station' : 'volunteer team'} is named "${text(get(place))}"`, `找不到名为“${text(get(place))}”的${place}`)
      } else fail(place, 'missing_place', `give the ${placeId} or the ${place} name`, `请填写${place}或${placeId}`)
      const lecture = parseBool(get('理论宣讲'))
      if (lecture === 'bad') fail('理论宣讲', 'invalid_boolean', `"${text(get('理论宣讲'))}" is not 是/否`, `“${text(get('理论宣讲'))}”应为“是”或“否”`)
      const numbers: Record<string, number | null> = {}
      for (const name of type === 'station_activity' ? ['参与人数'] : ['志愿者人数', '服务时长(小时)']) {
        const n = parseNum(get(name))
        if (n === 'bad') fail(name, 'invalid_number', `"${text(get(name))}" is not a number`, `“${text(get(name))}”不是数字`)
        else numbers[name] = n
      }
      const lon = parseNum(get('经度'))
      const lat = parseNum(get('纬度'))
      if (lon === 'bad' || lat === 'bad') fail('经度', 'invalid_coordinates', 'longitude/latitude are not numbers', '经纬度不是数字')
      if (rowErrors.length) {
        errors.push(...rowErrors)
        continue
      }
      const input: EntryInput = {
        type,
        occurredAt: when!,
        title: text(get('活动名称')),
        people: text(get('人员')).split(/[、,，;；\s]+/).filter(Boolean),
        lon: typeof lon === 'number' && typeof lat === 'number' ? lon : null,
        lat: typeof lon === 'number' && typeof lat === 'number' ? lat : null,
        ...(type === 'station_activity'
          ? { facilityId: id, theoryLecture: lecture as boolean | null, participants: numbers['参与人数'] }
          : { teamId: id, volunteers: numbers['志愿者人数'], hours: numbers['服务时长(小时)'] }),
      }
      const checked = await checkEntry(input, opts.user, places, opts.now)
      if ('problems' in checked) {
        for (const p of checked.problems) {
          const column = COLUMN_OF[p.field] ?? (p.field === 'facilityId' || p.field === 'teamId' || p.field === 'place' ? (col(placeId) >= 0 ? placeId : place) : p.field)
          fail(column, p.code, p.message, p.messageZh)
        }
        errors.push(...rowErrors)
        continue
      }
      good.push({ sheet: sheet.name, row: rowNo, type, entry: checked.entry })
    }
  }
  if (!used) {
    throw badRequest(
      'no_ledger_sheet',
      `No sheet holds an activity ledger: the header row needs 日期, 活动名称 and 实践站/实践站编号 (${TYPE_LABELS.station_activity.zh}) or 志愿服务队/服务队编号 (${TYPE_LABELS.volunteer_activity.zh})`,
      { sheets: sheets.map((s) => s.name) },
    )
  }
  if (errors.length) {
    throw new ApiError(422, 'import_rows_invalid', `${errors.length} problem(s) in ${new Set(errors.map((e) => `${e.sheet}:${e.row}`)).size} row(s): nothing was imported; 导入失败，未写入任何记录`, {
      errors,
      goodRows: good.length,
    })
  }
  if (opts.dryRun) {
    return {
      dryRun: true,
      count: good.length,
      skipped,
      rows: good.map((g) => ({ sheet: g.sheet, row: g.row, type: g.type, occurredAt: g.entry.occurred_at, title: g.entry.title, place: g.entry.placeName, people: g.entry.people })),
    }
  }
  const ids = await db.transaction().execute((trx) => insertEntries(trx, good.map((g) => g.entry), 'import', opts.user.id))
  return { dryRun: false, imported: ids.length, skipped, ids }
}
