/**
 * The planner's state: the level and family being edited, the editing session (plannerSession.ts),
 * live problems (computed in the browser on every edit, then confirmed by POST
 * /api/planning/validate, debounced), the impact preview, saving with 409 handling, and a grid's
 * history with its visual diff and rollback.
 */
import { defineStore } from 'pinia'
import { computed, ref, shallowRef, watch } from 'vue'
import type { Feature, FeatureCollection, Geometry, LineString, MultiPolygon, Polygon, Position } from 'geojson'
import { ApiError, getJson, sendJson } from '../../api/client'
import type { DistrictFeature, GridFeature } from '../../api/types'
import { debounce } from '../../composables/debounce'
import { EditError, type RingEdit } from '../../../../geo/index.ts'
import { interpolate } from '../../i18n/translate'
import * as messages from './messages'
import {
  apply, baseVersions, clientProblems, editBlocker, isDirty, planBody, replay, startSession, validNewCode,
  type Draft, type Op, type Session,
} from './plannerSession'
import type {
  ChangeDetail, ChangeResponse, ConflictDetails, HistoryEntry, ImpactResponse, Problem, ValidateResponse,
} from './plannerTypes'

type GridWithVersion = GridFeature & { properties: GridFeature['properties'] & { version?: number } }
export type Tool = 'select' | 'split' | 'draw' | 'edge'
export const EDIT_ROLES: readonly string[] = ['planner', 'admin']

/** Today in China (UTC+8), YYYY-MM-DD: the default effective date. */
export function chinaToday(now = Date.now()): string {
  return new Date(now + 8 * 3600_000).toISOString().slice(0, 10)
}

function toDraft(f: GridWithVersion): Draft {
  const p = f.properties
  return {
    type: 'Feature', id: p.id, geometry: f.geometry,
    properties: { gridId: p.id, name: p.name, code: p.code, level: p.level, parentId: p.parentId, version: p.version ?? null },
  }
}

