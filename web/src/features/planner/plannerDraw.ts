/**
 * terra-draw on the planner's MapLibre map: the family's grids are terra-draw polygons; select
 * mode drags, inserts (midpoints) and deletes vertices, snapping to the neighbours' and the
 * parent's vertices and edges (geo snapPosition); linestring mode draws a split line. Every
 * finished vertex edit is diffed (geo diffGeometry) and handed to the store, which applies it to
 * every sibling holding that vertex; while a vertex is dragged, the neighbours holding it follow live.
 */
import { TerraDraw, TerraDrawLineStringMode, TerraDrawPolygonMode, TerraDrawSelectMode, type GeoJSONStoreFeatures } from 'terra-draw'
import { TerraDrawMapLibreGLAdapter } from 'terra-draw-maplibre-gl-adapter'
import type { Map as MapLibreMap } from 'maplibre-gl'
import type { Feature, LineString, MultiPolygon, Polygon, Position } from 'geojson'
import { diffGeometry, moveSharedVertex, openRing, snapPosition, type RingEdit } from '../../../../geo/index.ts'
import { COORDINATE_DECIMALS, type Draft } from './plannerSession'

export interface PlannerDrawCallbacks {
  /** the drafts as the store holds them now (before the edit in progress) */
  drafts(): Draft[]
  parent(): Feature<Polygon | MultiPolygon> | null
  editable(): boolean
  onSelect(key: number | null): void
  onVertexEdit(edit: RingEdit): void
  onSplitLine(line: LineString): void
}

export interface PlannerDraw {
  /** pushes the store's drafts into terra-draw (only what changed) */
  sync(drafts: Draft[]): void
  select(key: number | null): void
  setTool(tool: 'select' | 'split', selectedKey: number | null): void
  destroy(): void
}

const round = (x: number) => Math.round(x * 10 ** COORDINATE_DECIMALS) / 10 ** COORDINATE_DECIMALS
const SELECT = 'select'
const SPLIT = 'linestring'
const COLORS = { fill: '#2563eb', line: '#1d4ed8', selected: '#f59e0b', vertex: '#f59e0b', split: '#db2777' } as const

