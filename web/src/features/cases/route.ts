/**
 * The case screen's URLs: `/cases` (the list) and `/cases/:id` (a case). Navigation itself lives
 * in web/src/router.ts.
 */
import { computed } from 'vue'
import { path, navigate } from '../../router'

export { navigate }

/** `/cases` → {id: null}, `/cases/12` → {id: 12}, else null (the map). Pure, unit-tested. */
export function parseCaseRoute(p: string): { id: number | null } | null {
  const m = /^\/cases(?:\/(\d+))?\/?$/.exec(p)
  if (!m) return null
  return { id: m[1] ? Number(m[1]) : null }
}

export const caseRoute = computed(() => parseCaseRoute(path.value))

export const casePath = (id: number | null) => (id === null ? '/cases' : `/cases/${id}`)
