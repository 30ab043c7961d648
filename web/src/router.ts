/**
 * The app's screens by URL, without a router dependency. The server answers every client path
 * with the app shell, so each URL can be bookmarked, reloaded and opened on a wall or a phone.
 *
 * | path              | screen     | chrome                 |
 * |-------------------|------------|------------------------|
 * | `/`               | map        | top bar                |
 * | `/cases[/:id]`    | cases      | top bar                |
 * | `/drill[/:gridId]`| drill      | top bar                |
 * | `/hotspots`       | hotspots   | top bar                |
 * | `/civ`            | civ        | top bar                |
 * | `/standard`       | standard   | top bar (创文标准)     |
 * | `/planner[/…]`    | planner    | top bar                |
 * | `/inspections[/:id]` | inspections (模拟测评) | top bar        |
 * | `/wall`           | wall       | none (1920×1080 wall)  |
 * | `/m[/…]`          | mobile     | none (phone layout)    |
 *
 * Query strings belong to the screen (e.g. `/wall?tour=20`); `route.query` exposes them.
 */
import { computed, ref } from 'vue'

export type Screen = 'map' | 'cases' | 'drill' | 'hotspots' | 'civ' | 'standard' | 'planner' | 'wall' | 'mobile' | 'inspections'

export interface Route {
  screen: Screen
  /** path segments after the screen's prefix: `/drill/12` → ['12'] */
  params: string[]
}

const PREFIXES: Array<[string, Screen]> = [
  ['cases', 'cases'],
  ['drill', 'drill'],
  ['hotspots', 'hotspots'],
  // issue 7 · progress (civmap)
  ['civ', 'civ'],
  // issue 7 · civ standard (civstd)
  ['standard', 'standard'],
  ['planner', 'planner'],
  // issue 7 · inspections (inspect): mock assessments on a desktop
  ['inspections', 'inspections'],
  ['wall', 'wall'],
  ['m', 'mobile'],
]

/** Screens drawn without the top bar: they own the whole viewport. */
export const FULLSCREEN: ReadonlySet<Screen> = new Set(['wall', 'mobile'])

/** `/drill/12/` → {screen: 'drill', params: ['12']}; unknown paths show the map. Pure, unit-tested. */
export function parseRoute(pathname: string): Route {
  const parts = pathname.split('/').filter(Boolean).map(decodeURIComponent)
  const hit = PREFIXES.find(([prefix]) => parts[0] === prefix)
  return hit ? { screen: hit[1], params: parts.slice(1) } : { screen: 'map', params: [] }
}

const here = () => (typeof location === 'undefined' ? { path: '/', search: '' } : { path: location.pathname, search: location.search })
const current = ref(here())
if (typeof window !== 'undefined') window.addEventListener('popstate', () => (current.value = here()))

/** The current path (reactive). */
export const path = computed(() => current.value.path)
export const route = computed(() => ({ ...parseRoute(current.value.path), query: new URLSearchParams(current.value.search) }))

/** Go to `to` (a path with an optional query); `replace` rewrites the history entry instead. */
export function navigate(to: string, opts: { replace?: boolean } = {}): void {
  const url = new URL(to, 'http://x')
  const next = { path: url.pathname, search: url.search }
  if (next.path === current.value.path && next.search === current.value.search) return
  if (opts.replace) history.replaceState(null, '', to)
  else history.pushState(null, '', to)
  current.value = next
}
