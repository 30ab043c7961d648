/** The inspections API (api/civ/inspections/routes.ts) as the web app calls it. */
import type { Feature, FeatureCollection, Point } from 'geojson'
import { getJson, sendJson } from '../../api/client'
import type { ChecklistItem, InspectionTask, PointType, Position } from './model'

export interface TaskDetail {
  task: InspectionTask
  checklist: { id: number; kind: string; version: number; title: string; titleEn: string | null }
  items: ChecklistItem[]
  results: { itemId: number; passed: boolean | null; note: string | null; photoIds: number[]; caseId: number | null }[]
}

export interface PointProps {
  pointType: PointType
  name: string
  gridId: number
  compoundId: number | null
  facilityId: number | null
  roadId: number | null
}

export const listTasks = () => getJson<{ tasks: InspectionTask[] }>('/civ/inspections')
export const getTask = (id: number) => getJson<TaskDetail>(`/civ/inspections/${id}`)
export const startTask = (id: number) => sendJson<{ task: InspectionTask }>(`/civ/inspections/${id}/start`, {})
export const inspectionPoints = () => getJson<FeatureCollection<Point, PointProps>>('/civ/inspection-points')

export function createVisit(point: Feature<Point, PointProps>) {
  const p = point.properties
  const pointId = p.compoundId ?? p.facilityId ?? p.roadId
  return sendJson<{ task: InspectionTask }>('/civ/inspections', { kind: 'unannounced', pointType: p.pointType, pointId })
}

export function submitTask(id: number, body: { position: Position | null; results: unknown[] }) {
  return sendJson<{ task: InspectionTask; cases: { itemId: number; caseId: number; category: string }[]; compoundStatus: string | null }>(`/civ/inspections/${id}/submit`, body)
}

export interface BatchSummary {
  id: number
  title: string
  scopeGridId: number
  scopeName: string | null
  scopeNameEn: string | null
  n: number
  seed: number
  inspectorId: number
  due: string | null
  createdAt: string
  submitted: number
}

export interface BatchReport {
  batch: BatchSummary & { strata: { key: string; community: number; pointType: PointType; population: number; sampled: number }[] }
  level: number
  tasks: InspectionTask[]
  byGrid: { gridId: number; name: string; nameEn: string; tasks: number; submitted: number; score: number; maxScore: number; failed: number; rate: number | null }[]
  byItem: { itemId: number; code: string; text: string; textEn: string; answered: number; passed: number; failed: number; rate: number | null }[]
  failures: FeatureCollection<Point, { inspectionId: number; itemId: number; code: string; text: string; caseId: number | null; name: string }>
}

export const listBatches = () => getJson<{ batches: BatchSummary[] }>('/civ/mock-batches')
export const getBatch = (id: number, level: number) => getJson<BatchReport>(`/civ/mock-batches/${id}`, { level })
export const listInspectors = () => getJson<{ inspectors: { id: number; username: string; name: string; scopeGridId: number | null }[] }>('/civ/inspectors')
export const createBatch = (body: { title: string; scopeGridId: number; n: number; seed?: number; inspectorId: number }) =>
  sendJson<{ batch: BatchSummary; tasks: InspectionTask[] }>('/civ/mock-batches', body)
