import ExcelJS from 'exceljs'
import type { Kysely } from 'kysely'
import type { SessionUser } from '../auth/roles.ts'
import type { Database } from '../db/database.ts'
import { ledgerRows, type LedgerRow } from './entries.ts'
import { STREAM_LABELS, TYPE_LABELS, type LedgerType } from './model.ts'

/**
 * The ledgers as spreadsheets an office can send upward as they are: one sheet per type, a title
 * row, a row naming scope, period and export time, then the Chinese header row and the data.
 * Dates are Excel dates (CST wall-clock) with a date format, counts and weights are numbers.
 * The same columns are the import template (api/ledgers/import.ts reads them back by header).
 */
export interface Column {
  header: string
  width: number
  kind: 'text' | 'number' | 'datetime' | 'date' | 'boolean'
  value: (r: LedgerRow, index: number) => string | number | Date | boolean | null
}

const CST_MS = 8 * 3600_000
/** A CST wall-clock time as the Date exceljs writes (it serialises UTC fields). */
export const excelDate = (iso: string) => new Date(Date.parse(iso) + CST_MS)
const attr = (r: LedgerRow, key: string) => (r.attributes[key] ?? null) as string | number | boolean | null
const num = (v: unknown) => (v == null || v === '' ? null : Number(v))

const lead: Column[] = [
  { header: '序号', width: 7, kind: 'number', value: (_, i) => i + 1 },
  { header: '日期', width: 18, kind: 'datetime', value: (r) => r.occurredAt as unknown as Date },
  { header: '街道(镇)', width: 12, kind: 'text', value: (r) => r.streetName },
  { header: '村(居)', width: 14, kind: 'text', value: (r) => r.villageName },
]
const tail: Column[] = [
  { header: '人员', width: 24, kind: 'text', value: (r) => r.people.join('、') },
  { header: '照片(张)', width: 9, kind: 'number', value: (r) => r.photoIds.length },
  { header: '经度', width: 12, kind: 'number', value: (r) => r.lon },
  { header: '纬度', width: 12, kind: 'number', value: (r) => r.lat },
  { header: '编号', width: 9, kind: 'number', value: (r) => r.id },
]

/** The type-specific columns between the lead and the tail. */
const middle: Record<LedgerType, Column[]> = {
  station_activity: [
    { header: '实践站', width: 26, kind: 'text', value: (r) => r.place.name },
    { header: '实践站编号', width: 11, kind: 'number', value: (r) => r.place.id },
    { header: '活动名称', width: 30, kind: 'text', value: (r) => r.title },
    { header: '理论宣讲', width: 9, kind: 'boolean', value: (r) => attr(r, 'theory_lecture') === true },
    { header: '参与人数', width: 9, kind: 'number', value: (r) => num(attr(r, 'participants')) },
  ],
  volunteer_activity: [
    { header: '志愿服务队', width: 28, kind: 'text', value: (r) => r.place.name },
    { header: '服务队编号', width: 11, kind: 'number', value: (r) => r.place.id },
    { header: '活动名称', width: 24, kind: 'text', value: (r) => r.title },
    { header: '志愿者人数', width: 10, kind: 'number', value: (r) => num(attr(r, 'volunteers')) },
    { header: '服务时长(小时)', width: 13, kind: 'number', value: (r) => num(attr(r, 'hours')) },
  ],
  good_person: [
    { header: '被推荐人', width: 12, kind: 'text', value: (r) => attr(r, 'nominee') as string },
    { header: '事迹类别', width: 12, kind: 'text', value: (r) => attr(r, 'deeds') as string },
    { header: '标题', width: 30, kind: 'text', value: (r) => r.title },
  ],
  kiosk_clearance: [
    { header: '收集亭', width: 28, kind: 'text', value: (r) => r.place.name },
    { header: '收集亭编号', width: 11, kind: 'number', value: (r) => r.place.id },
    { header: '垃圾类别', width: 10, kind: 'text', value: (r) => STREAM_LABELS[attr(r, 'stream') as keyof typeof STREAM_LABELS] ?? (attr(r, 'stream') as string) },
    { header: '重量(千克)', width: 11, kind: 'number', value: (r) => num(attr(r, 'weight_kg')) },
    { header: '清运单位', width: 28, kind: 'text', value: (r) => attr(r, 'company') as string },
    { header: '车牌', width: 12, kind: 'text', value: (r) => attr(r, 'vehicle') as string },
  ],
  training: [
    { header: '培训名称', width: 26, kind: 'text', value: (r) => r.title },
    { header: '培训地点', width: 24, kind: 'text', value: (r) => r.place.name },
    { header: '培训对象', width: 28, kind: 'text', value: (r) => attr(r, 'audience') as string },
    { header: '参训人数', width: 9, kind: 'number', value: (r) => num(attr(r, 'participants')) },
    { header: '时长(小时)', width: 10, kind: 'number', value: (r) => num(attr(r, 'hours')) },
  ],
  compound_meeting: [
    { header: '小区', width: 20, kind: 'text', value: (r) => r.place.name },
    { header: '小区编号', width: 9, kind: 'number', value: (r) => r.place.id },
    { header: '会议名称', width: 26, kind: 'text', value: (r) => r.title },
    { header: '议题', width: 14, kind: 'text', value: (r) => attr(r, 'topics') as string },
    { header: '参会人数', width: 9, kind: 'number', value: (r) => num(attr(r, 'attendees')) },
  ],
  patrol: [
    { header: '巡查名称', width: 20, kind: 'text', value: (r) => r.title },
    { header: '网格', width: 16, kind: 'text', value: (r) => r.place.name },
    { header: '结束时间', width: 18, kind: 'datetime', value: (r) => attr(r, 'ended_at') as unknown as Date },
    { header: '里程(千米)', width: 11, kind: 'number', value: (r) => Math.round(Number(attr(r, 'length_m') ?? 0)) / 1000 },
    { header: '电话', width: 14, kind: 'text', value: (r) => attr(r, 'phone') as string },
  ],
}

