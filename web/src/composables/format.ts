/** Display formatting, pure and locale-explicit so it is unit-tested without a browser. */
import type { Locale } from '../map/layers/common'

export function formatNumber(value: number | null | undefined, locale: Locale): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—'
  return new Intl.NumberFormat(locale).format(value)
}

/** 0.8734 → "87.3%"; ratios outside 0–1 are shown as they are, never clamped silently. */
export function formatPercent(ratio: number | null | undefined, locale: Locale, digits = 1): string {
  if (ratio === null || ratio === undefined || Number.isNaN(ratio)) return '—'
  return new Intl.NumberFormat(locale, {
    style: 'percent',
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(ratio)
}

/**
 * "2025-03-07 14:05" in the given time zone (the browser's by default). One numeric form in both
 * languages: it is what Chinese case ledgers use and it reads unambiguously in English.
 */
export function formatDateTime(iso: string | null | undefined, timeZone?: string): string {
  if (!iso) return '—'
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(date)
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? ''
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`
}

/** 850 → "850 m", 12345 → "12.3 km". */
export function formatLength(metres: number | null | undefined, locale: Locale): string {
  if (metres === null || metres === undefined || Number.isNaN(metres)) return '—'
  if (Math.abs(metres) < 1000) return `${formatNumber(Math.round(metres), locale)} m`
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(metres / 1000)} km`
}

/** Clamp a radius typed by the user into the range the slider offers, rounded to the step. */
export function clampRadius(value: number, min: number, max: number, step: number): number {
  if (!Number.isFinite(value)) return min
  const rounded = Math.round(value / step) * step
  return Math.min(max, Math.max(min, rounded))
}
