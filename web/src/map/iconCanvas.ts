/**
 * Draws the icons of icons.ts on a canvas: for `map.addImage` (as ImageData) and for the legend
 * (as a data: URL). Browser only; fonts come from the system, never from the network.
 */
import type { IconSpec } from './icons'

const PIXEL_RATIO = 2
const GLYPH_FONT = '"Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif'

function canvasFor(spec: IconSpec): { canvas: HTMLCanvasElement; ctx: CanvasRenderingContext2D; s: number } {
  const canvas = document.createElement('canvas')
  const s = spec.size * PIXEL_RATIO
  canvas.width = s
  canvas.height = s
  const ctx = canvas.getContext('2d', { willReadFrequently: true })
  if (!ctx) throw new Error('2D canvas is not available for drawing map icons')
  return { canvas, ctx, s }
}

function roundRect(ctx: CanvasRenderingContext2D, x: number, y: number, w: number, h: number, r: number): void {
  ctx.beginPath()
  ctx.moveTo(x + r, y)
  ctx.arcTo(x + w, y, x + w, y + h, r)
  ctx.arcTo(x + w, y + h, x, y + h, r)
  ctx.arcTo(x, y + h, x, y, r)
  ctx.arcTo(x, y, x + w, y, r)
  ctx.closePath()
}

/** A rounded green tile with a white waste bin on it: the collection kiosk. */
function drawBin(ctx: CanvasRenderingContext2D, s: number, fill: string): void {
  const m = s * 0.06
  roundRect(ctx, m, m, s - 2 * m, s - 2 * m, s * 0.22)
  ctx.fillStyle = fill
  ctx.fill()
  ctx.lineWidth = s * 0.07
  ctx.strokeStyle = '#ffffff'
  ctx.stroke()
  ctx.fillStyle = '#ffffff'
  // lid and body of the bin
  ctx.fillRect(s * 0.27, s * 0.28, s * 0.46, s * 0.08)
  ctx.fillRect(s * 0.42, s * 0.22, s * 0.16, s * 0.07)
  ctx.beginPath()
  ctx.moveTo(s * 0.31, s * 0.39)
  ctx.lineTo(s * 0.69, s * 0.39)
  ctx.lineTo(s * 0.64, s * 0.76)
  ctx.lineTo(s * 0.36, s * 0.76)
  ctx.closePath()
  ctx.fill()
  ctx.strokeStyle = fill
  ctx.lineWidth = s * 0.04
  for (const x of [0.43, 0.5, 0.57]) {
    ctx.beginPath()
    ctx.moveTo(s * x, s * 0.45)
    ctx.lineTo(s * x, s * 0.7)
    ctx.stroke()
  }
}

function drawDot(ctx: CanvasRenderingContext2D, s: number, fill: string): void {
  ctx.beginPath()
  ctx.arc(s / 2, s / 2, s * 0.38, 0, Math.PI * 2)
  ctx.fillStyle = fill
  ctx.fill()
  ctx.lineWidth = s * 0.16
  ctx.strokeStyle = '#ffffff'
  ctx.stroke()
}

/** A map pin with a one-character glyph: facilities. Anchored at its bottom tip. */
function drawPin(ctx: CanvasRenderingContext2D, s: number, fill: string, glyph = ''): void {
  const cx = s / 2
  const r = s * 0.36
  const cy = r + s * 0.05
  ctx.beginPath()
  ctx.arc(cx, cy, r, Math.PI * 0.8, Math.PI * 0.2)
  ctx.lineTo(cx, s * 0.97)
  ctx.closePath()
  ctx.fillStyle = fill
  ctx.fill()
  ctx.lineWidth = s * 0.05
  ctx.strokeStyle = '#ffffff'
  ctx.stroke()
  if (glyph) {
    ctx.fillStyle = '#ffffff'
    ctx.font = `700 ${Math.round(s * 0.4)}px ${GLYPH_FONT}`
    ctx.textAlign = 'center'
    ctx.textBaseline = 'middle'
    ctx.fillText(glyph, cx, cy + s * 0.015)
  }
}

function draw(spec: IconSpec): { canvas: HTMLCanvasElement; ctx: CanvasRenderingContext2D; s: number } {
  const target = canvasFor(spec)
  const { ctx, s } = target
  if (spec.shape === 'bin') drawBin(ctx, s, spec.fill)
  else if (spec.shape === 'dot') drawDot(ctx, s, spec.fill)
  else drawPin(ctx, s, spec.fill, spec.glyph)
  return target
}

export function iconImage(spec: IconSpec): { image: ImageData; pixelRatio: number } {
  const { ctx, s } = draw(spec)
  return { image: ctx.getImageData(0, 0, s, s), pixelRatio: PIXEL_RATIO }
}

const dataUrlCache = new Map<IconSpec, string>()
export function iconDataUrl(spec: IconSpec): string {
  let url = dataUrlCache.get(spec)
  if (!url) {
    url = draw(spec).canvas.toDataURL('image/png')
    dataUrlCache.set(spec, url)
  }
  return url
}
