/** `window.__planner` for the browser tests and the console: the planner's store and the map's projection. */
import type { usePlannerStore } from './usePlannerStore'
import type { ScratchFeature } from './plannerDraw'

export interface PlannerHook {
  store: ReturnType<typeof usePlannerStore>
  project(lon: number, lat: number): { x: number; y: number }
  /** what the editor holds besides the family's grids: a split line or drawing not yet handed over */
  scratch(): ScratchFeature[]
}

declare global {
  interface Window {
    __planner?: PlannerHook
  }
}

export function installPlannerHook(hook: PlannerHook | undefined): void {
  window.__planner = hook
}
