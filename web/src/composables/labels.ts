/** Names for API codes that the API sends only in one language, or only as a code. */
import type { Locale } from '../map/layers/common'

/** "grid_head" → "Grid head"; already readable text is returned as it is. */
export function humanize(code: string): string {
  if (!/^[a-z0-9_]+$/.test(code)) return code
  const words = code.split('_').filter(Boolean).join(' ')
  return words.charAt(0).toUpperCase() + words.slice(1)
}

/** A responsible person's role: the Chinese title in Chinese, the role code made readable in English. */
export function roleLabel(person: { role?: string | null; roleZh?: string | null }, locale: Locale): string {
  if (locale === 'en') return person.role ? humanize(person.role) : person.roleZh ?? ''
  return person.roleZh || (person.role ? humanize(person.role) : '')
}

/** A feature's name in the current language, when it has an English one. */
export function localName(props: { name?: unknown; nameEn?: unknown }, locale: Locale): string {
  const zh = typeof props.name === 'string' ? props.name : ''
  const en = typeof props.nameEn === 'string' ? props.nameEn : ''
  return locale === 'en' ? en || zh : zh || en
}

/** A code's name from the dictionary (`prefix.code`), or the code made readable when there is none. */
export function codeLabel(translate: (key: string) => string, prefix: string, code: unknown): string | null {
  if (typeof code !== 'string' || code === '') return null
  const key = `${prefix}.${code}`
  const label = translate(key)
  return label === key ? humanize(code) : label
}
