/**
 * The app's two screens by URL, without a router dependency: `/cases` (the list) and
 * `/cases/:id` (a case) show the case screen, anything else the map. The server answers every
 * client path with the app shell, so these URLs can be bookmarked and reloaded.
 */
import { computed, ref } from 'vue'

const path = ref(typeof location === 'undefined' ? '/' : location.pathname)
if (typeof window !== 'undefined') window.addEventListener('popstate', () => (path.value = location.pathname))

/** `/cases` → {id: null}, `/cases/12` → {id: 12}, else null (the map). Pure, unit-tested. */
export function parseCaseRoute(p: string): { id: number | null } | null {
  const m = /^\/cases(?:\/(\d+))?\/?$/.exec(p)
  if (!m) return null
  return { id: m[1] ? Number(m[1]) : null }
}

export const caseRoute = computed(() => parseCaseRoute(path.value))

export function navigate(to: string): void {
  if (to === path.value) return
  history.pushState(null, '', to)
  path.value = to
}

export const casePath = (id: number | null) => (id === null ? '/cases' : `/cases/${id}`)
