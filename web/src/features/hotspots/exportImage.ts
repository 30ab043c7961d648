/**
 * Exports: the map as a PNG with its title and legend drawn on, and any text as a download.
 * The map's WebGL canvas keeps no drawing buffer, so it is copied inside MapLibre's `render`
 * event, while the frame just drawn is still there, after asking for a repaint.
 */
import type { Map as MapLibreMap } from 'maplibre-gl'
import type { LegendItem } from './model'

export interface ImageLabels {
  title: string
  subtitle: string
  legendTitle: string
  /** hex classes; empty for the heat map (then `ramp` is drawn) */
  legend: LegendItem[]
  ramp?: string[]
  note: string
}

/** A 2D copy of the map's current frame. */
export function captureMap(map: MapLibreMap): Promise<HTMLCanvasElement> {
  return new Promise((resolve) => {
    map.once('render', () => {
      const source = map.getCanvas()
      const copy = document.createElement('canvas')
      copy.width = source.width
      copy.height = source.height
      copy.getContext('2d')!.drawImage(source, 0, 0)
      resolve(copy)
    })
    map.triggerRepaint()
  })
}

const FONT = "'Noto Sans CJK SC', 'Microsoft YaHei', 'PingFang SC', sans-serif"

/** Draws the title (top left) and the legend (bottom left) on the captured map, in CSS pixels × ratio. */
export function composeImage(canvas: HTMLCanvasElement, labels: ImageLabels, ratio: number): HTMLCanvasElement {
  const g = canvas.getContext('2d')!
  g.save()
  g.scale(ratio, ratio)
  const box = (x: number, y: number, w: number, h: number) => {
    g.fillStyle = 'rgba(255,255,255,0.93)'
    g.strokeStyle = '#dde3ea'
    g.lineWidth = 1
    g.beginPath()
    g.roundRect(x, y, w, h, 8)
    g.fill()
    g.stroke()
  }
  g.font = `bold 20px ${FONT}`
  const titleWidth = g.measureText(labels.title).width
  g.font = `14px ${FONT}`
  const subtitleWidth = g.measureText(labels.subtitle).width
  box(12, 12, Math.max(titleWidth, subtitleWidth) + 28, 66)
  g.fillStyle = '#1f2d3d'
  g.textBaseline = 'top'
  g.font = `bold 20px ${FONT}`
  g.fillText(labels.title, 26, 22)
  g.font = `14px ${FONT}`
  g.fillStyle = '#5b6b80'
  g.fillText(labels.subtitle, 26, 50)

  const height = canvas.height / ratio
  const rows = labels.legend.length || 1
  const legendH = 44 + rows * 22 + 24
  g.font = `12px ${FONT}`
  const legendW = Math.max(200, g.measureText(labels.note).width + 28)
  const top = height - legendH - 12
  box(12, top, legendW, legendH)
  g.fillStyle = '#1f2d3d'
  g.font = `bold 14px ${FONT}`
  g.fillText(labels.legendTitle, 26, top + 12)
  g.font = `13px ${FONT}`
  if (labels.legend.length) {
    labels.legend.forEach((item, i) => {
      const y = top + 38 + i * 22
      g.fillStyle = item.colour
      g.fillRect(26, y, 28, 16)
      g.strokeStyle = '#94a3b8'
      g.strokeRect(26, y, 28, 16)
      g.fillStyle = '#1f2d3d'
      g.fillText(item.label, 62, y + 1)
    })
  } else if (labels.ramp) {
    const gradient = g.createLinearGradient(26, 0, 26 + 160, 0)
    labels.ramp.forEach((c, i) => gradient.addColorStop(i / (labels.ramp!.length - 1), c))
    g.fillStyle = gradient
    g.fillRect(26, top + 38, 160, 16)
  }
  g.fillStyle = '#5b6b80'
  g.font = `12px ${FONT}`
  g.fillText(labels.note, 26, top + legendH - 22)
  g.restore()
  return canvas
}

/** Saves a blob under `name` through a temporary link. */
export function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = name
  document.body.appendChild(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

export function canvasPng(canvas: HTMLCanvasElement): Promise<Blob> {
  return new Promise((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('toBlob gave nothing'))), 'image/png'))
}