export const columnsOf = (type: LedgerType): Column[] => [...lead, ...middle[type], ...tail]
export const DATE_FORMAT = 'yyyy-mm-dd hh:mm'

interface ExportQuery {
  period: { from: string; to: string; start: Date; end: Date }
  gridId?: number
  user: SessionUser
}

async function scopeName(db: Kysely<Database>, gridId: number | undefined, user: SessionUser): Promise<string> {
  const district = await db.selectFrom('districts').select('name').executeTakeFirst()
  const ids = gridId != null ? [gridId] : user.gridIds
  if (!ids.length) return district?.name ?? ''
  const names = await db.selectFrom('grid_records').select('name').where('id', 'in', ids).orderBy('id').execute()
  return `${district?.name ?? ''} ${names.map((n) => n.name).join('、')}`.trim()
}

const fmtNow = (d: Date) => new Date(d.getTime() + CST_MS).toISOString().slice(0, 16).replace('T', ' ')

/** The workbook (one sheet per type, in the order asked). */
export async function workbookFile(db: Kysely<Database>, q: ExportQuery & { types: readonly LedgerType[] }): Promise<Uint8Array<ArrayBuffer>> {
  const wb = new ExcelJS.Workbook()
  wb.creator = 'gridsight 网格慧眼'
  wb.created = new Date()
  const scope = await scopeName(db, q.gridId, q.user)
  for (const type of q.types) {
    const { rows } = await ledgerRows(db, { types: [type], start: q.period.start, end: q.period.end, gridId: q.gridId, user: q.user })
    rows.reverse() // oldest first, as ledgers are kept
    const columns = columnsOf(type)
    const ws = wb.addWorksheet(TYPE_LABELS[type].zh, { views: [{ state: 'frozen', ySplit: 3 }] })
    ws.columns = columns.map((c) => ({ width: c.width }))
    const title = ws.addRow([`${scope}${TYPE_LABELS[type].zh}台账`])
    ws.mergeCells(1, 1, 1, columns.length)
    title.font = { bold: true, size: 16 }
    title.alignment = { horizontal: 'center', vertical: 'middle' }
    title.height = 28
    const sub = ws.addRow([`范围：${scope}    期间：${q.period.from} 至 ${q.period.to}    导出时间：${fmtNow(new Date())}    共 ${rows.length} 条`])
    ws.mergeCells(2, 1, 2, columns.length)
    sub.font = { size: 10, color: { argb: 'FF555555' } }
    const header = ws.addRow(columns.map((c) => c.header))
    header.font = { bold: true }
    header.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true }
    header.eachCell((cell) => {
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF6' } }
      cell.border = { top: { style: 'thin' }, bottom: { style: 'thin' }, left: { style: 'thin' }, right: { style: 'thin' } }
    })
    rows.forEach((r, i) => {
      const row = ws.addRow(
        columns.map((c) => {
          const v = c.value(r, i)
          if (v == null || v === '') return null
          if (c.kind === 'datetime' || c.kind === 'date') return excelDate(String(v))
          if (c.kind === 'boolean') return v ? '是' : '否'
          return v
        }),
      )
      columns.forEach((c, k) => {
        if (c.kind === 'datetime') row.getCell(k + 1).numFmt = DATE_FORMAT
      })
    })
    ws.autoFilter = { from: { row: 3, column: 1 }, to: { row: 3, column: columns.length } }
  }
  return new Uint8Array(await wb.xlsx.writeBuffer()) as Uint8Array<ArrayBuffer>
}

/** One CSV field (RFC 4180 quoting). */
export function csvField(v: string | number | null): string {
  if (v == null) return ''
  const s = String(v)
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

/** One type as CSV: UTF-8 BOM, the Chinese header row, then the rows (dates as YYYY-MM-DD HH:mm, CST). */
export async function csvFile(db: Kysely<Database>, q: ExportQuery & { type: LedgerType }): Promise<string> {
  const { rows } = await ledgerRows(db, { types: [q.type], start: q.period.start, end: q.period.end, gridId: q.gridId, user: q.user })
  rows.reverse()
  const columns = columnsOf(q.type)
  const lines = [columns.map((c) => csvField(c.header)).join(',')]
  rows.forEach((r, i) => {
    lines.push(
      columns
        .map((c) => {
          const v = c.value(r, i)
          if (v == null || v === '') return ''
          if (c.kind === 'datetime') return fmtNow(new Date(String(v)))
          if (c.kind === 'boolean') return v ? '是' : '否'
          return csvField(v as string | number)
        })
        .join(','),
    )
  })
  return `\uFEFF${lines.join('\r\n')}\r\n`
}
