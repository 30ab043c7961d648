/** `window.__planner` for the browser tests and the console: the planner's store and the map's projection. */
import type { usePlannerStore } from './usePlannerStore'

export interface PlannerHook {
  store: ReturnType<typeof usePlannerStore>
  project(lon: number, lat: number): { x: number; y: number }
}

declare global {
  interface Window {
    __planner?: PlannerHook
  }
}

export function installPlannerHook(hook: PlannerHook | undefined): void {
  window.__planner = hook
}