export const usePlannerStore = defineStore('planner', () => {
  const level = ref(1)
  const levelGrids = shallowRef<GridWithVersion[]>([])
  const parentId = ref<number | null>(null)
  const parent = shallowRef<Feature<Polygon | MultiPolygon> | null>(null)
  const parentName = ref('')
  const session = shallowRef<Session | null>(null)
  const selectedKey = ref<number | null>(null)
  const tool = ref<Tool>('select')
  const editError = ref<{ key: string; params?: Record<string, string> } | null>(null)
  /** A drawing the editor refused (self-intersecting, swallowing a sibling…): listed and highlighted until the next edit. */
  const drawProblems = shallowRef<Problem[]>([])
  /** The name and code (optional, 15 digits) the planner types for the grid drawn next. */
  const newName = ref('')
  const newCode = ref('')
  const loadError = ref<string | null>(null)
  const loading = ref(false)

  const serverProblems = shallowRef<Problem[] | null>(null)
  const checking = ref(false)
  const impact = shallowRef<ImpactResponse | null>(null)
  const impactRunning = ref(false)
  const saving = ref(false)
  const saveError = ref<string | null>(null)
  const saved = ref<ChangeResponse | null>(null)
  const conflict = ref<ConflictDetails | null>(null)
  const replayNote = ref<{ applied: number; skipped: number } | null>(null)
  const history = ref<HistoryEntry[]>([])
  const diff = shallowRef<ChangeDetail | null>(null)
  let newKeys = -1

  const drafts = computed(() => session.value?.drafts ?? [])
  const dirty = computed(() => (session.value ? isDirty(session.value) : false))
  const selected = computed(() => drafts.value.find((d) => d.id === selectedKey.value) ?? null)
  /** Problems computed in the browser: instant, the same checks as the server's. */
  const localProblems = computed<Problem[]>(() => (session.value ? clientProblems(session.value.drafts, parent.value, parentId.value) : []))
  /** The server's verdict once it has answered for the current drafts, the browser's until then; a refused drawing first. */
  const problems = computed<Problem[]>(() => [...drawProblems.value, ...(serverProblems.value ?? localProblems.value)])
  /** Why the selected grid cannot be edited (a MultiPolygon), or null. */
  const selectedBlocker = computed(() => editBlocker(selected.value))

  async function loadLevel(next: number): Promise<void> {
    level.value = next
    loading.value = true
    try {
      const fc = await getJson<FeatureCollection<Polygon | MultiPolygon>>('/grids', { level: next })
      levelGrids.value = fc.features as GridWithVersion[]
      loadError.value = null
    } catch (err) {
      loadError.value = (err as Error).message
    } finally {
      loading.value = false
    }
    closeFamily()
  }

  function closeFamily(): void {
    session.value = null
    selectedKey.value = null
    parentId.value = null
    parent.value = null
    resetResults()
  }

  function resetResults(): void {
    serverProblems.value = null
    impact.value = null
    saveError.value = null
    conflict.value = null
    editError.value = null
    drawProblems.value = []
  }

  async function fetchFamily(pid: number | null): Promise<Draft[]> {
    const fc = await getJson<FeatureCollection<Polygon | MultiPolygon>>('/grids', { level: level.value, parent: pid ?? undefined })
    return (fc.features as GridWithVersion[]).filter((f) => f.properties.parentId === pid).map(toDraft)
  }

  /** Selects a grid of the current level, loading its siblings and parent when it is in another family. */
  async function selectGrid(id: number): Promise<void> {
    const inFamily = drafts.value.some((d) => d.id === id)
    if (!inFamily) {
      const grid = levelGrids.value.find((g) => g.properties.id === id)
      if (!grid) return
      if (session.value && dirty.value) return // never drop unsaved edits by a stray click
      loading.value = true
      try {
        const pid = grid.properties.parentId
        const [family, parentFeature] = await Promise.all([
          fetchFamily(pid),
          pid === null ? getJson<DistrictFeature>('/district') : getJson<GridFeature>(`/grids/${pid}`),
        ])
        parentId.value = pid
        parent.value = parentFeature
        parentName.value = pid === null ? '' : (parentFeature as GridFeature).properties.name
        session.value = startSession(family)
        resetResults()
        loadError.value = null
      } catch (err) {
        loadError.value = (err as Error).message
        return
      } finally {
        loading.value = false
      }
    }
    selectedKey.value = id
    tool.value = 'select'
    void loadHistory(id)
  }

  function run(op: Op): boolean {
    if (!session.value) return false
    drawProblems.value = []
    try {
      session.value = apply(session.value, op)
      editError.value = null
      return true
    } catch (err) {
      if (err instanceof EditError && op.kind === 'draw') drawProblems.value = [refusedDrawing(err, op.polygon)]
      if (err instanceof EditError) editError.value = { key: `planner.editError.${err.code}`, params: { message: err.message } }
      else editError.value = { key: 'planner.editError.other', params: { message: (err as Error).message } }
      return false
    }
  }

  /** A vertex edit made in the editor on one grid, applied to every sibling holding that vertex. */
  function vertexEdit(edit: RingEdit): boolean {
    if (edit.kind === 'other') return false
    return run({ kind: 'vertex', edit })
  }

  function split(line: LineString, name: string): boolean {
    if (selectedKey.value === null) return false
    const newKey = newKeys--
    const ok = run({ kind: 'split', key: selectedKey.value, line, newKey, name })
    tool.value = 'select'
    return ok
  }

  /** A shared edge dragged by `delta`: both of its ends move in every grid holding them. */
  function edgeMove(a: Position, b: Position, delta: Position): boolean {
    return run({ kind: 'edge', a, b, delta })
  }

  /** A polygon drawn in the parent becomes a new child, carved out of the siblings it overlaps. */
  function drawChild(polygon: Polygon): boolean {
    const name = newName.value.trim()
    const code = newCode.value.trim()
    if (!name) {
      editError.value = { key: 'planner.editError.no_name' }
      return false
    }
    if (!validNewCode(code)) {
      editError.value = { key: 'planner.editError.bad_code', params: { code } }
      return false
    }
    const newKey = newKeys--
    const ok = run({ kind: 'draw', polygon, newKey, name, ...(code ? { code } : {}) })
    if (ok) {
      selectedKey.value = newKey
      newName.value = ''
      newCode.value = ''
      tool.value = 'select'
    }
    return ok
  }

  /** The refusal as a problem: where (the point, the sibling concerned, else the drawing) and why. */
  function refusedDrawing(err: EditError, polygon: Polygon): Problem {
    const grid = err.details.gridId === undefined ? null : drafts.value.find((d) => d.id === err.details.gridId) ?? null
    const geometry: Geometry = err.details.location ? { type: 'Point', coordinates: err.details.location } : grid ? grid.geometry : polygon
    const params = { name: grid?.properties.name ?? '' }
    const key = (err.code in messages.zh.drawRefused ? err.code : 'other') as keyof typeof messages.zh.drawRefused
    return {
      code: 'draw_refused', gridIds: grid ? [grid.id] : [], geometry,
      message: interpolate(messages.zh.drawRefused[key], params), messageEn: interpolate(messages.en.drawRefused[key], params),
    }
  }

  function merge(other: number): boolean {
    if (selectedKey.value === null) return false
    return run({ kind: 'merge', keep: selectedKey.value, drop: other })
  }

  function discard(): void {
    if (!session.value) return
    session.value = startSession(session.value.base)
    resetResults()
    tool.value = 'select'
    replayNote.value = null
  }

  // the server's check, debounced: the browser's answer shows at once, the server's replaces it
  const validateSoon = debounce(async () => {
    const s = session.value
    if (!s || !isDirty(s)) {
      checking.value = false
      return
    }
    try {
      const res = await sendJson<ValidateResponse>('/planning/validate', planBody(s, parentId.value, level.value))
      if (session.value === s) serverProblems.value = res.problems
    } catch {
      // the browser's check stands; saving asks the server again anyway
    } finally {
      if (session.value === s) checking.value = false
    }
  }, 400)
  watch(session, () => {
    serverProblems.value = null
    impact.value = null
    saved.value = null
    checking.value = dirty.value
    validateSoon()
  })

  async function runImpact(): Promise<void> {
    const s = session.value
    if (!s) return
    impactRunning.value = true
    try {
      const res = await sendJson<ImpactResponse>('/planning/impact', planBody(s, parentId.value, level.value))
      if (session.value === s) impact.value = res
    } catch (err) {
      saveError.value = (err as Error).message
    } finally {
      impactRunning.value = false
    }
  }

  async function save(effectiveDate: string, reason: string): Promise<void> {
    const s = session.value
    if (!s) return
    saving.value = true
    saveError.value = null
    conflict.value = null
    try {
      const res = await sendJson<ChangeResponse>('/planning/changes', {
        baseVersions: baseVersions(s), effectiveDate, reason, ...planBody(s, parentId.value, level.value),
      })
      await reloadFamily(false)
      saved.value = res
      void loadLevelQuietly()
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) conflict.value = (err.details as ConflictDetails) ?? { changed: [] }
      else if (err instanceof ApiError && err.status === 422) serverProblems.value = (err.details as { problems?: Problem[] })?.problems ?? []
      else saveError.value = (err as Error).message
    } finally {
      saving.value = false
    }
  }

  /** Reloads the family from the server; with `reapply`, replays this session's edits on it. */
  async function reloadFamily(reapply: boolean): Promise<void> {
    const s = session.value
    const fresh = await fetchFamily(parentId.value)
    if (reapply && s) {
      const result = replay(fresh, s.ops)
      session.value = result.session
      replayNote.value = { applied: result.applied, skipped: result.skipped.length }
    } else {
      session.value = startSession(fresh)
      replayNote.value = null
    }
    conflict.value = null
    if (selectedKey.value !== null && !session.value.drafts.some((d) => d.id === selectedKey.value)) selectedKey.value = null
    if (selectedKey.value !== null) void loadHistory(selectedKey.value)
  }

  async function loadLevelQuietly(): Promise<void> {
    try {
      const fc = await getJson<FeatureCollection<Polygon | MultiPolygon>>('/grids', { level: level.value })
      levelGrids.value = fc.features as GridWithVersion[]
    } catch {
      // the context layer keeps its older outlines
    }
  }

  async function loadHistory(gridId: number): Promise<void> {
    if (gridId < 0) {
      history.value = []
      return
    }
    try {
      history.value = await getJson<HistoryEntry[]>('/planning/history', { grid: gridId })
    } catch {
      history.value = []
    }
  }

  async function showDiff(changeSetId: number | null): Promise<void> {
    if (changeSetId === null) {
      diff.value = null
      return
    }
    try {
      diff.value = await getJson<ChangeDetail>(`/planning/changes/${changeSetId}`)
    } catch (err) {
      saveError.value = (err as Error).message
    }
  }

  async function rollback(entry: HistoryEntry, reason: string): Promise<void> {
    saveError.value = null
    try {
      const res = await sendJson<ChangeResponse>(`/planning/changes/${entry.changeSetId}/rollback`, { reason, effectiveDate: chinaToday() })
      saved.value = res
      diff.value = null
      await reloadFamily(false)
      void loadLevelQuietly()
    } catch (err) {
      if (err instanceof ApiError && err.status === 422) serverProblems.value = (err.details as { problems?: Problem[] })?.problems ?? []
      else saveError.value = (err as Error).message
    }
  }

  return {
    level, levelGrids, parentId, parent, parentName, session, drafts, selectedKey, selected, selectedBlocker, tool, editError, loadError, loading,
    drawProblems, newName, newCode, drawChild, edgeMove,
    localProblems, serverProblems, problems, checking, impact, impactRunning, saving, saveError, saved, conflict, replayNote,
    history, diff, dirty,
    loadLevel, selectGrid, vertexEdit, split, merge, discard, runImpact, save, reloadFamily, loadHistory, showDiff, rollback, closeFamily,
  }
})
