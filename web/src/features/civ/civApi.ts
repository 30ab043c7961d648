import { getJson, sendJson } from '../../api/client'

/** The civilised-compound standard API (docs/civ-standard.md). */
export type ChecklistKind = 'compound' | 'community'
export type CheckMethod = 'site' | 'document' | 'survey'
export interface Threshold {
  op: '>=' | '<=' | '='
  value: number
  unit: string
}

export interface ChecklistItem {
  id: number
  checklistId: number
  groupKey: string
  code: string
  text: string
  textEn: string
  weight: number
  method: CheckMethod
  threshold: Threshold | null
  autoSource: string | null
  caseCategory: string | null
  sort: number
}

export interface ChecklistHead {
  id: number
  kind: ChecklistKind
  version: number
  title: string
  titleEn: string
  status: 'draft' | 'active' | 'retired'
  source: string | null
  note: string | null
  createdBy: string | null
  createdAt: string
  items: number
  totalWeight: number
}

export interface Checklist extends Omit<ChecklistHead, 'items' | 'totalWeight'> {
  items: ChecklistItem[]
  groups: Record<string, { zh: string; en: string }>
}

export type NewItem = Pick<ChecklistItem, 'groupKey' | 'code' | 'text' | 'textEn' | 'weight' | 'method' | 'threshold' | 'autoSource' | 'caseCategory'>

export const fetchVersions = (kind: ChecklistKind) => getJson<ChecklistHead[]>('/civ/checklists', { kind })
export const fetchChecklist = (id: number) => getJson<Checklist>(`/civ/checklists/${id}`)
export const saveVersion = (id: number, body: { note: string; items: NewItem[] }) => sendJson<Checklist>(`/civ/checklists/${id}/versions`, body)
