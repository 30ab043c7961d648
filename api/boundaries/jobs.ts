// Dry runs waiting to be applied (by token) and apply jobs with their progress. Both live in the
// API process's memory: a dry run is a preview for the person looking at it, not a record; the
// change set an apply produces is the record (planning history).

import { randomUUID } from 'node:crypto'
import type { DryRun } from './plan.ts'

/** A dry run can be applied within this time; after it the file must be uploaded again. */
const DRY_RUN_TTL_MS = 60 * 60 * 1000
const MAX_KEPT = 200

export interface PendingImport {
  token: string
  userId: number
  createdAt: number
  dryRun: DryRun
}

export type JobState = 'running' | 'done' | 'failed'

export interface ImportJob {
  id: string
  token: string
  userId: number
  state: JobState
  /** 0…1 */
  progress: number
  stage: string
  result: { changeSetId: number | null; grids: { id: number; version: number | null }[]; via: 'planning' | 'direct' } | null
  error: { code: string; message: string; details: unknown } | null
  startedAt: string
  finishedAt: string | null
}

const pending = new Map<string, PendingImport>()
const jobs = new Map<string, ImportJob>()

function prune<T>(map: Map<string, T>) {
  while (map.size > MAX_KEPT) map.delete(map.keys().next().value as string)
}

export function keepDryRun(userId: number, dryRun: DryRun): string {
  const token = randomUUID()
  pending.set(token, { token, userId, createdAt: Date.now(), dryRun })
  prune(pending)
  return token
}

/** The pending dry run for the token, removed so it is applied once; null if unknown or expired. */
export function takeDryRun(token: string): PendingImport | null {
  const p = pending.get(token)
  if (!p) return null
  pending.delete(token)
  return Date.now() - p.createdAt > DRY_RUN_TTL_MS ? null : p
}

export function peekDryRun(token: string): PendingImport | null {
  return pending.get(token) ?? null
}

export function startJob(token: string, userId: number): ImportJob {
  const job: ImportJob = { id: randomUUID(), token, userId, state: 'running', progress: 0, stage: 'queued', result: null, error: null, startedAt: new Date().toISOString(), finishedAt: null }
  jobs.set(job.id, job)
  prune(jobs)
  return job
}

export function getJob(id: string): ImportJob | null {
  return jobs.get(id) ?? null
}
