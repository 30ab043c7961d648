/**
 * terra-draw on the planner's MapLibre map: the family's grids are terra-draw polygons; select
 * mode drags, inserts (midpoints) and deletes vertices, snapping to the neighbours' and the
 * parent's vertices and edges (geo snapPosition); linestring mode draws a split line, polygon mode
 * a new child (both snapping the same way, both removed from terra-draw once handed over). Every
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
  onDrawPolygon(polygon: Polygon): void
}

/** A feature terra-draw holds that is not one of the family's grids (a split line, a drawing). */
export interface ScratchFeature {
  id: string | number
  mode: string
  type: string
}

export interface PlannerDraw {
  /** pushes the store's drafts into terra-draw (only what changed) */
  sync(drafts: Draft[]): void
  select(key: number | null): void
  setTool(tool: 'select' | 'split' | 'draw' | 'edge', selectedKey: number | null): void
  /** what terra-draw holds besides the family (for tests: nothing once a line or drawing is handed over) */
  scratch(): ScratchFeature[]
  destroy(): void
}

const round = (x: number) => Math.round(x * 10 ** COORDINATE_DECIMALS) / 10 ** COORDINATE_DECIMALS
const SELECT = 'select'
const SPLIT = 'linestring'
const DRAW = 'polygon'
const COLORS = { fill: '#2563eb', line: '#1d4ed8', selected: '#f59e0b', vertex: '#f59e0b', split: '#db2777', draw: '#db2777' } as const

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

  /** Snapping while drawing a line or a new grid: every grid of the family and the parent. */
  const drawSnapping = {
    toCustom: (event: { lng: number; lat: number }) => {
      const candidates = cb.drafts().slice() as Feature<Polygon | MultiPolygon>[]
      const parent = cb.parent()
      if (parent) candidates.push(parent)
      const project = (p: Position): [number, number] => {
        const { x, y } = map.project([p[0], p[1]])
        return [x, y]
      }
      const snapped = snapPosition([event.lng, event.lat], candidates, { project, tolerance: 10 })?.position
      return snapped && [round(snapped[0]), round(snapped[1])]
    },
  }
  const family = (id: unknown) => typeof id === 'number' && pushed.has(id)

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
      new TerraDrawLineStringMode({ snapping: drawSnapping as never, styles: { lineStringColor: COLORS.split, lineStringWidth: 3 } }),
      // the family is stored as 'polygon' features: this mode gives them their look, and draws new grids
      new TerraDrawPolygonMode({
        snapping: drawSnapping as never,
        styles: {
          fillColor: (f) => (family(f.id) ? COLORS.fill : COLORS.draw),
          fillOpacity: (f) => (family(f.id) ? 0.08 : 0.2),
          outlineColor: (f) => (family(f.id) ? COLORS.line : COLORS.draw),
          outlineWidth: (f) => (family(f.id) ? 2 : 3),
        },
      }),
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
  /** Removes what terra-draw holds besides the family: finished (or abandoned) lines and drawings. */
  function clearScratch(): void {
    const ids = scratch().map((f) => f.id)
    if (ids.length) draw.removeFeatures(ids)
  }
  function scratch(): ScratchFeature[] {
    return draw.getSnapshot()
      .filter((f) => (f.properties.mode === SPLIT || f.properties.mode === DRAW) && !family(f.id))
      .map((f) => ({ id: f.id!, mode: String(f.properties.mode), type: f.geometry.type }))
  }

  draw.on('finish', (id, context) => {
    const feature = draw.getSnapshotFeature(id)
    if (!feature) return
    if (context.mode === SPLIT || (context.mode === DRAW && !family(id))) {
      // handed over to the store; terra-draw keeps nothing of it (removed after its own finish handling)
      const geometry = feature.geometry
      draw.removeFeatures([id])
      setTimeout(clearScratch, 0)
      if (context.mode === SPLIT && geometry.type === 'LineString') cb.onSplitLine(geometry as LineString)
      if (context.mode === DRAW && geometry.type === 'Polygon') cb.onDrawPolygon(geometry as Polygon)
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
      // moving a whole edge is the screen's own pointer handling: terra-draw only shows (static mode)
      const mode = tool === 'split' ? SPLIT : tool === 'draw' ? DRAW : tool === 'edge' ? 'static' : SELECT
      if (draw.getMode() !== mode) draw.setMode(mode)
      if (mode === SELECT || mode === 'static') clearScratch()
      if (mode === SELECT && selectedKey !== null && draw.hasFeature(selectedKey)) draw.selectFeature(selectedKey)
    },
    scratch,
    destroy() {
      draw.stop()
    },
  }
}
