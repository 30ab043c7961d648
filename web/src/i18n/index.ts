/**
 * The app's i18n: a reactive locale (remembered in localStorage) and `t(key, params)`.
 * Components call `useI18n()`; nothing else in the UI holds display text.
 */
import { computed, ref } from 'vue'
import zhCN from './zh-CN'
import en from './en'
import { type Dictionary, type Params, translate } from './translate'
import type { Locale } from '../map/layers/common'

export type { Locale }
const DICTIONARIES: Record<Locale, Dictionary> = { 'zh-CN': zhCN, en }
const STORAGE_KEY = 'gridsight.locale'

function initialLocale(): Locale {
  try {
    const saved = globalThis.localStorage?.getItem(STORAGE_KEY)
    if (saved === 'en' || saved === 'zh-CN') return saved
  } catch {
    // storage blocked: fall through to Chinese
  }
  return 'zh-CN'
}

const locale = ref<Locale>(initialLocale())

export function setLocale(next: Locale): void {
  locale.value = next
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, next)
  } catch {
    // not remembered, still switched
  }
  if (typeof document !== 'undefined') document.documentElement.lang = next
}

export function t(key: string, params?: Params): string {
  return translate(DICTIONARIES[locale.value], key, params, zhCN)
}

/** A name the API gives in both languages, in the current one. */
export function pick(names: { zh: string; en: string }): string {
  return locale.value === 'en' ? names.en || names.zh : names.zh
}

export function useI18n() {
  return {
    locale: computed(() => locale.value),
    t,
    pick,
    setLocale,
    toggleLocale: () => setLocale(locale.value === 'zh-CN' ? 'en' : 'zh-CN'),
  }
}
