/**
 * Shrinks a screenshot for the README: decodes Chromium's truecolour PNG, reduces it to a
 * 256-colour palette (popular 5-bit buckets plus the most distinct rare ones) and writes an indexed
 * PNG at zlib level 9. A map screenshot is mostly flat fills and antialiased edges, so 256
 * colours keep it faithful at about half the bytes.
 */
import { crc32, deflateSync, inflateSync } from 'node:zlib'

interface Image {
  width: number
  height: number
  /** 3 bytes per pixel, row after row */
  rgb: Uint8Array
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c
  const pa = Math.abs(p - a)
  const pb = Math.abs(p - b)
  const pc = Math.abs(p - c)
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c
}

/** Decodes an 8-bit RGB or RGBA, non-interlaced PNG (what Chromium writes). */
export function decodePng(png: Buffer): Image {
  if (!png.subarray(0, 8).equals(SIGNATURE)) throw new Error('not a PNG')
  let offset = 8
  let width = 0
  let height = 0
  let channels = 0
  const idat: Buffer[] = []
  while (offset < png.length) {
    const length = png.readUInt32BE(offset)
    const type = png.toString('latin1', offset + 4, offset + 8)
    const data = png.subarray(offset + 8, offset + 8 + length)
    if (type === 'IHDR') {
      width = data.readUInt32BE(0)
      height = data.readUInt32BE(4)
      if (data[8] !== 8 || data[12] !== 0) throw new Error(`unsupported PNG: depth ${data[8]}, interlace ${data[12]}`)
      channels = data[9] === 6 ? 4 : data[9] === 2 ? 3 : 0
      if (!channels) throw new Error(`unsupported PNG colour type ${data[9]}`)
    } else if (type === 'IDAT') idat.push(data)
    offset += 12 + length
  }
  const raw = inflateSync(Buffer.concat(idat))
  const stride = width * channels
  const pixels = new Uint8Array(stride * height)
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1))
    const row = y * stride
    for (let x = 0; x < stride; x++) {
      const left = x >= channels ? pixels[row + x - channels] : 0
      const up = y > 0 ? pixels[row - stride + x] : 0
      const upLeft = y > 0 && x >= channels ? pixels[row - stride + x - channels] : 0
      const predictor = filter === 1 ? left : filter === 2 ? up : filter === 3 ? (left + up) >> 1 : filter === 4 ? paeth(left, up, upLeft) : 0
      pixels[row + x] = (line[x] + predictor) & 0xff
    }
  }
  const rgb = new Uint8Array(width * height * 3)
  for (let i = 0, j = 0; i < pixels.length; i += channels, j += 3) {
    rgb[j] = pixels[i]
    rgb[j + 1] = pixels[i + 1]
    rgb[j + 2] = pixels[i + 2]
  }
  return { width, height, rgb }
}

const PALETTE_SIZE = 256
/** Slots kept for rare but distinct colours (a legend's purple ring), filled farthest-first. */
const DISTINCT_SLOTS = 40
/** A bucket needs this many pixels to claim a distinct slot, so stray antialiasing does not. */
const DISTINCT_MIN_PIXELS = 12

function distance(a: ArrayLike<number>, i: number, b: ArrayLike<number>, j: number): number {
  const dr = a[i] - b[j]
  const dg = a[i + 1] - b[j + 1]
  const db = a[i + 2] - b[j + 2]
  return 2 * dr * dr + 4 * dg * dg + 3 * db * db
}

/**
 * The palette: the most used 5-bit colour buckets (each the mean of its pixels), then the
 * buckets farthest from every colour chosen so far. O(pixels + buckets × palette).
 */
function palette(rgb: Uint8Array): Uint8Array {
  const count = new Uint32Array(32768)
  const sum = new Float64Array(32768 * 3)
  for (let i = 0; i < rgb.length; i += 3) {
    const key = ((rgb[i] >> 3) << 10) | ((rgb[i + 1] >> 3) << 5) | (rgb[i + 2] >> 3)
    count[key]++
    sum[key * 3] += rgb[i]
    sum[key * 3 + 1] += rgb[i + 1]
    sum[key * 3 + 2] += rgb[i + 2]
  }
  const mean = (k: number) => [0, 1, 2].map((c) => Math.round(sum[k * 3 + c] / count[k]))
  const used = [...count.keys()].filter((k) => count[k] > 0).sort((a, b) => count[b] - count[a])
  const chosen = used.slice(0, PALETTE_SIZE - DISTINCT_SLOTS).map(mean)
  const candidates = used.slice(PALETTE_SIZE - DISTINCT_SLOTS).filter((k) => count[k] >= DISTINCT_MIN_PIXELS).map(mean)
  const gap = candidates.map((c) => Math.min(...chosen.map((p) => distance(c, 0, p, 0))))
  while (chosen.length < PALETTE_SIZE && candidates.length > 0) {
    let far = 0
    for (let i = 1; i < gap.length; i++) if (gap[i] > gap[far]) far = i
    if (gap[far] === 0) break
    const pick = candidates[far]
    chosen.push(pick)
    for (let i = 0; i < candidates.length; i++) gap[i] = Math.min(gap[i], distance(candidates[i], 0, pick, 0))
  }
  return Uint8Array.from(chosen.flat())
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8)
  head.writeUInt32BE(data.length, 0)
  head.write(type, 4, 'latin1')
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(Buffer.concat([Buffer.from(type, 'latin1'), data])) >>> 0, 0)
  return Buffer.concat([head, data, crc])
}

/** The image as an 8-bit indexed PNG with at most 256 colours. */
export function encodeIndexedPng({ width, height, rgb }: Image): Buffer {
  const pal = palette(rgb)
  const colours = pal.length / 3
  // nearest palette entry per 5-bit bucket, computed once per bucket that occurs
  const nearest = new Int16Array(32768).fill(-1)
  const raw = Buffer.alloc((width + 1) * height)
  for (let y = 0; y < height; y++) {
    raw[y * (width + 1)] = 0
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3
      const key = ((rgb[i] >> 3) << 10) | ((rgb[i + 1] >> 3) << 5) | (rgb[i + 2] >> 3)
      if (nearest[key] < 0) {
        let best = 0
        let bestDistance = Infinity
        for (let p = 0; p < colours; p++) {
          const d = distance(rgb, i, pal, p * 3)
          if (d < bestDistance) {
            bestDistance = d
            best = p
          }
        }
        nearest[key] = best
      }
      raw[y * (width + 1) + 1 + x] = nearest[key]
    }
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(width, 0)
  header.writeUInt32BE(height, 4)
  header[8] = 8
  header[9] = 3
  return Buffer.concat([
    SIGNATURE,
    chunk('IHDR', header),
    chunk('PLTE', pal),
    chunk('IDAT', deflateSync(raw, { level: 9, memLevel: 9 })),
    chunk('IEND', new Uint8Array(0)),
  ])
}
