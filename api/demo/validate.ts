import type { Feature, Geometry } from 'geojson'
import { validateGeometry } from '../../geo/index.ts'

/**
 * Every geometry read from a file is validated before it is stored (the loader is an edge like
 * the API): the first invalid feature stops the load with its layer, id and reasons.
 */
export function assertValidLayer(layer: string, features: Feature<Geometry, { id: number }>[]): void {
  for (const f of features) {
    const result = validateGeometry(f.geometry, { maxErrors: 3 })
    if (!result.ok) {
      const reasons = result.errors.map((e) => `${e.code} at ${e.path}: ${e.message}`).join('; ')
      throw new Error(`${layer} feature ${f.properties.id} has invalid geometry: ${reasons}`)
    }
  }
}
