/** Which layer groups are shown, the grid level, and whether the panel is open. */
import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { GridLevel } from '../../api/types'
import { defaultVisibility } from '../../map/layerGroups'

export const DEFAULT_GRID_LEVEL: GridLevel = 1

export const useLayersStore = defineStore('layers', () => {
  const visibility = ref<Record<string, boolean>>(defaultVisibility())
  const gridLevel = ref<GridLevel>(DEFAULT_GRID_LEVEL)
  const panelOpen = ref(true)
  /** bumped to ask the map to fit the whole district again */
  const fitToken = ref(0)

  function setVisible(group: string, visible: boolean): void {
    visibility.value = { ...visibility.value, [group]: visible }
  }

  function toggle(group: string): void {
    setVisible(group, !visibility.value[group])
  }

  function setGridLevel(level: GridLevel): void {
    gridLevel.value = level
  }

  function requestFitDistrict(): void {
    fitToken.value++
  }

  return { visibility, gridLevel, panelOpen, fitToken, setVisible, toggle, setGridLevel, requestFitDistrict }
})
