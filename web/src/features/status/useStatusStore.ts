/**
 * What the app is doing and what went wrong: a count of pending loads (for the spinner and the
 * e2e hook) and keyed notices, each optionally with a retry. A failed load is always shown.
 */
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'

export interface Notice {
  key: string
  /** i18n key and params, translated when shown so a language switch applies */
  text: string
  params: Record<string, string | number>
  retry?: () => void
}

export const useStatusStore = defineStore('status', () => {
  const pending = ref<string[]>([])
  const notices = ref<Notice[]>([])

  /** Marks a load as running; call the returned function when it settles. */
  function begin(label: string): () => void {
    pending.value = [...pending.value, label]
    let done = false
    return () => {
      if (done) return
      done = true
      const i = pending.value.indexOf(label)
      if (i >= 0) pending.value = [...pending.value.slice(0, i), ...pending.value.slice(i + 1)]
    }
  }

  function report(key: string, text: string, params: Record<string, string | number> = {}, retry?: () => void): void {
    notices.value = [...notices.value.filter((n) => n.key !== key), { key, text, params, retry }]
  }

  function clear(key: string): void {
    notices.value = notices.value.filter((n) => n.key !== key)
  }

  return { pending, notices, busy: computed(() => pending.value.length > 0), begin, report, clear }
})
