// dBASE III tables (a Shapefile's attributes). Text is decoded with the .cpg's code page when
// there is one; otherwise UTF-8 if every value decodes as UTF-8, else GBK (the code page of most
// Chinese Shapefiles written without a .cpg).

import { FormatError } from './model.ts'

export interface DbfField {
  name: string
  type: string
  length: number
  decimals: number
}

export interface DbfTable {
  fields: DbfField[]
  records: Record<string, unknown>[]
  encoding: string
  encodingSource: 'cpg' | 'utf8_valid' | 'gbk_fallback'
}

const CODE_PAGES: Record<string, string> = {
  'utf-8': 'utf-8', utf8: 'utf-8', '65001': 'utf-8',
  gbk: 'gbk', '936': 'gbk', cp936: 'gbk', gb2312: 'gbk', 'ansi 936': 'gbk', gb18030: 'gb18030',
  big5: 'big5', '950': 'big5', 'iso-8859-1': 'latin1', latin1: 'latin1', '1252': 'windows-1252', 'ansi 1252': 'windows-1252',
}

export function encodingFromCpg(cpg: string): string | null {
  const key = cpg.trim().toLowerCase()
  return CODE_PAGES[key] ?? (isLabel(key) ? key : null)
}

function isLabel(label: string): boolean {
  try {
    new TextDecoder(label)
    return true
  } catch {
    return false
  }
}

export function readDbf(bytes: Uint8Array, cpg?: string): DbfTable {
  if (bytes.length < 32) throw new FormatError('malformed_dbf', `The .dbf is ${bytes.length} bytes: too short for a header`)
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const count = view.getUint32(4, true)
  const headerLength = view.getUint16(8, true)
  const recordLength = view.getUint16(10, true)
  const fields: DbfField[] = []
  const rawNames: Uint8Array[] = []
  for (let at = 32; at + 32 <= headerLength && bytes[at] !== 0x0d; at += 32) {
    const nameBytes = bytes.subarray(at, at + 11)
    const end = nameBytes.indexOf(0)
    rawNames.push(nameBytes.subarray(0, end < 0 ? 11 : end))
    fields.push({ name: '', type: String.fromCharCode(bytes[at + 11]), length: bytes[at + 16], decimals: bytes[at + 17] })
  }
  let encoding: string
  let encodingSource: DbfTable['encodingSource']
  const fromCpg = cpg ? encodingFromCpg(cpg) : null
  if (fromCpg) {
    encoding = fromCpg
    encodingSource = 'cpg'
  } else {
    const valid = isUtf8(bytes.subarray(32, Math.min(bytes.length, headerLength + count * recordLength)))
    encoding = valid ? 'utf-8' : 'gbk'
    encodingSource = valid ? 'utf8_valid' : 'gbk_fallback'
  }
  const decoder = new TextDecoder(encoding)
  rawNames.forEach((raw, i) => (fields[i].name = decoder.decode(raw).trim()))
  const records: Record<string, unknown>[] = []
  for (let r = 0; r < count; r++) {
    const start = headerLength + r * recordLength
    if (start + recordLength > bytes.length) throw new FormatError('malformed_dbf', `The .dbf ends inside record ${r} of ${count}`)
    const record: Record<string, unknown> = {}
    let at = start + 1
    for (const f of fields) {
      const raw = bytes.subarray(at, at + f.length)
      at += f.length
      record[f.name] = value(f, decoder.decode(raw))
    }
    // a record marked deleted ('*') is still a row of the .shp: keep it aligned, flagged
    if (bytes[start] === 0x2a) record.__deleted = true
    records.push(record)
  }
  return { fields, records, encoding, encodingSource }
}

function value(f: DbfField, text: string): unknown {
  const t = text.replace(/\0/g, '').trim()
  switch (f.type) {
    case 'N':
    case 'F': {
      if (t === '' || /^\*+$/.test(t)) return null
      const n = Number(t)
      return Number.isFinite(n) ? n : null
    }
    case 'L':
      return /^[YyTt]$/.test(t) ? true : /^[NnFf]$/.test(t) ? false : null
    case 'D':
      return /^\d{8}$/.test(t) ? `${t.slice(0, 4)}-${t.slice(4, 6)}-${t.slice(6, 8)}` : t || null
    default:
      return t
  }
}

function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes)
    return true
  } catch {
    return false
  }
}

/** Writes a dBASE III table, text in UTF-8 (say so in a .cpg). Values longer than a field are cut at a character boundary. */
export function writeDbf(fields: DbfField[], records: Record<string, unknown>[]): Uint8Array {
  const enc = new TextEncoder()
  const headerLength = 32 + fields.length * 32 + 1
  const recordLength = 1 + fields.reduce((s, f) => s + f.length, 0)
  const out = new Uint8Array(headerLength + records.length * recordLength + 1)
  const view = new DataView(out.buffer)
  out[0] = 0x03
  const now = new Date()
  out[1] = now.getUTCFullYear() - 1900
  out[2] = now.getUTCMonth() + 1
  out[3] = now.getUTCDate()
  view.setUint32(4, records.length, true)
  view.setUint16(8, headerLength, true)
  view.setUint16(10, recordLength, true)
  fields.forEach((f, i) => {
    const at = 32 + i * 32
    const name = enc.encode(f.name).subarray(0, 10)
    out.set(name, at)
    out[at + 11] = f.type.charCodeAt(0)
    out[at + 16] = f.length
    out[at + 17] = f.decimals
  })
  out[headerLength - 1] = 0x0d
  records.forEach((rec, r) => {
    let at = headerLength + r * recordLength
    out[at++] = 0x20
    for (const f of fields) {
      out.fill(0x20, at, at + f.length)
      const v = rec[f.name]
      if (f.type === 'N') {
        const text = v === null || v === undefined || !Number.isFinite(Number(v)) ? '' : Number(v).toFixed(f.decimals)
        out.set(enc.encode(text.padStart(f.length).slice(-f.length)), at)
      } else {
        out.set(cutUtf8(enc, v === null || v === undefined ? '' : String(v), f.length), at)
      }
      at += f.length
    }
  })
  out[out.length - 1] = 0x1a
  return out
}

function cutUtf8(enc: TextEncoder, text: string, max: number): Uint8Array {
  let bytes = enc.encode(text)
  let s = text
  while (bytes.length > max) {
    s = [...s].slice(0, -1).join('')
    bytes = enc.encode(s)
  }
  return bytes
}
