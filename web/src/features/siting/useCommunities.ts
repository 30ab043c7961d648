/**
 * The communities and villages (level-1 grids, 社区/村) a planner picks a scope from: fetched once, shared by the
 * siting and what-if panels.
 */
import { shallowRef } from 'vue'
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson'
import { getJson } from '../../api/client'

export type Community = Feature<Polygon | MultiPolygon, { id: number; name: string; nameEn: string; households: number }>

const communities = shallowRef<Community[]>([])
let loading: Promise<void> | null = null

export function useCommunities() {
  if (!loading) {
    loading = getJson<FeatureCollection<Polygon | MultiPolygon>>('/grids', { level: 1 })
      .then((fc) => {
        communities.value = (fc.features as Community[]).slice().sort((a, b) => a.properties.id - b.properties.id)
      })
      .catch(() => {
        loading = null // the panel shows the whole district; a later open retries
      })
  }
  return communities
}