export function createPlannerDraw(map: MapLibreMap, cb: PlannerDrawCallbacks): PlannerDraw {
  let counter = -1_000_000
  const pushed = new Map<number, Draft['geometry']>()

  const snapping = {
    toCustom: (event: { lng: number; lat: number }, context: { currentId?: unknown; currentCoordinate?: number }) => {
      const drafts = cb.drafts()
      const editing = drafts.find((d) => d.id === context.currentId)
      const ring = editing?.geometry.type === 'Polygon' ? openRing(editing.geometry.coordinates[0]) : null
      const from = ring && context.currentCoordinate !== undefined ? ring[context.currentCoordinate] ?? null : null
      const candidates = drafts.filter((d) => d.id !== context.currentId) as Feature<Polygon | MultiPolygon>[]
      const parent = cb.parent()
      if (parent) candidates.push(parent)
      const project = (p: Position): [number, number] => {
        const { x, y } = map.project([p[0], p[1]])
        return [x, y]
      }
      const snapped = snapPosition([event.lng, event.lat], candidates, { project, tolerance: 10, ignore: from })?.position
      return snapped && [round(snapped[0]), round(snapped[1])]
    },
  }

  const draw = new TerraDraw({
    adapter: new TerraDrawMapLibreGLAdapter({ map, coordinatePrecision: 9 }),
    idStrategy: { isValidId: (id) => typeof id === 'number' && Number.isInteger(id), getId: () => counter-- },
    modes: [
      new TerraDrawSelectMode({
        flags: {
          polygon: {
            feature: {
              draggable: false,
              selfIntersectable: true,
              coordinates: { draggable: true, midpoints: true, deletable: true, snappable: snapping as never },
            },
          },
        },
        styles: {
          selectedPolygonColor: COLORS.selected,
          selectedPolygonFillOpacity: 0.18,
          selectedPolygonOutlineColor: COLORS.selected,
          selectedPolygonOutlineWidth: 3,
          selectionPointColor: COLORS.vertex,
          selectionPointOutlineColor: '#ffffff',
          selectionPointWidth: 5,
          midPointColor: '#ffffff',
          midPointOutlineColor: COLORS.vertex,
        },
      }),
      new TerraDrawLineStringMode({ styles: { lineStringColor: COLORS.split, lineStringWidth: 3 } }),
      // the family is stored as 'polygon' features: this mode gives them their look
      new TerraDrawPolygonMode({ styles: { fillColor: COLORS.fill, fillOpacity: 0.08, outlineColor: COLORS.line, outlineWidth: 2 } }),
    ],
  })
  draw.start()

  const readOnlySelect = () => {
    if (!cb.editable()) draw.updateModeOptions<typeof TerraDrawSelectMode>(SELECT, { flags: { polygon: { feature: {} } } })
  }
  readOnlySelect()
  draw.setMode(SELECT)

  draw.on('select', (id) => cb.onSelect(typeof id === 'number' ? id : null))
  draw.on('change', (ids, type, context) => {
    // live: while a vertex is dragged, the neighbours holding it follow
    if (type !== 'update' || (context && 'origin' in context && context.origin === 'api')) return
    if (draw.getMode() !== SELECT) return
    const drafts = cb.drafts()
    for (const id of ids) {
      const draft = drafts.find((d) => d.id === id)
      const now = draw.getSnapshotFeature(id)
      if (!draft || !now || now.geometry.type !== 'Polygon') continue
      const edit = diffGeometry(draft.geometry, now.geometry as Polygon)
      if (edit?.kind !== 'move') continue
      for (const moved of moveSharedVertex(drafts, edit.from, edit.to)) {
        if (moved.id !== id && moved.geometry !== drafts.find((d) => d.id === moved.id)?.geometry && draw.hasFeature(moved.id)) {
          draw.updateFeatureGeometry(moved.id, moved.geometry as Polygon)
        }
      }
    }
  })
  draw.on('finish', (id, context) => {
    const feature = draw.getSnapshotFeature(id)
    if (!feature) return
    if (context.mode === SPLIT) {
      draw.removeFeatures([id])
      if (feature.geometry.type === 'LineString') cb.onSplitLine(feature.geometry as LineString)
      return
    }
    if (typeof id !== 'number') return
    const draft = cb.drafts().find((d) => d.id === id)
    if (!draft || feature.geometry.type !== 'Polygon') return
    const edit = diffGeometry(draft.geometry, feature.geometry as Polygon)
    if (edit && edit.kind !== 'other') cb.onVertexEdit(edit)
    else sync(cb.drafts(), true) // anything else is not ours to keep: back to the store's drafts
  })

  function sync(drafts: Draft[], force = false): void {
    const keep = new Set<number>()
    const add: GeoJSONStoreFeatures[] = []
    for (const d of drafts) {
      if (d.geometry.type !== 'Polygon') continue // terra-draw edits single polygons
      keep.add(d.id)
      if (!force && pushed.get(d.id) === d.geometry && draw.hasFeature(d.id)) continue
      if (draw.hasFeature(d.id)) draw.updateFeatureGeometry(d.id, d.geometry)
      else add.push({ type: 'Feature', id: d.id, geometry: d.geometry, properties: { mode: 'polygon' } } as GeoJSONStoreFeatures)
      pushed.set(d.id, d.geometry)
    }
    const gone = draw.getSnapshot().filter((f) => typeof f.id === 'number' && f.properties.mode === 'polygon' && !keep.has(f.id)).map((f) => f.id!)
    if (gone.length) draw.removeFeatures(gone)
    for (const id of gone) pushed.delete(id as number)
    if (add.length) {
      const results = draw.addFeatures(add)
      const refused = results.filter((r) => !r.valid)
      if (refused.length) console.warn('terra-draw refused', refused)
    }
  }

  return {
    sync: (drafts) => sync(drafts),
    select(key) {
      if (draw.getMode() !== SELECT) draw.setMode(SELECT)
      const current = draw.getSnapshot().filter((f) => f.properties.selected).map((f) => f.id!)
      for (const id of current) if (id !== key) draw.deselectFeature(id)
      if (key !== null && draw.hasFeature(key) && !current.includes(key)) draw.selectFeature(key)
    },
    setTool(tool, selectedKey) {
      const mode = tool === 'split' ? SPLIT : SELECT
      if (draw.getMode() !== mode) draw.setMode(mode)
      if (mode === SELECT && selectedKey !== null && draw.hasFeature(selectedKey)) draw.selectFeature(selectedKey)
    },
    destroy() {
      draw.stop()
    },
  }
}
